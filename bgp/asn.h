/*
 * Autonomous System numbers (RFC 6793 four-octet ASNs), as people write
 * them: asplain ("65016", "4200000001") or asdot ("1.10" = 65546, RFC 5396).
 * vtid prints asplain only.
 */
#ifndef VT_BGP_ASN_H
#define VT_BGP_ASN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BGP_AS_TRANS 23456u
/* Room for "4294967295" and its NUL. */
#define BGP_ASN_STRLEN 11

/*
 * Parse s, the whole string, as an ASN.  Accepts asplain 1..4294967295 and
 * asdot X.Y with X and Y in 0..65535; no signs, spaces, leading zeros
 * ("065016") or other junk.  Returns 0 and sets *out, -EINVAL for text that
 * is not an ASN or is 0, -ERANGE for a number too large.  *out is left
 * alone on error.
 */
int bgp_asn_parse(const char *s, uint32_t *out);

/* asplain into buf; 0, or -ENOSPC if len < the digits plus NUL. */
int bgp_asn_format(uint32_t asn, char *buf, size_t len);

/* RFC 6996 private use: 64512-65534 and 4200000000-4294967294. */
bool bgp_asn_is_private(uint32_t asn);

/* Never a real peer's AS: 0 (RFC 7607), AS_TRANS 23456 (RFC 6793), 65535
 * (RFC 7300) and 4294967295 (RFC 7300). */
bool bgp_asn_is_reserved(uint32_t asn);

#endif
