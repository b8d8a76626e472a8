/*
 * The JSON writer.  Level 0 is the top level (one value allowed); each open
 * container adds a level, so JW_MAX_DEPTH - 1 containers may nest.
 * need_comma[d] says a value was already written at level d.
 */
#include "common/jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void jw_init(struct jsonw *w, struct strbuf *sb, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->sb = sb;
	w->pretty = pretty;
}

static bool jw_in_obj(const struct jsonw *w)
{
	return w->depth > 0 && (w->is_obj >> w->depth) & 1u;
}

static void jw_fail(struct jsonw *w)
{
	w->err = true;
}

static void jw_newline(struct jsonw *w, int depth)
{
	int i;

	if (!w->pretty)
		return;
	sb_addc(w->sb, '\n');
	for (i = 0; i < depth; i++)
		sb_add(w->sb, "  ");
}

/* Bytes that are not valid UTF-8 become U+FFFD, so the output is always
 * valid JSON whatever a peer put in a name or a message.  Returns the length
 * of the valid sequence at p, or 0. */
static size_t jw_utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	/* The second byte's range rules out overlong forms, surrogates and
	 * code points above U+10FFFF. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

static void jw_quoted(struct jsonw *w, const char *str)
{
	const unsigned char *p = (const unsigned char *)str;
	char esc[8];

	sb_addc(w->sb, '"');
	while (*p) {
		size_t n;

		if (*p == '"' || *p == '\\') {
			sb_addc(w->sb, '\\');
			sb_addc(w->sb, (char)*p++);
			continue;
		}
		if (*p < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", *p++);
			sb_add(w->sb, esc);
			continue;
		}
		/* A NUL stops jw_utf8_len at the byte after it, never past. */
		n = jw_utf8_len(p);
		if (n == 0) {
			sb_add(w->sb, "\xef\xbf\xbd");
			p++;
			continue;
		}
		sb_addn(w->sb, (const char *)p, n);
		p += n;
	}
	sb_addc(w->sb, '"');
}

/* Comma, newline and indentation before a value; false on misuse. */
static bool jw_before_value(struct jsonw *w)
{
	if (w->err)
		return false;
	if (w->after_key) {
		w->after_key = false;
		return true;
	}
	if (jw_in_obj(w) || (w->depth == 0 && w->need_comma[0])) {
		jw_fail(w);
		return false;
	}
	if (w->need_comma[w->depth])
		sb_addc(w->sb, ',');
	if (w->depth > 0)
		jw_newline(w, w->depth);
	w->need_comma[w->depth] = true;
	return true;
}

static void jw_begin(struct jsonw *w, bool obj)
{
	if (!jw_before_value(w))
		return;
	if (w->depth + 1 >= JW_MAX_DEPTH) {
		jw_fail(w);
		return;
	}
	w->depth++;
	w->need_comma[w->depth] = false;
	if (obj)
		w->is_obj |= 1u << w->depth;
	else
		w->is_obj &= ~(1u << w->depth);
	sb_addc(w->sb, obj ? '{' : '[');
}

static void jw_end(struct jsonw *w, bool obj)
{
	if (w->err)
		return;
	if (w->depth == 0 || jw_in_obj(w) != obj || w->after_key) {
		jw_fail(w);
		return;
	}
	if (w->need_comma[w->depth])
		jw_newline(w, w->depth - 1);
	w->depth--;
	sb_addc(w->sb, obj ? '}' : ']');
}

void jw_obj_begin(struct jsonw *w)
{
	jw_begin(w, true);
}

void jw_obj_end(struct jsonw *w)
{
	jw_end(w, true);
}

void jw_arr_begin(struct jsonw *w)
{
	jw_begin(w, false);
}

void jw_arr_end(struct jsonw *w)
{
	jw_end(w, false);
}

void jw_key(struct jsonw *w, const char *key)
{
	if (w->err)
		return;
	if (!jw_in_obj(w) || w->after_key || !key) {
		jw_fail(w);
		return;
	}
	if (w->need_comma[w->depth])
		sb_addc(w->sb, ',');
	jw_newline(w, w->depth);
	w->need_comma[w->depth] = true;
	jw_quoted(w, key);
	sb_add(w->sb, w->pretty ? ": " : ":");
	w->after_key = true;
}

void jw_str(struct jsonw *w, const char *s)
{
	if (!jw_before_value(w))
		return;
	if (s)
		jw_quoted(w, s);
	else
		sb_add(w->sb, "null");
}

void jw_int(struct jsonw *w, int64_t v)
{
	if (jw_before_value(w))
		sb_printf(w->sb, "%" PRId64, v);
}

void jw_uint(struct jsonw *w, uint64_t v)
{
	if (jw_before_value(w))
		sb_printf(w->sb, "%" PRIu64, v);
}

void jw_bool(struct jsonw *w, bool v)
{
	if (jw_before_value(w))
		sb_add(w->sb, v ? "true" : "false");
}

void jw_null(struct jsonw *w)
{
	if (jw_before_value(w))
		sb_add(w->sb, "null");
}

void jw_kv_str(struct jsonw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_kv_int(struct jsonw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kv_uint(struct jsonw *w, const char *key, uint64_t v)
{
	jw_key(w, key);
	jw_uint(w, v);
}

void jw_kv_bool(struct jsonw *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

bool jw_ok(const struct jsonw *w)
{
	return !w->err && w->depth == 0 && !w->after_key && !(w->sb && w->sb->err);
}
