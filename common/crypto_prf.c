/*
 * HMAC PRFs, prf+ and truncated-HMAC integrity over EVP_MAC.
 *
 * One EVP_MAC_CTX per context, keyed once: EVP_MAC_init() with a NULL key
 * restarts HMAC under the key already set, so a per-packet ICV costs no
 * key schedule.
 */
#include "common/crypto.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "common/log.h"
#include "common/secret.h"

struct crypto_prf {
	EVP_MAC_CTX *ctx;
	size_t len;
};

struct crypto_integ {
	struct crypto_prf mac;
	size_t icv_len;
};

static const char *prf_digest(unsigned alg, size_t *len)
{
	switch (alg) {
	case CRYPTO_PRF_HMAC_SHA1:
		*len = 20;
		return "SHA1";
	case CRYPTO_PRF_HMAC_SHA2_256:
		*len = 32;
		return "SHA256";
	case CRYPTO_PRF_HMAC_SHA2_384:
		*len = 48;
		return "SHA384";
	case CRYPTO_PRF_HMAC_SHA2_512:
		*len = 64;
		return "SHA512";
	}
	return NULL;
}

int crypto_prf_len(unsigned alg)
{
	size_t len;

	return prf_digest(alg, &len) ? (int)len : -EINVAL;
}

static int mac_init(struct crypto_prf *p, unsigned alg, const uint8_t *key, size_t keylen)
{
	OSSL_PARAM params[2];
	const char *md = prf_digest(alg, &p->len);
	EVP_MAC *mac;

	if (!md)
		return -EINVAL;
	/* Fetched per context rather than cached in a static: contexts are
	 * made from more than one thread (IKE, the ESP worker), and the
	 * context keeps its own reference. */
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac) {
		log_fault(LOGM_MAIN, "crypto: HMAC not available from OpenSSL");
		return -EIO;
	}
	p->ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	if (!p->ctx)
		return -ENOMEM;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)md, 0);
	params[1] = OSSL_PARAM_construct_end();
	/* HMAC accepts an empty key, but OpenSSL wants a non-NULL pointer. */
	if (!EVP_MAC_init(p->ctx, key ? key : (const uint8_t *)"", keylen, params)) {
		log_fault(LOGM_MAIN, "crypto: HMAC init failed");
		EVP_MAC_CTX_free(p->ctx);
		p->ctx = NULL;
		return -EIO;
	}
	return 0;
}

static int mac_update(struct crypto_prf *p, const uint8_t *data, size_t len)
{
	if (len == 0)
		return 0;
	return EVP_MAC_update(p->ctx, data, len) ? 0 : -EIO;
}

/* Writes the full HMAC into out (p->len bytes) and rekeys for the next
 * message. */
static int mac_final(struct crypto_prf *p, uint8_t *out)
{
	size_t n = 0;

	if (!EVP_MAC_final(p->ctx, out, &n, p->len) || n != p->len)
		return -EIO;
	return EVP_MAC_init(p->ctx, NULL, 0, NULL) ? 0 : -EIO;
}

struct crypto_prf *crypto_prf_new(unsigned alg, const uint8_t *key, size_t keylen)
{
	struct crypto_prf *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	if (mac_init(p, alg, key, keylen) < 0) {
		free(p);
		return NULL;
	}
	return p;
}

int crypto_prf_update(struct crypto_prf *p, const uint8_t *data, size_t len)
{
	return mac_update(p, data, len);
}

int crypto_prf_final(struct crypto_prf *p, uint8_t *out)
{
	return mac_final(p, out);
}

void crypto_prf_free(struct crypto_prf *p)
{
	if (!p)
		return;
	/* EVP_MAC_CTX_free cleanses the HMAC key schedule. */
	EVP_MAC_CTX_free(p->ctx);
	free(p);
}

int crypto_prf(unsigned alg, const uint8_t *key, size_t keylen, const uint8_t *data, size_t len,
	       uint8_t *out)
{
	struct crypto_prf p;
	int err = mac_init(&p, alg, key, keylen);

	if (err < 0)
		return err;
	err = mac_update(&p, data, len);
	if (!err)
		err = mac_final(&p, out);
	EVP_MAC_CTX_free(p.ctx);
	return err;
}

