/*
 * What neighbors send: UPDATEs into the RIB through the inbound policy,
 * max-prefix; the inbound policy applied again; the speaker's own routes.
 */
#include <errno.h>
#include <string.h>

#include "bgp/speaker_int.h"
#include "common/log.h"

static unsigned path_flags(const struct bgp_peer *p, enum bgp_af af, const struct vt_prefix *pfx)
{
	const char *name = p->conf.af[af].plist_in;
	const struct bgp_plist *pl;

	if (!name[0])
		return 0;
	pl = bgp_speaker_plist(p->sp, name);
	/* a list named but not defined denies everything, as a list with no
	 * entries would: failing closed keeps unwanted routes out */
	return pl && bgp_plist_permits(pl, pfx, NULL) ? 0 : BGP_PATH_FILTERED;
}

/* Counts after an UPDATE: warn at 75 % of the limit, -EDQUOT above it
 * unless the limit only warns. */
static int max_prefix_check(struct bgp_peer *p, enum bgp_af af)
{
	uint32_t max = p->conf.af[af].max_prefix;
	size_t received, accepted;
	char nb[VT_ADDR_STRLEN];

	if (!max)
		return 0;
	bgp_rib_peer_counts(p->sp->rib, p->id, af, &received, &accepted);
	bgp_peer_name(p, nb, sizeof(nb));
	if (accepted * 4 >= (size_t)max * 3 && !p->max_warned[af]) {
		p->max_warned[af] = true;
		log_warn(LOGM_BGP, "neighbor %s: %zu %s prefixes, %u%% of maximum-prefix %u", nb,
			 accepted, bgp_af_name(af), (unsigned)(accepted * 100 / max), max);
	}
	if (accepted <= max)
		return 0;
	if (p->conf.af[af].max_prefix_warn_only) {
		/* once a session: one UPDATE may carry the count far past max */
		if (!p->max_over_warned[af]) {
			p->max_over_warned[af] = true;
			log_warn(LOGM_BGP, "neighbor %s: %zu %s prefixes, over maximum-prefix %u "
					   "(warning only)", nb, accepted, bgp_af_name(af), max);
		}
		return 0;
	}
	log_warn(LOGM_BGP, "neighbor %s: %zu %s prefixes, over maximum-prefix %u: "
			   "closing the session", nb, accepted, bgp_af_name(af), max);
	return -EDQUOT;
}

/* The NOTIFICATION for a limit hit, RFC 4486 §4: Cease / Maximum Number
 * of Prefixes Reached, with AFI, SAFI and the limit (kept in the peer: the
 * session sends it after this returns). */
static int max_prefix_notify(struct bgp_peer *p, enum bgp_af af, struct bgp_notify *err)
{
	uint32_t max = p->conf.af[af].max_prefix;
	uint16_t afi = bgp_afi_of(af);
	uint8_t *d = p->notify_data;

	d[0] = (uint8_t)(afi >> 8);
	d[1] = (uint8_t)afi;
	d[2] = BGP_SAFI_UNICAST;
	d[3] = (uint8_t)(max >> 24);
	d[4] = (uint8_t)(max >> 16);
	d[5] = (uint8_t)(max >> 8);
	d[6] = (uint8_t)max;
	memset(err, 0, sizeof(*err));
	err->code = BGP_ERR_CEASE;
	err->subcode = 1;
	err->data = d;
	err->data_len = 7;
	p->local_reset = true;
	p->held_maxpfx = true;
	return -EBADMSG;
}

/* The next prefixes of it, at most BGP_RIB_PREFETCH_MAX, with their tree
 * descents started together (bgp_rib_prefetch()): how many. */
static unsigned nlri_batch(struct bgp_peer *p, struct bgp_nlri_iter *it, struct vt_prefix *v)
{
	unsigned n = 0;

	while (n < BGP_RIB_PREFETCH_MAX && bgp_nlri_next(it, &v[n]))
		n++;
	bgp_rib_prefetch(p->sp->rib, v, n);
	return n;
}

