/*
 * What a neighbor is told: the Adj-RIB-Out per family, and the work of
 * keeping it equal to the Loc-RIB seen through the outbound policy.
 *
 * Prefixes to look at again are queued (bgp_out_mark) or walked (the
 * initial dump, a refresh), decided in batches, and the differences sent:
 * withdrawals, then announcements grouped by attribute set so one UPDATE
 * carries many prefixes.  Work stops while the session's send queue is
 * above its high-water mark and per loop pass, so a full table going out
 * never delays keepalives.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "bgp/speaker_int.h"
#include "common/log.h"

#define OUT_PASS_BUDGET 8192 /* prefixes per loop pass and neighbor */

static bool out_ready(const struct bgp_peer *p, enum bgp_af af)
{
	return p->up && p->conf.af[af].active && bgp_session_af(p->s, bgp_afi_of(af));
}

static void adj_payload_free(void *payload, void *arg)
{
	bgp_attrs_unref(arg, payload);
}

static void out_trees_reset(struct bgp_peer *p, enum bgp_af af)
{
	struct bgp_out *o = &p->out[af];

	bgp_ptree_free(o->adj, adj_payload_free, p->sp->attrs);
	bgp_ptree_free(o->held, NULL, NULL);
	o->adj = bgp_ptree_new(bgp_af_family(af));
	o->held = bgp_ptree_new(bgp_af_family(af));
	o->n_pend = 0;
}

static void out_run(struct ev_timer *t, void *arg);

void bgp_out_init(struct bgp_peer *p)
{
	ev_timer_init(&p->out_timer, p->sp->loop, out_run, p);
	for (int af = 0; af < BGP_AF_COUNT; af++)
		out_trees_reset(p, (enum bgp_af)af);
}

void bgp_out_free(struct bgp_peer *p)
{
	ev_timer_cancel(&p->out_timer);
	for (int af = 0; af < BGP_AF_COUNT; af++) {
		struct bgp_out *o = &p->out[af];

		bgp_ptree_free(o->adj, adj_payload_free, p->sp->attrs);
		bgp_ptree_free(o->held, NULL, NULL);
		free(o->pend);
		memset(o, 0, sizeof(*o));
	}
}

/* A 0 ms timer rather than an ev_defer: a deferred call that schedules
 * itself again runs again in the same pass, which would multiply the
 * per-pass budget; a timer waits for the next pass. */
void bgp_out_kick(struct bgp_peer *p)
{
	if (!ev_timer_armed(&p->out_timer))
		ev_timer_arm(&p->out_timer, 0);
}

static void out_dump(struct bgp_peer *p, enum bgp_af af)
{
	struct bgp_out *o = &p->out[af];

	bgp_ptree_cursor_init(&o->dump);
	o->dumping = true;
	bgp_out_kick(p);
}

void bgp_out_start(struct bgp_peer *p)
{
	for (int af = 0; af < BGP_AF_COUNT; af++) {
		struct bgp_out *o = &p->out[af];

		out_trees_reset(p, (enum bgp_af)af);
		o->eor_sent = o->warned_limit = o->warned_nexthop = o->refresh = false;
		o->dumping = false;
		if (out_ready(p, (enum bgp_af)af))
			out_dump(p, (enum bgp_af)af);
	}
}

void bgp_out_stop(struct bgp_peer *p)
{
	ev_timer_cancel(&p->out_timer);
	for (int af = 0; af < BGP_AF_COUNT; af++) {
		out_trees_reset(p, (enum bgp_af)af);
		p->out[af].dumping = false;
	}
}

void bgp_out_mark(struct bgp_peer *p, enum bgp_af af, const struct vt_prefix *pfx)
{
	struct bgp_out *o = &p->out[af];

	if (!out_ready(p, af))
		return;
	if (o->n_pend == o->cap_pend) {
		size_t cap = o->cap_pend ? 2 * o->cap_pend : 64;
		struct vt_prefix *v = realloc(o->pend, cap * sizeof(*v));

		if (!v) {
			/* the walk sees every prefix, this one included */
			log_fault(LOGM_BGP, "out of memory queueing an UPDATE: sending everything again");
			out_dump(p, af);
			return;
		}
		o->pend = v;
		o->cap_pend = cap;
	}
	o->pend[o->n_pend++] = *pfx;
	bgp_out_kick(p);
}

bool bgp_out_has(const struct bgp_peer *p, enum bgp_af af, const struct vt_prefix *pfx)
{
	const struct bgp_out *o = &p->out[af];

	return bgp_ptree_count(o->adj) && (bgp_ptree_find(o->adj, pfx) || bgp_ptree_find(o->held, pfx));
}

void bgp_out_resend(struct bgp_peer *p, enum bgp_af af)
{
	if (out_ready(p, af))
		out_dump(p, af);
}

void bgp_out_refresh(struct bgp_peer *p, enum bgp_af af)
{
	if (!out_ready(p, af))
		return;
	/* the neighbor asked for everything: send again what it was sent.
	 * Deciding afresh could pick other prefixes under a send limit and
	 * leave the old ones at the neighbor, which nobody withdraws. */
	p->out[af].refresh = true;
	out_dump(p, af);
}

