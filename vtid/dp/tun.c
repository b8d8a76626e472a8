/*
 * TUN devices for the user dataplane, configured over rtnetlink.
 */
#include "vtid/dp/tun.h"

#include <errno.h>
#include <fcntl.h>
#include <endian.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "common/strbuf.h"
#include "vtid/dp/nl_link_err.h"

#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#define TUN_F_USO6 0x40
#endif

struct dp_tun {
	int fd;
	int ifindex;
	char name[IF_NAMESIZE];
	struct nl_sock *nl;
};

static int tun_fail(struct strbuf *err, const char *name, const char *what, int rc)
{
	if (err)
		sb_printf(err, "interface %s: %s: %s", name, what, strerror(-rc));
	return rc;
}

static int tun_nl_fail(struct strbuf *err, const char *name, const char *what, int nlerr)
{
	if (err)
		sb_printf(err, "interface %s: %s: %s", name, what, nl_geterror(nlerr));
	return dp_nl_link_errno(nlerr);
}

static bool tun_name_valid(const char *name)
{
	size_t n = strnlen(name, IF_NAMESIZE);

	/* '%' would let the kernel pick the name; '/' and ':' are rejected by it. */
	return n > 0 && n < IF_NAMESIZE && !strpbrk(name, "%/: \t\n") && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0;
}

/*
 * The header is little-endian on every host: a big-endian kernel is told
 * so, a little-endian one needs no telling (and may lack the ioctl).  UDP
 * segmentation offload is newer (Linux 6.2) than the rest: asked for
 * first, done without when refused.
 */
static int tun_offload_set(int fd)
{
	int hdrsz = (int)sizeof(struct virtio_net_hdr), le = 1;
	unsigned long base = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN;

	if (ioctl(fd, TUNSETVNETHDRSZ, &hdrsz) < 0)
		return -errno;
	if (ioctl(fd, TUNSETVNETLE, &le) < 0 && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
		return -errno;
	if (ioctl(fd, TUNSETOFFLOAD, base | TUN_F_USO4 | TUN_F_USO6) < 0 &&
	    ioctl(fd, TUNSETOFFLOAD, base) < 0)
		return -errno;
	return 0;
}

/*
 * IFF_TUN_EXCL makes the kernel refuse an existing name instead of attaching
 * to it, so a persistent TUN device someone else made is never taken over and
 * there is no window between a name check and the creation.
 */
static int tun_create(struct dp_tun *t, bool offload, struct strbuf *err)
{
	uint16_t flags = IFF_TUN | IFF_NO_PI | IFF_TUN_EXCL | (offload ? IFF_VNET_HDR : 0);
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return tun_fail(err, t->name, "open /dev/net/tun", -errno);
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, t->name, strlen(t->name));
	/* ifr_flags is a short and IFF_TUN_EXCL its sign bit */
	ifr.ifr_flags = (short)flags;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int rc = -errno;

		close(fd);
		if (rc == -EBUSY || rc == -EEXIST || rc == -EINVAL) {
			if (if_nametoindex(t->name) == 0)
				return tun_fail(err, t->name, "create TUN device", rc);
			if (err)
				sb_printf(err,
					  "interface %s: the name is already taken by another "
					  "device; refusing to use it",
					  t->name);
			return -EEXIST;
		}
		return tun_fail(err, t->name, "create TUN device", rc);
	}
	t->fd = fd;
	if (offload) {
		int rc = tun_offload_set(fd);

		if (rc < 0)
			return tun_fail(err, t->name, "set offloads", rc);
	}
	t->ifindex = (int)if_nametoindex(t->name);
	if (t->ifindex == 0)
		return tun_fail(err, t->name, "find the new device", errno ? -errno : -ENODEV);
	return 0;
}

static int tun_link_change(struct dp_tun *t, struct rtnl_link *changes, const char *what,
			   struct strbuf *err)
{
	struct rtnl_link *orig = rtnl_link_alloc();
	int rc;

	if (!orig)
		return tun_fail(err, t->name, what, -ENOMEM);
	rtnl_link_set_ifindex(orig, t->ifindex);
	rc = rtnl_link_change(t->nl, orig, changes, 0);
	rtnl_link_put(orig);
	return rc < 0 ? tun_nl_fail(err, t->name, what, rc) : 0;
}

static int tun_mtu_set(struct dp_tun *t, unsigned int mtu, struct strbuf *err)
{
	struct rtnl_link *changes = rtnl_link_alloc();
	char what[32];
	int rc;

	if (!changes)
		return tun_fail(err, t->name, "set MTU", -ENOMEM);
	snprintf(what, sizeof(what), "set MTU %u", mtu);
	rtnl_link_set_mtu(changes, mtu);
	rc = tun_link_change(t, changes, what, err);
	rtnl_link_put(changes);
	return rc;
}

static struct nl_addr *tun_nl_addr(int family, const void *a, unsigned int prefixlen)
{
	struct nl_addr *na = nl_addr_build(family, a, family == AF_INET ? 4 : 16);

