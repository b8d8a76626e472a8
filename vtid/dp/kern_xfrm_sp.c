/*
 * XFRM policies: a tunnel's 0/0 in and out policies, IPv4 and IPv6
 * selectors over the one outer family, keyed by the mark or the if_id.
 * libnl 3.7 has no if_id: XFRMA_IF_ID is added to its message by hand.
 */
#include <errno.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/xfrm/lifetime.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/sp.h>
#include <netlink/xfrm/template.h>
#include <string.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/kern_xfrm_int.h"

static const int kx_sp_dirs[] = {XFRM_POLICY_IN, XFRM_POLICY_OUT};
static const int kx_sp_families[] = {AF_INET, AF_INET6};

static struct xfrmnl_sel *kx_sel_any(int family)
{
	static const uint8_t zero[16];
	struct xfrmnl_sel *sel = xfrmnl_sel_alloc();
	struct nl_addr *any = nl_addr_build(family, zero, family == AF_INET ? 4 : 16);

	if (!sel || !any) {
		if (sel)
			xfrmnl_sel_put(sel);
		if (any)
			nl_addr_put(any);
		return NULL;
	}
	xfrmnl_sel_set_family(sel, (unsigned)family);
	xfrmnl_sel_set_daddr(sel, any);
	xfrmnl_sel_set_saddr(sel, any);
	xfrmnl_sel_set_prefixlen_d(sel, 0);
	xfrmnl_sel_set_prefixlen_s(sel, 0);
	nl_addr_put(any);
	return sel;
}

static struct xfrmnl_user_tmpl *kx_tmpl_new(const struct kx_tunnel *t, int dir)
{
	struct xfrmnl_user_tmpl *ut = xfrmnl_user_tmpl_alloc();
	bool in = dir == XFRM_POLICY_IN;
	struct nl_addr *src = kx_addr_nl(in ? &t->remote : &t->local);
	struct nl_addr *dst = kx_addr_nl(in ? &t->local : &t->remote);

	if (ut && src && dst) {
		xfrmnl_user_tmpl_set_family(ut, t->local.family);
		xfrmnl_user_tmpl_set_saddr(ut, src);
		xfrmnl_user_tmpl_set_daddr(ut, dst);
		xfrmnl_user_tmpl_set_proto(ut, IPPROTO_ESP);
		xfrmnl_user_tmpl_set_mode(ut, XFRM_MODE_TUNNEL);
		xfrmnl_user_tmpl_set_reqid(ut, t->reqid);
		xfrmnl_user_tmpl_set_aalgos(ut, ~0u);
		xfrmnl_user_tmpl_set_ealgos(ut, ~0u);
		xfrmnl_user_tmpl_set_calgos(ut, ~0u);
	} else if (ut) {
		xfrmnl_user_tmpl_free(ut);
		ut = NULL;
	}
	if (src)
		nl_addr_put(src);
	if (dst)
		nl_addr_put(dst);
	return ut;
}

/* add: a whole policy; otherwise the delete request for its selector. */
static int kx_sp_msg(const struct kx_tunnel *t, int dir, int family, bool add, struct nl_msg **out)
{
	struct xfrmnl_sp *sp = xfrmnl_sp_alloc();
	struct xfrmnl_sel *sel = kx_sel_any(family);
	struct xfrmnl_ltime_cfg *lt = xfrmnl_ltime_cfg_alloc();
	struct xfrmnl_user_tmpl *ut = NULL;
	int rc = -ENOMEM;

	if (!sp || !sel || !lt)
		goto out;
	xfrmnl_sp_set_sel(sp, sel);
	xfrmnl_sp_set_dir(sp, (unsigned)dir);
	if (t->iftype == DP_IF_VTI)
		xfrmnl_sp_set_mark(sp, t->key, 0xffffffffu);
	if (add) {
		ut = kx_tmpl_new(t, dir);
		if (!ut)
			goto out;
		xfrmnl_sp_add_usertemplate(sp, ut); /* sp owns it now */
		xfrmnl_sp_set_action(sp, XFRM_POLICY_ALLOW);
		xfrmnl_ltime_cfg_set_soft_bytelimit(lt, XFRM_INF);
		xfrmnl_ltime_cfg_set_hard_bytelimit(lt, XFRM_INF);
		xfrmnl_ltime_cfg_set_soft_packetlimit(lt, XFRM_INF);
		xfrmnl_ltime_cfg_set_hard_packetlimit(lt, XFRM_INF);
		xfrmnl_sp_set_lifetime_cfg(sp, lt);
		rc = xfrmnl_sp_build_add_request(sp, 0, out);
	} else {
		rc = xfrmnl_sp_build_delete_request(sp, 0, out);
	}
	rc = rc < 0 ? -ENOMEM : 0;
	if (rc == 0 && t->iftype == DP_IF_XFRM && nla_put_u32(*out, XFRMA_IF_ID, t->key) < 0) {
		nlmsg_free(*out);
		rc = -EMSGSIZE;
	}
out:
	if (lt)
		xfrmnl_ltime_cfg_put(lt);
	if (sel)
		xfrmnl_sel_put(sel);
	if (sp)
		xfrmnl_sp_put(sp);
	return rc;
}

static const char *kx_dir_name(int dir)
{
	return dir == XFRM_POLICY_IN ? "in" : dir == XFRM_POLICY_OUT ? "out" : "fwd";
}

static void kx_sp_del_one(struct kx *kx, const struct kx_tunnel *t, int dir, int family)
{
	struct nl_msg *msg;

	if (kx_sp_msg(t, dir, family, false, &msg) == 0)
		(void)kx_msg_send_ack(kx->nl, msg);
}

int kx_policies_add(struct kx *kx, const struct kx_tunnel *t, struct strbuf *err)
{
	for (size_t i = 0; i < 4; i++) {
		int dir = kx_sp_dirs[i / 2], family = kx_sp_families[i % 2];
		struct nl_msg *msg;
		int rc = kx_sp_msg(t, dir, family, true, &msg);

		if (rc == 0)
			rc = kx_msg_send_ack(kx->nl, msg);
		if (rc < 0) {
			if (err)
				sb_printf(err, "xfrm: add %s policy (%s) of reqid 0x%08x: %s",
					  kx_dir_name(dir), family == AF_INET ? "IPv4" : "IPv6",
					  t->reqid, strerror(-rc));
			/* only what this call added: an -EEXIST leaves the
			 * policies that were there before */
			while (i-- > 0)
				kx_sp_del_one(kx, t, kx_sp_dirs[i / 2], kx_sp_families[i % 2]);
			return rc;
		}
	}
	return 0;
}

void kx_policies_del(struct kx *kx, const struct kx_tunnel *t)
{
	for (size_t i = 0; i < 4; i++)
		kx_sp_del_one(kx, t, kx_sp_dirs[i / 2], kx_sp_families[i % 2]);
}