bool bgp_out_busy(const struct bgp_peer *p)
{
	for (int af = 0; af < BGP_AF_COUNT; af++)
		if (p->out[af].n_pend || p->out[af].dumping)
			return true;
	return false;
}

size_t bgp_out_bytes(const struct bgp_peer *p)
{
	size_t n = 0;

	for (int af = 0; af < BGP_AF_COUNT; af++)
		n += bgp_ptree_bytes(p->out[af].adj) + bgp_ptree_bytes(p->out[af].held) +
		     p->out[af].cap_pend * sizeof(struct vt_prefix);
	return n;
}

/* ---- deciding ----------------------------------------------------------------------- */

/* The attribute set to announce pfx with, or NULL for nothing. */
static struct bgp_attrs *out_decide(const struct bgp_peer *p, enum bgp_af af,
				    const struct vt_prefix *pfx, bool *from_ebgp)
{
	const struct bgp_speaker *sp = p->sp;
	const struct bgp_dest *d = bgp_rib_find(sp->rib, pfx);
	const char *name = p->conf.af[af].plist_out;
	const struct bgp_path *best;

	*from_ebgp = false;
	if (!d || !d->n_multi)
		return NULL;
	best = d->paths;
	if (best->peer == p->id)
		return NULL; /* never back to where it came from */
	if (best->peer != BGP_RIB_PEER_LOCAL) {
		const struct bgp_rib_peer *rp = bgp_rib_peer_get(sp->rib, best->peer);

		if (rp && rp->ibgp && p->ibgp)
			return NULL; /* no full mesh rule broken: iBGP does not relay iBGP */
		*from_ebgp = rp && !rp->ibgp;
	}
	/* the neighbor would drop it as a loop (and it would count against
	 * its limit: AWS's 100 prefixes) */
	if (!p->ibgp && bgp_attrs_aspath_has(best->attrs, p->conf.remote_as))
		return NULL;
	if (name[0]) {
		const struct bgp_plist *pl = bgp_speaker_plist(sp, name);

		if (!pl || !bgp_plist_permits(pl, pfx, NULL))
			return NULL;
	}
	return best->attrs;
}

static void held_promote(struct bgp_peer *p, enum bgp_af af)
{
	struct bgp_out *o = &p->out[af];
	struct bgp_ptree_cursor c;
	struct bgp_ptree_node *n;
	struct vt_prefix pfx;

	bgp_ptree_cursor_init(&c);
	n = bgp_ptree_cursor_next(o->held, &c);
	if (!n)
		return;
	bgp_ptree_node_prefix(o->held, n, &pfx);
	bgp_ptree_remove(o->held, n);
	bgp_out_mark(p, af, &pfx);
}

static void held_add(struct bgp_peer *p, enum bgp_af af, const struct vt_prefix *pfx)
{
	struct bgp_out *o = &p->out[af];
	struct bgp_ptree_node *n;
	char nb[VT_ADDR_STRLEN];

	bgp_ptree_insert(o->held, pfx, &n);
	if (o->warned_limit)
		return;
	o->warned_limit = true;
	log_warn(LOGM_BGP, "neighbor %s: not announcing more than %u %s prefixes (its send "
			   "limit; AWS resets the session at 101): the rest is held back",
		 vt_addr_fmt(&p->conf.addr, nb, sizeof(nb)), p->conf.af[af].send_limit,
		 bgp_af_name(af));
}

static void held_del(struct bgp_out *o, const struct vt_prefix *pfx)
{
	struct bgp_ptree_node *n = bgp_ptree_find(o->held, pfx);

	if (n)
		bgp_ptree_remove(o->held, n);
}

/* Decide one prefix against the Adj-RIB-Out; an item to send, or false. */
static bool out_one(struct bgp_peer *p, enum bgp_af af, const struct vt_prefix *pfx,
		    struct bgp_out_item *it)
{
	struct bgp_out *o = &p->out[af];
	struct bgp_ptree_node *n = bgp_ptree_find(o->adj, pfx);
	struct bgp_attrs *cur = n ? bgp_ptree_node_payload(n) : NULL;
	uint32_t limit = p->conf.af[af].send_limit;
	bool from_ebgp;
	struct bgp_attrs *want = out_decide(p, af, pfx, &from_ebgp);

	if (want == cur) {
		if (!want)
			held_del(o, pfx);
		if (!want || !o->refresh)
			return false;
		*it = (struct bgp_out_item){.pfx = *pfx, .a = want, .from_ebgp = from_ebgp};
		return true;
	}
	if (!want) {
		held_del(o, pfx);
		bgp_ptree_remove(o->adj, n);
		bgp_attrs_unref(p->sp->attrs, cur);
		*it = (struct bgp_out_item){.pfx = *pfx};
		if (bgp_ptree_count(o->held))
			held_promote(p, af);
		return true;
	}
	if (!cur && limit && bgp_ptree_count(o->adj) >= limit) {
		held_add(p, af, pfx);
		return false;
	}
	if (!n && bgp_ptree_insert(o->adj, pfx, &n) < 0) {
		log_fault(LOGM_BGP, "out of memory in the Adj-RIB-Out");
		return false;
	}
	held_del(o, pfx);
	bgp_ptree_node_set_payload(n, bgp_attrs_ref(want));
	bgp_attrs_unref(p->sp->attrs, cur);
	*it = (struct bgp_out_item){.pfx = *pfx, .a = want, .from_ebgp = from_ebgp};
	return true;
}