static void nlri_withdraw(struct bgp_peer *p, const struct bgp_nlri *n)
{
	struct vt_prefix v[BGP_RIB_PREFETCH_MAX];
	struct bgp_nlri_iter it;
	unsigned nv;

	bgp_nlri_iter_init(&it, n);
	while ((nv = nlri_batch(p, &it, v)))
		for (unsigned i = 0; i < nv; i++)
			bgp_rib_withdraw(p->sp->rib, &v[i], p->id);
}

/* Why routes with these attributes cannot be used, or NULL. */
static const char *attrs_unusable(const struct bgp_peer *p, const struct bgp_attrs *a)
{
	if (bgp_attrs_aspath_has(a, p->sp->conf.local_as))
		return NULL; /* a loop: not an error, the routes are just not usable */
	if (!p->ibgp && a->aspath_len && bgp_attrs_first_as(a) != p->conf.remote_as)
		return "AS_PATH does not start with the neighbor's AS";
	return NULL;
}

static int nlri_announce(struct bgp_peer *p, const struct bgp_update *u, const struct bgp_nlri *n,
			 uint16_t afi)
{
	enum bgp_af af = afi == BGP_AFI_IPV6 ? BGP_AF_IPV6 : BGP_AF_IPV4;
	char nb[VT_ADDR_STRLEN];
	const char *why = NULL;
	struct vt_prefix v[BGP_RIB_PREFETCH_MAX];
	struct bgp_nlri_iter it;
	struct bgp_attrs *a;
	unsigned nv;
	int rc = 0;

	if (!n->data || !n->len)
		return 0;
	if (!bgp_session_af(p->s, afi)) {
		log_peer(LOGM_BGP, "neighbor %s sent %s routes, a family not negotiated: ignored",
			 bgp_peer_name(p, nb, sizeof(nb)), bgp_af_name(af));
		return 0;
	}
	a = bgp_attrs_from_update(p->sp->attrs, u, afi, &why);
	if (a && !why)
		why = attrs_unusable(p, a);
	if (!a || why || bgp_attrs_aspath_has(a, p->sp->conf.local_as)) {
		if (why)
			log_peer(LOGM_BGP, "neighbor %s: %s: its routes are treated as withdrawn",
				 bgp_peer_name(p, nb, sizeof(nb)), why);
		bgp_attrs_unref(p->sp->attrs, a);
		nlri_withdraw(p, n);
		return 0;
	}
	bgp_nlri_iter_init(&it, n);
	while (rc >= 0 && (nv = nlri_batch(p, &it, v)))
		for (unsigned i = 0; i < nv && rc >= 0; i++)
			rc = bgp_rib_update(p->sp->rib, &v[i], p->id, bgp_attrs_ref(a),
					    path_flags(p, af, &v[i]));
	bgp_attrs_unref(p->sp->attrs, a);
	return rc;
}

/* An UPDATE that is only End-of-RIB (RFC 4724 §2): its family, or -1. */
static int update_eor(const struct bgp_update *u)
{
	uint8_t none[32] = {0};

	if (!u->withdrawn.len && !u->nlri.len && memcmp(u->seen, none, sizeof(none)) == 0)
		return BGP_AF_IPV4;
	if (!u->withdrawn.len && !u->nlri.len && bgp_update_has(u, BGP_ATTR_MP_UNREACH) &&
	    !bgp_update_has(u, BGP_ATTR_MP_REACH) && !u->mp_withdrawn.len &&
	    u->mp_unreach_afi == BGP_AFI_IPV6)
		return BGP_AF_IPV6;
	return -1;
}

int bgp_in_update(void *ctx, struct bgp_session *s, const uint8_t *msg, size_t len,
		       struct bgp_notify *err)
{
	struct bgp_peer *p = ctx;
	struct bgp_upd_ctx uc = {.as4 = bgp_session_as4(s), .ibgp = p->ibgp};
	char nb[VT_ADDR_STRLEN];
	struct bgp_update u;
	int rc = bgp_update_parse(msg, len, &uc, &u, err), eor;

