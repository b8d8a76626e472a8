/*
 * XFRM states: add, delete, read counters.
 *
 * libnl-xfrm builds the message, but the key attributes are put in by hand:
 * libnl would keep a copy of each key in its object and free it unwiped.
 * libnl 3.7 has no if_id either; XFRMA_IF_ID is added by hand as well.
 */
#include <errno.h>
#include <linux/udp.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/xfrm/lifetime.h>
#include <netlink/xfrm/sa.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/secret.h"
#include "common/strbuf.h"
#include "vtid/dp/kern_xfrm_int.h"

#define KX_KEY_MAX    64
#define KX_REPLAY_MAX 4096 /* XFRMA_REPLAY_ESN_MAX, in packets */

struct kx_integ {
	uint16_t id;
	const char *name;
	unsigned trunc_bits;
};

static const struct kx_integ kx_integs[] = {
	{2, "hmac(sha1)", 96},
	{12, "hmac(sha256)", 128},
	{13, "hmac(sha384)", 192},
	{14, "hmac(sha512)", 256},
};

static const struct kx_integ *kx_integ_find(uint16_t id)
{
	for (size_t i = 0; i < sizeof(kx_integs) / sizeof(kx_integs[0]); i++)
		if (kx_integs[i].id == id)
			return &kx_integs[i];
	return NULL;
}

static int kx_sockaddr_split(const struct sockaddr_storage *ss, struct vt_addr *a, uint16_t *port)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

		a->family = AF_INET;
		a->u.v4 = sin->sin_addr;
		*port = ntohs(sin->sin_port);
		return 0;
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

		a->family = AF_INET6;
		a->u.v6 = sin6->sin6_addr;
		*port = ntohs(sin6->sin6_port);
		return 0;
	}
	return -EAFNOSUPPORT;
}

/* The key attributes, built in a buffer that is wiped. */
static int kx_keys_put(struct nl_msg *msg, const struct dp_sa_conf *c)
{
	uint8_t buf[sizeof(struct xfrm_algo_auth) + KX_KEY_MAX];
	int rc = -EINVAL;

	if (c->encr_key_len > KX_KEY_MAX || c->integ_key_len > KX_KEY_MAX)
		return -EINVAL;
	if (c->encr == 20) {
		struct xfrm_algo_aead *a = (struct xfrm_algo_aead *)buf;

		if (c->integ != 0 || c->encr_key_len != (size_t)c->encr_keylen / 8 + 4)
			return -EINVAL;
		memset(a, 0, sizeof(*a));
		strcpy(a->alg_name, "rfc4106(gcm(aes))");
		a->alg_key_len = (unsigned)c->encr_key_len * 8;
		a->alg_icv_len = 128;
		memcpy(a->alg_key, c->encr_key, c->encr_key_len);
		rc = nla_put(msg, XFRMA_ALG_AEAD, (int)(sizeof(*a) + c->encr_key_len), a);
	} else if (c->encr == 12) {
		const struct kx_integ *ig = kx_integ_find(c->integ);
		struct xfrm_algo *e = (struct xfrm_algo *)buf;
		struct xfrm_algo_auth *au = (struct xfrm_algo_auth *)buf;

		if (!ig || c->encr_key_len != (size_t)c->encr_keylen / 8)
			return -EINVAL;
		memset(e, 0, sizeof(*e));
		strcpy(e->alg_name, "cbc(aes)");
		e->alg_key_len = (unsigned)c->encr_key_len * 8;
		memcpy(e->alg_key, c->encr_key, c->encr_key_len);
		rc = nla_put(msg, XFRMA_ALG_CRYPT, (int)(sizeof(*e) + c->encr_key_len), e);
		secret_wipe(buf, sizeof(buf));
		if (rc < 0)
			return -EMSGSIZE;
		memset(au, 0, sizeof(*au));
		strcpy(au->alg_name, ig->name);
		au->alg_key_len = (unsigned)c->integ_key_len * 8;
		au->alg_trunc_len = ig->trunc_bits;
		memcpy(au->alg_key, c->integ_key, c->integ_key_len);
		rc = nla_put(msg, XFRMA_ALG_AUTH_TRUNC, (int)(sizeof(*au) + c->integ_key_len), au);
	} else {
		return -EINVAL;
	}
	secret_wipe(buf, sizeof(buf));
	return rc < 0 ? -EMSGSIZE : 0;
}

static uint64_t kx_limit(uint64_t v)
{
	return v ? v : XFRM_INF;
}

