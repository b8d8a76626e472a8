/*
 * The configured-tunnel table and the assignment of marks / if-ids.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/sorted.h"
#include "vtid/tunnel_mgr.h"

struct tunnel_mgr {
	struct tunnel *v; /* sorted by name */
	size_t n, cap;
	uint32_t key_base, key_step, key_count;
	struct tunnel_hooks hooks;
	void *hooks_ctx;
};

void tunnel_mgr_set_hooks(struct tunnel_mgr *tm, const struct tunnel_hooks *h, void *ctx)
{
	tm->hooks = *h;
	tm->hooks_ctx = ctx;
}

static void tunnel_stop(struct tunnel_mgr *tm, struct tunnel *t)
{
	if (tm->hooks.stop)
		tm->hooks.stop(tm->hooks_ctx, t);
	t->rt = NULL;
	t->start_error[0] = '\0';
}

struct tunnel_mgr *tunnel_mgr_new(void)
{
	struct tunnel_mgr *tm = calloc(1, sizeof(*tm));

	if (!tm)
		return NULL;
	tunnel_mgr_set_auto_keys(tm, 100, 100, UINT32_MAX / 100);
	return tm;
}

void tunnel_mgr_set_auto_keys(struct tunnel_mgr *tm, uint32_t base, uint32_t step,
			      uint32_t count)
{
	tm->key_base = base ? base : 1;
	tm->key_step = step ? step : 1;
	/* Never let base + step * (count - 1) wrap around. */
	if (count > (UINT32_MAX - tm->key_base) / tm->key_step + 1)
		count = (UINT32_MAX - tm->key_base) / tm->key_step + 1;
	tm->key_count = count;
}

void tunnel_mgr_clear(struct tunnel_mgr *tm)
{
	for (size_t i = 0; i < tm->n; i++) {
		tunnel_stop(tm, &tm->v[i]);
		log_info(LOGM_MAIN, "tunnel %s removed", tm->v[i].conf->name);
		tunnel_conf_free(tm->v[i].conf);
	}
	tm->n = 0;
}

void tunnel_mgr_free(struct tunnel_mgr *tm)
{
	if (!tm)
		return;
	tunnel_mgr_clear(tm);
	free(tm->v);
	free(tm);
}

const char *tunnel_state_name(const struct tunnel *t)
{
	return t->start_error[0] ? "error" : "configured";
}

size_t tunnel_mgr_count(const struct tunnel_mgr *tm)
{
	return tm->n;
}

const struct tunnel *tunnel_mgr_at(const struct tunnel_mgr *tm, size_t i)
{
	return i < tm->n ? &tm->v[i] : NULL;
}

static int tunnel_name_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tunnel *)elem)->conf->name);
}

/* Index of name, or -(insertion point) - 1. */
static long tunnel_index(const struct tunnel_mgr *tm, const char *name)
{
	return sorted_index(tm->v, tm->n, sizeof(*tm->v), name, tunnel_name_cmp);
}

const struct tunnel *tunnel_mgr_find(const struct tunnel_mgr *tm, const char *name)
{
	long i = tunnel_index(tm, name);

	return i >= 0 ? &tm->v[i] : NULL;
}


static const struct tunnel_change *plan_find(const struct tunnel_plan *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->changes[i].name, name) == 0)
			return &p->changes[i];
	return NULL;
}

/* The tunnels of the table once the plan is applied, with their settings. */
struct future {
	const char *name;
	const struct tunnel_conf *conf;
	const struct tunnel *now; /* NULL for a new tunnel */
};

static int future_build(const struct tunnel_mgr *tm, const struct tunnel_plan *p,
			struct future **out, size_t *nout, struct strbuf *err)
{
	struct future *f = calloc(tm->n + p->n + 1, sizeof(*f));
	size_t n = 0;

