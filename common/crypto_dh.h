/*
 * Diffie-Hellman for IKE, by IKE group number (IANA "Transform Type 4"):
 * MODP 2, 5, 14-18 (RFC 2409, RFC 3526), MODP with prime-order subgroup
 * 22-24 (RFC 5114), ECP 19-21 (RFC 5903) and Curve25519 31 (RFC 8031).
 *
 * Values are in IKE's KE-payload format: MODP zero-padded to the length of
 * the prime, ECP x | y without the 0x04 prefix (RFC 5903 §7), X25519 the
 * 32-byte u-coordinate.  The shared secret is g^ir in the same format
 * IKE feeds to the PRF: MODP padded to the prime's length, ECP the x
 * coordinate, X25519 the 32-byte result.
 *
 * A peer's value is checked before use: wrong length, MODP values outside
 * 1 < y < p-1 (and, for 22-24, outside the subgroup), ECP points not on
 * the curve and an all-zero X25519 result all give -EINVAL, never a
 * crash.  Private keys are wiped on free.
 */
#ifndef VT_COMMON_CRYPTO_DH_H
#define VT_COMMON_CRYPTO_DH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRYPTO_DH_MAX_PUB    1024 /* MODP 8192 */
#define CRYPTO_DH_MAX_SECRET 1024

struct crypto_dh;

/* True if vtid implements group `group` with this OpenSSL. */
bool crypto_dh_supported(uint16_t group);
/* Lengths in bytes of the public value and of the shared secret, or
 * -EINVAL for an unknown group. */
int crypto_dh_pub_len(uint16_t group);
int crypto_dh_secret_len(uint16_t group);

/* A fresh key pair.  -EINVAL for an unknown group, -ENOMEM / -EIO when
 * OpenSSL fails. */
int crypto_dh_new(uint16_t group, struct crypto_dh **out);
void crypto_dh_free(struct crypto_dh *dh);
uint16_t crypto_dh_group(const struct crypto_dh *dh);

/* Copy our public value into buf; len must be crypto_dh_pub_len(). */
int crypto_dh_pub(const struct crypto_dh *dh, uint8_t *buf, size_t len);

/* g^ir from the peer's public value into secret (len must be
 * crypto_dh_secret_len()).  -EINVAL for a bad peer value. */
int crypto_dh_derive(const struct crypto_dh *dh, const uint8_t *peer, size_t peerlen,
		     uint8_t *secret, size_t len);

/*
 * Tests only: a key pair from a known private value (big-endian integer
 * for MODP and ECP, as RFC 5903 prints it; the 32 raw bytes for X25519).
 * -EINVAL if OpenSSL refuses it.  Production code never calls this.
 */
int crypto_dh_new_from_private(uint16_t group, const uint8_t *priv, size_t len,
			       struct crypto_dh **out);

#endif