	if (rc < 0)
		return rc;
	if ((eor = update_eor(&u)) >= 0) {
		bgp_in_eor(p, (enum bgp_af)eor);
		return 0;
	}
	nlri_withdraw(p, &u.withdrawn);
	if (u.mp_withdrawn.data)
		nlri_withdraw(p, &u.mp_withdrawn);
	if (rc == BGP_UPD_WITHDRAW) {
		log_peer(LOGM_BGP, "neighbor %s: malformed UPDATE (%s): its routes are treated "
				   "as withdrawn", bgp_peer_name(p, nb, sizeof(nb)), u.reason);
		nlri_withdraw(p, &u.nlri);
		if (u.mp_nlri.data)
			nlri_withdraw(p, &u.mp_nlri);
		return 0;
	}
	if (u.n_discarded)
		log_peer(LOGM_BGP, "neighbor %s: %zu malformed optional attribute%s discarded",
			 bgp_peer_name(p, nb, sizeof(nb)), u.n_discarded, u.n_discarded == 1 ? "" : "s");
	if (nlri_announce(p, &u, &u.nlri, BGP_AFI_IPV4) < 0 ||
	    (u.mp_nlri.data && nlri_announce(p, &u, &u.mp_nlri, u.mp_afi) < 0)) {
		log_fault(LOGM_BGP, "neighbor %s: out of memory storing routes",
			  bgp_peer_name(p, nb, sizeof(nb)));
		memset(err, 0, sizeof(*err));
		err->code = BGP_ERR_CEASE;
		err->subcode = 8; /* Out of Resources (RFC 4486) */
		return -EBADMSG;
	}
	for (int af = 0; af < BGP_AF_COUNT; af++) {
		if (max_prefix_check(p, (enum bgp_af)af) < 0)
			return max_prefix_notify(p, (enum bgp_af)af, err);
	}
	return 0;
}

/* Soft in: every path of the neighbor in af gets the policy again.  The
 * paths are re-added with their own attributes and the new flags. */
struct reapply_ctx {
	struct bgp_peer *p;
	enum bgp_af af;
};

static int reapply_one(struct bgp_ptree_node *n, void *arg)
{
	struct reapply_ctx *c = arg;
	struct bgp_dest *d = bgp_ptree_node_payload(n);
	struct bgp_ptree *t = bgp_rib_tree(c->p->sp->rib, c->af);
	struct vt_prefix pfx;

	for (struct bgp_path *pa = d ? d->paths : NULL; pa; pa = pa->next) {
		unsigned want;

		if (pa->peer != c->p->id)
			continue;
		bgp_ptree_node_prefix(t, n, &pfx);
		want = path_flags(c->p, c->af, &pfx);
		if ((pa->flags & BGP_PATH_FILTERED) != want)
			bgp_rib_update(c->p->sp->rib, &pfx, c->p->id, bgp_attrs_ref(pa->attrs),
				       want | (pa->flags & BGP_PATH_STALE));
		break;
	}
	return 0;
}

void bgp_in_reapply(struct bgp_peer *p, enum bgp_af af)
{
	struct reapply_ctx c = {p, af};

	/* bgp_rib_update only changes the payload's paths, never the tree */
	bgp_ptree_walk(bgp_rib_tree(p->sp->rib, af), reapply_one, &c);
}

int bgp_local_announce(struct bgp_speaker *sp, const struct vt_prefix *pfx)
{
	struct bgp_attrs_tmpl t = {.origin = 0};
	const char *why;
	struct bgp_attrs *a;

	t.next_hop.family = pfx->addr.family;
	a = bgp_attrs_intern(sp->attrs, &t, &why);
	if (!a)
		return -ENOMEM;
	return bgp_rib_update(sp->rib, pfx, BGP_RIB_PEER_LOCAL, a, 0);
}
