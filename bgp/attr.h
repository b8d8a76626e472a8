/*
 * Interned path attributes.  Every route the RIB holds points at one
 * struct bgp_attrs; routes with the same attributes share it, so a full
 * table costs one attribute set per distinct path, not per prefix.  An
 * attribute set is immutable once interned and carries an explicit
 * reference count: bgp_attrs_ref() / bgp_attrs_unref(); the last unref
 * removes it from its table and frees it.
 *
 * AS paths are kept normalised: segments as on the wire (type, count,
 * ASNs) with 4-octet ASNs always.  A path from a peer without the 4-octet
 * AS capability is widened, and its AS4_PATH merged in as RFC 6793 §4.2.3
 * says (AS4_PATH ignored when longer than AS_PATH; AS4_AGGREGATOR used only
 * when AGGREGATOR carries AS_TRANS, and when AGGREGATOR carries another AS
 * both AS4_AGGREGATOR and AS4_PATH are ignored; confed segments of an
 * AS4_PATH are dropped, RFC 6793 §6).
 *
 * Nothing here logs; errors come back as a short reason.
 */
#ifndef VT_BGP_ATTR_H
#define VT_BGP_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/asn.h"
#include "bgp/msg.h"
#include "common/addr.h"

/* AS_PATH segment types (RFC 4271, RFC 5065) */
enum bgp_seg_type {
	BGP_SEG_SET = 1,
	BGP_SEG_SEQUENCE = 2,
	BGP_SEG_CONFED_SEQUENCE = 3,
	BGP_SEG_CONFED_SET = 4,
};

/* which optional fields are present */
enum bgp_attrs_has {
	BGP_HAS_MED = 1u << 0,
	BGP_HAS_LOCAL_PREF = 1u << 1,
	BGP_HAS_ATOMIC_AGGREGATE = 1u << 2,
	BGP_HAS_AGGREGATOR = 1u << 3,
};

struct bgp_attr_table;

/*
 * One attribute set.  The variable part, data[], holds in this order:
 * the AS path (aspath_len bytes, 4-octet segments), the communities
 * (n_comm * 4 bytes, network order), the large communities (n_lcomm * 12
 * bytes) and the unknown optional transitive attributes, re-encoded whole
 * (flags, type, length, value; unknown_len bytes in all; at most
 * BGP_UPD_UNKNOWN_MAX of them).  Read them with the accessors below.
 * Values whose `has` flag is off are 0, addresses are zero past their
 * length, so equal sets are equal field by field.
 */
struct bgp_attrs {
	/* private to the table */
	struct bgp_attrs *hnext;
	uint32_t hash;
	uint32_t refcnt;
	/* public, read-only */
	uint8_t origin; /* 0 IGP, 1 EGP, 2 INCOMPLETE */
	uint8_t has;	/* enum bgp_attrs_has */
	uint16_t aspath_len;
	uint16_t aspath_hops; /* RFC 4271 §9.1.2.2: a SET counts 1, confed 0 */
	uint16_t n_comm, n_lcomm, unknown_len;
	uint32_t med, local_pref;
	uint32_t aggregator_as;
	uint32_t aggregator_id;	 /* IPv4, host order */
	struct vt_addr next_hop;	 /* IPv4 NEXT_HOP or MP_REACH's (global) */
	struct vt_addr next_hop_ll; /* IPv6 link-local next hop; family 0 if none */
	uint8_t data[];
};

/* The fields of a set to be interned; the byte ranges are copied. */
struct bgp_attrs_tmpl {
	uint8_t origin;
	uint8_t has;
	uint32_t med, local_pref, aggregator_as, aggregator_id;
	struct vt_addr next_hop, next_hop_ll;
	const uint8_t *aspath; /* 4-octet segments */
	size_t aspath_len;
	const uint8_t *comm; /* 4 bytes each */
	size_t n_comm;
	const uint8_t *lcomm; /* 12 bytes each */
	size_t n_lcomm;
	const uint8_t *unknown; /* whole encoded attributes */
	size_t unknown_len;
};

struct bgp_attr_table *bgp_attr_table_new(void);
/* Frees the table; sets still referenced are leaked on purpose and
 * counted in the return value (a test asserts 0).  t may be NULL. */
size_t bgp_attr_table_free(struct bgp_attr_table *t);
size_t bgp_attr_table_count(const struct bgp_attr_table *t); /* distinct sets */
size_t bgp_attr_table_bytes(const struct bgp_attr_table *t); /* sets + buckets */

