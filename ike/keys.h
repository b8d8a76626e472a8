/*
 * IKEv2 key derivation (RFC 7296 §2.14, §2.17, §2.18).
 *
 *   SKEYSEED = prf(Ni | Nr, g^ir)
 *   SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr
 *            = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)
 *   rekeyed:  SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)
 *   CHILD_SA: KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr)
 *             = encr_i | integ_i | encr_r | integ_r
 *
 * Lengths follow the negotiated transforms: SK_d and SK_p* are as long as
 * the PRF output; integrity keys as crypto_integ_key_len(); encryption keys
 * keylen/8, plus the 4-byte salt for AES-GCM (RFC 5282 §7.1, RFC 4106 §8.1),
 * whose SAs have no integrity keys.  Algorithm IDs are the IANA ones
 * (ike/transform.h).  Functions return 0, -EINVAL for unknown transforms
 * or bad lengths, -ENOMEM / -EIO from the crypto layer.
 *
 * Only HMAC PRFs are supported, so the whole Ni | Nr is the SKEYSEED key
 * (the fixed-key-size rule of §2.14 for AES-XCBC/CMAC does not arise).
 *
 * Every struct here holds key material: release it with its _wipe
 * function (a struct on the stack) or _free (one from _derive).
 */
#ifndef VT_IKE_KEYS_H
#define VT_IKE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#define IKE_KEY_MAX 64 /* longest key: SHA-512 PRF / integrity */
#define IKE_SPI_LEN 8

struct ike_key {
	uint8_t b[IKE_KEY_MAX];
	uint16_t len; /* 0: no such key (e.g. SK_a* with AEAD) */
};

/* The transforms of an IKE SA (encr_keylen in bits, as in the Key Length
 * attribute); integ is ignored for AES-GCM. */
struct ike_sa_algs {
	uint16_t encr;
	uint16_t encr_keylen;
	uint16_t prf;
	uint16_t integ;
};

struct ike_sa_keys {
	uint16_t prf;
	struct ike_key sk_d, sk_ai, sk_ar, sk_ei, sk_er, sk_pi, sk_pr;
};

/* The transforms of a CHILD_SA (ESP). */
struct ike_child_algs {
	uint16_t encr;
	uint16_t encr_keylen;
	uint16_t integ;
};

struct ike_child_keys {
	struct ike_key encr_i, integ_i; /* initiator → responder */
	struct ike_key encr_r, integ_r; /* responder → initiator */
};

/* Key lengths in bytes of one transform, or -EINVAL. */
int ike_keys_encr_len(uint16_t encr, uint16_t keylen_bits);
int ike_keys_integ_len(uint16_t encr, uint16_t integ);

/* SKEYSEED for a new IKE SA; out gets crypto_prf_len(prf) bytes. */
int ike_keys_skeyseed(uint16_t prf, const uint8_t *ni, size_t nilen, const uint8_t *nr,
		      size_t nrlen, const uint8_t *gir, size_t girlen, uint8_t *out);

/* SKEYSEED of a rekeyed IKE SA, from the old SA's SK_d (whose PRF is
 * old_prf) and the new exchange's g^ir and nonces (RFC 7296 §2.18). */
int ike_keys_skeyseed_rekey(uint16_t old_prf, const struct ike_key *old_sk_d, const uint8_t *gir,
			    size_t girlen, const uint8_t *ni, size_t nilen, const uint8_t *nr,
			    size_t nrlen, uint8_t *out);

/* The seven SK_* keys from SKEYSEED (crypto_prf_len(algs->prf) bytes). */
int ike_sa_keys_derive(const struct ike_sa_algs *algs, const uint8_t *skeyseed, const uint8_t *ni,
		       size_t nilen, const uint8_t *nr, size_t nrlen,
		       const uint8_t spii[IKE_SPI_LEN], const uint8_t spir[IKE_SPI_LEN],
		       struct ike_sa_keys **out);
void ike_sa_keys_free(struct ike_sa_keys *k);

/* CHILD_SA keys from the IKE SA's SK_d; gir may be NULL (no PFS). */
int ike_child_keys_derive(const struct ike_sa_keys *sa, const struct ike_child_algs *algs,
			  const uint8_t *gir, size_t girlen, const uint8_t *ni, size_t nilen,
			  const uint8_t *nr, size_t nrlen, struct ike_child_keys **out);
void ike_child_keys_free(struct ike_child_keys *k);

void ike_key_wipe(struct ike_key *k);

#endif