	if (!f)
		return -ENOMEM;
	for (size_t i = 0; i < tm->n; i++) {
		const struct tunnel_change *ch = plan_find(p, tm->v[i].conf->name);

		if (ch && ch->op == TUNNEL_OP_REMOVE)
			continue;
		f[n++] = (struct future){tm->v[i].conf->name,
					 ch ? ch->conf : tm->v[i].conf, &tm->v[i]};
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct tunnel_change *ch = &p->changes[i];
		bool exists = tunnel_mgr_find(tm, ch->name) != NULL;

		if ((ch->op == TUNNEL_OP_ADD) == exists || (ch->op != TUNNEL_OP_REMOVE && !ch->conf) ||
		    plan_find(p, ch->name) != ch) {
			sb_printf(err, "tunnel %s: inconsistent change (%s)\n", ch->name,
				  exists ? "exists" : "does not exist");
			free(f);
			return -EINVAL;
		}
		if (ch->op == TUNNEL_OP_ADD)
			f[n++] = (struct future){ch->name, ch->conf, NULL};
	}
	*out = f;
	*nout = n;
	return 0;
}

static bool key_used(const struct future *f, size_t n, const struct tunnel_key_plan *keys,
		     enum tunnel_iftype type, uint32_t key, size_t self)
{
	for (size_t i = 0; i < n; i++) {
		if (i == self || f[i].conf->iftype != type)
			continue;
		if ((f[i].conf->key_set && f[i].conf->key == key) || keys[i].key == key)
			return true;
	}
	return false;
}

