/*
 * IKEv2 transform types and the transform IDs vtid knows (RFC 7296 §3.3.2,
 * IANA "IKEv2 Parameters"), with the strongSwan-style keyword of each.
 *
 * The keyword table is the single place that says which algorithms vtid
 * accepts in configuration: AES-CBC and AES-GCM (16-octet ICV) with 128,
 * 192 or 256-bit keys, HMAC-SHA1/SHA2 integrity and PRFs, the MODP and ECP
 * groups AWS offers plus curve25519, and ESN on or off.
 */
#ifndef VT_IKE_TRANSFORM_H
#define VT_IKE_TRANSFORM_H

#include <stdbool.h>
#include <stdint.h>

enum ike_transform_type {
	IKE_TRANSFORM_ENCR = 1,
	IKE_TRANSFORM_PRF = 2,
	IKE_TRANSFORM_INTEG = 3,
	IKE_TRANSFORM_DH = 4,
	IKE_TRANSFORM_ESN = 5,
};

/* Transform IDs, by type.  Only the ones vtid implements are named. */
enum {
	IKE_ENCR_AES_CBC = 12,
	IKE_ENCR_AES_GCM_16 = 20,
};

enum {
	IKE_PRF_HMAC_SHA1 = 2,
	IKE_PRF_HMAC_SHA2_256 = 5,
	IKE_PRF_HMAC_SHA2_384 = 6,
	IKE_PRF_HMAC_SHA2_512 = 7,
};

enum {
	IKE_INTEG_HMAC_SHA1_96 = 2,
	IKE_INTEG_HMAC_SHA2_256_128 = 12,
	IKE_INTEG_HMAC_SHA2_384_192 = 13,
	IKE_INTEG_HMAC_SHA2_512_256 = 14,
};

enum {
	IKE_DH_MODP1024 = 2,
	IKE_DH_MODP1536 = 5,
	IKE_DH_MODP2048 = 14,
	IKE_DH_MODP3072 = 15,
	IKE_DH_MODP4096 = 16,
	IKE_DH_MODP6144 = 17,
	IKE_DH_MODP8192 = 18,
	IKE_DH_ECP256 = 19,
	IKE_DH_ECP384 = 20,
	IKE_DH_ECP521 = 21,
	IKE_DH_MODP1024S160 = 22,
	IKE_DH_MODP2048S224 = 23,
	IKE_DH_MODP2048S256 = 24,
	IKE_DH_CURVE25519 = 31,
};

enum {
	IKE_ESN_NONE = 0,
	IKE_ESN_ON = 1,
};

/* One keyword of the proposal language. */
struct ike_keyword {
	const char *name;
	enum ike_transform_type type;
	uint16_t id;
	uint16_t keylen; /* bits; 0 for transforms without a Key Length */
	uint16_t prf;	 /* INTEG only: the PRF an IKE proposal implies */
	bool alias;	 /* accepted, but never printed */
};

/* The keyword spelled exactly `name` (lower-case), or NULL. */
const struct ike_keyword *ike_keyword_find(const char *name);

/* The canonical keyword for a transform, e.g. (ENCR, 20, 256) gives
 * "aes256gcm16"; NULL for a transform vtid does not know, so callers that
 * print a peer's offer can fall back to the number. */
const char *ike_transform_name(enum ike_transform_type type, uint16_t id, uint16_t keylen);

/* True for combined-mode (AEAD) encryption, which takes no INTEG. */
bool ike_encr_is_aead(uint16_t id);

#endif