/*
 * The interned set equal to tmpl, with one reference taken for the
 * caller: an existing one, or a new copy.  NULL on -ENOMEM or when a
 * field cannot be held (aspath longer than 65535 bytes, origin above 2,
 * unknown attributes cut short or more than BGP_UPD_UNKNOWN_MAX ...), with
 * *why.  The AS path is checked (segment types 1-4, counts non-zero,
 * lengths exact) and its hop count computed.  Fields whose `has` flag is
 * off are ignored.  The unknown attributes are compared as given:
 * bgp_attrs_from_update encodes them one way (Extended Length only above
 * 255 octets) so equal ones intern together.
 */
struct bgp_attrs *bgp_attrs_intern(struct bgp_attr_table *t, const struct bgp_attrs_tmpl *tmpl,
				   const char **why);
struct bgp_attrs *bgp_attrs_ref(struct bgp_attrs *a);
void bgp_attrs_unref(struct bgp_attr_table *t, struct bgp_attrs *a); /* a may be NULL */

/*
 * The attributes an UPDATE gives the routes of family afi (BGP_AFI_IPV4:
 * the NLRI with NEXT_HOP, unless the IPv4 routes came in MP_REACH;
 * BGP_AFI_IPV6: MP_REACH), AS path widened and merged when !u->as_path_as4.
 * Interned as bgp_attrs_intern does.  NULL with *why when the update has
 * no next hop for afi or on -ENOMEM.
 */
struct bgp_attrs *bgp_attrs_from_update(struct bgp_attr_table *t, const struct bgp_update *u,
					uint16_t afi, const char **why);

/* ---- reading a set ----------------------------------------------------------- */

const uint8_t *bgp_attrs_aspath(const struct bgp_attrs *a);
const uint8_t *bgp_attrs_comm(const struct bgp_attrs *a);
const uint8_t *bgp_attrs_lcomm(const struct bgp_attrs *a);
const uint8_t *bgp_attrs_unknown(const struct bgp_attrs *a);

/* The first AS of the path's first SEQUENCE (the neighbor AS, for MED
 * comparison), leading confed segments skipped; 0 if the path is empty or
 * starts with a SET. */
uint32_t bgp_attrs_first_as(const struct bgp_attrs *a);
/* Whether asn appears anywhere in the path (loop detection). */
bool bgp_attrs_aspath_has(const struct bgp_attrs *a, uint32_t asn);

/* "64512 65001 {1,2}" ("" for an empty path), as FRR prints it.  Returns
 * the length it needed (snprintf rules). */
int bgp_attrs_aspath_fmt(const struct bgp_attrs *a, char *buf, size_t len);
/* "65000:1 65000:2" and "65000:1:2" lists; same rules.  Well-known
 * communities print by FRR's names: no-export, no-advertise, local-AS,
 * no-peer, blackhole, graceful-shutdown, accept-own, llgr-stale, no-llgr. */
int bgp_attrs_comm_fmt(const struct bgp_attrs *a, char *buf, size_t len);
int bgp_attrs_lcomm_fmt(const struct bgp_attrs *a, char *buf, size_t len);
const char *bgp_origin_name(uint8_t origin); /* "IGP", "EGP", "incomplete" */
char bgp_origin_code(uint8_t origin);	     /* 'i', 'e', '?' */

/* ---- exporting to a peer ------------------------------------------------------- */

/* What the speaker changes when it sends a route to a peer. */
struct bgp_export {
	uint32_t local_as;
	bool ebgp;	       /* prepend local_as, drop LOCAL_PREF, drop MED learned from eBGP */
	bool med_from_ebgp;  /* the route was learned over eBGP (its MED is not passed on) */
	unsigned prepend;      /* extra copies of local_as (as-path-prepend) */
	bool peer_as4;	       /* the peer has the 4-octet AS capability */
	uint32_t default_local_pref; /* sent to iBGP peers when the route has none */
	struct vt_addr next_hop; /* next-hop-self: the session's local address */
};

/*
 * Fill u (zeroed first) with the attributes to send for a, as
 * bgp_update_write() takes them; variable parts are built in buf (cap
 * bytes) or point into a, so u is valid while both are.  eBGP: local_as
 * 1 + prepend times in front (filling the leading SEQUENCE to 255, then
 * new segments before it), confed segments dropped (RFC 5065 §4.1).  For
 * a peer without 4-octet ASNs, AS_PATH goes out with AS_TRANS in place of
 * wide ASNs plus, only if there was one, an AS4_PATH without confed
 * segments, and likewise AGGREGATOR / AS4_AGGREGATOR.  For IPv6 the next
 * hop goes in u->mp_* (no link-local one).  Unknown attributes go out as
 * received (the writer adds Partial).  0, -ENOSPC when buf is too small
 * (2 * aspath_len + 8 * (prepend + 1) + 16 octets always do), or -EINVAL
 * when x->next_hop is not of afi's family.
 */
int bgp_attrs_export(const struct bgp_attrs *a, const struct bgp_export *x, uint16_t afi,
		     struct bgp_update *u, uint8_t *buf, size_t cap);

#endif
