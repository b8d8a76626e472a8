/*
 * Left-overs and capability: kx_purge() removes every state and policy
 * in vtid's reqid range (a run that died), kx_probe() tries ESP states.
 */
#include <errno.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/socket.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/kern_xfrm_int.h"

struct kx_left {
	int type; /* XFRM_MSG_DELSA or XFRM_MSG_DELPOLICY */
	struct vt_addr daddr;
	uint32_t spi, index;
	uint8_t dir;
	bool has_mark, has_if_id;
	struct xfrm_mark mark;
	uint32_t if_id;
};

struct kx_lefts {
	struct kx_left *v;
	size_t n, cap;
};

static bool kx_reqid_ours(uint32_t reqid)
{
	return (reqid & KX_REQID_MASK) == KX_REQID_BASE;
}

static int kx_lefts_push(struct kx_lefts *l, const struct kx_left *e)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct kx_left *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *e;
	return 0;
}

static void kx_left_attrs(struct kx_left *e, struct nlattr **tb)
{
	if (tb[XFRMA_MARK] && nla_len(tb[XFRMA_MARK]) >= (int)sizeof(e->mark)) {
		memcpy(&e->mark, nla_data(tb[XFRMA_MARK]), sizeof(e->mark));
		e->has_mark = true;
	}
	if (tb[XFRMA_IF_ID] && nla_len(tb[XFRMA_IF_ID]) >= 4) {
		e->if_id = nla_get_u32(tb[XFRMA_IF_ID]);
		e->has_if_id = true;
	}
}

static int kx_sa_seen(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[XFRMA_MAX + 1];
	const struct xfrm_usersa_info *p;
	struct kx_left e;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    nlmsg_parse((struct nlmsghdr *)nlh, sizeof(*p), tb, XFRMA_MAX, NULL) < 0)
		return 0;
	p = nlmsg_data(nlh);
	if (!kx_reqid_ours(p->reqid) || (p->family != AF_INET && p->family != AF_INET6))
		return 0;
	memset(&e, 0, sizeof(e));
	e.type = XFRM_MSG_DELSA;
	kx_addr_from_xfrm(p->family, &p->id.daddr, &e.daddr);
	e.spi = p->id.spi; /* network order, as it goes back */
	e.dir = p->id.proto;
	kx_left_attrs(&e, tb);
	return kx_lefts_push(arg, &e);
}

static int kx_sp_seen(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[XFRMA_MAX + 1];
	const struct xfrm_userpolicy_info *p;
	const struct xfrm_user_tmpl *ut;
	struct kx_left e;
	bool ours = false;
	int n;

	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY ||
	    nlmsg_parse((struct nlmsghdr *)nlh, sizeof(*p), tb, XFRMA_MAX, NULL) < 0 ||
	    !tb[XFRMA_TMPL])
		return 0;
	p = nlmsg_data(nlh);
	ut = nla_data(tb[XFRMA_TMPL]);
	n = nla_len(tb[XFRMA_TMPL]) / (int)sizeof(*ut);
	for (int i = 0; i < n; i++)
		ours |= kx_reqid_ours(ut[i].reqid);
	if (!ours)
		return 0;
	memset(&e, 0, sizeof(e));
	e.type = XFRM_MSG_DELPOLICY;
	e.index = p->index;
	e.dir = p->dir;
	kx_left_attrs(&e, tb);
	return kx_lefts_push(arg, &e);
}

static int kx_dump(struct nl_sock *nl, int type, kx_reply_fn cb, struct kx_lefts *l)
{
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_DUMP);

	if (!msg)
		return -ENOMEM;
	return kx_msg_transact(nl, msg, cb, l);
}

static int kx_left_del(struct nl_sock *nl, const struct kx_left *e)
{
	struct nl_msg *msg = nlmsg_alloc_simple(e->type, 0);
	int rc = -EMSGSIZE;

	if (!msg)
		return -ENOMEM;
	if (e->type == XFRM_MSG_DELSA) {
		struct xfrm_usersa_id id;

		memset(&id, 0, sizeof(id));
		kx_addr_to_xfrm(&e->daddr, &id.daddr);
		id.spi = e->spi;
		id.family = e->daddr.family;
		id.proto = e->dir;
		if (nlmsg_append(msg, &id, sizeof(id), NLMSG_ALIGNTO) < 0)
			goto fail;
	} else {
		struct xfrm_userpolicy_id id;

		memset(&id, 0, sizeof(id));
		id.index = e->index;
		id.dir = e->dir;
		if (nlmsg_append(msg, &id, sizeof(id), NLMSG_ALIGNTO) < 0)
			goto fail;
	}
	if (e->has_mark && nla_put(msg, XFRMA_MARK, sizeof(e->mark), &e->mark) < 0)
		goto fail;
	if (e->has_if_id && nla_put_u32(msg, XFRMA_IF_ID, e->if_id) < 0)
		goto fail;
	return kx_msg_send_ack(nl, msg);
fail:
	nlmsg_free(msg);
	return rc;
}

