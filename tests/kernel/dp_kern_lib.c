/*
 * The kernel backend tests' helpers: see tests/kernel/dp_kern_lib.h.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/sp.h>
#include <nftables/libnftables.h>

#include "common/evloop.h"
#include "common/strbuf.h"
#include "tests/kernel/dp_kern_lib.h"
#include "vtid/dp/dp_backend.h"

void kt_setup(struct kt *k)
{
	struct strbuf err = STRBUF_INIT;

	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare: %s", strerror(errno));
	k->loop = ev_loop_new();
	ck_assert_ptr_nonnull(k->loop);
	k->nl = nl_socket_alloc();
	k->xnl = nl_socket_alloc();
	ck_assert_int_eq(nl_connect(k->nl, NETLINK_ROUTE), 0);
	ck_assert_int_eq(nl_connect(k->xnl, NETLINK_XFRM), 0);
	k->dp = dp_new(DP_KERNEL, k->loop, NULL, NULL, &err);
	ck_assert_msg(k->dp, "dp_new: %s", sb_str(&err));
	sb_free(&err);
}

void kt_teardown(struct kt *k)
{
	nl_socket_free(k->nl);
	nl_socket_free(k->xnl);
	ev_loop_free(k->loop);
}

struct dp_tunnel_conf kt_conf(const char *name, enum dp_iftype type, uint32_t key)
{
	struct dp_tunnel_conf c;

	memset(&c, 0, sizeof(c));
	snprintf(c.tun.name, sizeof(c.tun.name), "%s", name);
	c.tun.has_addr4 = true;
	inet_pton(AF_INET, "169.254.12.38", &c.tun.addr4);
	inet_pton(AF_INET, "169.254.12.37", &c.tun.peer4);
	c.tun.prefixlen4 = 30;
	c.key = key;
	c.mss = DP_MSS_AUTO;
	c.iftype = type;
	vt_addr_parse("192.0.2.1", AF_INET, &c.local);
	vt_addr_parse("198.51.100.1", AF_INET, &c.remote);
	return c;
}

struct dp_sa_conf kt_sa(uint32_t spi, bool inbound, const uint8_t *key)
{
	struct dp_sa_conf c;
	struct sockaddr_in *l = (struct sockaddr_in *)&c.local;
	struct sockaddr_in *r = (struct sockaddr_in *)&c.remote;

	memset(&c, 0, sizeof(c));
	c.spi = spi;
	c.inbound = inbound;
	c.encr = 20; /* AES-GCM-16 */
	c.encr_keylen = 128;
	c.encr_key = key;
	c.encr_key_len = 20;
	l->sin_family = r->sin_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &l->sin_addr);
	inet_pton(AF_INET, "198.51.100.1", &r->sin_addr);
	return c;
}

struct rtnl_link *kt_link(struct kt *k, const char *name)
{
	struct rtnl_link *l = NULL;

	if (rtnl_link_get_kernel(k->nl, 0, name, &l) < 0)
		return NULL;
	return l;
}

bool kt_link_up(struct kt *k, const char *name)
{
	struct rtnl_link *l = kt_link(k, name);
	bool up;

	ck_assert_msg(l, "no link %s", name);
	up = (rtnl_link_get_flags(l) & IFF_UP) != 0;
	rtnl_link_put(l);
	return up;
}

unsigned kt_links_ours(struct kt *k)
{
	struct nl_cache *c;
	struct nl_object *o;
	unsigned n = 0;

	ck_assert_int_eq(rtnl_link_alloc_cache(k->nl, AF_UNSPEC, &c), 0);
	for (o = nl_cache_get_first(c); o; o = nl_cache_get_next(o)) {
		const char *alias = rtnl_link_get_ifalias((struct rtnl_link *)o);

		if (alias && strncmp(alias, "vtid", 4) == 0)
			n++;
	}
	nl_cache_free(c);
	return n;
}

