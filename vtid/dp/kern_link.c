/*
 * The kernel backend's tunnel links: VTI (ikey = okey = the tunnel's key)
 * or XFRM interfaces (if_id = key), over rtnetlink, with the settings an
 * updown script would make (DESIGN.md).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvti.h>
#include <netlink/route/link/xfrmi.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/kern_int.h"
#include "vtid/dp/nl_link_err.h"

static int kern_link_fail(struct strbuf *err, const char *name, const char *what, int rc)
{
	if (err)
		sb_printf(err, "interface %s: %s: %s", name, what, strerror(-rc));
	return rc;
}

static int kern_sysctl_write(const char *path, const char *value)
{
	size_t n = strlen(value);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, n) != (ssize_t)n)
		rc = errno ? -errno : -EIO;
	close(fd);
	return rc;
}

/* Writing /proc/sys is what sysctl(8) does; no shell is involved. */
static int kern_sysctl_if(const char *ifname, int family, const char *key, const char *value,
			  struct strbuf *err)
{
	char path[128];
	int rc;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s",
		 family == AF_INET ? "ipv4" : "ipv6", ifname, key);
	rc = kern_sysctl_write(path, value);
	if (rc < 0 && err)
		sb_printf(err, "interface %s: sysctl %s: %s", ifname, path + 10, strerror(-rc));
	return rc;
}

int kern_sysctl_global(struct strbuf *err)
{
	static const char *const paths[] = {
		"/proc/sys/net/ipv4/fib_multipath_hash_policy",
		"/proc/sys/net/ipv4/ip_forward",
	};
	static const char *const values[] = {"1", "1"};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int rc = kern_sysctl_write(paths[i], values[i]);

		if (rc < 0) {
			if (err)
				sb_printf(err, "sysctl %s: %s", paths[i] + 10, strerror(-rc));
			return rc;
		}
	}
	return 0;
}

static struct rtnl_link *kern_link_build(const struct kern_tunnel *t, int *rc)
{
	uint32_t local = t->kx.local.family == AF_INET ? t->kx.local.u.v4.s_addr : 0;
	struct rtnl_link *l;

	*rc = 0;
	if (t->kx.iftype == DP_IF_XFRM) {
		l = rtnl_link_xfrmi_alloc();
		if (l)
			*rc = rtnl_link_xfrmi_set_if_id(l, t->kx.key);
	} else {
		/* no local address: any of ours, as `ip link add ... local any` */
		if ((t->kx.local.family != AF_INET && t->kx.local.family != 0) ||
		    t->kx.remote.family != AF_INET) {
			*rc = -EAFNOSUPPORT;
			return NULL;
		}
		l = rtnl_link_ipvti_alloc();
		/* IFLA_VTI_IKEY/OKEY are big-endian and libnl passes them on
		 * as given: the key in network order is the mark the kernel
		 * sets on the tunnel's packets */
		if (l) {
			*rc = rtnl_link_ipvti_set_ikey(l, htonl(t->kx.key));
			if (*rc == 0)
				*rc = rtnl_link_ipvti_set_okey(l, htonl(t->kx.key));
			if (*rc == 0)
				*rc = rtnl_link_ipvti_set_local(l, local);
			if (*rc == 0)
				*rc = rtnl_link_ipvti_set_remote(l, t->kx.remote.u.v4.s_addr);
		}
	}
	if (!l) {
		*rc = -ENOMEM;
		return NULL;
	}
	if (*rc < 0) {
		*rc = dp_nl_link_errno(*rc);
		rtnl_link_put(l);
		return NULL;
	}
	rtnl_link_set_name(l, t->base.ifname);
	rtnl_link_set_mtu(l, t->mtu);
	return l;
}

/* The kernel ignores IFLA_IFALIAS when it creates a link: set it after. */
static int kern_link_alias_set(struct nl_sock *nl, int ifindex, const char *alias)
{
	struct rtnl_link *orig = rtnl_link_alloc(), *chg = rtnl_link_alloc();
	int rc = -ENOMEM;

	if (orig && chg) {
		rtnl_link_set_ifindex(orig, ifindex);
		rtnl_link_set_ifalias(chg, alias);
		rc = rtnl_link_change(nl, orig, chg, 0);
		rc = rc < 0 ? dp_nl_link_errno(rc) : 0;
	}
	rtnl_link_put(orig);
	rtnl_link_put(chg);
	return rc;
}

