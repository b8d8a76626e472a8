/*
 * The running speaker: configuration structs turned into the speaker's,
 * and the speaker's reports handed to the daemon.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/bgp_mgr.h"

#define AWS_SEND_LIMIT 100

struct bgp_run {
	struct bgp_mgr_env env;
	struct bgp_speaker *sp;
};

/* Without a router-id anywhere in the configuration: the highest IPv4
 * address of an interface that is up, as FRR and BIRD choose. */
static uint32_t router_id_guess(void)
{
	struct ifaddrs *ifa, *i;
	uint32_t best = 0;

	if (getifaddrs(&ifa) < 0)
		return 0;
	for (i = ifa; i; i = i->ifa_next) {
		uint32_t a;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !(i->ifa_flags & IFF_UP) ||
		    (i->ifa_flags & IFF_LOOPBACK))
			continue;
		a = ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr);
		if (a > best)
			best = a;
	}
	freeifaddrs(ifa);
	return best;
}

static void speaker_conf(const struct bgp_instance_conf *c, struct bgp_speaker_conf *out)
{
	memset(out, 0, sizeof(*out));
	out->local_as = c->local_as;
	if (c->router_id.family == AF_INET)
		out->router_id = ntohl(c->router_id.u.v4.s_addr);
	if (!out->router_id)
		out->router_id = router_id_guess();
	if (!out->router_id)
		out->router_id = 0x01010101; /* nothing better: 1.1.1.1, said at start */
	out->maxpaths[BGP_AF_IPV4] = c->af[BGP_AF_V4].maximum_paths;
	out->maxpaths[BGP_AF_IPV6] = c->af[BGP_AF_V6].maximum_paths;
	out->no_fib = c->no_fib;
}

static void run_route(void *ctx, const struct vt_prefix *p, const struct bgp_nexthop *nh,
		      unsigned n)
{
	struct bgp_run *r = ctx;

	if (r->env.route)
		r->env.route(r->env.ctx, p, nh, n);
}

static void run_peer_state(void *ctx, const struct vt_addr *peer, enum bgp_state from,
			   enum bgp_state to)
{
	char b[VT_ADDR_STRLEN];

	(void)ctx;
	log_notice(LOGM_BGP, "neighbor %s: %s -> %s", vt_addr_fmt(peer, b, sizeof(b)),
		   bgp_state_name(from), bgp_state_name(to));
}

static void networks_apply(struct bgp_run *r, const struct bgp_instance_conf *old,
			   const struct bgp_instance_conf *c)
{
	for (int i = 0; i < BGP_AF__COUNT; i++) {
		const struct bgp_instance_af *o = old ? &old->af[i] : NULL, *n = &c->af[i];

		for (size_t j = 0; o && j < o->n_networks; j++) {
			bool keep = false;

			for (size_t k = 0; k < n->n_networks && !keep; k++)
				keep = vt_prefix_cmp(&o->networks[j], &n->networks[k]) == 0;
			if (!keep)
				bgp_network_remove(r->sp, &o->networks[j]);
		}
		for (size_t k = 0; k < n->n_networks; k++)
			if (bgp_network_add(r->sp, &n->networks[k]) < 0)
				log_fault(LOGM_BGP, "network: out of memory");
	}
}

struct bgp_run *bgp_run_new(const struct bgp_mgr_env *env, const struct bgp_instance_conf *c)
{
	static const struct bgp_speaker_ops ops = {.route = run_route,
						   .peer_state = run_peer_state};
	struct bgp_run *r = calloc(1, sizeof(*r));
	struct strbuf err = STRBUF_INIT;
	struct bgp_speaker_conf sc;
	struct in_addr id;
	char b[INET_ADDRSTRLEN];

	if (!r) {
		log_fault(LOGM_BGP, "router bgp %u: out of memory", c->local_as);
		return NULL;
	}
	r->env = *env;
	speaker_conf(c, &sc);
	r->sp = bgp_speaker_new(env->loop, &sc, &ops, r, &err);
	if (!r->sp) {
		log_fault(LOGM_BGP, "router bgp %u: not started: %s", c->local_as, sb_str(&err));
		sb_free(&err);
		free(r);
		return NULL;
	}
	sb_free(&err);
	id.s_addr = htonl(sc.router_id);
	log_notice(LOGM_BGP, "router bgp %u running, router-id %s", c->local_as,
		   inet_ntop(AF_INET, &id, b, sizeof(b)));
	networks_apply(r, NULL, c);
	return r;
}