/* The inside address with its peer on ifindex. */
void kt_addr_assert(struct kt *k, int ifindex)
{
	struct nl_cache *c;
	struct nl_object *o;
	char seen[256] = "";
	bool found = false;

	ck_assert_int_eq(rtnl_addr_alloc_cache(k->nl, &c), 0);
	for (o = nl_cache_get_first(c); o; o = nl_cache_get_next(o)) {
		struct rtnl_addr *a = (struct rtnl_addr *)o;
		struct nl_addr *peer = rtnl_addr_get_peer(a);
		char l[64], p[64] = "-";

		if (rtnl_addr_get_ifindex(a) != ifindex || rtnl_addr_get_family(a) != AF_INET)
			continue;
		inet_ntop(AF_INET, nl_addr_get_binary_addr(rtnl_addr_get_local(a)), l, sizeof(l));
		if (peer)
			inet_ntop(AF_INET, nl_addr_get_binary_addr(peer), p, sizeof(p));
		snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s peer %s/%d; ", l, p,
			 rtnl_addr_get_prefixlen(a));
		if (strcmp(l, "169.254.12.38") == 0 && strcmp(p, "169.254.12.37") == 0 &&
		    rtnl_addr_get_prefixlen(a) == 30)
			found = true;
	}
	nl_cache_free(c);
	ck_assert_msg(found, "addresses: %s", seen);
}

/* The objects in a fresh libnl cache from alloc (states or policies). */
static unsigned kt_cache_count(struct nl_sock *nl,
			       int (*alloc)(struct nl_sock *, struct nl_cache **))
{
	struct nl_cache *c;
	unsigned n;

	ck_assert_int_eq(alloc(nl, &c), 0);
	n = (unsigned)nl_cache_nitems(c);
	nl_cache_free(c);
	return n;
}

unsigned kt_states(struct kt *k)
{
	return kt_cache_count(k->xnl, xfrmnl_sa_alloc_cache);
}

unsigned kt_policies(struct kt *k)
{
	return kt_cache_count(k->xnl, xfrmnl_sp_alloc_cache);
}

/* Routes of protocol bgp in the main table. */
unsigned kt_routes_bgp(struct kt *k)
{
	struct nl_cache *c;
	struct nl_object *o;
	unsigned n = 0;

	ck_assert_int_eq(rtnl_route_alloc_cache(k->nl, AF_UNSPEC, 0, &c), 0);
	for (o = nl_cache_get_first(c); o; o = nl_cache_get_next(o)) {
		struct rtnl_route *r = (struct rtnl_route *)o;

		if (rtnl_route_get_protocol(r) == RTPROT_BGP &&
		    rtnl_route_get_table(r) == RT_TABLE_MAIN)
			n++;
	}
	nl_cache_free(c);
	return n;
}

/* `list table inet vtid`: its text, or NULL when there is no such table. */
char *kt_nft_table(void)
{
	struct nft_ctx *nft = nft_ctx_new(NFT_CTX_DEFAULT);
	char *out = NULL;

	ck_assert_ptr_nonnull(nft);
	nft_ctx_buffer_output(nft);
	nft_ctx_buffer_error(nft);
	if (nft_run_cmd_from_buffer(nft, "list table inet vtid") == 0)
		out = strdup(nft_ctx_get_output_buffer(nft));
	nft_ctx_free(nft);
	return out;
}

int kt_sysctl(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n;

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ck_assert_int_gt(n, 0);
	return atoi(buf);
}

void kt_route_add(struct kt *k, struct dp_tunnel *t)
{
	struct strbuf err = STRBUF_INIT;
	struct dp_nexthop nh;
	struct vt_prefix dst;

	memset(&nh, 0, sizeof(nh));
	nh.tunnel = t;
	vt_addr_parse("169.254.12.37", AF_INET, &nh.gw);
	ck_assert_int_eq(vt_prefix_parse("10.99.0.0/24", AF_INET, 0, &dst), 0);
	ck_assert_msg(dp_route_replace(k->dp, &dst, &nh, 1, RTPROT_BGP, &err) == 0, "%s",
		      sb_str(&err));
	ck_assert_msg(dp_route_flush(k->dp, &err) == 0, "%s", sb_str(&err));
	sb_free(&err);
}