static int kern_addr_add(struct nl_sock *nl, int ifindex, int family, const void *local,
			 const void *peer, unsigned prefixlen)
{
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *l = nl_addr_build(family, local, family == AF_INET ? 4 : 16);
	struct nl_addr *p = peer ? nl_addr_build(family, peer, 4) : NULL;
	int rc = -ENOMEM;

	if (!ra || !l || (peer && !p))
		goto out;
	rtnl_addr_set_ifindex(ra, ifindex);
	rtnl_addr_set_family(ra, family);
	rc = rtnl_addr_set_local(ra, l);
	if (rc == 0 && p)
		rc = rtnl_addr_set_peer(ra, p);
	if (rc == 0) {
		/* last: libnl takes a prefix length from local and peer too */
		rtnl_addr_set_prefixlen(ra, (int)prefixlen);
		if (family == AF_INET6)
			rtnl_addr_set_flags(ra, IFA_F_NODAD);
		rc = rtnl_addr_add(nl, ra, NLM_F_EXCL);
	}
	rc = rc < 0 ? dp_nl_link_errno(rc) : 0;
out:
	nl_addr_put(p);
	nl_addr_put(l);
	rtnl_addr_put(ra);
	return rc;
}

static int kern_link_configure(struct kern_dp *dp, struct kern_tunnel *t,
			       const struct dp_tunnel_conf *c, struct strbuf *err)
{
	const char *name = t->base.ifname;
	char alias[64];
	int rc;

	snprintf(alias, sizeof(alias), "%s %s key %u", KERN_ALIAS_PREFIX,
		 t->kx.iftype == DP_IF_XFRM ? "xfrm" : "vti", t->kx.key);
	rc = kern_link_alias_set(dp->base.nl, t->base.ifindex, alias);
	if (rc < 0)
		return kern_link_fail(err, name, "set alias", rc);
	/* Decapsulated packets match no inbound policy of their own, and
	 * with two tunnels replies may come back by the other one. */
	rc = kern_sysctl_if(name, AF_INET, "disable_policy", "1", err);
	if (rc == 0)
		rc = kern_sysctl_if(name, AF_INET, "rp_filter", "2", err);
	if (rc < 0)
		return rc;
	if (c->tun.has_addr6 &&
	    (rc = kern_sysctl_if(name, AF_INET6, "disable_policy", "1", err)) < 0)
		return rc;
	if (c->tun.has_addr4) {
		rc = kern_addr_add(dp->base.nl, t->base.ifindex, AF_INET, &c->tun.addr4,
				   &c->tun.peer4, c->tun.prefixlen4);
		if (rc < 0)
			return kern_link_fail(err, name, "add IPv4 address", rc);
	}
	if (c->tun.has_addr6) {
		rc = kern_addr_add(dp->base.nl, t->base.ifindex, AF_INET6, &c->tun.addr6, NULL,
				   c->tun.prefixlen6);
		if (rc < 0)
			return kern_link_fail(err, name, "add IPv6 address", rc);
	}
	return 0;
}

int kern_link_create(struct kern_dp *dp, struct kern_tunnel *t, const struct dp_tunnel_conf *c,
		     struct strbuf *err)
{
	const char *name = t->base.ifname;
	struct rtnl_link *l;
	int rc;