int tunnel_mgr_prepare(struct tunnel_mgr *tm, struct tunnel_plan *p, struct strbuf *err)
{
	struct tunnel_key_plan *keys;
	struct future *f;
	size_t n;
	int ret;

	ret = future_build(tm, p, &f, &n, err);
	if (ret < 0)
		return ret;
	keys = calloc(n + 1, sizeof(*keys));
	if (!keys) {
		free(f);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(keys[i].name, sizeof(keys[i].name), "%s", f[i].name);
		if (!f[i].conf->key_set)
			continue;
		if (key_used(f, n, keys, f[i].conf->iftype, f[i].conf->key, i)) {
			sb_printf(err, "tunnel %s: %s %u is configured for another tunnel\n",
				  f[i].name, tunnel_key_name(f[i].conf->iftype), f[i].conf->key);
			ret = -EINVAL;
			goto out;
		}
		keys[i].key = f[i].conf->key;
	}
	/* Keep the key a tunnel already has, so a reload does not move it. */
	for (size_t i = 0; i < n; i++) {
		const struct tunnel *t = f[i].now;

		if (f[i].conf->key_set || !t || t->conf->iftype != f[i].conf->iftype)
			continue;
		if (!key_used(f, n, keys, f[i].conf->iftype, t->key, i)) {
			keys[i].key = t->key;
			keys[i].key_auto = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t k = 0;
		bool found = false;

		if (keys[i].key)
			continue;
		for (uint32_t j = 0; j < tm->key_count && !found; j++) {
			k = tm->key_base + j * tm->key_step;
			found = !key_used(f, n, keys, f[i].conf->iftype, k, i);
		}
		if (!found) {
			sb_printf(err, "tunnel %s: no free %s left to assign; configure one\n",
				  f[i].name, tunnel_key_name(f[i].conf->iftype));
			ret = -ENOSPC;
			goto out;
		}
		keys[i].key = k;
		keys[i].key_auto = true;
	}
	free(p->keys);
	p->keys = keys;
	p->nkeys = n;
	keys = NULL;
out:
	free(keys);
	free(f);
	return ret;
}

static int tunnel_insert(struct tunnel_mgr *tm, struct tunnel_conf *conf, time_t now)
{
	long pos = tunnel_index(tm, conf->name);

	if (pos >= 0)
		return -EEXIST;
	pos = -pos - 1;
	if (tm->n == tm->cap) {
		size_t cap = tm->cap ? tm->cap * 2 : 8;
		struct tunnel *v = realloc(tm->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		tm->v = v;
		tm->cap = cap;
	}
	memmove(&tm->v[pos + 1], &tm->v[pos], (tm->n - (size_t)pos) * sizeof(*tm->v));
	tm->v[pos] = (struct tunnel){.conf = conf, .created = now, .changed = now};
	tm->n++;
	return 0;
}

static void tunnel_remove_at(struct tunnel_mgr *tm, size_t i)
{
	tunnel_stop(tm, &tm->v[i]);
	tunnel_conf_free(tm->v[i].conf);
	memmove(&tm->v[i], &tm->v[i + 1], (tm->n - i - 1) * sizeof(*tm->v));
	tm->n--;
}

void tunnel_mgr_apply(struct tunnel_mgr *tm, struct tunnel_plan *p)
{
	time_t now = time(NULL);

	/* Room for every addition first, so the loop below cannot fail. */
	if (tm->cap < tm->n + p->n) {
		struct tunnel *v = realloc(tm->v, (tm->n + p->n) * sizeof(*v));

		if (v) {
			tm->v = v;
			tm->cap = tm->n + p->n;
		}
	}
	for (size_t i = 0; i < p->n; i++) {
		struct tunnel_change *ch = &p->changes[i];
		long idx = tunnel_index(tm, ch->name);

		switch (ch->op) {
		case TUNNEL_OP_REMOVE:
			if (idx >= 0)
				tunnel_remove_at(tm, (size_t)idx);
			log_notice(LOGM_MAIN, "tunnel %s removed", ch->name);
			break;
		case TUNNEL_OP_CHANGE:
			if (idx < 0)
				break;
			tunnel_stop(tm, &tm->v[idx]);
			tunnel_conf_free(tm->v[idx].conf);
			tm->v[idx].conf = ch->conf;
			ch->conf = NULL;
			tm->v[idx].changed = now;
			tm->v[idx].change_count++;
			log_notice(LOGM_MAIN, "tunnel %s changed", ch->name);
			break;
		case TUNNEL_OP_ADD:
			if (tunnel_insert(tm, ch->conf, now) == 0) {
				ch->conf = NULL;
				log_notice(LOGM_MAIN, "tunnel %s added", ch->name);
			} else {
				log_fault(LOGM_MAIN, "tunnel %s: cannot add it to the table",
					  ch->name);
			}
			break;
		}
	}
	for (size_t i = 0; i < p->nkeys; i++) {
		long idx = tunnel_index(tm, p->keys[i].name);
		struct tunnel *t;

		if (idx < 0)
			continue;
		t = &tm->v[idx];
		if (t->key && t->key != p->keys[i].key && !plan_find(p, t->conf->name)) {
			/* Its settings did not change, but another tunnel now
			 * claims its key: that is a change of this tunnel too. */
			t->changed = now;
			t->change_count++;
			log_notice(LOGM_MAIN, "tunnel %s: %s %u taken by the configuration, now %u",
				   t->conf->name, tunnel_key_name(t->conf->iftype), t->key,
				   p->keys[i].key);
		}
		t->key = p->keys[i].key;
		t->key_auto = p->keys[i].key_auto;
	}
	/* Start last: the kernel dataplane needs the keys. */
	for (size_t i = 0; tm->hooks.start && i < p->n; i++) {
		long idx = tunnel_index(tm, p->changes[i].name);

		if (p->changes[i].op != TUNNEL_OP_REMOVE && idx >= 0 && !tm->v[idx].rt)
			tm->hooks.start(tm->hooks_ctx, &tm->v[idx]);
	}
}

struct tunnel *tunnel_mgr_find_rw(struct tunnel_mgr *tm, const char *name)
{
	long idx = tunnel_index(tm, name);

	return idx < 0 ? NULL : &tm->v[idx];
}
