/*
 * show interface brief [json]: every link of vtid's network namespace with
 * its state and addresses, in FRR's layout.  vtid has no VRFs, so all are
 * in "default".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/rtnetlink.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "common/jsonw.h"
#include "vtid/dp/nl_route.h"
#include "vtid/exec_cmds.h"

struct iface {
	char name[IF_NAMESIZE];
	int index;
	bool up;
};

struct iface_view {
	struct nl_sock *nl;
	struct nl_cache *links, *addrs;
	struct iface *v;
	size_t n;
};

static int iface_cmp(const void *a, const void *b)
{
	return strcmp(((const struct iface *)a)->name, ((const struct iface *)b)->name);
}

static void iface_view_free(struct iface_view *iv)
{
	if (iv->addrs)
		nl_cache_free(iv->addrs);
	if (iv->links)
		nl_cache_free(iv->links);
	if (iv->nl)
		nl_socket_free(iv->nl);
	free(iv->v);
}

static int iface_view_read(struct iface_view *iv)
{
	struct nl_object *o;
	int rc;

	memset(iv, 0, sizeof(*iv));
	iv->nl = nl_socket_alloc();
	if (!iv->nl)
		return -ENOMEM;
	rc = nl_connect(iv->nl, NETLINK_ROUTE);
	if (rc >= 0)
		rc = rtnl_link_alloc_cache(iv->nl, AF_UNSPEC, &iv->links);
	if (rc >= 0)
		rc = rtnl_addr_alloc_cache(iv->nl, &iv->addrs);
	if (rc < 0)
		return dp_nl_errno(rc);
	iv->v = calloc((size_t)nl_cache_nitems(iv->links) + 1, sizeof(*iv->v));
	if (!iv->v)
		return -ENOMEM;
	for (o = nl_cache_get_first(iv->links); o; o = nl_cache_get_next(o)) {
		struct rtnl_link *l = (struct rtnl_link *)o;
		unsigned flags = rtnl_link_get_flags(l);
		struct iface *f = &iv->v[iv->n++];

		snprintf(f->name, sizeof(f->name), "%s",
			 rtnl_link_get_name(l) ? rtnl_link_get_name(l) : "?");
		f->index = rtnl_link_get_ifindex(l);
		/* administratively up and with a carrier */
		f->up = (flags & IFF_UP) && rtnl_link_get_carrier(l);
	}
	qsort(iv->v, iv->n, sizeof(iv->v[0]), iface_cmp);
	return 0;
}

/* The address of a as "addr/len" into buf, or NULL when it is not one we
 * show: IPv4, and IPv6 of global scope (FRR shows link-local apart). */
static const char *iface_addr_fmt(struct rtnl_addr *a, int family, char *buf, size_t n)
{
	struct nl_addr *local = rtnl_addr_get_local(a);
	char ab[64];

	if (rtnl_addr_get_family(a) != family || !local)
		return NULL;
	if (family == AF_INET6 && rtnl_addr_get_scope(a) != RT_SCOPE_UNIVERSE)
		return NULL;
	/* nl_addr2str would print the prefix length of local, which is the
	 * host's (/32, /128) rather than the network's */
	if (!inet_ntop(family, nl_addr_get_binary_addr(local), ab, sizeof(ab)))
		return NULL;
	snprintf(buf, n, "%s/%d", ab, rtnl_addr_get_prefixlen(a));
	return buf;
}

/* Call fn on each shown address of f, IPv4 first. */
static void iface_addrs_each(const struct iface_view *iv, const struct iface *f,
			     void (*fn)(void *arg, const char *addr), void *arg)
{
	static const int families[] = {AF_INET, AF_INET6};
	char buf[80];

	for (size_t k = 0; k < 2; k++) {
		for (struct nl_object *o = nl_cache_get_first(iv->addrs); o;
		     o = nl_cache_get_next(o)) {
			struct rtnl_addr *a = (struct rtnl_addr *)o;

			if (rtnl_addr_get_ifindex(a) == f->index &&
			    iface_addr_fmt(a, families[k], buf, sizeof(buf)))
				fn(arg, buf);
		}
	}
}

struct iface_text_line {
	struct strbuf *out;
	unsigned count;
};

static void iface_addr_text(void *arg, const char *addr)
{
	struct iface_text_line *t = arg;

	if (t->count++)
		sb_printf(t->out, "\n%40s", "");
	sb_add(t->out, addr);
}

static void iface_addr_json(void *arg, const char *addr)
{
	jw_str(arg, addr);
}

int exec_show_interface_brief(struct cmd_call *call)
{
	struct iface_view iv;
	struct jsonw w;
	int ret;

	exec_json_mark(call);
	ret = iface_view_read(&iv);
	if (ret < 0) {
		sb_printf(call->out, "%% cannot read the interfaces: %s\n", strerror(-ret));
		iface_view_free(&iv);
		return ret;
	}
	if (call->json) {
		jw_init(&w, call->out, true);
		jw_obj_begin(&w);
		for (size_t i = 0; i < iv.n; i++) {
			jw_key(&w, iv.v[i].name);
			jw_obj_begin(&w);
			jw_kv_str(&w, "status", iv.v[i].up ? "up" : "down");
			jw_kv_str(&w, "vrf", "default");
			jw_key(&w, "addresses");
			jw_arr_begin(&w);
			iface_addrs_each(&iv, &iv.v[i], iface_addr_json, &w);
			jw_arr_end(&w);
			jw_obj_end(&w);
		}
		ret = exec_json_end(call, &w);
	} else {
		sb_add(call->out, "Interface       Status  VRF             Addresses\n"
				  "---------       ------  ---             ---------\n");
		for (size_t i = 0; i < iv.n; i++) {
			struct iface_text_line t = {call->out, 0};

			sb_printf(call->out, "%-16s%-8s%-16s", iv.v[i].name,
				  iv.v[i].up ? "up" : "down", "default");
			iface_addrs_each(&iv, &iv.v[i], iface_addr_text, &t);
			/* no padding left dangling after the last column */
			while (call->out->len && call->out->s[call->out->len - 1] == ' ')
				call->out->s[--call->out->len] = '\0';
			sb_addc(call->out, '\n');
		}
	}
	iface_view_free(&iv);
	return ret;
}
