/*
 * Addresses and prefixes.  Parsing is strict on purpose: these strings come
 * from config files and the control socket, and "10.0.0.0/08" or
 * "10.0.0.0/8 " is more likely a typo than an intent.
 */
#include "common/addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

size_t vt_addr_len(const struct vt_addr *a)
{
	switch (a->family) {
	case AF_INET:
		return 4;
	case AF_INET6:
		return 16;
	default:
		return 0;
	}
}

static unsigned vt_addr_bits(const struct vt_addr *a)
{
	return (unsigned)vt_addr_len(a) * 8;
}

static bool vt_family_ok(int family)
{
	return family == AF_UNSPEC || family == AF_INET || family == AF_INET6;
}

/* s is a complete, NUL-terminated candidate; inet_pton rejects junk and
 * whitespace around an address by itself. */
static int vt_addr_parse_exact(const char *s, int family, struct vt_addr *out)
{
	memset(out, 0, sizeof(*out));
	if ((family == AF_UNSPEC || family == AF_INET) && inet_pton(AF_INET, s, &out->u.v4) == 1) {
		out->family = AF_INET;
		return 0;
	}
	if ((family == AF_UNSPEC || family == AF_INET6) &&
	    inet_pton(AF_INET6, s, &out->u.v6) == 1) {
		out->family = AF_INET6;
		return 0;
	}
	memset(out, 0, sizeof(*out));
	return -EINVAL;
}

int vt_addr_parse(const char *s, int family, struct vt_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (!s || !vt_family_ok(family))
		return -EINVAL;
	return vt_addr_parse_exact(s, family, out);
}

const char *vt_addr_fmt(const struct vt_addr *a, char *buf, size_t len)
{
	const char *what;

	if (!buf || len == 0)
		return "";
	buf[0] = '\0';
	if (a->family == AF_INET || a->family == AF_INET6) {
		if (inet_ntop(a->family, a->u.bytes, buf, (socklen_t)(len > 64 ? 64 : len)))
			return buf;
		buf[0] = '\0'; /* buffer too small: empty beats a cut address */
		return buf;
	}
	what = a->family == 0 ? "(unset)" : "(invalid)";
	if (strlen(what) < len)
		memcpy(buf, what, strlen(what) + 1);
	return buf;
}

int vt_addr_cmp(const struct vt_addr *a, const struct vt_addr *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	c = memcmp(a->u.bytes, b->u.bytes, vt_addr_len(a));
	return c < 0 ? -1 : c > 0;
}

bool vt_addr_eq(const struct vt_addr *a, const struct vt_addr *b)
{
	return vt_addr_cmp(a, b) == 0;
}

void vt_addr_from_v4(struct vt_addr *a, uint32_t host_order)
{
	memset(a, 0, sizeof(*a));
	a->family = AF_INET;
	a->u.v4.s_addr = htonl(host_order);
}

/* "0".."128": digits only, no sign, no leading zero, no space. */
static int vt_prefix_len_parse(const char *s, unsigned max, uint8_t *out)
{
	unsigned v = 0;
	const char *p;

	if (!*s || strlen(s) > 3 || (s[0] == '0' && s[1] != '\0'))
		return -EINVAL;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (v > max)
		return -EINVAL;
	*out = (uint8_t)v;
	return 0;
}

int vt_prefix_parse(const char *s, int family, unsigned flags, struct vt_prefix *out)
{
	char abuf[INET6_ADDRSTRLEN + 1];
	const char *slash;
	size_t alen;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s || !vt_family_ok(family))
		return -EINVAL;
	slash = strchr(s, '/');
	alen = slash ? (size_t)(slash - s) : strlen(s);
	if (alen == 0 || alen >= sizeof(abuf))
		return -EINVAL;
	memcpy(abuf, s, alen);
	abuf[alen] = '\0';
	rc = vt_addr_parse_exact(abuf, family, &out->addr);
	if (rc)
		return rc;

	if (slash)
		rc = vt_prefix_len_parse(slash + 1, vt_addr_bits(&out->addr), &out->len);
	else if (flags & VT_PREFIX_NEED_LEN)
		rc = -EINVAL;
	else
		out->len = (uint8_t)vt_addr_bits(&out->addr);
	if (rc == 0 && vt_prefix_has_host_bits(out)) {
		if (flags & VT_PREFIX_STRICT)
			rc = -EINVAL;
		else
			vt_prefix_mask(out);
	}
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

const char *vt_prefix_fmt(const struct vt_prefix *p, char *buf, size_t len)
{
	char abuf[VT_ADDR_STRLEN];

	if (!buf || len == 0)
		return "";
	vt_addr_fmt(&p->addr, abuf, sizeof(abuf));
	if (p->addr.family != AF_INET && p->addr.family != AF_INET6)
		snprintf(buf, len, "%s", abuf);
	else if ((size_t)snprintf(buf, len, "%s/%u", abuf, (unsigned)p->len) >= len)
		buf[0] = '\0';
	return buf;
}

/* Byte number byte of the netmask of a prefix of length len. */
static uint8_t vt_mask_byte(unsigned len, size_t byte)
{
	unsigned start = (unsigned)byte * 8;

	if (len >= start + 8)
		return 0xff;
	if (len <= start)
		return 0;
	return (uint8_t)(0xff << (8 - (len - start)));
}

void vt_prefix_mask(struct vt_prefix *p)
{
	size_t i, n = vt_addr_len(&p->addr);

	if (p->len > n * 8)
		p->len = (uint8_t)(n * 8);
	for (i = 0; i < n; i++)
		p->addr.u.bytes[i] &= vt_mask_byte(p->len, i);
}

bool vt_prefix_has_host_bits(const struct vt_prefix *p)
{
	size_t i, n = vt_addr_len(&p->addr);

	for (i = 0; i < n; i++)
		if (p->addr.u.bytes[i] & (uint8_t)~vt_mask_byte(p->len, i))
			return true;
	return false;
}

/* Do a and b agree on their first len bits? */
static bool vt_bits_match(const uint8_t *a, const uint8_t *b, unsigned len, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t m = vt_mask_byte(len, i);

		if ((a[i] & m) != (b[i] & m))
			return false;
	}
	return true;
}

bool vt_prefix_contains_addr(const struct vt_prefix *p, const struct vt_addr *a)
{
	size_t n = vt_addr_len(a);

	if (n == 0 || p->addr.family != a->family || p->len > n * 8)
		return false;
	return vt_bits_match(p->addr.u.bytes, a->u.bytes, p->len, n);
}

bool vt_prefix_contains(const struct vt_prefix *outer, const struct vt_prefix *inner)
{
	if (outer->len > inner->len)
		return false;
	return vt_prefix_contains_addr(outer, &inner->addr);
}

int vt_prefix_cmp(const struct vt_prefix *a, const struct vt_prefix *b)
{
	int c = vt_addr_cmp(&a->addr, &b->addr);

	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}
