/*
 * Configured BGP neighbors, kept sorted by address.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/sorted.h"
#include "vtid/bgp_mgr.h"

struct bgp_mgr {
	struct bgp_instance_conf inst;
	struct bgp_neighbor *v;
	size_t n, cap;
	struct bgp_plist **plists;
	size_t n_plists;
	bool attached;
	struct bgp_mgr_env env;
	struct bgp_run *run; /* while `router bgp` is configured and attached */
};

void bgp_neighbor_conf_init(struct bgp_neighbor_conf *n)
{
	memset(n, 0, sizeof(*n));
	n->keepalive = 10;
	n->hold = 30;
	n->af[BGP_AF_V4].activate = true;
}

static bool af_eq(const struct bgp_neighbor_af *a, const struct bgp_neighbor_af *b)
{
	return a->configured == b->configured && a->activate == b->activate &&
	       a->max_prefix == b->max_prefix && a->max_prefix_warn_only == b->max_prefix_warn_only &&
	       a->has_send_limit == b->has_send_limit && a->send_limit == b->send_limit && strcmp(a->plist_in, b->plist_in) == 0 &&
	       strcmp(a->plist_out, b->plist_out) == 0 && a->as_path_prepend == b->as_path_prepend;
}

bool bgp_neighbor_conf_eq(const struct bgp_neighbor_conf *a, const struct bgp_neighbor_conf *b)
{
	for (int i = 0; i < BGP_AF__COUNT; i++)
		if (!af_eq(&a->af[i], &b->af[i]))
			return false;
	return vt_addr_eq(&a->addr, &b->addr) && a->remote_as == b->remote_as &&
	       strcmp(a->description, b->description) == 0 && a->keepalive == b->keepalive &&
	       a->hold == b->hold && a->passive == b->passive && a->shutdown == b->shutdown &&
	       vt_addr_eq(&a->update_source, &b->update_source);
}

void bgp_instance_conf_clear(struct bgp_instance_conf *c)
{
	for (int i = 0; i < BGP_AF__COUNT; i++)
		free(c->af[i].networks);
	memset(c, 0, sizeof(*c));
}

bool bgp_instance_conf_eq(const struct bgp_instance_conf *a, const struct bgp_instance_conf *b)
{
	if (a->enabled != b->enabled || a->local_as != b->local_as || a->no_fib != b->no_fib ||
	    !vt_addr_eq(&a->router_id, &b->router_id))
		return false;
	for (int i = 0; i < BGP_AF__COUNT; i++) {
		const struct bgp_instance_af *x = &a->af[i], *y = &b->af[i];

		if (x->maximum_paths != y->maximum_paths || x->n_networks != y->n_networks)
			return false;
		for (size_t j = 0; j < x->n_networks; j++)
			if (vt_prefix_cmp(&x->networks[j], &y->networks[j]) != 0)
				return false;
	}
	return true;
}

