/*
 * vtid/dp/kern_xfrm.h against the running kernel, each test in a network
 * namespace of its own; what the kernel holds is read back with netlink
 * dumps.  Policies work on any kernel with XFRM; the state tests need ESP
 * (kx_probe) and run in the VM (tests/kernel/vm.sh).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/evloop.h"
#include "common/strbuf.h"
#include "tests/kernel/kern_xfrm_dump.h"
#include "tests/unit/shell_cmd.h"
#include "vtid/dp/kern_xfrm.h"
#include "vtid/dp/kern_xfrm_int.h"

/* ---- fixtures ------------------------------------------------------------------ */

static struct ev_loop *loop;
static struct kx *kx;

struct expired {
	int n;
	uint32_t reqid, spi;
	bool inbound, hard;
};
static struct expired got;

static void on_expired(void *ctx, uint32_t reqid, uint32_t spi, bool inbound, bool hard)
{
	(void)ctx;
	got.n++;
	got.reqid = reqid;
	got.spi = spi;
	got.inbound = inbound;
	got.hard = hard;
}

static const struct kx_events events = {on_expired};

static void setup(void)
{
	struct strbuf err = STRBUF_INIT;

	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	loop = ev_loop_new();
	ck_assert_ptr_nonnull(loop);
	kx = kx_new(loop, &events, NULL, &err);
	ck_assert_msg(kx != NULL, "kx_new: %s", sb_str(&err));
	memset(&got, 0, sizeof(got));
	sb_free(&err);
}

static void teardown(void)
{
	kx_free(kx);
	ev_loop_free(loop);
}

static void tunnel_init(struct kx_tunnel *t, uint32_t n, enum dp_iftype type, uint32_t key)
{
	memset(t, 0, sizeof(*t));
	t->reqid = KX_REQID_BASE | n;
	t->iftype = type;
	t->key = key;
	ck_assert_int_eq(vt_addr_parse("192.0.2.1", AF_INET, &t->local), 0);
	ck_assert_int_eq(vt_addr_parse("198.51.100.7", AF_INET, &t->remote), 0);
}

/* ---- policies ------------------------------------------------------------------ */

static void check_policies(const struct seen_sp *s, const struct kx_tunnel *t)
{
	int seen[2][2] = {{0, 0}, {0, 0}};

	ck_assert_int_eq(s->n, 4);
	for (int i = 0; i < s->n; i++) {
		bool in = s->v[i].dir == XFRM_POLICY_IN;

		ck_assert(s->v[i].dir == XFRM_POLICY_IN || s->v[i].dir == XFRM_POLICY_OUT);
		ck_assert(s->v[i].sel_family == AF_INET || s->v[i].sel_family == AF_INET6);
		seen[in][s->v[i].sel_family == AF_INET6]++;
		ck_assert_uint_eq(s->v[i].reqid, t->reqid);
		ck_assert_int_eq(s->v[i].tmpl_family, AF_INET);
		ck_assert_mem_eq(&s->v[i].saddr, in ? t->remote.u.bytes : t->local.u.bytes, 4);
		ck_assert_mem_eq(&s->v[i].daddr, in ? t->local.u.bytes : t->remote.u.bytes, 4);
		if (t->iftype == DP_IF_VTI) {
			ck_assert(s->v[i].has_mark);
			ck_assert_uint_eq(s->v[i].mark.v, t->key);
			ck_assert_uint_eq(s->v[i].mark.m, 0xffffffffu);
			ck_assert(!s->v[i].has_if_id || s->v[i].if_id == 0);
		} else {
			ck_assert(!s->v[i].has_mark || s->v[i].mark.m == 0);
			ck_assert(s->v[i].has_if_id);
			ck_assert_uint_eq(s->v[i].if_id, t->key);
		}
	}
	for (int d = 0; d < 2; d++)
		for (int f = 0; f < 2; f++)
			ck_assert_int_eq(seen[d][f], 1);
}