	l = kern_link_build(t, &rc);
	if (!l)
		return kern_link_fail(err, name, "build link", rc);
	/* NLM_F_EXCL: never take over a link someone else made. */
	rc = rtnl_link_add(dp->base.nl, l, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(l);
	if (rc < 0)
		return kern_link_fail(err, name,
				      t->kx.iftype == DP_IF_XFRM ? "create XFRM interface"
								 : "create VTI",
				      dp_nl_link_errno(rc));
	t->base.ifindex = (int)if_nametoindex(name);
	if (t->base.ifindex == 0)
		return kern_link_fail(err, name, "find the new link", -ENODEV);
	rc = kern_link_configure(dp, t, c, err);
	if (rc < 0)
		kern_link_delete(dp, t);
	return rc;
}

int kern_link_set_up(struct kern_dp *dp, struct kern_tunnel *t, bool up, struct strbuf *err)
{
	struct rtnl_link *orig = rtnl_link_alloc(), *chg = rtnl_link_alloc();
	int rc = -ENOMEM;

	if (orig && chg) {
		rtnl_link_set_ifindex(orig, t->base.ifindex);
		if (up)
			rtnl_link_set_flags(chg, IFF_UP);
		else
			rtnl_link_unset_flags(chg, IFF_UP);
		rc = rtnl_link_change(dp->base.nl, orig, chg, 0);
		rc = rc < 0 ? dp_nl_link_errno(rc) : 0;
	}
	rtnl_link_put(orig);
	rtnl_link_put(chg);
	if (rc < 0)
		return kern_link_fail(err, t->base.ifname, up ? "set up" : "set down", rc);
	return 0;
}

static int kern_link_delete_index(struct nl_sock *nl, int ifindex)
{
	struct rtnl_link *l = rtnl_link_alloc();
	int rc;

	if (!l)
		return -ENOMEM;
	rtnl_link_set_ifindex(l, ifindex);
	rc = rtnl_link_delete(nl, l);
	rtnl_link_put(l);
	return rc < 0 ? dp_nl_link_errno(rc) : 0;
}

void kern_link_delete(struct kern_dp *dp, struct kern_tunnel *t)
{
	int rc;

	if (t->base.ifindex <= 0)
		return;
	rc = kern_link_delete_index(dp->base.nl, t->base.ifindex);
	if (rc < 0 && rc != -ENODEV)
		log_fault(LOGM_DP, "interface %s: delete: %s", t->base.ifname, strerror(-rc));
	t->base.ifindex = 0;
}

static bool kern_link_is_ours(struct rtnl_link *l)
{
	const char *alias = rtnl_link_get_ifalias(l);
	const char *kind = rtnl_link_get_type(l);

	if (!alias || strncmp(alias, KERN_ALIAS_PREFIX, strlen(KERN_ALIAS_PREFIX)) != 0)
		return false;
	return kind && (strcmp(kind, "vti") == 0 || strcmp(kind, "xfrm") == 0);
}

int kern_link_purge(struct nl_sock *nl, struct strbuf *err)
{
	struct nl_cache *cache = NULL;
	struct nl_object *o;
	int rc, n = 0;

	rc = rtnl_link_alloc_cache(nl, AF_UNSPEC, &cache);
	if (rc < 0) {
		rc = dp_nl_link_errno(rc);
		if (err)
			sb_printf(err, "kernel dataplane: list links: %s", strerror(-rc));
		return rc;
	}
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_link *l = (struct rtnl_link *)o;

		if (!kern_link_is_ours(l))
			continue;
		rc = kern_link_delete_index(nl, rtnl_link_get_ifindex(l));
		if (rc < 0 && rc != -ENODEV) {
			log_fault(LOGM_DP, "interface %s: delete left-over: %s",
				  rtnl_link_get_name(l), strerror(-rc));
			continue;
		}
		log_notice(LOGM_DP, "interface %s: removed, left by an earlier run",
			   rtnl_link_get_name(l));
		n++;
	}
	nl_cache_free(cache);
	return n;
}

int kern_link_probe(struct nl_sock *nl, bool xfrm, struct strbuf *why)
{
	struct kern_tunnel t;
	struct rtnl_link *l;
	int rc, ifindex;

	memset(&t, 0, sizeof(t));
	snprintf(t.base.ifname, sizeof(t.base.ifname), "vtidprobe%d", xfrm ? 1 : 0);
	t.kx.iftype = xfrm ? DP_IF_XFRM : DP_IF_VTI;
	t.kx.key = KX_REQID_BASE | 0xfffe;
	/* Unused outer addresses: a VTI without them is the fallback ip_vti0. */
	vt_addr_from_v4(&t.kx.local, 0x7f000001u);
	vt_addr_from_v4(&t.kx.remote, 0x7f0000feu);
	t.mtu = KERN_MTU_DEFAULT;
	l = kern_link_build(&t, &rc);
	if (!l)
		return rc;
	rc = rtnl_link_add(nl, l, NLM_F_CREATE | NLM_F_EXCL);
	if (rc == -NLE_EXIST) {
		/* a probe that died half-way: ours by its name */
		ifindex = (int)if_nametoindex(t.base.ifname);
		if (ifindex > 0)
			kern_link_delete_index(nl, ifindex);
		rc = rtnl_link_add(nl, l, NLM_F_CREATE | NLM_F_EXCL);
	}
	rtnl_link_put(l);
	if (rc < 0) {
		rc = dp_nl_link_errno(rc);
		if (why)
			sb_printf(why, "cannot create %s links: %s",
				  xfrm ? "XFRM interface" : "VTI",
				  rc == -EOPNOTSUPP ? "the kernel lacks them" : strerror(-rc));
		return rc;
	}
	ifindex = (int)if_nametoindex(t.base.ifname);
	if (ifindex > 0)
		kern_link_delete_index(nl, ifindex);
	return 0;
}