/* Everything but the keys and the if_id, through libnl's object. */
static int kx_sa_build(const struct kx_tunnel *t, const struct dp_sa_conf *c, struct nl_msg **out)
{
	struct vt_addr local, remote;
	uint16_t lport, rport;
	struct xfrmnl_sa *sa = NULL;
	struct xfrmnl_ltime_cfg *lt = NULL;
	struct nl_addr *src = NULL, *dst = NULL, *oa = NULL;
	uint32_t bmp[KX_REPLAY_MAX / 32];
	unsigned window = c->replay_window ? c->replay_window : 1024;
	unsigned flags = XFRM_STATE_AF_UNSPEC;
	int rc = -ENOMEM;

	if (kx_sockaddr_split(&c->local, &local, &lport) < 0 ||
	    kx_sockaddr_split(&c->remote, &remote, &rport) < 0 || local.family != remote.family)
		return -EAFNOSUPPORT;
	if (window > KX_REPLAY_MAX)
		window = KX_REPLAY_MAX;
	if (c->esn)
		flags |= XFRM_STATE_ESN;
	memset(bmp, 0, sizeof(bmp));

	sa = xfrmnl_sa_alloc();
	lt = xfrmnl_ltime_cfg_alloc();
	src = kx_addr_nl(c->inbound ? &remote : &local);
	dst = kx_addr_nl(c->inbound ? &local : &remote);
	oa = kx_addr_nl(c->inbound ? &remote : &local);
	if (!sa || !lt || !src || !dst || !oa)
		goto out;
	xfrmnl_sa_set_family(sa, local.family);
	xfrmnl_sa_set_saddr(sa, src);
	xfrmnl_sa_set_daddr(sa, dst);
	xfrmnl_sa_set_spi(sa, c->spi);
	xfrmnl_sa_set_proto(sa, IPPROTO_ESP);
	xfrmnl_sa_set_mode(sa, XFRM_MODE_TUNNEL);
	xfrmnl_sa_set_reqid(sa, t->reqid);
	xfrmnl_sa_set_flags(sa, flags);
	/* Windows over 32 need the bitmap form; the kernel then wants
	 * the header's replay_window left at 0.  Outbound states get one
	 * too: 6.1 refuses an ESN state with a window of 0. */
	if (xfrmnl_sa_set_replay_state_esn(sa, 0, 0, 0, 0, window, (window + 31) / 32, bmp) < 0)
		goto out;
	xfrmnl_ltime_cfg_set_soft_bytelimit(lt, kx_limit(c->soft_bytes));
	xfrmnl_ltime_cfg_set_hard_bytelimit(lt, kx_limit(c->hard_bytes));
	xfrmnl_ltime_cfg_set_soft_packetlimit(lt, kx_limit(c->soft_packets));
	xfrmnl_ltime_cfg_set_hard_packetlimit(lt, kx_limit(c->hard_packets));
	xfrmnl_sa_set_lifetime_cfg(sa, lt);
	if (t->iftype == DP_IF_VTI)
		xfrmnl_sa_set_mark(sa, t->key, 0xffffffffu);
	if (c->encap && xfrmnl_sa_set_encap_tmpl(sa, UDP_ENCAP_ESPINUDP, c->inbound ? rport : lport,
						 c->inbound ? lport : rport, oa) < 0)
		goto out;
	rc = xfrmnl_sa_build_add_request(sa, 0, out) < 0 ? -ENOMEM : 0;
out:
	if (oa)
		nl_addr_put(oa);
	if (dst)
		nl_addr_put(dst);
	if (src)
		nl_addr_put(src);
	if (lt)
		xfrmnl_ltime_cfg_put(lt);
	if (sa)
		xfrmnl_sa_put(sa);
	return rc;
}

int kx_sa_add_sock(struct nl_sock *nl, const struct kx_tunnel *t, const struct dp_sa_conf *c,
		   struct strbuf *err)
{
	struct nl_msg *msg = NULL;
	int rc;

	rc = kx_sa_build(t, c, &msg);
	if (rc == 0) {
		rc = kx_keys_put(msg, c);
		if (rc == 0 && t->iftype == DP_IF_XFRM && nla_put_u32(msg, XFRMA_IF_ID, t->key) < 0)
			rc = -EMSGSIZE;
		if (rc < 0) {
			secret_wipe(nlmsg_hdr(msg), nlmsg_get_max_size(msg));
			nlmsg_free(msg);
		} else {
			rc = kx_msg_send_ack(nl, msg);
		}
	}
	if (rc < 0 && err)
		sb_printf(err, "xfrm: add %s SA 0x%08x: %s", c->inbound ? "inbound" : "outbound",
			  c->spi, strerror(-rc));
	return rc;
}