/* Added, as the kernel holds them, and deleted to the last. */
static void policies_add_del(uint32_t n, enum dp_iftype type, uint32_t key)
{
	struct kx_tunnel t;
	struct seen_sp s;
	struct strbuf err = STRBUF_INIT;

	tunnel_init(&t, n, type, key);
	ck_assert_msg(kx_policies_add(kx, &t, &err) == 0, "%s", sb_str(&err));
	kx_test_sp_dump(&s);
	check_policies(&s, &t);
	kx_policies_del(kx, &t);
	kx_test_sp_dump(&s);
	ck_assert_int_eq(s.n, 0);
	sb_free(&err);
}

START_TEST(policies_vti)
{
	policies_add_del(1, DP_IF_VTI, 0x11);
}
END_TEST

START_TEST(policies_xfrm_if)
{
	policies_add_del(2, DP_IF_XFRM, 7);
}
END_TEST

START_TEST(policies_twice_refused)
{
	struct kx_tunnel t;
	struct seen_sp s;
	struct strbuf err = STRBUF_INIT;

	tunnel_init(&t, 3, DP_IF_VTI, 0x12);
	ck_assert_int_eq(kx_policies_add(kx, &t, NULL), 0);
	ck_assert_int_eq(kx_policies_add(kx, &t, &err), -EEXIST);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "policy"));
	/* the failed add leaves the policies that were there */
	kx_test_sp_dump(&s);
	check_policies(&s, &t);
	sb_free(&err);
}
END_TEST

START_TEST(purge_policies)
{
	struct kx_tunnel ours, other, foreign;
	struct seen_sp s;

	tunnel_init(&ours, 4, DP_IF_VTI, 0x21);
	tunnel_init(&other, 5, DP_IF_XFRM, 0x22);
	tunnel_init(&foreign, 0, DP_IF_VTI, 0x23);
	foreign.reqid = 5;
	ck_assert_int_eq(kx_policies_add(kx, &ours, NULL), 0);
	ck_assert_int_eq(kx_policies_add(kx, &other, NULL), 0);
	ck_assert_int_eq(kx_policies_add(kx, &foreign, NULL), 0);
	ck_assert_int_eq(kx_purge(kx, NULL), 8);
	kx_test_sp_dump(&s);
	check_policies(&s, &foreign);
	ck_assert_int_eq(kx_purge(kx, NULL), 0);
}
END_TEST

START_TEST(probe_answers)
{
	struct strbuf why = STRBUF_INIT;
	struct seen_sa s;
	int rc = kx_probe(&why);

	ck_assert(rc == 0 || rc == 1);
	if (rc == 0)
		ck_assert_uint_gt(why.len, 0);
	kx_test_sa_dump(0, &s);
	ck_assert_int_eq(s.n, 0); /* it leaves nothing behind */
	sb_free(&why);
}
END_TEST

/* ---- states (need ESP) ------------------------------------------------------- */

static const uint8_t key_a[36] = {0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6};
static const uint8_t key_i[64] = {0xb1, 0xb2, 0xb3};

/* AES-256: GCM-16, or CBC with HMAC-SHA2-256; from remote port 4501. */
static void sa_conf(struct dp_sa_conf *c, const struct kx_tunnel *t, uint32_t spi, bool inbound,
		    bool gcm, bool encap)
{
	kx_sa_conf_v4(c, t, gcm, 256, key_a, key_i);
	c->spi = spi;
	c->inbound = inbound;
	c->encap = encap;
	((struct sockaddr_in *)&c->remote)->sin_port = htons(4501);
}

