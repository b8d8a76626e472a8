/*
 * Diagnostics: every problem of a file is collected first, then sorted by
 * line and printed, so a user fixes them all in one pass.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/conf/conf_int.h"

void conf_strs_add(struct conf_strs *s, const char *str)
{
	char **v;
	size_t cap;

	if (s->n == s->cap) {
		cap = s->cap ? 2 * s->cap : 16;
		v = realloc(s->v, cap * sizeof(*v));
		if (!v) {
			s->oom = true;
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n] = strdup(str);
	if (!s->v[s->n]) {
		s->oom = true;
		return;
	}
	s->n++;
}

void conf_strs_free(struct conf_strs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

bool conf_strs_within(const struct conf_strs *s, const char *p)
{
	size_t i;

	if (!s || !p)
		return false;
	for (i = 0; i < s->n; i++)
		if (conf_path_within(p, s->v[i]))
			return true;
	return false;
}

void conf_diags_add(struct conf_diags *d, const char *path, int line, const char *msg)
{
	struct conf_diag *v;
	size_t cap;

	if (d->n == d->cap) {
		cap = d->cap ? 2 * d->cap : 8;
		v = realloc(d->v, cap * sizeof(*v));
		if (!v) {
			d->oom = true;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	v = &d->v[d->n];
	v->path = path ? strdup(path) : NULL;
	v->msg = strdup(msg);
	v->line = line;
	v->seq = (unsigned)d->n;
	v->missing = false;
	if (!v->msg || (path && !v->path)) {
		free(v->path);
		free(v->msg);
		d->oom = true;
		return;
	}
	d->n++;
}

void conf_diags_addf(struct conf_diags *d, const char *path, int line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (sb.err)
		d->oom = true;
	else
		conf_diags_add(d, path, line, sb_str(&sb));
	sb_free(&sb);
}

void conf_diags_free(struct conf_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static int conf_diag_cmp(const void *pa, const void *pb)
{
	const struct conf_diag *a = pa, *b = pb;
	unsigned la = a->line > 0 ? (unsigned)a->line : ~0u;
	unsigned lb = b->line > 0 ? (unsigned)b->line : ~0u;

	if (la != lb)
		return la < lb ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void conf_diags_sort(struct conf_diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(d->v[0]), conf_diag_cmp);
}