int kx_state_add(struct kx *kx, const struct kx_tunnel *t, const struct dp_sa_conf *c,
		 struct strbuf *err)
{
	const struct vt_addr *daddr = c->inbound ? &t->local : &t->remote;
	bool known = kx_sa_ent_find(kx, c->spi, daddr) != NULL;
	int rc;

	/* Remembered first: an expire may come before the answer is read. */
	rc = kx_sa_ent_add(kx, c->spi, daddr, c->inbound);
	if (rc < 0) {
		if (err)
			sb_add(err, "xfrm: out of memory");
		return rc;
	}
	rc = kx_sa_add_sock(kx->nl, t, c, err);
	if (rc < 0 && !known) {
		struct kx_sa_ent *e = kx_sa_ent_find(kx, c->spi, daddr);

		if (e)
			kx_sa_ent_del(kx, e);
	}
	return rc;
}

static struct nl_msg *kx_sa_id_msg(int type, const struct vt_addr *daddr, uint32_t spi,
				   uint32_t mark, uint32_t mask)
{
	struct xfrm_usersa_id id;
	struct xfrm_mark m = {.v = mark, .m = mask};
	struct nl_msg *msg = nlmsg_alloc_simple(type, 0);

	if (!msg)
		return NULL;
	memset(&id, 0, sizeof(id));
	kx_addr_to_xfrm(daddr, &id.daddr);
	id.spi = htonl(spi);
	id.family = daddr->family;
	id.proto = IPPROTO_ESP;
	if (nlmsg_append(msg, &id, sizeof(id), NLMSG_ALIGNTO) < 0 ||
	    (mask && nla_put(msg, XFRMA_MARK, sizeof(m), &m) < 0)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int kx_sa_del_sock(struct nl_sock *nl, const struct vt_addr *daddr, uint32_t spi, uint32_t mark,
		   uint32_t mask)
{
	struct nl_msg *msg = kx_sa_id_msg(XFRM_MSG_DELSA, daddr, spi, mark, mask);

	return msg ? kx_msg_send_ack(nl, msg) : -ENOMEM;
}

static uint32_t kx_tunnel_mark(const struct kx_tunnel *t)
{
	return t->iftype == DP_IF_VTI ? t->key : 0;
}

static uint32_t kx_tunnel_mask(const struct kx_tunnel *t)
{
	return t->iftype == DP_IF_VTI ? 0xffffffffu : 0;
}

int kx_state_del(struct kx *kx, const struct kx_tunnel *t, uint32_t spi, bool inbound)
{
	const struct vt_addr *daddr = inbound ? &t->local : &t->remote;
	struct kx_sa_ent *e = kx_sa_ent_find(kx, spi, daddr);

	int rc;

	if (e)
		kx_sa_ent_del(kx, e);
	rc = kx_sa_del_sock(kx->nl, daddr, spi, kx_tunnel_mark(t), kx_tunnel_mask(t));
	return rc == -ESRCH ? -ENOENT : rc; /* the kernel's "no such state" */
}

static int kx_stats_parse(const struct nlmsghdr *nlh, void *arg)
{
	struct dp_sa_stats *out = arg;
	const struct xfrm_usersa_info *p;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA || nlh->nlmsg_len < (uint32_t)nlmsg_size(sizeof(*p)))
		return -EBADMSG;
	p = nlmsg_data(nlh);
	out->bytes = p->curlft.bytes;
	out->packets = p->curlft.packets;
	/* replay: a repeated number; replay_window: one too old */
	out->replay_drops = (uint64_t)p->stats.replay + p->stats.replay_window;
	out->auth_fails = p->stats.integrity_failed;
	out->other_drops = 0;
	return 0;
}

int kx_state_stats(struct kx *kx, const struct kx_tunnel *t, uint32_t spi, bool inbound,
		   struct dp_sa_stats *out)
{
	const struct vt_addr *daddr = inbound ? &t->local : &t->remote;
	struct nl_msg *msg =
		kx_sa_id_msg(XFRM_MSG_GETSA, daddr, spi, kx_tunnel_mark(t), kx_tunnel_mask(t));
	int rc;

	memset(out, 0, sizeof(*out));
	if (!msg)
		return -ENOMEM;
	rc = kx_msg_transact(kx->nl, msg, kx_stats_parse, out);
	return rc == -ESRCH ? -ENOENT : rc;
}
