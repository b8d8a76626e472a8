/*
 * AES-CBC and AES-GCM contexts.  The key schedule is built once in
 * crypto_*_new(); each message only sets a new IV on the same
 * EVP_CIPHER_CTX (EVP_CipherInit_ex with NULL cipher and key), which is
 * what keeps ESP's per-packet cost down.
 */
#include "common/crypto.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "common/log.h"
#include "common/secret.h"

struct crypto_cbc {
	EVP_CIPHER_CTX *ctx;
};

struct crypto_gcm {
	EVP_CIPHER_CTX *ctx;
	uint8_t salt[CRYPTO_GCM_SALT_LEN];
};

static const EVP_CIPHER *aes_cipher(size_t keylen, bool gcm)
{
	switch (keylen) {
	case 16:
		return gcm ? EVP_aes_128_gcm() : EVP_aes_128_cbc();
	case 24:
		return gcm ? EVP_aes_192_gcm() : EVP_aes_192_cbc();
	case 32:
		return gcm ? EVP_aes_256_gcm() : EVP_aes_256_cbc();
	}
	return NULL;
}

static EVP_CIPHER_CTX *cipher_ctx_new(const EVP_CIPHER *cipher, const uint8_t *key,
				      enum crypto_dir dir)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	if (!ctx)
		return NULL;
	if (!EVP_CipherInit_ex(ctx, cipher, NULL, key, NULL, dir == CRYPTO_ENCRYPT ? 1 : 0)) {
		log_fault(LOGM_MAIN, "crypto: cipher init failed");
		EVP_CIPHER_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

struct crypto_cbc *crypto_cbc_new(const uint8_t *key, size_t keylen, enum crypto_dir dir)
{
	const EVP_CIPHER *cipher = aes_cipher(keylen, false);
	struct crypto_cbc *c;

	if (!cipher)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->ctx = cipher_ctx_new(cipher, key, dir);
	if (!c->ctx) {
		free(c);
		return NULL;
	}
	/* ESP and IKE do their own padding (RFC 4303 §2.4, RFC 7296 §3.14). */
	EVP_CIPHER_CTX_set_padding(c->ctx, 0);
	return c;
}

void crypto_cbc_free(struct crypto_cbc *c)
{
	if (!c)
		return;
	/* EVP_CIPHER_CTX_free cleanses the key schedule. */
	EVP_CIPHER_CTX_free(c->ctx);
	free(c);
}

int crypto_cbc_crypt(struct crypto_cbc *c, const uint8_t iv[CRYPTO_AES_BLOCK], const uint8_t *in,
		     uint8_t *out, size_t len)
{
	int n = 0;

	if (len % CRYPTO_AES_BLOCK || len > INT_MAX)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (!EVP_CipherInit_ex(c->ctx, NULL, NULL, NULL, iv, -1) ||
	    !EVP_CipherUpdate(c->ctx, out, &n, in, (int)len) || (size_t)n != len)
		return -EIO;
	return 0;
}

struct crypto_gcm *crypto_gcm_new(const uint8_t *keymat, size_t len, enum crypto_dir dir)
{
	const EVP_CIPHER *cipher;
	struct crypto_gcm *g;
	size_t keylen;

	if (len < CRYPTO_GCM_SALT_LEN)
		return NULL;
	keylen = len - CRYPTO_GCM_SALT_LEN;
	cipher = aes_cipher(keylen, true);
	if (!cipher)
		return NULL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	memcpy(g->salt, keymat + keylen, CRYPTO_GCM_SALT_LEN);
	g->ctx = cipher_ctx_new(cipher, keymat, dir);
	/* The default GCM IV length is 12, which is salt + explicit IV. */
	if (!g->ctx) {
		crypto_gcm_free(g);
		return NULL;
	}
	return g;
}

void crypto_gcm_free(struct crypto_gcm *g)
{
	if (!g)
		return;
	EVP_CIPHER_CTX_free(g->ctx);
	secret_free(g, sizeof(*g));
}

/* Restart the context with nonce salt | iv and feed the AAD. */
static int gcm_start(struct crypto_gcm *g, const uint8_t iv[CRYPTO_GCM_IV_LEN], const uint8_t *aad,
		     size_t aadlen, size_t len)
{
	uint8_t nonce[CRYPTO_GCM_SALT_LEN + CRYPTO_GCM_IV_LEN];
	int n;

	if (aadlen > INT_MAX || len > INT_MAX)
		return -EINVAL;
	memcpy(nonce, g->salt, CRYPTO_GCM_SALT_LEN);
	memcpy(nonce + CRYPTO_GCM_SALT_LEN, iv, CRYPTO_GCM_IV_LEN);
	if (!EVP_CipherInit_ex(g->ctx, NULL, NULL, NULL, nonce, -1))
		return -EIO;
	if (aadlen && !EVP_CipherUpdate(g->ctx, NULL, &n, aad, (int)aadlen))
		return -EIO;
	return 0;
}

int crypto_gcm_seal(struct crypto_gcm *g, const uint8_t iv[CRYPTO_GCM_IV_LEN], const uint8_t *aad,
		    size_t aadlen, const uint8_t *in, uint8_t *out, size_t len,
		    uint8_t icv[CRYPTO_GCM_ICV_LEN])
{
	uint8_t tail[CRYPTO_AES_BLOCK]; /* GCM's final writes nothing */
	int n = 0, err = gcm_start(g, iv, aad, aadlen, len);

	if (err)
		return err;
	if (len && (!EVP_CipherUpdate(g->ctx, out, &n, in, (int)len) || (size_t)n != len))
		return -EIO;
	if (!EVP_CipherFinal_ex(g->ctx, tail, &n) ||
	    !EVP_CIPHER_CTX_ctrl(g->ctx, EVP_CTRL_AEAD_GET_TAG, CRYPTO_GCM_ICV_LEN, icv))
		return -EIO;
	return 0;
}

int crypto_gcm_open(struct crypto_gcm *g, const uint8_t iv[CRYPTO_GCM_IV_LEN], const uint8_t *aad,
		    size_t aadlen, const uint8_t *in, uint8_t *out, size_t len,
		    const uint8_t icv[CRYPTO_GCM_ICV_LEN])
{
	uint8_t tail[CRYPTO_AES_BLOCK];
	int n = 0, err = gcm_start(g, iv, aad, aadlen, len);

	if (err)
		return err;
	if (len && (!EVP_CipherUpdate(g->ctx, out, &n, in, (int)len) || (size_t)n != len))
		return -EIO;
	if (!EVP_CIPHER_CTX_ctrl(g->ctx, EVP_CTRL_AEAD_SET_TAG, CRYPTO_GCM_ICV_LEN, (void *)icv))
		return -EIO;
	/* Final compares the tag; a mismatch is the peer's (or an attacker's)
	 * doing, not an OpenSSL failure. */
	if (EVP_CipherFinal_ex(g->ctx, tail, &n) != 1)
		return -EBADMSG;
	return 0;
}