static int kx_purge_sock(struct nl_sock *nl, struct strbuf *err)
{
	struct kx_lefts l = {NULL, 0, 0};
	int rc, removed = 0;

	rc = kx_dump(nl, XFRM_MSG_GETPOLICY, kx_sp_seen, &l);
	if (rc == 0)
		rc = kx_dump(nl, XFRM_MSG_GETSA, kx_sa_seen, &l);
	if (rc < 0) {
		if (err)
			sb_printf(err, "xfrm: dump: %s", strerror(-rc));
		free(l.v);
		return rc;
	}
	for (size_t i = 0; i < l.n; i++) {
		int r = kx_left_del(nl, &l.v[i]);

		/* gone already (a hard expire meanwhile) counts as done */
		if (r == 0)
			removed++;
		else if (r != -ENOENT && r != -ESRCH)
			log_fault(LOGM_DP, "xfrm: purge: delete: %s", strerror(-r));
	}
	free(l.v);
	return removed;
}

int kx_purge(struct kx *kx, struct strbuf *err)
{
	return kx_purge_sock(kx->nl, err);
}

/* ---- kx_probe ------------------------------------------------------------------ */

void kx_sa_conf_v4(struct dp_sa_conf *c, const struct kx_tunnel *t, bool gcm, unsigned keybits,
		   const uint8_t *key, const uint8_t *integ_key)
{
	struct sockaddr_in *l = (struct sockaddr_in *)&c->local;
	struct sockaddr_in *r = (struct sockaddr_in *)&c->remote;

	memset(c, 0, sizeof(*c));
	c->encr = gcm ? 20 : 12;
	c->encr_keylen = keybits;
	c->encr_key = key;
	c->encr_key_len = keybits / 8 + (gcm ? 4 : 0); /* GCM: and the salt */
	c->integ = gcm ? 0 : 12;
	c->integ_key = gcm ? NULL : integ_key;
	c->integ_key_len = gcm ? 0 : 32;
	l->sin_family = AF_INET;
	l->sin_addr = t->local.u.v4;
	l->sin_port = htons(4500);
	r->sin_family = AF_INET;
	r->sin_addr = t->remote.u.v4;
	r->sin_port = htons(4500);
}

int kx_probe(struct strbuf *why)
{
	static const uint8_t key[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	struct kx_tunnel t;
	struct nl_sock *nl;
	struct strbuf sb = STRBUF_INIT;
	int rc, yes = 1;

	rc = kx_sock_open(&nl);
	if (rc < 0) {
		if (why)
			sb_printf(why, "xfrm: netlink: %s", strerror(-rc));
		return rc;
	}
	memset(&t, 0, sizeof(t));
	t.reqid = KX_REQID_PROBE;
	t.iftype = DP_IF_VTI;
	t.key = 0x7674ffffu;
	vt_addr_from_v4(&t.local, 0x7f000001);
	vt_addr_from_v4(&t.remote, 0x7f000002);
	for (unsigned i = 0; i < 4 && yes == 1; i++) {
		struct dp_sa_conf c;
		uint32_t spi = 0xc0ffee00u + i;

		kx_sa_conf_v4(&c, &t, i & 1, 128, key, key);
		c.spi = spi;
		c.encap = i & 2;
		rc = kx_sa_add_sock(nl, &t, &c, &sb);
		if (rc == -EPERM) {
			yes = rc;
		} else if (rc < 0) {
			yes = 0;
		} else {
			(void)kx_sa_del_sock(nl, &t.remote, spi, t.key, 0xffffffffu);
		}
	}
	if (yes != 1 && why)
		sb_add(why, sb_str(&sb));
	sb_free(&sb);
	nl_socket_free(nl);
	return yes;
}
