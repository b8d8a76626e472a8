/*
 * Paths: the binding paths of the command table ("neighbor[address=$1]")
 * and the data paths libyang prints ("/vtid:bgp/neighbor[address='x']"),
 * read with one small reader.  Values in data paths are quoted with
 * whichever quote they do not contain (XPath 1.0 has no escapes).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/conf/conf_int.h"

static int conf_pred_read(const char **p, struct conf_pred *pr)
{
	const char *s = *p, *q;

	pr->key = s;
	while (*s && *s != '=' && *s != ']')
		s++;
	if (*s != '=')
		return -EINVAL;
	pr->klen = (size_t)(s - pr->key);
	s++;
	pr->slot = 0;
	pr->val = NULL;
	pr->vlen = 0;
	if (*s == '$') {
		s++;
		if (strncmp(s, "afi", 3) == 0) {
			pr->kind = CONF_PRED_AFI;
			s += 3;
		} else {
			pr->kind = CONF_PRED_SLOT;
			if (*s < '0' || *s > '9')
				return -EINVAL;
			while (*s >= '0' && *s <= '9')
				pr->slot = pr->slot * 10 + (*s++ - '0');
		}
	} else if (*s == '\'' || *s == '"') {
		q = strchr(s + 1, *s);
		if (!q)
			return -EINVAL;
		pr->kind = CONF_PRED_LIT;
		pr->val = s + 1;
		pr->vlen = (size_t)(q - s - 1);
		s = q + 1;
	} else {
		return -EINVAL;
	}
	if (*s != ']')
		return -EINVAL;
	*p = s + 1;
	return 0;
}

int conf_step_next(const char **p, struct conf_step *st)
{
	const char *s = *p, *colon = NULL;

	if (*s == '/')
		s++;
	if (!*s)
		return 0;
	memset(st, 0, sizeof(*st));
	st->name = s;
	while (*s && *s != '[' && *s != '/') {
		if (*s == ':')
			colon = s;
		s++;
	}
	if (colon)
		st->name = colon + 1;
	st->nlen = (size_t)(s - st->name);
	if (!st->nlen)
		return -EINVAL;
	while (*s == '[') {
		if (st->npred == CONF_STEP_PREDS)
			return -EINVAL;
		s++;
		if (conf_pred_read(&s, &st->pred[st->npred]))
			return -EINVAL;
		st->npred++;
	}
	if (*s && *s != '/')
		return -EINVAL;
	*p = s;
	return 1;
}

int conf_path_add_pred(struct strbuf *sb, const char *key, size_t klen, const char *v)
{
	char q = '\'';

	if (strchr(v, '\'')) {
		if (strchr(v, '"'))
			return -EINVAL;
		q = '"';
	}
	sb_printf(sb, "[%.*s=%c%s%c]", (int)klen, key, q, v, q);
	return 0;
}

char *conf_path_from_err(const char *errpath, bool *schema)
{
	const char *s, *end;
	size_t n;

	*schema = false;
	if (!errpath)
		return NULL;
	s = strstr(errpath, "ata location \"");
	if (!s) {
		s = strstr(errpath, "chema location \"");
		if (!s)
			return NULL;
		*schema = true;
	}
	s = strchr(s, '"') + 1;
	end = strstr(s, "\", line number");
	if (!end) {
		n = strlen(s);
		if (n < 2 || strcmp(s + n - 2, "\".") != 0)
			return NULL;
		end = s + n - 2;
	}
	return strndup(s, (size_t)(end - s));
}

bool conf_path_within(const char *p, const char *top)
{
	size_t n = strlen(top);

	if (strncmp(p, top, n) != 0)
		return false;
	return p[n] == '\0' || p[n] == '/' || (p[n] == '[' && n && top[n - 1] != ']');
}

int conf_line_from_err(const char *errpath)
{
	const char *s;
	long v = 0;

	if (!errpath)
		return 0;
	s = strstr(errpath, "ine number ");
	if (!s)
		return 0;
	for (s += 11; *s >= '0' && *s <= '9' && v < 100000000; s++)
		v = v * 10 + (*s - '0');
	return (int)v;
}

bool conf_path_scan_outside(struct conf_path_scan *ps, char c)
{
	if (ps->quote) {
		if (c == ps->quote)
			ps->quote = 0;
	} else if (ps->depth && (c == '\'' || c == '"')) {
		ps->quote = c;
	} else if (c == '[') {
		ps->depth++;
	} else if (c == ']') {
		ps->depth--;
	} else {
		return ps->depth == 0;
	}
	return false;
}

char *conf_path_parent(const char *path)
{
	struct conf_path_scan ps = {0};
	const char *p, *last = NULL;

	for (p = path; *p; p++)
		if (conf_path_scan_outside(&ps, *p) && *p == '/')
			last = p;
	return last ? strndup(path, (size_t)(last - path)) : NULL;
}
