/*
 * The path attribute table (internal to bgp/msg_*.c): one entry per
 * attribute the codec knows, shared by the UPDATE parser and generator.
 */
#ifndef VT_BGP_MSG_ATTR_H
#define VT_BGP_MSG_ATTR_H

#include "bgp/msg_int.h"

/* RFC 7606 §2: what a malformed attribute costs. */
enum bgp_attr_action {
	BGP_ATTR_ACT_DISCARD,
	BGP_ATTR_ACT_WITHDRAW,
	BGP_ATTR_ACT_RESET,
};

struct bgp_attr_desc {
	uint8_t type;
	const char *name;
	uint8_t flags; /* expected Optional and Transitive bits */
	uint16_t min_len;
	uint16_t max_len;
	int (*decode)(struct bgp_update *u, const struct bgp_upd_ctx *ctx, struct wire_reader *v);
	enum bgp_attr_action on_error;
};

/* NULL for an attribute the codec does not know. */
const struct bgp_attr_desc *bgp_attr_desc_find(uint8_t type);
/* Check flags and length, then decode into u.  0, or the UPDATE error
 * subcode for what is wrong (the caller applies d->on_error). */
int bgp_attr_decode(const struct bgp_attr_desc *d, struct bgp_update *u,
		    const struct bgp_upd_ctx *ctx, uint8_t flags, struct wire_reader *v);
/* AS_PATH / AS4_PATH segment syntax; 0 or -EINVAL. */
int bgp_attr_path_check(const uint8_t *p, size_t len, size_t asn_size);
/* Every prefix of an IPv4 or IPv6 list well formed; 0 or -EINVAL. */
int bgp_nlri_check(const struct bgp_nlri *n);

#endif
