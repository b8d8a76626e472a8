/*
 * Shared by the bgp/attr*.c files only: AS path checks and a builder that
 * writes AS path segments into a caller's buffer.
 */
#ifndef VT_BGP_ATTR_INT_H
#define VT_BGP_ATTR_INT_H

#include "bgp/attr.h"
#include "common/wire.h"

#define BGP_SEG_MAX 255 /* ASNs in one segment: the count is one octet */

/*
 * Segments of type 1-4 with a non-zero count and exactly len bytes, ASNs
 * of asn_size (2 or 4) octets.  0 with *hops set (RFC 4271 §9.1.2.2: a SET
 * counts 1; RFC 5065: confed segments count 0), or -EINVAL with *why.
 */
int bgp_aspath_check(const uint8_t *p, size_t len, size_t asn_size, unsigned *hops,
		     const char **why);

static inline bool bgp_seg_is_confed(uint8_t type)
{
	return type == BGP_SEG_CONFED_SEQUENCE || type == BGP_SEG_CONFED_SET;
}

/*
 * Writes segments.  A segment is opened with bgp_pathb_open() and filled
 * with bgp_pathb_add(); a SEQUENCE that reaches 255 ASNs continues in a
 * new segment of its type.  With as4 false, ASNs go out as 2 octets
 * (AS_TRANS for those that do not fit) and wide records that one did not.
 * Overflowing the buffer is sticky and reported by bgp_pathb_len().
 */
struct bgp_pathb {
	struct wire_writer w;
	bool as4;
	bool wide;
	bool open; /* a segment is open: type, n, at */
	uint8_t type;
	uint8_t n;
	size_t at; /* offset of the open segment's header */
};

void bgp_pathb_init(struct bgp_pathb *b, uint8_t *buf, size_t cap, bool as4);
void bgp_pathb_open(struct bgp_pathb *b, uint8_t type);
void bgp_pathb_add(struct bgp_pathb *b, uint32_t asn);
/* Bytes written so far, or -ENOSPC after an overflow. */
int bgp_pathb_len(const struct bgp_pathb *b, size_t *len);

/* Widen a checked 2-octet path into b (4-octet). */
void bgp_aspath_widen(struct bgp_pathb *b, const uint8_t *p, size_t len);
/*
 * RFC 6793 §4.2.3: the path from a checked 2-octet AS_PATH and a checked
 * AS4_PATH, into b (4-octet).  Confed segments of the AS4_PATH are dropped
 * (RFC 6793 §6); an AS4_PATH with more ASNs than the AS_PATH is ignored.
 */
void bgp_aspath_merge(struct bgp_pathb *b, const uint8_t *p2, size_t len2, const uint8_t *p4,
		      size_t len4);

#endif