/* Link, SAs, route, and what taking the outbound SA away does. */
struct dp_tunnel *kt_tunnel_exercise(struct kt *k, const struct dp_tunnel_conf *c)
{
	const uint8_t key[20] = {1,  2,	 3,  4,	 5,  6,	 7,  8,	 9,  10,
				 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
	struct strbuf err = STRBUF_INIT;
	struct dp_tunnel *t;
	struct dp_sa_conf sa;
	struct dp_sa_stats st, st2;
	struct rtnl_link *l;

	ck_assert_msg(dp_tunnel_add(k->dp, c, NULL, &t, &err) == 0, "%s", sb_str(&err));
	l = kt_link(k, c->tun.name);
	ck_assert_msg(l, "no link %s", c->tun.name);
	ck_assert_int_eq(rtnl_link_get_ifindex(l), t->ifindex);
	ck_assert_ptr_nonnull(rtnl_link_get_ifalias(l));
	ck_assert_msg(strncmp(rtnl_link_get_ifalias(l), "vtid", 4) == 0, "alias %s",
		      rtnl_link_get_ifalias(l));
	ck_assert_uint_eq(rtnl_link_get_mtu(l), c->tun.mtu ? c->tun.mtu : 1400);
	ck_assert(!(rtnl_link_get_flags(l) & IFF_UP));
	rtnl_link_put(l);
	kt_addr_assert(k, t->ifindex);
	ck_assert_uint_eq(kt_policies(k), 4); /* in and out, IPv4 and IPv6 */
	ck_assert_uint_eq(kt_states(k), 0);

	sa = kt_sa(SPI_IN, true, key);
	ck_assert_msg(dp_sa_add(t, &sa, &err) == 0, "%s", sb_str(&err));
	ck_assert(!kt_link_up(k, c->tun.name));
	sa = kt_sa(SPI_OUT, false, key);
	ck_assert_msg(dp_sa_add(t, &sa, &err) == 0, "%s", sb_str(&err));
	ck_assert(kt_link_up(k, c->tun.name));
	ck_assert(dp_tunnel_link_up(t));
	ck_assert_uint_eq(kt_states(k), 2);
	ck_assert_int_eq(dp_sa_add(t, &sa, NULL), -EEXIST);
	memset(&st, 0xff, sizeof(st));
	ck_assert_int_eq(dp_sa_stats(t, SPI_IN, true, &st), 0);
	ck_assert_uint_eq(st.packets, 0);
	ck_assert_uint_eq(st.bytes, 0);
	ck_assert_int_eq(dp_sa_stats(t, SPI_IN, false, &st), -ENOENT);
	ck_assert_int_eq(dp_tunnel_stats(t, &st, &st2), 0);
	ck_assert_uint_eq(st.packets + st2.packets, 0);

	kt_route_add(k, t);
	ck_assert_uint_eq(kt_routes_bgp(k), 1);

	ck_assert_int_eq(dp_sa_del(t, SPI_OUT, false), 0);
	ck_assert(!kt_link_up(k, c->tun.name));
	ck_assert(!dp_tunnel_link_up(t));
	ck_assert_uint_eq(kt_routes_bgp(k), 0);
	ck_assert_uint_eq(kt_states(k), 1);
	ck_assert_int_eq(dp_sa_del(t, SPI_OUT, false), -ENOENT);

	/* up again for dp_free to take down */
	ck_assert_msg(dp_sa_add(t, &sa, &err) == 0, "%s", sb_str(&err));
	kt_route_add(k, t);
	ck_assert_uint_eq(kt_routes_bgp(k), 1);
	sb_free(&err);
	return t;
}

void kt_nft_assert_has(const char *const *want)
{
	char *nft = kt_nft_table();

	ck_assert_msg(nft, "no table inet vtid");
	for (; *want; want++)
		ck_assert_msg(strstr(nft, *want), "no \"%s\" in:\n%s", *want, nft);
	free(nft);
}

void kt_free_assert_clean(struct kt *k)
{
	dp_free(k->dp);
	kt_assert_clean(k);
	kt_teardown(k);
}

void kt_assert_clean(struct kt *k)
{
	char *nft = kt_nft_table();

	ck_assert_msg(!nft, "table inet vtid left:\n%s", nft ? nft : "");
	ck_assert_uint_eq(kt_links_ours(k), 0);
	ck_assert_uint_eq(kt_states(k), 0);
	ck_assert_uint_eq(kt_policies(k), 0);
	ck_assert_uint_eq(kt_routes_bgp(k), 0);
}