START_TEST(state_gcm_encap_vti)
{
	struct kx_tunnel t;
	struct dp_sa_conf c;
	struct seen_sa s;
	struct dp_sa_stats st;
	struct strbuf err = STRBUF_INIT;

	tunnel_init(&t, 10, DP_IF_VTI, 0x31);
	sa_conf(&c, &t, 0x1000a, true, true, true);
	ck_assert_msg(kx_state_add(kx, &t, &c, &err) == 0, "%s", sb_str(&err));
	kx_test_sa_dump(0x1000a, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_uint_eq(s.info.reqid, t.reqid);
	ck_assert_int_eq(s.info.mode, XFRM_MODE_TUNNEL);
	ck_assert_int_eq(s.info.id.proto, IPPROTO_ESP);
	ck_assert_mem_eq(&s.info.id.daddr, t.local.u.bytes, 4); /* inbound */
	ck_assert_mem_eq(&s.info.saddr, t.remote.u.bytes, 4);
	ck_assert(s.has_mark);
	ck_assert_uint_eq(s.mark.v, 0x31);
	ck_assert_uint_eq(s.mark.m, 0xffffffffu);
	ck_assert_str_eq(s.aead, "rfc4106(gcm(aes))");
	ck_assert_uint_eq(s.aead_keybits, 288);
	ck_assert_uint_eq(s.icv, 128);
	ck_assert(s.has_encap);
	ck_assert_int_eq(s.encap.encap_type, UDP_ENCAP_ESPINUDP);
	ck_assert_int_eq(ntohs(s.encap.encap_sport), 4501);
	ck_assert_int_eq(ntohs(s.encap.encap_dport), 4500);
	ck_assert(s.has_esn);
	ck_assert_uint_eq(s.window, 1024);
	ck_assert(!(s.info.flags & XFRM_STATE_ESN));
	/* inner IPv4 and IPv6 over the one pair of outer addresses */
	ck_assert(s.info.flags & XFRM_STATE_AF_UNSPEC);
	ck_assert_int_eq(s.info.sel.family, AF_UNSPEC);
	ck_assert_uint_eq(s.info.lft.hard_byte_limit, XFRM_INF);

	ck_assert_int_eq(kx_state_stats(kx, &t, 0x1000a, true, &st), 0);
	ck_assert_uint_eq(st.packets, 0);
	ck_assert_int_eq(kx_state_stats(kx, &t, 0x1000a, false, &st), -ENOENT);
	ck_assert_int_eq(kx_state_del(kx, &t, 0x1000a, true), 0);
	ck_assert_int_eq(kx_state_del(kx, &t, 0x1000a, true), -ENOENT);
	kx_test_sa_dump(0, &s);
	ck_assert_int_eq(s.n, 0);
	sb_free(&err);
}
END_TEST

START_TEST(state_cbc_xfrm_if)
{
	static const struct {
		uint16_t integ;
		const char *name;
		uint32_t keylen, trunc;
	} integs[] = {
		{2, "hmac(sha1)", 20, 96},
		{12, "hmac(sha256)", 32, 128},
		{13, "hmac(sha384)", 48, 192},
		{14, "hmac(sha512)", 64, 256},
	};
	struct kx_tunnel t;
	struct dp_sa_conf c;
	struct seen_sa s;
	struct strbuf err = STRBUF_INIT;

	tunnel_init(&t, 11, DP_IF_XFRM, 9);
	for (uint32_t i = 0; i < 4; i++) {
		sa_conf(&c, &t, 0x2000 + i, false, false, false);
		c.integ = integs[i].integ;
		c.integ_key_len = integs[i].keylen;
		c.esn = i == 1;
		c.soft_packets = 1000;
		c.hard_bytes = 1u << 30;
		ck_assert_msg(kx_state_add(kx, &t, &c, &err) == 0, "%s", sb_str(&err));
		kx_test_sa_dump(0x2000 + i, &s);
		ck_assert_int_eq(s.n, 1);
		ck_assert_mem_eq(&s.info.id.daddr, t.remote.u.bytes, 4); /* outbound */
		ck_assert(!s.has_mark || s.mark.m == 0);
		ck_assert(s.has_if_id);
		ck_assert_uint_eq(s.if_id, 9);
		ck_assert_str_eq(s.crypt, "cbc(aes)");
		ck_assert_uint_eq(s.crypt_keybits, 256);
		ck_assert_str_eq(s.auth, integs[i].name);
		ck_assert_uint_eq(s.auth_keybits, integs[i].keylen * 8);
		ck_assert_uint_eq(s.trunc, integs[i].trunc);
		ck_assert(!s.has_encap);
		ck_assert_int_eq(!!(s.info.flags & XFRM_STATE_ESN), i == 1);
		ck_assert_uint_eq(s.info.lft.soft_packet_limit, 1000);
		ck_assert_uint_eq(s.info.lft.hard_byte_limit, 1u << 30);
		ck_assert_uint_eq(s.info.lft.hard_packet_limit, XFRM_INF);
	}
	sb_free(&err);
}
END_TEST

START_TEST(state_replay_window)
{
	struct kx_tunnel t;
	struct dp_sa_conf c;
	struct seen_sa s;

	tunnel_init(&t, 12, DP_IF_VTI, 0x32);
	sa_conf(&c, &t, 0x3000, true, true, false);
	c.replay_window = 64;
	ck_assert_int_eq(kx_state_add(kx, &t, &c, NULL), 0);
	kx_test_sa_dump(0x3000, &s);
	ck_assert_uint_eq(s.window, 64);
	ck_assert(!s.has_encap);
}
END_TEST

START_TEST(state_bad_algorithm)
{
	struct kx_tunnel t;
	struct dp_sa_conf c;
	struct seen_sa s;
	struct strbuf err = STRBUF_INIT;

	tunnel_init(&t, 13, DP_IF_VTI, 0x33);
	sa_conf(&c, &t, 0x4000, true, false, false);
	c.integ = 5; /* AES-XCBC: not offered */
	ck_assert_int_eq(kx_state_add(kx, &t, &c, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "0x00004000"));
	kx_test_sa_dump(0, &s);
	ck_assert_int_eq(s.n, 0);
	sb_free(&err);
}
END_TEST

START_TEST(purge_states)
{
	struct kx_tunnel ours, foreign;
	struct dp_sa_conf c;
	struct seen_sa s;

	tunnel_init(&ours, 14, DP_IF_VTI, 0x41);
	tunnel_init(&foreign, 0, DP_IF_VTI, 0x42);
	foreign.reqid = 5;
	sa_conf(&c, &ours, 0x5001, true, true, true);
	ck_assert_int_eq(kx_state_add(kx, &ours, &c, NULL), 0);
	sa_conf(&c, &ours, 0x5002, false, false, false);
	ck_assert_int_eq(kx_state_add(kx, &ours, &c, NULL), 0);
	sa_conf(&c, &foreign, 0x5003, true, true, false);
	ck_assert_int_eq(kx_state_add(kx, &foreign, &c, NULL), 0);
	ck_assert_int_eq(kx_policies_add(kx, &ours, NULL), 0);
	ck_assert_int_eq(kx_purge(kx, NULL), 2 + 4);
	kx_test_sa_dump(0, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_uint_eq(s.info.reqid, 5);
}
END_TEST

/* The kernel takes an expire request from user space and announces it
 * as it would a limit reached: a soft one, then a hard one (which
 * deletes the state). */
static void expire_request(const struct kx_tunnel *t, uint32_t spi, bool inbound, bool hard)
{
	struct nl_sock *nl = kx_test_dump_sock();
	struct nl_msg *msg = nlmsg_alloc_simple(XFRM_MSG_EXPIRE, 0);
	struct xfrm_user_expire ue;
	struct xfrm_mark m = {t->key, 0xffffffffu};
	const struct vt_addr *d = inbound ? &t->local : &t->remote;

	memset(&ue, 0, sizeof(ue));
	memcpy(&ue.state.id.daddr, d->u.bytes, 4);
	ue.state.id.spi = htonl(spi);
	ue.state.id.proto = IPPROTO_ESP;
	ue.state.family = AF_INET;
	ue.hard = hard;
	ck_assert_int_ge(nlmsg_append(msg, &ue, sizeof(ue), NLMSG_ALIGNTO), 0);
	ck_assert_int_ge(nla_put(msg, XFRMA_MARK, sizeof(m), &m), 0);
	ck_assert_int_ge(nl_send_auto(nl, msg), 0);
	ck_assert_int_eq(nl_wait_for_ack(nl), 0);
	nlmsg_free(msg);
	nl_socket_free(nl);
}

static void wait_expired(int n)
{
	for (int i = 0; i < 50 && got.n < n; i++)
		ck_assert_int_eq(ev_loop_run_once(loop, 100), 0);
	ck_assert_int_eq(got.n, n);
}

START_TEST(expire_events)
{
	struct kx_tunnel t;
	struct dp_sa_conf c;
	struct seen_sa s;

	tunnel_init(&t, 15, DP_IF_VTI, 0x51);
	sa_conf(&c, &t, 0x6001, true, true, false);
	ck_assert_int_eq(kx_state_add(kx, &t, &c, NULL), 0);
	sa_conf(&c, &t, 0x6002, false, true, false);
	ck_assert_int_eq(kx_state_add(kx, &t, &c, NULL), 0);

	expire_request(&t, 0x6001, true, false);
	wait_expired(1);
	ck_assert_uint_eq(got.reqid, t.reqid);
	ck_assert_uint_eq(got.spi, 0x6001);
	ck_assert(got.inbound);
	ck_assert(!got.hard);

	expire_request(&t, 0x6002, false, true);
	wait_expired(2);
	ck_assert_uint_eq(got.spi, 0x6002);
	ck_assert(!got.inbound);
	ck_assert(got.hard);
	kx_test_sa_dump(0x6002, &s);
	ck_assert_int_eq(s.n, 0);
}
END_TEST

/* ---- traffic: two namespaces, a tunnel link in each, kx's states and
 * policies, pings over it (IPv4 and IPv6 inside, IPv4 outside) ---------- */

#define PEER_NS "kxtest-peer"

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[SHELL_CMD_MAX];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = shell_cmd_vrun(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	ck_assert_msg(rc == 0, "failed (%d): %s", rc, cmd);
}

/* The IKE socket's part in ESP in UDP: without it the kernel does not
 * decapsulate what arrives on 4500. */
static int encap_sock(void)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(4500)};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), type = UDP_ENCAP_ESPINUDP;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)), 0);
	return fd;
}

