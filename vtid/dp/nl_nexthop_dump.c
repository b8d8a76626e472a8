/*
 * The kernel's nexthop objects as a dump sees them: whether there are any
 * (the probe), and the purge of vtid's range (vtid/dp/nl_nexthop.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "common/strbuf.h"
#include "vtid/dp/nl_nexthop.h"
#include "vtid/dp/nl_route.h"

struct nh_seen {
	uint32_t id;
	bool group;
};

struct nh_dump {
	unsigned char proto;
	struct nh_seen *v;
	size_t n, cap;
	bool nomem;
};

static int nh_dump_valid(struct nl_msg *msg, void *arg)
{
	struct nh_dump *d = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *tb[NHA_MAX + 1];
	const struct nhmsg *nhm;
	uint32_t id;

	if (!nlmsg_valid_hdr(h, sizeof(*nhm)) ||
	    nlmsg_parse(h, sizeof(*nhm), tb, NHA_MAX, NULL) < 0 || !tb[NHA_ID] ||
	    nla_len(tb[NHA_ID]) < 4)
		return NL_SKIP;
	nhm = nlmsg_data(h);
	id = nla_get_u32(tb[NHA_ID]);
	if (nhm->nh_protocol != d->proto || id < DP_NH_ID_BASE ||
	    id - DP_NH_ID_BASE >= DP_NH_ID_COUNT)
		return NL_OK;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct nh_seen *v = realloc(d->v, cap * sizeof(*v));

		if (!v) {
			d->nomem = true;
			return NL_STOP;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n].id = id;
	d->v[d->n].group = tb[NHA_GROUP] != NULL;
	d->n++;
	return NL_OK;
}

/* Dump every nexthop object; those of d->proto in vtid's range land in d. */
static int nh_dump(struct nl_sock *nl, struct nh_dump *d)
{
	struct nhmsg nhm = {.nh_family = AF_UNSPEC};
	struct nl_cb *cb, *sk_cb;
	int rc;

	rc = nl_send_simple(nl, RTM_GETNEXTHOP, NLM_F_DUMP, &nhm, sizeof(nhm));
	if (rc < 0)
		return dp_nl_errno(rc);
	sk_cb = nl_socket_get_cb(nl);
	cb = nl_cb_clone(sk_cb);
	nl_cb_put(sk_cb);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nh_dump_valid, d);
	rc = nl_recvmsgs(nl, cb);
	nl_cb_put(cb);
	if (rc < 0)
		return dp_nl_errno(rc);
	return d->nomem ? -ENOMEM : 0;
}

int dp_nl_nexthop_probe(struct nl_sock *nl)
{
	struct nh_dump d = {.proto = 0};
	int rc = nh_dump(nl, &d);

	free(d.v);
	/* a kernel without them answers an unknown message type so */
	if (rc == -EOPNOTSUPP || rc == -EINVAL)
		return 0;
	return rc < 0 ? rc : 1;
}

static int nh_del(struct nl_sock *nl, uint32_t id)
{
	struct nhmsg nhm = {.nh_family = AF_UNSPEC};
	struct nl_msg *m = nlmsg_alloc_simple(RTM_DELNEXTHOP, 0);
	int rc = -ENOMEM;

	if (m && nlmsg_append(m, &nhm, sizeof(nhm), NLMSG_ALIGNTO) == 0 &&
	    nla_put_u32(m, NHA_ID, id) == 0) {
		rc = nl_send_sync(nl, m); /* frees m */
		m = NULL;
		rc = rc < 0 ? dp_nl_errno(rc) : 0;
	}
	nlmsg_free(m);
	return rc;
}

int dp_nl_nexthop_purge(struct nl_sock *nl, unsigned char proto, struct strbuf *err)
{
	struct nh_dump d = {.proto = proto};
	int rc = nh_dump(nl, &d), count = 0;

	if (rc == -EOPNOTSUPP || rc == -EINVAL) {
		free(d.v);
		return 0; /* no nexthop objects here, none to purge */
	}
	/* groups first: deleting a member would rewrite a group still there */
	for (int pass = 0; rc == 0 && pass < 2; pass++)
		for (size_t i = 0; rc == 0 && i < d.n; i++) {
			if (d.v[i].group != (pass == 0))
				continue;
			rc = nh_del(nl, d.v[i].id);
			if (rc == -ESRCH || rc == -ENOENT)
				rc = 0; /* gone with its device or group */
			else if (rc == 0)
				count++;
		}
	free(d.v);
	if (rc < 0) {
		if (err)
			sb_printf(err, "nexthops: purge protocol %u: %s", proto, strerror(-rc));
		return rc;
	}
	return count;
}
