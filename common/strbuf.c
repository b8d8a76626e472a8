/*
 * The growing string buffer.  Capacity doubles, so appending n bytes one at
 * a time costs O(n) overall.
 */
#include "common/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SB_MIN_CAP 64

void sb_init(struct strbuf *sb)
{
	sb->s = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->err = false;
}

void sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb_init(sb);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->err = false;
	if (sb->s)
		sb->s[0] = '\0';
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->s ? sb->s : "";
}

void sb_trim_nl(struct strbuf *sb)
{
	while (sb->s && sb->len && sb->s[sb->len - 1] == '\n')
		sb->s[--sb->len] = '\0';
}

/* Room for extra more characters and the NUL. */
static bool sb_grow(struct strbuf *sb, size_t extra)
{
	size_t need, cap;
	char *ns;

	if (sb->err)
		return false;
	if (extra > SIZE_MAX - 1 - sb->len) {
		sb->err = true;
		return false;
	}
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return true;
	cap = sb->cap ? sb->cap : SB_MIN_CAP;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	ns = realloc(sb->s, cap);
	if (!ns) {
		sb->err = true;
		return false;
	}
	sb->s = ns;
	sb->cap = cap;
	return true;
}

bool sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	if (!sb_grow(sb, n))
		return false;
	if (n)
		memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
	return true;
}

bool sb_add(struct strbuf *sb, const char *s)
{
	return sb_addn(sb, s ? s : "", s ? strlen(s) : 0);
}

bool sb_addc(struct strbuf *sb, char c)
{
	return sb_addn(sb, &c, 1);
}

bool sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	/* First try the room we have; most lines fit. */
	if (!sb_grow(sb, 0))
		return false;
	va_copy(aq, ap);
	n = vsnprintf(sb->s + sb->len, sb->cap - sb->len, fmt, aq);
	va_end(aq);
	if (n < 0) {
		sb->s[sb->len] = '\0';
		sb->err = true;
		return false;
	}
	if ((size_t)n >= sb->cap - sb->len) {
		if (!sb_grow(sb, (size_t)n)) {
			sb->s[sb->len] = '\0';
			return false;
		}
		va_copy(aq, ap);
		vsnprintf(sb->s + sb->len, sb->cap - sb->len, fmt, aq);
		va_end(aq);
	}
	sb->len += (size_t)n;
	return true;
}

bool sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = sb_vprintf(sb, fmt, ap);
	va_end(ap);
	return ok;
}

char *sb_steal(struct strbuf *sb)
{
	char *s = sb->s;

	if (!s)
		s = calloc(1, 1);
	sb_init(sb);
	return s;
}