static void link_side(const char *in, const char *dev, bool vti, const char *l, const char *r,
		      int me)
{
	if (vti)
		sh("%s ip link add kxt type vti local %s remote %s ikey 0x31 okey 0x31", in, l, r);
	else
		sh("%s ip link add kxt type xfrm dev %s if_id 0x31", in, dev);
	sh("%s ip addr add 169.254.10.%d peer 169.254.10.%d dev kxt", in, me, 3 - me);
	sh("%s ip -6 addr add fd00::%d/64 dev kxt nodad", in, me);
	sh("%s sysctl -qw net.ipv4.conf.kxt.disable_policy=1", in);
	sh("%s ip link set kxt up", in);
}

static void sa_pair(struct kx *k, const struct kx_tunnel *t, bool gcm, bool encap, uint32_t spi_in,
		    uint32_t spi_out)
{
	struct dp_sa_conf c;
	struct sockaddr_in *r;
	struct strbuf err = STRBUF_INIT;

	sa_conf(&c, t, spi_in, true, gcm, encap);
	r = (struct sockaddr_in *)&c.remote;
	r->sin_port = htons(4500);
	ck_assert_msg(kx_state_add(k, t, &c, &err) == 0, "%s", sb_str(&err));
	sa_conf(&c, t, spi_out, false, gcm, encap);
	r = (struct sockaddr_in *)&c.remote;
	r->sin_port = htons(4500);
	ck_assert_msg(kx_state_add(k, t, &c, &err) == 0, "%s", sb_str(&err));
	ck_assert_msg(kx_policies_add(k, t, &err) == 0, "%s", sb_str(&err));
	sb_free(&err);
}

