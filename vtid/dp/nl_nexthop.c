/*
 * Shared, counted nexthop objects and groups (vtid/dp/nl_nexthop.h).
 * Few distinct ways out exist (a handful of tunnels and gateways), so the
 * objects are kept in one list; routes find theirs by key.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/nl_batch.h"
#include "vtid/dp/nl_nexthop.h"
#include "vtid/dp/nl_route.h"

#define NH_GROUP_MAX 64

struct dp_nh_obj {
	struct dp_nh_obj *next;
	uint32_t id;
	unsigned refs;
	bool dead;  /* the kernel refused it: not handed out again */
	int family; /* the routes' */
	unsigned char proto;
	struct dp_nh_key key; /* a nexthop */
	unsigned n;	      /* a group: n > 0 members, by id */
	struct dp_nh_obj **member;
};

struct dp_nh_table {
	struct dp_nl_batch *b;
	struct dp_nh_obj *objs;
	unsigned count;
	uint32_t next_id; /* offset of the next id to try */
	uint8_t used[DP_NH_ID_COUNT / 8];
};

enum { NH_OP_NEW = 1, NH_OP_DEL };

/* A refused object: the routes over it are refused too, and say so each;
 * the next route over the same way out gets a new one. */
static void nh_done(const struct dp_nl_req *req, int err, const char *why)
{
	struct dp_nh_table *t = req->ctx;

	if (!err || (req->op == NH_OP_DEL && err == -ENOENT))
		return;
	log_warn(LOGM_DP, "nexthop %#x: %s: %s", req->id, req->op == NH_OP_NEW ? "add" : "delete",
		 why ? why : strerror(-err));
	if (req->op != NH_OP_NEW)
		return;
	for (struct dp_nh_obj *o = t->objs; o; o = o->next)
		if (o->id == req->id)
			o->dead = true;
}

static int nh_send(struct dp_nh_table *t, struct nl_msg *m, uint32_t id, int op)
{
	struct dp_nl_req req = {.done = nh_done, .ctx = t, .id = id, .op = op};

	return dp_nl_batch_send(t->b, m, &req);
}

static struct nl_msg *nh_msg(int type, int flags, int family, unsigned char proto, uint32_t id)
{
	struct nhmsg nhm = {.nh_family = (unsigned char)family, .nh_protocol = proto};
	struct nl_msg *m = nlmsg_alloc_simple(type, flags);

