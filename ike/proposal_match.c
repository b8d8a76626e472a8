#include "ike/proposal_match.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A reason line built in pieces; it only ever truncates. */
struct why {
	char *buf;
	size_t len;
	size_t used;
};

static void why_add(struct why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void why_add(struct why *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!w->buf || w->len == 0 || w->used + 1 >= w->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(w->buf + w->used, w->len - w->used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	w->used += (size_t)n;
	if (w->used >= w->len)
		w->used = w->len - 1;
}

static const char *type_word(unsigned type)
{
	switch (type) {
	case IKE_TRANSFORM_ENCR:
		return "encr";
	case IKE_TRANSFORM_PRF:
		return "prf";
	case IKE_TRANSFORM_INTEG:
		return "integ";
	case IKE_TRANSFORM_DH:
		return "dh";
	case IKE_TRANSFORM_ESN:
		return "esn";
	}
	return "type";
}

/*
 * A peer's proposal may hold what the proposal language cannot say (an
 * unknown algorithm, NONE, a type we do not know), so when the canonical
 * form fails each transform is written on its own, by number if need be.
 */
static void why_add_peer(struct why *w, const struct ike_msg_proposal *mp)
{
	struct ike_proposal p;
	char s[IKE_PROPOSAL_STR_MAX];

	if (ike_msg_proposal_to(mp, &p) == 0 && ike_proposal_format(&p, s, sizeof(s)) == 0) {
		why_add(w, "%s", s);
		return;
	}
	for (unsigned i = 0; i < mp->n_xf; i++) {
		const struct ike_msg_transform *xf = &mp->xf[i];
		const char *name = ike_transform_name(xf->type, xf->id, xf->keylen);

		if (i > 0)
			why_add(w, "-");
		if (name && !xf->unknown_attr)
			why_add(w, "%s", name);
		else if (xf->keylen)
			why_add(w, "%s%u:%u/%u", type_word(xf->type), xf->type, xf->id, xf->keylen);
		else
			why_add(w, "%s%u:%u", type_word(xf->type), xf->type, xf->id);
	}
}

static void why_add_ours(struct why *w, const struct ike_proposal *ours, unsigned n)
{
	char s[IKE_PROPOSAL_STR_MAX];

	for (unsigned i = 0; i < n; i++) {
		if (ike_proposal_format(&ours[i], s, sizeof(s)) < 0)
			snprintf(s, sizeof(s), "(unprintable)");
		why_add(w, "%s%s", i ? ", " : "", s);
	}
}

static bool list_has(const uint16_t *a, unsigned n, uint16_t v)
{
	for (unsigned i = 0; i < n; i++)
		if (a[i] == v)
			return true;
	return false;
}

/* The peer's first algorithm of one type that we list; false if none. */
static bool list_pick(const uint16_t *peer, unsigned n_peer, const uint16_t *ours, unsigned n_ours,
		      uint16_t *out)
{
	for (unsigned i = 0; i < n_peer; i++)
		if (list_has(ours, n_ours, peer[i])) {
			*out = peer[i];
			return true;
		}
	return false;
}

/*
 * Decode one peer proposal and check the rules that do not depend on our
 * configuration.  NULL when it is well formed, else why it is not.
 */
static const char *peer_decode(const struct ike_msg_proposal *mp, enum ike_proto proto,
			       struct ike_proposal *p)
{
	int rc;

	if (mp->proto != proto)
		return "other protocol";
	rc = ike_msg_proposal_to(mp, p);
	if (rc == -E2BIG)
		return "too many transforms of one type";
	if (rc < 0)
		return "unknown transform type or attribute";
	if (p->n_encr == 0)
		return "no encryption algorithm";
	if (proto == IKE_PROTO_IKE && p->n_prf == 0)
		return "no PRF";
	if (proto == IKE_PROTO_IKE && p->n_dh == 0)
		return "no DH group";
	if (proto == IKE_PROTO_ESP && p->n_prf > 0)
		return "PRF in an ESP proposal";
	if (proto == IKE_PROTO_ESP && p->n_esn == 0)
		return "no ESN transform";
	return NULL;
}

static bool dh_pick(const struct ike_proposal *ours, const struct ike_proposal *peer,
		    const struct ike_proposal_ctx *ctx, struct ike_proposal *out)
{
	if (ours->n_dh == 0) {
		/* No PFS wanted: the peer must not insist on a group. */
		return peer->n_dh == 0 || list_has(peer->dh, peer->n_dh, 0);
	}
	/* Taking the group the initiator already sent avoids a round trip. */
	if (ctx->ke_group && list_has(peer->dh, peer->n_dh, ctx->ke_group) &&
	    list_has(ours->dh, ours->n_dh, ctx->ke_group)) {
		out->dh[0] = ctx->ke_group;
		out->n_dh = 1;
		return true;
	}
	if (!list_pick(peer->dh, peer->n_dh, ours->dh, ours->n_dh, &out->dh[0]))
		return false;
	out->n_dh = 1;
	return true;
}

/* One of our proposals against one well-formed peer proposal. */
static bool match_one(const struct ike_proposal *ours, const struct ike_proposal *peer,
		      const struct ike_proposal_ctx *ctx, struct ike_proposal *out)
{
	static const uint16_t esn_off[] = {IKE_ESN_NONE};
	bool found = false, aead;

	memset(out, 0, sizeof(*out));
	out->proto = ctx->proto;
	for (unsigned i = 0; i < peer->n_encr && !found; i++)
		for (unsigned j = 0; j < ours->n_encr && !found; j++)
			if (peer->encr[i].id == ours->encr[j].id &&
			    peer->encr[i].keylen == ours->encr[j].keylen) {
				out->encr[0] = peer->encr[i];
				found = true;
			}
	if (!found)
		return false;
	out->n_encr = 1;

	aead = ike_encr_is_aead(out->encr[0].id);
	if (aead) {
		/* RFC 5282 §8: AEAD goes with no integrity or with NONE only. */
		for (unsigned i = 0; i < peer->n_integ; i++)
			if (peer->integ[i] != 0)
				return false;
	} else {
		if (!list_pick(peer->integ, peer->n_integ, ours->integ, ours->n_integ,
			       &out->integ[0]))
			return false;
		out->n_integ = 1;
	}

	if (ctx->proto == IKE_PROTO_IKE) {
		if (!list_pick(peer->prf, peer->n_prf, ours->prf, ours->n_prf, &out->prf[0]))
			return false;
		out->n_prf = 1;
		return dh_pick(ours, peer, ctx, out);
	}

	if (ctx->pfs && !dh_pick(ours, peer, ctx, out))
		return false;
	if (ours->n_esn > 0) {
		if (!list_pick(peer->esn, peer->n_esn, ours->esn, ours->n_esn, &out->esn[0]))
			return false;
	} else if (!list_pick(peer->esn, peer->n_esn, esn_off, 1, &out->esn[0])) {
		return false;
	}
	out->n_esn = 1;
	return true;
}

static bool ours_ok(unsigned n_ours)
{
	return n_ours > 0 && n_ours <= IKE_MSG_MAX_PROPOSALS;
}

int ike_proposal_select(const struct ike_proposal *ours, unsigned n_ours,
			const struct ike_msg_sa *peer, const struct ike_proposal_ctx *ctx,
			struct ike_proposal_choice *out, char *why, size_t whylen)
{
	struct why w = {why, whylen, 0};
	const char *bad = NULL;
	unsigned n_bad = 0;

	if (why && whylen)
		why[0] = '\0';
	if (!ours_ok(n_ours)) {
		why_add(&w, "no proposals configured");
		return -EINVAL;
	}
	for (unsigned i = 0; i < peer->n_prop; i++) {
		const struct ike_msg_proposal *mp = &peer->prop[i];
		struct ike_proposal p, chosen;
		const char *err = peer_decode(mp, ctx->proto, &p);

		if (err) {
			if (!bad)
				bad = err;
			n_bad++;
			continue;
		}
		for (unsigned j = 0; j < n_ours; j++) {
			if (ours[j].proto != ctx->proto || !match_one(&ours[j], &p, ctx, &chosen))
				continue;
			out->prop = chosen;
			out->num = mp->num;
			out->spi = mp->spi;
			return 0;
		}
	}

	why_add(&w, "no proposal: peer offers ");
	for (unsigned i = 0; i < peer->n_prop; i++) {
		why_add(&w, "%s", i ? ", " : "");
		why_add_peer(&w, &peer->prop[i]);
	}
	if (peer->n_prop == 0)
		why_add(&w, "nothing");
	if (bad)
		why_add(&w, " (%u refused: %s)", n_bad, bad);
	why_add(&w, "; we accept ");
	why_add_ours(&w, ours, n_ours);
	return -ENOENT;
}

/* At most one transform per type, and only types we know. */
static const char *reply_counts(const struct ike_msg_proposal *mp, char *buf, size_t len)
{
	unsigned count[IKE_TRANSFORM_ESN + 1] = {0};

	for (unsigned i = 0; i < mp->n_xf; i++) {
		uint8_t t = mp->xf[i].type;

		if (t < IKE_TRANSFORM_ENCR || t > IKE_TRANSFORM_ESN) {
			snprintf(buf, len, "unknown transform type %u", t);
			return buf;
		}
		if (++count[t] > 1) {
			snprintf(buf, len, "more than one %s transform", type_word(t));
			return buf;
		}
	}
	return NULL;
}

int ike_proposal_check_reply(const struct ike_proposal *offered, unsigned n_offered,
			     const struct ike_msg_sa *reply, const struct ike_proposal_ctx *ctx,
			     struct ike_proposal_choice *out, char *why, size_t whylen)
{
	struct why w = {why, whylen, 0};
	const struct ike_msg_proposal *mp;
	struct ike_proposal p, chosen;
	char tmp[64];
	const char *err;

	if (why && whylen)
		why[0] = '\0';
	if (!ours_ok(n_offered)) {
		why_add(&w, "no proposals offered");
		return -EINVAL;
	}
	if (reply->n_prop != 1) {
		why_add(&w, "reply holds %u proposals, not 1", reply->n_prop);
		return -EBADMSG;
	}
	mp = &reply->prop[0];
	if (mp->num == 0 || mp->num > n_offered) {
		why_add(&w, "reply chose proposal number %u; we offered 1..%u", mp->num, n_offered);
		return -EBADMSG;
	}
	err = reply_counts(mp, tmp, sizeof(tmp));
	if (!err)
		err = peer_decode(mp, ctx->proto, &p);
	if (!err && !match_one(&offered[mp->num - 1], &p, ctx, &chosen))
		err = "not what we offered";
	if (err) {
		why_add(&w, "bad reply proposal %u: %s: peer chose ", mp->num, err);
		why_add_peer(&w, mp);
		why_add(&w, "; we offered ");
		why_add_ours(&w, &offered[mp->num - 1], 1);
		return -EBADMSG;
	}
	out->prop = chosen;
	out->num = mp->num;
	out->spi = mp->spi;
	return 0;
}

int ike_proposal_ke_check(const struct ike_proposal_choice *c, uint16_t ke_group, uint16_t *want)
{
	if (c->prop.n_dh == 0 || c->prop.dh[0] == ke_group)
		return 0;
	*want = c->prop.dh[0];
	return -EAGAIN;
}