void bgp_run_free(struct bgp_run *r)
{
	if (!r)
		return;
	bgp_speaker_free(r->sp);
	free(r);
}

void bgp_run_instance(struct bgp_run *r, const struct bgp_instance_conf *old,
		      const struct bgp_instance_conf *c)
{
	struct strbuf err = STRBUF_INIT;
	struct bgp_speaker_conf sc;

	speaker_conf(c, &sc);
	if (bgp_speaker_set_conf(r->sp, &sc, &err) < 0)
		log_fault(LOGM_BGP, "router bgp %u: %s", c->local_as, sb_str(&err));
	sb_free(&err);
	networks_apply(r, old, c);
}

static void peer_conf(const struct bgp_run *r, const struct bgp_neighbor_conf *c,
		      struct bgp_peer_conf *out)
{
	bool tunnel = r->env.tunnel_peer && r->env.tunnel_peer(r->env.ctx, &c->addr);

	memset(out, 0, sizeof(*out));
	out->addr = c->addr;
	out->remote_as = c->remote_as;
	snprintf(out->descr, sizeof(out->descr), "%s", c->description);
	out->hold = c->hold;
	out->keepalive = c->keepalive;
	out->passive = c->passive;
	out->shutdown = c->shutdown;
	out->local = c->update_source;
	for (int i = 0; i < BGP_AF__COUNT; i++) {
		const struct bgp_neighbor_af *a = &c->af[i];
		struct bgp_peer_af_conf *o = &out->af[i == BGP_AF_V6 ? BGP_AF_IPV6 : BGP_AF_IPV4];

		o->active = a->activate;
		o->max_prefix = a->max_prefix;
		o->max_prefix_warn_only = a->max_prefix_warn_only;
		o->send_limit = a->has_send_limit ? a->send_limit : tunnel ? AWS_SEND_LIMIT : 0;
		snprintf(o->plist_in, sizeof(o->plist_in), "%s", a->plist_in);
		snprintf(o->plist_out, sizeof(o->plist_out), "%s", a->plist_out);
		o->prepend = a->as_path_prepend;
	}
}

void bgp_run_neighbor(struct bgp_run *r, enum bgp_op op, const struct bgp_neighbor_conf *c)
{
	struct strbuf err = STRBUF_INIT;
	struct bgp_peer_conf pc;
	char b[VT_ADDR_STRLEN];
	int rc = 0;

	if (op == BGP_OP_REMOVE) {
		bgp_peer_remove(r->sp, &c->addr);
		return;
	}
	peer_conf(r, c, &pc);
	if (op == BGP_OP_CHANGE && bgp_speaker_peer_find(r->sp, &c->addr))
		rc = bgp_peer_change(r->sp, &pc, &err);
	else
		rc = bgp_peer_add(r->sp, &pc, &err);
	if (rc < 0)
		log_fault(LOGM_BGP, "neighbor %s: %s", vt_addr_fmt(&c->addr, b, sizeof(b)),
			  sb_str(&err));
	sb_free(&err);
}

void bgp_run_plists(struct bgp_run *r, struct bgp_plist **v, size_t n)
{
	/* lists gone from the configuration go from the speaker too */
	for (;;) {
		const struct bgp_plist *gone = NULL;

		for (size_t i = 0; !gone && i < bgp_speaker_plist_count(r->sp); i++) {
			const struct bgp_plist *cur = bgp_speaker_plist_at(r->sp, i);
			bool found = false;

			for (size_t j = 0; j < n && !found; j++)
				found = strcmp(v[j]->name, cur->name) == 0;
			if (!found)
				gone = cur;
		}
		if (!gone)
			break;
		bgp_speaker_plist_remove(r->sp, gone->name);
	}
	for (size_t j = 0; j < n; j++)
		bgp_speaker_plist_set(r->sp, v[j]);
	free(v);
}

struct bgp_speaker *bgp_run_speaker(const struct bgp_run *r)
{
	return r->sp;
}
