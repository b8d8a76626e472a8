/*
 * Prefix lists (as FRR and Cisco know them): entries tried in order of
 * sequence number; the first that matches decides permit or deny; a route
 * no entry matches is denied.  An entry matches a prefix of its own family
 * that lies within its prefix and whose length is exactly the entry's
 * (no ge/le), at least ge, at most le (le alone: from the entry's length
 * up to le; ge alone: from ge up to the family's width).
 */
#ifndef VT_BGP_POLICY_H
#define VT_BGP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

#define BGP_PLIST_NAME_LEN 64

struct bgp_plist_entry {
	uint32_t seq;
	bool permit;
	struct vt_prefix prefix;
	uint8_t ge, le; /* 0: not given */
};

struct bgp_plist {
	char name[BGP_PLIST_NAME_LEN + 1];
	size_t n;
	struct bgp_plist_entry *v; /* sorted by seq */
};

/* A list named name from n entries (copied, sorted by seq).  NULL on
 * -ENOMEM or a name too long. */
struct bgp_plist *bgp_plist_new(const char *name, const struct bgp_plist_entry *e, size_t n);
void bgp_plist_free(struct bgp_plist *pl); /* pl may be NULL */
bool bgp_plist_eq(const struct bgp_plist *a, const struct bgp_plist *b);

/* Whether pl permits p; *seq (may be NULL) is the deciding entry's seq,
 * 0 when none matched. */
bool bgp_plist_permits(const struct bgp_plist *pl, const struct vt_prefix *p, uint32_t *seq);

#endif
