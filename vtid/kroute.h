/*
 * The kernel's routing table as vtid's show commands see it: the main
 * table of one address family read over rtnetlink into plain structs, and
 * the clean-up of routes a previous run of vtid left behind.
 */
#ifndef VT_VTID_KROUTE_H
#define VT_VTID_KROUTE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"
#include "common/strbuf.h"

struct kroute_nh {
	struct vt_addr gw;	  /* AF_UNSPEC: directly connected */
	int ifindex;		  /* 0: none (a blackhole ...) */
	char ifname[IF_NAMESIZE]; /* "" when ifindex is 0 or gone */
	unsigned weight;	  /* 1-256, as `ip route` prints it */
	bool active;		  /* neither dead nor on a link that is down */
};

struct kroute {
	struct vt_prefix dst;
	unsigned char protocol; /* RTPROT_* */
	unsigned char scope;	/* RT_SCOPE_* */
	unsigned char type;	/* RTN_UNICAST, RTN_BLACKHOLE, ... */
	uint32_t metric;	/* the kernel's priority */
	bool selected;		/* the lowest metric of its prefix with a live nexthop */
	unsigned nh_count;
	struct kroute_nh *nh;
};

struct kroute_table {
	struct kroute *v; /* sorted by prefix, then metric */
	size_t n;
};

/* Unicast, blackhole, unreachable and prohibit routes of the main table of
 * family (AF_INET or AF_INET6).  0 or -errno with err; out is empty then. */
int kroute_table_read(int family, struct kroute_table *out, struct strbuf *err);
void kroute_table_free(struct kroute_table *t);

/* A route the kernel made for an address on a link (FRR's "connected"):
 * protocol kernel, and scope link or no gateway on any nexthop. */
bool kroute_is_connected(const struct kroute *r);
/* FRR's code letter: 'B', 'S', 'C' or 'K'; and its protocol name. */
char kroute_code(const struct kroute *r);
const char *kroute_protocol_name(const struct kroute *r);

/* At daemon start: remove the BGP routes (RTPROT_BGP) a previous run left
 * in the main table, logging how many when there were any.  Failing to
 * is logged, never fatal. */
void kroute_purge_stale(void);

#endif
