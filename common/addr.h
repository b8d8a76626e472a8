/*
 * IPv4/IPv6 addresses and prefixes: parse, format, compare, contain.
 */
#ifndef VT_COMMON_ADDR_H
#define VT_COMMON_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vt_addr {
	uint8_t family; /* AF_INET or AF_INET6; 0 = unset */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	} u;
};

struct vt_prefix {
	struct vt_addr addr;
	uint8_t len;
};

#define VT_ADDR_STRLEN 46  /* INET6_ADDRSTRLEN */
#define VT_PREFIX_STRLEN 50

/* family: AF_INET, AF_INET6 or AF_UNSPEC (either).  0 or -EINVAL. */
int vt_addr_parse(const char *s, int family, struct vt_addr *out);
/* Returns buf; "(unset)" for an unset address. */
const char *vt_addr_fmt(const struct vt_addr *a, char *buf, size_t len);
int vt_addr_cmp(const struct vt_addr *a, const struct vt_addr *b);
bool vt_addr_eq(const struct vt_addr *a, const struct vt_addr *b);
void vt_addr_from_v4(struct vt_addr *a, uint32_t host_order);
size_t vt_addr_len(const struct vt_addr *a); /* 4, 16, or 0 */

enum {
	VT_PREFIX_STRICT = 1u << 0, /* host bits set -> -EINVAL */
	VT_PREFIX_NEED_LEN = 1u << 1, /* "/len" is mandatory */
};
/* "10.0.0.0/8", "2001:db8::/32"; a bare address is a host prefix unless
 * VT_PREFIX_NEED_LEN.  Without STRICT, host bits are cleared.  0 or -EINVAL. */
int vt_prefix_parse(const char *s, int family, unsigned flags, struct vt_prefix *out);
const char *vt_prefix_fmt(const struct vt_prefix *p, char *buf, size_t len);
void vt_prefix_mask(struct vt_prefix *p); /* clear host bits */
bool vt_prefix_has_host_bits(const struct vt_prefix *p);
bool vt_prefix_contains_addr(const struct vt_prefix *p, const struct vt_addr *a);
bool vt_prefix_contains(const struct vt_prefix *outer, const struct vt_prefix *inner);
int vt_prefix_cmp(const struct vt_prefix *a, const struct vt_prefix *b);

#endif