int bgp_instance_add_network(struct bgp_instance_conf *c, enum bgp_afi_idx af,
			     const struct vt_prefix *p)
{
	struct bgp_instance_af *a = &c->af[af];
	struct vt_prefix *v = realloc(a->networks, (a->n_networks + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	a->networks = v;
	a->networks[a->n_networks++] = *p;
	return 0;
}

struct bgp_mgr *bgp_mgr_new(void)
{
	return calloc(1, sizeof(struct bgp_mgr));
}

static void plists_free(struct bgp_plist **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bgp_plist_free(v[i]);
	free(v);
}

void bgp_mgr_clear(struct bgp_mgr *bm)
{
	char buf[VT_ADDR_STRLEN];

	bgp_run_free(bm->run);
	bm->run = NULL;
	plists_free(bm->plists, bm->n_plists);
	bm->plists = NULL;
	bm->n_plists = 0;

	for (size_t i = 0; i < bm->n; i++)
		log_info(LOGM_BGP, "neighbor %s removed",
			 vt_addr_fmt(&bm->v[i].conf.addr, buf, sizeof(buf)));
	bm->n = 0;
	if (bm->inst.enabled)
		log_info(LOGM_BGP, "router bgp %u removed", bm->inst.local_as);
	bgp_instance_conf_clear(&bm->inst);
}

void bgp_mgr_free(struct bgp_mgr *bm)
{
	if (!bm)
		return;
	bgp_mgr_clear(bm);
	free(bm->v);
	free(bm);
}

/* The speaker gets copies: the manager keeps the lists for the next one. */
static void run_plists(struct bgp_mgr *bm)
{
	struct bgp_plist **v = calloc(bm->n_plists ? bm->n_plists : 1, sizeof(*v));
	size_t n = 0;

	if (!v) {
		log_fault(LOGM_BGP, "prefix lists: out of memory");
		return;
	}
	for (size_t i = 0; i < bm->n_plists; i++) {
		const struct bgp_plist *pl = bm->plists[i];

		v[n] = bgp_plist_new(pl->name, pl->v, pl->n);
		n += v[n] != NULL;
	}
	bgp_run_plists(bm->run, v, n);
}

static void run_start(struct bgp_mgr *bm, const struct bgp_instance_conf *c)
{
	bm->run = bgp_run_new(&bm->env, c);
	if (!bm->run)
		return;
	run_plists(bm);
	for (size_t i = 0; i < bm->n; i++)
		bgp_run_neighbor(bm->run, BGP_OP_ADD, &bm->v[i].conf);
}

void bgp_mgr_set_instance(struct bgp_mgr *bm, struct bgp_instance_conf *c)
{
	if (c->enabled && !bm->inst.enabled)
		log_notice(LOGM_BGP, "router bgp %u added", c->local_as);
	else if (!c->enabled && bm->inst.enabled)
		log_notice(LOGM_BGP, "router bgp %u removed", bm->inst.local_as);
	else if (c->enabled)
		log_notice(LOGM_BGP, "router bgp %u changed", c->local_as);
	if (bm->attached && c->enabled && bm->run) {
		bgp_run_instance(bm->run, &bm->inst, c);
	} else if (bm->attached && c->enabled) {
		run_start(bm, c);
	} else if (bm->run) {
		bgp_run_free(bm->run);
		bm->run = NULL;
	}
	bgp_instance_conf_clear(&bm->inst);
	bm->inst = *c;
	memset(c, 0, sizeof(*c));
}

void bgp_mgr_attach(struct bgp_mgr *bm, const struct bgp_mgr_env *env)
{
	bm->env = *env;
	bm->attached = true;
	if (bm->inst.enabled && !bm->run)
		run_start(bm, &bm->inst);
}

struct bgp_speaker *bgp_mgr_speaker(const struct bgp_mgr *bm)
{
	return bm->run ? bgp_run_speaker(bm->run) : NULL;
}

void bgp_mgr_set_plists(struct bgp_mgr *bm, struct bgp_plist **v, size_t n)
{
	plists_free(bm->plists, bm->n_plists);
	bm->plists = v;
	bm->n_plists = n;
	if (bm->run)
		run_plists(bm);
}

const struct bgp_instance_conf *bgp_mgr_instance(const struct bgp_mgr *bm)
{
	return &bm->inst;
}

static int nb_addr_cmp(const void *key, const void *elem)
{
	return vt_addr_cmp(key, &((const struct bgp_neighbor *)elem)->conf.addr);
}

/* Index of the neighbor at a, or -(insertion point) - 1. */
static long nb_index(const struct bgp_mgr *bm, const struct vt_addr *a)
{
	return sorted_index(bm->v, bm->n, sizeof(*bm->v), a, nb_addr_cmp);
}

int bgp_mgr_reserve(struct bgp_mgr *bm, size_t extra)
{
	struct bgp_neighbor *v;

	if (bm->cap >= bm->n + extra)
		return 0;
	v = realloc(bm->v, (bm->n + extra) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	bm->v = v;
	bm->cap = bm->n + extra;
	return 0;
}

void bgp_mgr_neighbor_apply(struct bgp_mgr *bm, enum bgp_op op, const struct vt_addr *addr,
			    const struct bgp_neighbor_conf *conf)
{
	char buf[VT_ADDR_STRLEN];
	long i = nb_index(bm, addr);
	time_t now = time(NULL);

	vt_addr_fmt(addr, buf, sizeof(buf));
	if (op == BGP_OP_REMOVE) {
		if (i < 0)
			return;
		if (bm->run)
			bgp_run_neighbor(bm->run, BGP_OP_REMOVE, &bm->v[i].conf);
		memmove(&bm->v[i], &bm->v[i + 1], (bm->n - (size_t)i - 1) * sizeof(*bm->v));
		bm->n--;
		log_notice(LOGM_BGP, "neighbor %s removed", buf);
	} else if (i >= 0) {
		bm->v[i].conf = *conf;
		bm->v[i].changed = now;
		bm->v[i].change_count++;
		log_notice(LOGM_BGP, "neighbor %s changed", buf);
		if (bm->run)
			bgp_run_neighbor(bm->run, BGP_OP_CHANGE, conf);
	} else {
		size_t pos = (size_t)(-i - 1);

		if (bm->n == bm->cap && bgp_mgr_reserve(bm, bm->cap ? bm->cap : 8) < 0) {
			log_fault(LOGM_BGP, "neighbor %s: out of memory", buf);
			return;
		}
		memmove(&bm->v[pos + 1], &bm->v[pos], (bm->n - pos) * sizeof(*bm->v));
		bm->v[pos] = (struct bgp_neighbor){.conf = *conf, .created = now, .changed = now};
		bm->n++;
		log_notice(LOGM_BGP, "neighbor %s added (remote-as %u)", buf, conf->remote_as);
		if (bm->run)
			bgp_run_neighbor(bm->run, BGP_OP_ADD, conf);
	}
}

size_t bgp_mgr_count(const struct bgp_mgr *bm)
{
	return bm->n;
}

const struct bgp_neighbor *bgp_mgr_at(const struct bgp_mgr *bm, size_t i)
{
	return i < bm->n ? &bm->v[i] : NULL;
}

const struct bgp_neighbor *bgp_mgr_find(const struct bgp_mgr *bm, const struct vt_addr *a)
{
	long i = nb_index(bm, a);

	return i >= 0 ? &bm->v[i] : NULL;
}

const char *bgp_neighbor_state_name(const struct bgp_mgr *bm, const struct bgp_neighbor *n)
{
	const struct bgp_speaker *sp = bgp_mgr_speaker(bm);
	const struct bgp_peer *p = sp ? bgp_speaker_peer_find(sp, &n->conf.addr) : NULL;

	if (p && bgp_peer_held_down(p))
		return "Idle (PfxCt)"; /* FRR's words: over maximum-prefix */
	return p ? bgp_state_name(bgp_session_state(bgp_peer_session(p))) : "Idle";
}

void bgp_mgr_tunnel_state(struct bgp_mgr *bm, const char *tunnel, const struct vt_prefix *inside,
			  bool up)
{
	struct bgp_speaker *sp = bgp_mgr_speaker(bm);
	char why[96];

	/* the reason is what `show ip bgp neighbors` prints as last reset */
	snprintf(why, sizeof(why), "tunnel %s is down", tunnel);
	for (size_t i = 0; sp && i < bm->n; i++) {
		const struct vt_addr *a = &bm->v[i].conf.addr;

		if (!vt_prefix_contains_addr(inside, a))
			continue;
		if (up)
			bgp_peer_kick(sp, a);
		else
			bgp_peer_drop(sp, a, why);
	}
}