/* _i: 0 VTI with AES-GCM in UDP, 1 XFRM interface with AES-CBC and
 * HMAC-SHA2-256, plain ESP */
START_TEST(traffic)
{
	bool vti = _i == 0, gcm = _i == 0, encap = _i == 0;
	const char *in_b = "ip netns exec " PEER_NS;
	struct kx_tunnel ta, tb;
	struct dp_sa_stats st;
	struct kx *kb;
	int self, peer, ua = -1, ub = -1;

	sh("ip netns add " PEER_NS);
	self = open("/proc/self/ns/net", O_RDONLY);
	peer = open("/run/netns/" PEER_NS, O_RDONLY);
	ck_assert_int_ge(self, 0);
	ck_assert_int_ge(peer, 0);
	sh("ip link set lo up");
	sh("ip link add kxva type veth peer name kxvb netns " PEER_NS);
	sh("ip addr add 172.16.0.1/24 dev kxva && ip link set kxva up");
	sh("%s ip addr add 172.16.0.2/24 dev kxvb", in_b);
	sh("%s ip link set kxvb up && %s ip link set lo up", in_b, in_b);
	link_side("", "kxva", vti, "172.16.0.1", "172.16.0.2", 1);
	link_side(in_b, "kxvb", vti, "172.16.0.2", "172.16.0.1", 2);

	tunnel_init(&ta, 20, vti ? DP_IF_VTI : DP_IF_XFRM, 0x31);
	ck_assert_int_eq(vt_addr_parse("172.16.0.1", AF_INET, &ta.local), 0);
	ck_assert_int_eq(vt_addr_parse("172.16.0.2", AF_INET, &ta.remote), 0);
	tb = ta;
	tb.local = ta.remote;
	tb.remote = ta.local;
	if (encap)
		ua = encap_sock();
	sa_pair(kx, &ta, gcm, encap, 0xa001, 0xb001);

	ck_assert_int_eq(setns(peer, CLONE_NEWNET), 0);
	kb = kx_new(loop, NULL, NULL, NULL);
	ck_assert_ptr_nonnull(kb);
	if (encap)
		ub = encap_sock();
	sa_pair(kb, &tb, gcm, encap, 0xb001, 0xa001);
	ck_assert_int_eq(setns(self, CLONE_NEWNET), 0);

	sh("ping -q -c 2 -W 5 169.254.10.2 >/dev/null");
	sh("ping -q -6 -c 2 -W 5 fd00::2 >/dev/null");
	ck_assert_int_eq(kx_state_stats(kx, &ta, 0xb001, false, &st), 0);
	ck_assert_uint_ge(st.packets, 4);
	ck_assert_int_eq(kx_state_stats(kx, &ta, 0xa001, true, &st), 0);
	ck_assert_uint_ge(st.packets, 4);
	ck_assert_uint_eq(st.auth_fails, 0);

	kx_free(kb);
	if (ua >= 0)
		close(ua);
	if (ub >= 0)
		close(ub);
	close(peer);
	close(self);
	sh("ip netns del " PEER_NS);
}
END_TEST