int crypto_prf_plus(unsigned alg, const uint8_t *key, size_t keylen, const struct iovec *seed,
		    unsigned nseed, uint8_t *out, size_t outlen)
{
	uint8_t t[CRYPTO_PRF_MAX_LEN];
	struct crypto_prf p;
	size_t done = 0, bs;
	int err;

	if (crypto_prf_len(alg) < 0)
		return -EINVAL;
	bs = (size_t)crypto_prf_len(alg);
	if (outlen > bs * CRYPTO_PRF_PLUS_MAX_BLOCKS)
		return -EINVAL;
	err = mac_init(&p, alg, key, keylen);
	if (err < 0)
		return err;
	for (unsigned n = 1; done < outlen; n++) {
		uint8_t counter = (uint8_t)n;
		size_t take;

		if (n > 1)
			err = mac_update(&p, t, bs);
		for (unsigned i = 0; !err && i < nseed; i++)
			err = mac_update(&p, seed[i].iov_base, seed[i].iov_len);
		if (!err)
			err = mac_update(&p, &counter, 1);
		if (!err)
			err = mac_final(&p, t);
		if (err)
			break;
		take = outlen - done < bs ? outlen - done : bs;
		memcpy(out + done, t, take);
		done += take;
	}
	secret_wipe(t, sizeof(t));
	EVP_MAC_CTX_free(p.ctx);
	if (err)
		secret_wipe(out, outlen);
	return err;
}

/* ---- integrity -------------------------------------------------------- */

/* The PRF each integrity algorithm truncates, and its ICV length. */
static int integ_prf(unsigned alg, size_t *icv_len)
{
	switch (alg) {
	case CRYPTO_INTEG_HMAC_SHA1_96:
		*icv_len = 12;
		return CRYPTO_PRF_HMAC_SHA1;
	case CRYPTO_INTEG_HMAC_SHA2_256_128:
		*icv_len = 16;
		return CRYPTO_PRF_HMAC_SHA2_256;
	case CRYPTO_INTEG_HMAC_SHA2_384_192:
		*icv_len = 24;
		return CRYPTO_PRF_HMAC_SHA2_384;
	case CRYPTO_INTEG_HMAC_SHA2_512_256:
		*icv_len = 32;
		return CRYPTO_PRF_HMAC_SHA2_512;
	}
	return -EINVAL;
}

int crypto_integ_key_len(unsigned alg)
{
	size_t icv;
	int prf = integ_prf(alg, &icv);

	/* RFC 2404 and RFC 4868 §2.1.1: the key is as long as the hash. */
	return prf < 0 ? prf : crypto_prf_len((unsigned)prf);
}

int crypto_integ_icv_len(unsigned alg)
{
	size_t icv;

	return integ_prf(alg, &icv) < 0 ? -EINVAL : (int)icv;
}

struct crypto_integ *crypto_integ_new(unsigned alg, const uint8_t *key, size_t keylen)
{
	struct crypto_integ *c;
	size_t icv;
	int prf = integ_prf(alg, &icv);

	if (prf < 0 || (int)keylen != crypto_integ_key_len(alg))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->icv_len = icv;
	if (mac_init(&c->mac, (unsigned)prf, key, keylen) < 0) {
		free(c);
		return NULL;
	}
	return c;
}

void crypto_integ_free(struct crypto_integ *c)
{
	if (!c)
		return;
	EVP_MAC_CTX_free(c->mac.ctx);
	free(c);
}

int crypto_integ_icv_size(const struct crypto_integ *c)
{
	return (int)c->icv_len;
}

static int integ_full(struct crypto_integ *c, const struct iovec *iov, unsigned n,
		      uint8_t full[CRYPTO_PRF_MAX_LEN])
{
	int err = 0;

	for (unsigned i = 0; !err && i < n; i++)
		err = mac_update(&c->mac, iov[i].iov_base, iov[i].iov_len);
	if (!err)
		err = mac_final(&c->mac, full);
	return err;
}

int crypto_integ_compute(struct crypto_integ *c, const struct iovec *iov, unsigned n, uint8_t *icv)
{
	uint8_t full[CRYPTO_PRF_MAX_LEN];
	int err = integ_full(c, iov, n, full);

	if (!err)
		memcpy(icv, full, c->icv_len);
	secret_wipe(full, sizeof(full));
	return err;
}

int crypto_integ_verify(struct crypto_integ *c, const struct iovec *iov, unsigned n,
			const uint8_t *icv)
{
	uint8_t full[CRYPTO_PRF_MAX_LEN];
	int err = integ_full(c, iov, n, full);

	if (!err && CRYPTO_memcmp(full, icv, c->icv_len) != 0)
		err = -EBADMSG;
	secret_wipe(full, sizeof(full));
	return err;
}

int crypto_random(uint8_t *buf, size_t len)
{
	if (len > (size_t)INT32_MAX)
		return -EINVAL;
	if (RAND_bytes(buf, (int)len) != 1) {
		log_fault(LOGM_MAIN, "crypto: RAND_bytes failed");
		return -EIO;
	}
	return 0;
}