/* An IPv6 family over an IPv4 session (or the reverse) has no address of
 * ours to give as next hop: nothing of it can be announced. */
static void out_no_nexthop(struct bgp_peer *p, enum bgp_af af)
{
	struct bgp_out *o = &p->out[af];
	char nb[VT_ADDR_STRLEN];

	o->n_pend = 0;
	o->dumping = false;
	if (o->warned_nexthop)
		return;
	o->warned_nexthop = true;
	log_warn(LOGM_BGP, "neighbor %s: the session has no local %s address to give as next "
			   "hop: %s routes are not announced to it",
		 vt_addr_fmt(&p->conf.addr, nb, sizeof(nb)), af == BGP_AF_IPV6 ? "IPv6" : "IPv4",
		 bgp_af_name(af));
}

/* Up to BGP_OUT_BATCH prefixes to look at: queued ones first, then the walk. */
static size_t out_collect(struct bgp_peer *p, enum bgp_af af, struct vt_prefix *v)
{
	struct bgp_out *o = &p->out[af];
	struct bgp_ptree *t = bgp_rib_tree(p->sp->rib, af);
	size_t n = 0;

	while (n < BGP_OUT_BATCH && o->n_pend)
		v[n++] = o->pend[--o->n_pend];
	while (n < BGP_OUT_BATCH && o->dumping) {
		struct bgp_ptree_node *node = bgp_ptree_cursor_next(t, &o->dump);

		if (!node) {
			o->dumping = false;
			break;
		}
		bgp_ptree_node_prefix(t, node, &v[n++]);
	}
	return n;
}

static void out_run(struct ev_timer *d, void *arg)
{
	struct bgp_peer *p = arg;
	unsigned budget = OUT_PASS_BUDGET;
	struct vt_prefix v[BGP_OUT_BATCH];
	struct bgp_out_item it[BGP_OUT_BATCH];
	struct vt_addr nh;
	bool more = false;

	(void)d;
	for (int i = 0; i < BGP_AF_COUNT; i++) {
		enum bgp_af af = (enum bgp_af)i;
		struct bgp_out *o = &p->out[af];

		if (!out_ready(p, af))
			continue;
		if (!bgp_out_local_addr(p, af, &nh)) {
			out_no_nexthop(p, af);
			continue;
		}
		while (budget && bgp_session_tx_pending(p->s) < BGP_SESSION_TX_HIGH) {
			size_t n = out_collect(p, af, v), k = 0;

			if (!n)
				break;
			for (size_t j = 0; j < n; j++)
				k += out_one(p, af, &v[j], &it[k]);
			if (!o->dumping)
				o->refresh = false;
			if (k)
				bgp_out_send(p, af, it, k, &nh);
			budget = n < budget ? budget - (unsigned)n : 0;
		}
		if (!o->n_pend && !o->dumping && !o->eor_sent &&
		    bgp_session_tx_pending(p->s) < BGP_SESSION_TX_HIGH)
			bgp_out_send_eor(p, af);
		if (o->n_pend || o->dumping || !o->eor_sent)
			more = true;
	}
	/* above the high-water mark ops->writable brings us back */
	if (more && p->up && bgp_session_tx_pending(p->s) < BGP_SESSION_TX_HIGH)
		bgp_out_kick(p);
}

int bgp_peer_adj_out_walk(const struct bgp_peer *p, enum bgp_af af,
			  int (*cb)(const struct vt_prefix *pfx, const struct bgp_attrs *a,
				    void *arg),
			  void *arg)
{
	struct bgp_ptree *t = p->out[af].adj;
	struct bgp_ptree_cursor c;
	struct bgp_ptree_node *n;
	struct vt_prefix pfx;
	int rc;

	bgp_ptree_cursor_init(&c);
	while ((n = bgp_ptree_cursor_next(t, &c))) {
		bgp_ptree_node_prefix(t, n, &pfx);
		if ((rc = cb(&pfx, bgp_ptree_node_payload(n), arg)))
			return rc;
	}
	return 0;
}

void bgp_peer_af_stats(const struct bgp_peer *p, enum bgp_af af, struct bgp_peer_af_stats *out)
{
	memset(out, 0, sizeof(*out));
	bgp_rib_peer_counts(p->sp->rib, p->id, af, &out->received, &out->accepted);
	out->sent = bgp_ptree_count(p->out[af].adj);
	out->held_back = bgp_ptree_count(p->out[af].held);
	out->eor_received = p->eor_rcvd[af];
	out->eor_sent = p->out[af].eor_sent;
	out->stale = p->stale[af];
}
