/*
 * XFRM dumps for tests/kernel/test_kern_xfrm.c.
 */
#include <check.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <string.h>

#include "tests/kernel/kern_xfrm_dump.h"

struct nl_sock *kx_test_dump_sock(void)
{
	struct nl_sock *nl = nl_socket_alloc();

	ck_assert_ptr_nonnull(nl);
	ck_assert_int_eq(nl_connect(nl, NETLINK_XFRM), 0);
	return nl;
}

static int sa_cb(struct nl_msg *msg, void *arg)
{
	struct seen_sa *s = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[XFRMA_MAX + 1];
	const struct xfrm_usersa_info *p = nlmsg_data(nlh);

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA)
		return NL_OK;
	ck_assert_int_eq(nlmsg_parse(nlh, sizeof(*p), tb, XFRMA_MAX, NULL), 0);
	if (s->want_spi && ntohl(p->id.spi) != s->want_spi)
		return NL_OK;
	s->n++;
	s->info = *p;
	if (tb[XFRMA_MARK]) {
		s->has_mark = true;
		memcpy(&s->mark, nla_data(tb[XFRMA_MARK]), sizeof(s->mark));
	}
	if (tb[XFRMA_IF_ID]) {
		s->has_if_id = true;
		s->if_id = nla_get_u32(tb[XFRMA_IF_ID]);
	}
	if (tb[XFRMA_ENCAP]) {
		s->has_encap = true;
		memcpy(&s->encap, nla_data(tb[XFRMA_ENCAP]), sizeof(s->encap));
	}
	if (tb[XFRMA_REPLAY_ESN_VAL]) {
		const struct xfrm_replay_state_esn *r = nla_data(tb[XFRMA_REPLAY_ESN_VAL]);

		s->has_esn = true;
		s->window = r->replay_window;
		s->bmp_len = r->bmp_len;
	}
	if (tb[XFRMA_ALG_AEAD]) {
		const struct xfrm_algo_aead *a = nla_data(tb[XFRMA_ALG_AEAD]);

		snprintf(s->aead, sizeof(s->aead), "%s", a->alg_name);
		s->aead_keybits = a->alg_key_len;
		s->icv = a->alg_icv_len;
	}
	if (tb[XFRMA_ALG_CRYPT]) {
		const struct xfrm_algo *a = nla_data(tb[XFRMA_ALG_CRYPT]);

		snprintf(s->crypt, sizeof(s->crypt), "%s", a->alg_name);
		s->crypt_keybits = a->alg_key_len;
	}
	if (tb[XFRMA_ALG_AUTH_TRUNC]) {
		const struct xfrm_algo_auth *a = nla_data(tb[XFRMA_ALG_AUTH_TRUNC]);

		snprintf(s->auth, sizeof(s->auth), "%s", a->alg_name);
		s->auth_keybits = a->alg_key_len;
		s->trunc = a->alg_trunc_len;
	}
	return NL_OK;
}

void kx_test_sa_dump(uint32_t spi, struct seen_sa *s)
{
	struct nl_sock *nl = kx_test_dump_sock();

	memset(s, 0, sizeof(*s));
	s->want_spi = spi;
	nl_socket_modify_cb(nl, NL_CB_VALID, NL_CB_CUSTOM, sa_cb, s);
	ck_assert_int_ge(nl_send_simple(nl, XFRM_MSG_GETSA, NLM_F_DUMP, NULL, 0), 0);
	ck_assert_int_eq(nl_recvmsgs_default(nl), 0);
	nl_socket_free(nl);
}

static int sp_cb(struct nl_msg *msg, void *arg)
{
	struct seen_sp *s = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[XFRMA_MAX + 1];
	const struct xfrm_userpolicy_info *p = nlmsg_data(nlh);

	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY)
		return NL_OK;
	ck_assert_int_eq(nlmsg_parse(nlh, sizeof(*p), tb, XFRMA_MAX, NULL), 0);
	ck_assert_int_lt(s->n, 32);
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	s->v[s->n].dir = p->dir;
	s->v[s->n].sel_family = (uint8_t)p->sel.family;
	if (tb[XFRMA_MARK]) {
		s->v[s->n].has_mark = true;
		memcpy(&s->v[s->n].mark, nla_data(tb[XFRMA_MARK]), sizeof(struct xfrm_mark));
	}
	if (tb[XFRMA_IF_ID]) {
		s->v[s->n].has_if_id = true;
		s->v[s->n].if_id = nla_get_u32(tb[XFRMA_IF_ID]);
	}
	if (tb[XFRMA_TMPL]) {
		const struct xfrm_user_tmpl *ut = nla_data(tb[XFRMA_TMPL]);

		ck_assert_int_eq(nla_len(tb[XFRMA_TMPL]), (int)sizeof(*ut));
		s->v[s->n].reqid = ut->reqid;
		s->v[s->n].tmpl_family = (uint8_t)ut->family;
		s->v[s->n].saddr = ut->saddr;
		s->v[s->n].daddr = ut->id.daddr;
		ck_assert_int_eq(ut->id.proto, IPPROTO_ESP);
		ck_assert_int_eq(ut->mode, XFRM_MODE_TUNNEL);
	}
	s->n++;
	return NL_OK;
}

void kx_test_sp_dump(struct seen_sp *s)
{
	struct nl_sock *nl = kx_test_dump_sock();

	memset(s, 0, sizeof(*s));
	nl_socket_modify_cb(nl, NL_CB_VALID, NL_CB_CUSTOM, sp_cb, s);
	ck_assert_int_ge(nl_send_simple(nl, XFRM_MSG_GETPOLICY, NLM_F_DUMP, NULL, 0), 0);
	ck_assert_int_eq(nl_recvmsgs_default(nl), 0);
	nl_socket_free(nl);
}