static Suite *kx_suite(bool esp)
{
	Suite *s = suite_create("kern_xfrm");
	TCase *tp = tcase_create("policies");

	tcase_add_checked_fixture(tp, setup, teardown);
	tcase_add_test(tp, policies_vti);
	tcase_add_test(tp, policies_xfrm_if);
	tcase_add_test(tp, policies_twice_refused);
	tcase_add_test(tp, purge_policies);
	tcase_add_test(tp, probe_answers);
	suite_add_tcase(s, tp);
	if (esp) {
		TCase *ts = tcase_create("states");

		/* ESP states are slow to set up under emulation (the VM) */
		tcase_set_timeout(ts, 120);
		tcase_add_checked_fixture(ts, setup, teardown);
		tcase_add_test(ts, state_gcm_encap_vti);
		tcase_add_test(ts, state_cbc_xfrm_if);
		tcase_add_test(ts, state_replay_window);
		tcase_add_test(ts, state_bad_algorithm);
		tcase_add_test(ts, purge_states);
		tcase_add_test(ts, expire_events);
		tcase_add_loop_test(ts, traffic, 0, 2);
		suite_add_tcase(s, ts);
	}
	return s;
}

int main(void)
{
	struct strbuf why = STRBUF_INIT;
	SRunner *sr;
	int probe, failed;

	if (geteuid() != 0) {
		fprintf(stderr, "SKIP: needs root (network namespaces, XFRM)\n");
		return 77;
	}
	if (unshare(CLONE_NEWNET) != 0) {
		fprintf(stderr, "SKIP: no network namespaces\n");
		return 77;
	}
	probe = kx_probe(&why);
	if (probe < 0) {
		fprintf(stderr, "SKIP: no XFRM here: %s\n", sb_str(&why));
		return 77;
	}
	if (probe == 0)
		fprintf(stderr, "state tests skipped, no ESP here: %s\n", sb_str(&why));
	sb_free(&why);
	sr = srunner_create(kx_suite(probe == 1));
	srunner_run_all(sr, CK_NORMAL);
	if (probe == 1) /* a traffic test that failed half-way */
		(void)system("ip netns del " PEER_NS " 2>/dev/null");
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