	if (na)
		nl_addr_set_prefixlen(na, (int)prefixlen);
	return na;
}

static int tun_addr_add(struct dp_tun *t, int family, const void *local, const void *peer,
			unsigned int prefixlen, struct strbuf *err)
{
	const char *what = family == AF_INET ? "add IPv4 address" : "add IPv6 address";
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *l = tun_nl_addr(family, local, prefixlen);
	struct nl_addr *p = peer ? tun_nl_addr(family, peer, prefixlen) : NULL;
	int rc = 0;

	if (!ra || !l || (peer && !p)) {
		rc = tun_fail(err, t->name, what, -ENOMEM);
		goto out;
	}
	rtnl_addr_set_ifindex(ra, t->ifindex);
	rtnl_addr_set_family(ra, family);
	rc = rtnl_addr_set_local(ra, l);
	if (rc == 0 && p)
		rc = rtnl_addr_set_peer(ra, p);
	if (rc < 0) {
		rc = tun_nl_fail(err, t->name, what, rc);
		goto out;
	}
	/* Set last: libnl copies a prefix length from local and peer too. */
	rtnl_addr_set_prefixlen(ra, (int)prefixlen);
	/* A point-to-point tunnel has no one to collide with; DAD only delays. */
	if (family == AF_INET6)
		rtnl_addr_set_flags(ra, IFA_F_NODAD);
	rc = rtnl_addr_add(t->nl, ra, NLM_F_EXCL);
	if (rc < 0)
		rc = tun_nl_fail(err, t->name, what, rc);
out:
	nl_addr_put(p);
	nl_addr_put(l);
	rtnl_addr_put(ra);
	return rc;
}

static int tun_conf_check(const struct dp_tun_conf *c, struct strbuf *err)
{
	if (!tun_name_valid(c->name)) {
		if (err)
			sb_printf(err, "interface '%.*s': invalid name", IF_NAMESIZE - 1, c->name);
		return -EINVAL;
	}
	if (c->has_addr4 && (c->prefixlen4 < 1 || c->prefixlen4 > 32))
		return tun_fail(err, c->name, "IPv4 prefix length", -EINVAL);
	if (c->has_addr6 && (c->prefixlen6 < 1 || c->prefixlen6 > 128))
		return tun_fail(err, c->name, "IPv6 prefix length", -EINVAL);
	return 0;
}

int dp_tun_open(const struct dp_tun_conf *c, struct dp_tun **out, struct strbuf *err)
{
	struct dp_tun *t;
	int rc;

	*out = NULL;
	rc = tun_conf_check(c, err);
	if (rc < 0)
		return rc;
	t = calloc(1, sizeof(*t));
	if (!t)
		return tun_fail(err, c->name, "allocate", -ENOMEM);
	t->fd = -1;
	memcpy(t->name, c->name, strlen(c->name) + 1);

	t->nl = nl_socket_alloc();
	if (!t->nl) {
		rc = tun_fail(err, t->name, "netlink socket", -ENOMEM);
		goto fail;
	}
	rc = nl_connect(t->nl, NETLINK_ROUTE);
	if (rc < 0) {
		rc = tun_nl_fail(err, t->name, "netlink connect", rc);
		goto fail;
	}
	rc = tun_create(t, c->offload, err);
	if (rc < 0)
		goto fail;
	if (c->mtu && (rc = tun_mtu_set(t, c->mtu, err)) < 0)
		goto fail;
	if (c->has_addr4 &&
	    (rc = tun_addr_add(t, AF_INET, &c->addr4, &c->peer4, c->prefixlen4, err)) < 0)
		goto fail;
	if (c->has_addr6 &&
	    (rc = tun_addr_add(t, AF_INET6, &c->addr6, NULL, c->prefixlen6, err)) < 0)
		goto fail;
	*out = t;
	return 0;
fail:
	dp_tun_close(t);
	return rc;
}

int dp_tun_set_up(struct dp_tun *t, bool up, struct strbuf *err)
{
	struct rtnl_link *changes = rtnl_link_alloc();
	int rc;

	if (!changes)
		return tun_fail(err, t->name, "set link state", -ENOMEM);
	if (up)
		rtnl_link_set_flags(changes, IFF_UP);
	else
		rtnl_link_unset_flags(changes, IFF_UP);
	rc = tun_link_change(t, changes, up ? "set link up" : "set link down", err);
	rtnl_link_put(changes);
	return rc;
}

void dp_tun_close(struct dp_tun *t)
{
	if (!t)
		return;
	/* Never TUNSETPERSIST: the last close of the fd unregisters the device. */
	if (t->fd >= 0)
		close(t->fd);
	if (t->nl)
		nl_socket_free(t->nl);
	free(t);
}

int dp_tun_fd(const struct dp_tun *t)
{
	return t->fd;
}

int dp_tun_ifindex(const struct dp_tun *t)
{
	return t->ifindex;
}

const char *dp_tun_name(const struct dp_tun *t)
{
	return t->name;
}
