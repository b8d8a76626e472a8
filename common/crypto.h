/*
 * Symmetric crypto for IKE and ESP over OpenSSL 3 EVP: the HMAC PRFs and
 * prf+ (RFC 7296 §2.13), truncated-HMAC integrity (RFC 2404, RFC 4868),
 * AES-CBC (RFC 3602) and AES-GCM with a 16-octet ICV (RFC 4106, RFC 5282).
 * Diffie-Hellman is in common/crypto_dh.h.
 *
 * Algorithm numbers are the IANA IKEv2 transform IDs, so a negotiated ID
 * passes straight through.  Every function returns 0 or a negative errno:
 * -EINVAL for an unknown algorithm or a wrong length, -EBADMSG when an ICV
 * does not verify, -ENOMEM / -EIO when OpenSSL fails.  Constructors
 * return NULL on failure.  Per-message calls never log (a packet flood
 * must not flood the log); the caller decides.
 * Contexts hold their key inside OpenSSL, set once; freeing a context
 * wipes it.  A context is used by one thread at a time (the ESP worker
 * keeps its own); the one-shot functions are safe from any thread.
 * Nothing here logs key material.
 */
#ifndef VT_COMMON_CRYPTO_H
#define VT_COMMON_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* ---- PRF (HMAC) ------------------------------------------------------- */

enum crypto_prf_alg {
	CRYPTO_PRF_HMAC_SHA1 = 2,
	CRYPTO_PRF_HMAC_SHA2_256 = 5,
	CRYPTO_PRF_HMAC_SHA2_384 = 6,
	CRYPTO_PRF_HMAC_SHA2_512 = 7,
};

#define CRYPTO_PRF_MAX_LEN	   64 /* largest output (SHA-512) */
#define CRYPTO_PRF_PLUS_MAX_BLOCKS 255

/* Output length in bytes (also the key length IKE uses for SK_d, SK_p*),
 * or -EINVAL for an unknown alg. */
int crypto_prf_len(unsigned alg);

/* out gets crypto_prf_len(alg) bytes of HMAC(key, data). */
int crypto_prf(unsigned alg, const uint8_t *key, size_t keylen, const uint8_t *data, size_t len,
	       uint8_t *out);

/* Incremental form: new → update* → final; after final the context is
 * ready for another message under the same key.  NULL from new means an
 * unknown alg or an OpenSSL failure. */
struct crypto_prf;
struct crypto_prf *crypto_prf_new(unsigned alg, const uint8_t *key, size_t keylen);
int crypto_prf_update(struct crypto_prf *p, const uint8_t *data, size_t len);
int crypto_prf_final(struct crypto_prf *p, uint8_t *out);
void crypto_prf_free(struct crypto_prf *p);

/*
 * prf+ (RFC 7296 §2.13): T1 | T2 | ... with T1 = prf(K, S | 0x01) and
 * Tn = prf(K, Tn-1 | S | n), cut to outlen bytes.  The seed S is the
 * concatenation of the nseed iovecs.  -EINVAL if outlen needs more than
 * 255 blocks.
 */
int crypto_prf_plus(unsigned alg, const uint8_t *key, size_t keylen, const struct iovec *seed,
		    unsigned nseed, uint8_t *out, size_t outlen);

/* ---- Integrity (truncated HMAC) --------------------------------------- */

enum crypto_integ_alg {
	CRYPTO_INTEG_HMAC_SHA1_96 = 2,
	CRYPTO_INTEG_HMAC_SHA2_256_128 = 12,
	CRYPTO_INTEG_HMAC_SHA2_384_192 = 13,
	CRYPTO_INTEG_HMAC_SHA2_512_256 = 14,
};

#define CRYPTO_INTEG_MAX_KEY 64
#define CRYPTO_INTEG_MAX_ICV 32

/* Key and ICV lengths in bytes, or -EINVAL for an unknown alg. */
int crypto_integ_key_len(unsigned alg);
int crypto_integ_icv_len(unsigned alg);

/* keylen must be exactly crypto_integ_key_len(alg). */
struct crypto_integ;
struct crypto_integ *crypto_integ_new(unsigned alg, const uint8_t *key, size_t keylen);
void crypto_integ_free(struct crypto_integ *c);
int crypto_integ_icv_size(const struct crypto_integ *c);

/* The ICV (crypto_integ_icv_size bytes) over the concatenation of iov. */
int crypto_integ_compute(struct crypto_integ *c, const struct iovec *iov, unsigned n, uint8_t *icv);
/* 0 if icv matches (compared in constant time), -EBADMSG if not. */
int crypto_integ_verify(struct crypto_integ *c, const struct iovec *iov, unsigned n,
			const uint8_t *icv);

/* ---- AES-CBC ---------------------------------------------------------- */

#define CRYPTO_AES_BLOCK 16

enum crypto_dir {
	CRYPTO_DECRYPT = 0,
	CRYPTO_ENCRYPT = 1,
};

/* One direction, one key of 16, 24 or 32 bytes. */
struct crypto_cbc;
struct crypto_cbc *crypto_cbc_new(const uint8_t *key, size_t keylen, enum crypto_dir dir);
void crypto_cbc_free(struct crypto_cbc *c);
/* len bytes, a multiple of 16, no padding added or removed; in == out is
 * allowed.  -EINVAL if len is not a whole number of blocks. */
int crypto_cbc_crypt(struct crypto_cbc *c, const uint8_t iv[CRYPTO_AES_BLOCK], const uint8_t *in,
		     uint8_t *out, size_t len);

/* ---- AES-GCM-16 (RFC 4106 / RFC 5282) ---------------------------------- */

#define CRYPTO_GCM_SALT_LEN 4
#define CRYPTO_GCM_IV_LEN   8
#define CRYPTO_GCM_ICV_LEN  16

/* keymat is the AES key followed by the 4-byte salt (20, 28 or 36 bytes),
 * exactly as IKE derives it.  The nonce of each message is salt | iv. */
struct crypto_gcm;
struct crypto_gcm *crypto_gcm_new(const uint8_t *keymat, size_t len, enum crypto_dir dir);
void crypto_gcm_free(struct crypto_gcm *g);
/* Encrypt len bytes (in == out allowed) and write the 16-byte ICV. */
int crypto_gcm_seal(struct crypto_gcm *g, const uint8_t iv[CRYPTO_GCM_IV_LEN], const uint8_t *aad,
		    size_t aadlen, const uint8_t *in, uint8_t *out, size_t len,
		    uint8_t icv[CRYPTO_GCM_ICV_LEN]);
/* Decrypt and check the ICV; -EBADMSG if it does not verify (out then
 * holds no usable plaintext). */
int crypto_gcm_open(struct crypto_gcm *g, const uint8_t iv[CRYPTO_GCM_IV_LEN], const uint8_t *aad,
		    size_t aadlen, const uint8_t *in, uint8_t *out, size_t len,
		    const uint8_t icv[CRYPTO_GCM_ICV_LEN]);

/* ---- Randomness ------------------------------------------------------- */

/* len bytes from OpenSSL's CSPRNG (nonces, SPIs, IVs, DH keys). */
int crypto_random(uint8_t *buf, size_t len);

#endif