	if (m && (nlmsg_append(m, &nhm, sizeof(nhm), NLMSG_ALIGNTO) < 0 ||
		  nla_put_u32(m, NHA_ID, id) < 0)) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

static int nh_kernel_add(struct dp_nh_table *t, const struct dp_nh_obj *o)
{
	struct nl_msg *m = nh_msg(RTM_NEWNEXTHOP, NLM_F_CREATE | NLM_F_REPLACE,
				  o->n ? AF_UNSPEC : o->family, o->proto, o->id);
	bool ok = m != NULL;
	int rc;

	if (ok && o->n) {
		struct nexthop_grp g[NH_GROUP_MAX];

		memset(g, 0, sizeof(g));
		for (unsigned i = 0; i < o->n; i++)
			g[i].id = o->member[i]->id;
		ok = nla_put(m, NHA_GROUP, (int)(o->n * sizeof(g[0])), g) == 0;
	} else if (ok) {
		ok = nla_put_u32(m, NHA_OIF, (uint32_t)o->key.ifindex) == 0;
		if (ok && o->key.gw.family)
			ok = nla_put(m, NHA_GATEWAY, (int)vt_addr_len(&o->key.gw),
				     o->key.gw.u.bytes) == 0;
	}
	if (!ok) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	rc = nh_send(t, m, o->id, NH_OP_NEW);
	nlmsg_free(m);
	return rc;
}

static void nh_kernel_del(struct dp_nh_table *t, const struct dp_nh_obj *o)
{
	struct nl_msg *m = nh_msg(RTM_DELNEXTHOP, 0, AF_UNSPEC, 0, o->id);
	int rc = m ? nh_send(t, m, o->id, NH_OP_DEL) : -ENOMEM;

	nlmsg_free(m);
	if (rc < 0)
		log_fault(LOGM_DP, "nexthop %#x: delete: %s", o->id, strerror(-rc));
}

static bool nh_id_used(const struct dp_nh_table *t, uint32_t off)
{
	return t->used[off / 8] & (1u << (off % 8));
}

static void nh_id_mark(struct dp_nh_table *t, uint32_t id, bool used)
{
	uint32_t off = id - DP_NH_ID_BASE;

	if (used)
		t->used[off / 8] |= (uint8_t)(1u << (off % 8));
	else
		t->used[off / 8] &= (uint8_t) ~(1u << (off % 8));
}

/* Ids are not reused at once: a delete and a create of the same id would
 * otherwise depend on the order of requests still unanswered. */
static int nh_id_alloc(struct dp_nh_table *t, uint32_t *out)
{
	for (uint32_t i = 0; i < DP_NH_ID_COUNT; i++) {
		uint32_t off = (t->next_id + i) % DP_NH_ID_COUNT;

		if (!nh_id_used(t, off)) {
			t->next_id = (off + 1) % DP_NH_ID_COUNT;
			*out = DP_NH_ID_BASE + off;
			nh_id_mark(t, *out, true);
			return 0;
		}
	}
	return -ENOSPC;
}

static struct dp_nh_obj *nh_new(struct dp_nh_table *t, int family, unsigned char proto, unsigned n)
{
	struct dp_nh_obj *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	if (n && !(o->member = calloc(n, sizeof(o->member[0])))) {
		free(o);
		return NULL;
	}
	if (nh_id_alloc(t, &o->id) < 0) {
		free(o->member);
		free(o);
		return NULL;
	}
	o->family = family;
	o->proto = proto;
	o->n = n;
	o->refs = 1;
	return o;
}

static void nh_link(struct dp_nh_table *t, struct dp_nh_obj *o)
{
	o->next = t->objs;
	t->objs = o;
	t->count++;
}

static void nh_unlink(struct dp_nh_table *t, struct dp_nh_obj *o)
{
	for (struct dp_nh_obj **pp = &t->objs; *pp; pp = &(*pp)->next)
		if (*pp == o) {
			*pp = o->next;
			t->count--;
			return;
		}
}

static void nh_free(struct dp_nh_table *t, struct dp_nh_obj *o)
{
	nh_id_mark(t, o->id, false);
	free(o->member);
	free(o);
}

static int nh_leaf_get(struct dp_nh_table *t, int family, unsigned char proto,
		       const struct dp_nh_key *k, struct dp_nh_obj **out)
{
	struct dp_nh_obj *o;
	int rc;

	for (o = t->objs; o; o = o->next)
		if (!o->n && !o->dead && o->family == family && o->proto == proto &&
		    o->key.ifindex == k->ifindex && o->key.gw.family == k->gw.family &&
		    (!k->gw.family || vt_addr_eq(&o->key.gw, &k->gw))) {
			o->refs++;
			*out = o;
			return 0;
		}
	o = nh_new(t, family, proto, 0);
	if (!o)
		return -ENOMEM;
	o->key = *k;
	rc = nh_kernel_add(t, o);
	if (rc < 0) {
		nh_free(t, o);
		return rc;
	}
	nh_link(t, o);
	*out = o;
	return 0;
}

static int nh_cmp_id(const void *a, const void *b)
{
	uint32_t x = (*(struct dp_nh_obj *const *)a)->id, y = (*(struct dp_nh_obj *const *)b)->id;

	return x < y ? -1 : x > y;
}

static struct dp_nh_obj *nh_group_find(struct dp_nh_table *t, struct dp_nh_obj **m, unsigned n)
{
	for (struct dp_nh_obj *o = t->objs; o; o = o->next)
		if (o->n == n && !o->dead && !memcmp(o->member, m, n * sizeof(m[0])))
			return o;
	return NULL;
}

int dp_nh_get(struct dp_nh_table *t, int family, unsigned char proto, const struct dp_nh_key *k,
	      unsigned n, struct dp_nh_obj **out)
{
	struct dp_nh_obj *m[NH_GROUP_MAX], *g;
	unsigned i, j, cnt = 0;
	int rc = 0;

	if (!n || n > NH_GROUP_MAX)
		return -EINVAL;
	for (i = 0; i < n && rc == 0; i++) {
		struct dp_nh_obj *o;

		rc = nh_leaf_get(t, family, proto, &k[i], &o);
		if (rc < 0)
			break;
		for (j = 0; j < cnt && m[j] != o; j++)
			;
		if (j < cnt)
			dp_nh_put(t, o); /* twice the same way out */
		else
			m[cnt++] = o;
	}
	if (rc == 0 && cnt == 1) {
		*out = m[0];
		return 0;
	}
	if (rc == 0) {
		qsort(m, cnt, sizeof(m[0]), nh_cmp_id);
		g = nh_group_find(t, m, cnt);
		if (g) {
			g->refs++;
			for (i = 0; i < cnt; i++)
				dp_nh_put(t, m[i]);
			*out = g;
			return 0;
		}
		g = nh_new(t, AF_UNSPEC, proto, cnt);
		rc = g ? 0 : -ENOMEM;
	}
	if (rc == 0) {
		memcpy(g->member, m, cnt * sizeof(m[0])); /* the members' refs are its */
		rc = nh_kernel_add(t, g);
		if (rc == 0) {
			nh_link(t, g);
			*out = g;
			return 0;
		}
		nh_free(t, g);
	}
	for (i = 0; i < cnt; i++)
		dp_nh_put(t, m[i]);
	return rc;
}

void dp_nh_put(struct dp_nh_table *t, struct dp_nh_obj *o)
{
	if (!o || --o->refs)
		return;
	/* the group goes before the members it names */
	nh_kernel_del(t, o);
	nh_unlink(t, o);
	for (unsigned i = 0; i < o->n; i++)
		dp_nh_put(t, o->member[i]);
	nh_free(t, o);
}

void dp_nh_mark_dead(struct dp_nh_obj *o)
{
	o->dead = true;
	for (unsigned i = 0; i < o->n; i++)
		o->member[i]->dead = true;
}

void dp_nh_link_down(struct dp_nh_table *t, int ifindex)
{
	for (struct dp_nh_obj *o = t->objs; o; o = o->next)
		if (!o->n && (!ifindex || o->key.ifindex == ifindex))
			o->dead = true;
	for (struct dp_nh_obj *o = t->objs; o; o = o->next)
		for (unsigned i = 0; i < o->n; i++)
			if (o->member[i]->dead)
				o->dead = true;
}

uint32_t dp_nh_id(const struct dp_nh_obj *o)
{
	return o->id;
}

unsigned dp_nh_count(const struct dp_nh_table *t)
{
	return t->count;
}

struct dp_nh_table *dp_nh_table_new(struct dp_nl_batch *b)
{
	struct dp_nh_table *t = calloc(1, sizeof(*t));

	if (t)
		t->b = b;
	return t;
}

void dp_nh_table_free(struct dp_nh_table *t)
{
	if (!t)
		return;
	/* answers to come must not find the table gone */
	dp_nl_batch_flush(t->b);
	/* groups first: a member's delete would shrink a group still there */
	for (int pass = 0; pass < 2; pass++) {
		struct dp_nh_obj **pp = &t->objs;

		while (*pp) {
			struct dp_nh_obj *o = *pp;

			if ((pass == 0) != (o->n > 0)) {
				pp = &o->next;
				continue;
			}
			nh_kernel_del(t, o);
			*pp = o->next;
			nh_free(t, o);
		}
	}
	free(t);
}
