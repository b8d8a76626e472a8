/*
 * ESP cipher ops over common/crypto: AES-GCM-16 and AES-CBC + HMAC.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypto.h"
#include "common/secret.h"
#include "ike/transform.h"
#include "vtid/dp/esp_crypto.h"

struct esp_crypto_ctx {
	struct crypto_gcm *gcm;
	struct crypto_cbc *cbc;
	struct crypto_integ *integ;
	bool test_iv_set;
	uint8_t test_iv[ESP_IV_MAX];
};

static void esp_crypto_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* RFC 4106 §5: with ESN the sent low half alone would not bind the
 * packet to its full sequence number, so the AAD carries both halves. */
static size_t esp_gcm_aad(const struct esp_crypt *c, uint8_t aad[12])
{
	memcpy(aad, c->hdr, 4);
	if (!c->esn) {
		memcpy(aad + 4, c->hdr + 4, 4);
		return 8;
	}
	esp_crypto_put32(aad + 4, (uint32_t)(c->seq >> 32));
	esp_crypto_put32(aad + 8, (uint32_t)c->seq);
	return 12;
}

static int esp_gcm_seal(void *ctx, const struct esp_crypt *c)
{
	struct esp_crypto_ctx *x = ctx;
	uint8_t aad[12];
	size_t aad_len = esp_gcm_aad(c, aad);

	/* The sequence number never repeats under one key (the SA is rekeyed
	 * before it wraps), which is all GCM asks of its IV. */
	if (x->test_iv_set) {
		memcpy(c->iv, x->test_iv, CRYPTO_GCM_IV_LEN);
	} else {
		esp_crypto_put32(c->iv, (uint32_t)(c->seq >> 32));
		esp_crypto_put32(c->iv + 4, (uint32_t)c->seq);
	}
	return crypto_gcm_seal(x->gcm, c->iv, aad, aad_len, c->data, c->data, c->data_len, c->icv);
}

static int esp_gcm_open(void *ctx, const struct esp_crypt *c)
{
	struct esp_crypto_ctx *x = ctx;
	uint8_t aad[12];
	size_t aad_len = esp_gcm_aad(c, aad);

	return crypto_gcm_open(x->gcm, c->iv, aad, aad_len, c->data, c->data, c->data_len, c->icv);
}

static const struct esp_cipher_ops esp_gcm_ops = {.seal = esp_gcm_seal, .open = esp_gcm_open};

/* The ICV input: header | IV | ciphertext, then with ESN the high half of
 * the sequence number, authenticated but never sent (RFC 4303 §2.2.1). */
static unsigned esp_cbc_iov(const struct esp_crypt *c, uint8_t seq_hi[4], struct iovec iov[4])
{
	unsigned n = 0;

	iov[n++] = (struct iovec){.iov_base = c->hdr, .iov_len = ESP_HDR_LEN};
	iov[n++] = (struct iovec){.iov_base = c->iv, .iov_len = c->iv_len};
	iov[n++] = (struct iovec){.iov_base = c->data, .iov_len = c->data_len};
	if (c->esn) {
		esp_crypto_put32(seq_hi, (uint32_t)(c->seq >> 32));
		iov[n++] = (struct iovec){.iov_base = seq_hi, .iov_len = 4};
	}
	return n;
}

static int esp_cbc_seal(void *ctx, const struct esp_crypt *c)
{
	struct esp_crypto_ctx *x = ctx;
	struct iovec iov[4];
	uint8_t seq_hi[4];
	unsigned n;
	int rc;

	if (c->iv_len != CRYPTO_AES_BLOCK)
		return -EINVAL;
	/* CBC needs an unpredictable IV: a counter would not do. */
	if (x->test_iv_set)
		memcpy(c->iv, x->test_iv, CRYPTO_AES_BLOCK);
	else if ((rc = crypto_random(c->iv, CRYPTO_AES_BLOCK)) < 0)
		return rc;
	rc = crypto_cbc_crypt(x->cbc, c->iv, c->data, c->data, c->data_len);
	if (rc < 0)
		return rc;
	n = esp_cbc_iov(c, seq_hi, iov);
	return crypto_integ_compute(x->integ, iov, n, c->icv);
}

static int esp_cbc_open(void *ctx, const struct esp_crypt *c)
{
	struct esp_crypto_ctx *x = ctx;
	struct iovec iov[4];
	uint8_t seq_hi[4];
	unsigned n;
	int rc;

	if (c->iv_len != CRYPTO_AES_BLOCK)
		return -EINVAL;
	/* Encrypt-then-MAC: nothing forged reaches the decryption. */
	n = esp_cbc_iov(c, seq_hi, iov);
	rc = crypto_integ_verify(x->integ, iov, n, c->icv);
	if (rc < 0)
		return rc;
	return crypto_cbc_crypt(x->cbc, c->iv, c->data, c->data, c->data_len);
}

static const struct esp_cipher_ops esp_cbc_ops = {.seal = esp_cbc_seal, .open = esp_cbc_open};

static void esp_crypto_ctx_free(struct esp_crypto_ctx *x)
{
	if (!x)
		return;
	crypto_gcm_free(x->gcm);
	crypto_cbc_free(x->cbc);
	crypto_integ_free(x->integ);
	secret_free(x, sizeof(*x));
}

static int esp_crypto_new_gcm(uint16_t keylen_bits, uint16_t integ_id, const uint8_t *key,
			      size_t len, enum crypto_dir dir, struct esp_crypto_ctx *x,
			      struct esp_cipher *out)
{
	if (integ_id != 0 || len != (size_t)keylen_bits / 8 + CRYPTO_GCM_SALT_LEN)
		return -EINVAL;
	x->gcm = crypto_gcm_new(key, len, dir);
	if (!x->gcm)
		return -ENOMEM;
	out->ops = &esp_gcm_ops;
	out->block_size = 4;
	out->iv_len = CRYPTO_GCM_IV_LEN;
	out->icv_len = CRYPTO_GCM_ICV_LEN;
	return 0;
}

static int esp_crypto_new_cbc(uint16_t keylen_bits, uint16_t integ_id, const uint8_t *key,
			      size_t len, const uint8_t *ikey, size_t ilen, enum crypto_dir dir,
			      struct esp_crypto_ctx *x, struct esp_cipher *out)
{
	int icv = crypto_integ_icv_len(integ_id);
	int klen = crypto_integ_key_len(integ_id);

	if (icv < 0 || klen < 0 || ilen != (size_t)klen || !ikey || len != (size_t)keylen_bits / 8)
		return -EINVAL;
	x->cbc = crypto_cbc_new(key, len, dir);
	x->integ = crypto_integ_new(integ_id, ikey, ilen);
	if (!x->cbc || !x->integ)
		return -ENOMEM;
	out->ops = &esp_cbc_ops;
	out->block_size = CRYPTO_AES_BLOCK;
	out->iv_len = CRYPTO_AES_BLOCK;
	out->icv_len = (uint8_t)icv;
	return 0;
}

int esp_crypto_new(uint16_t encr_id, uint16_t keylen_bits, uint16_t integ_id,
		   const uint8_t *encr_key, size_t encr_len, const uint8_t *integ_key,
		   size_t integ_len, bool outbound, struct esp_cipher *out)
{
	enum crypto_dir dir = outbound ? CRYPTO_ENCRYPT : CRYPTO_DECRYPT;
	struct esp_crypto_ctx *x;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!encr_key || (keylen_bits != 128 && keylen_bits != 192 && keylen_bits != 256))
		return -EINVAL;
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	if (encr_id == IKE_ENCR_AES_GCM_16)
		rc = esp_crypto_new_gcm(keylen_bits, integ_id, encr_key, encr_len, dir, x, out);
	else if (encr_id == IKE_ENCR_AES_CBC)
		rc = esp_crypto_new_cbc(keylen_bits, integ_id, encr_key, encr_len, integ_key,
					integ_len, dir, x, out);
	else
		rc = -EINVAL;
	if (rc < 0) {
		esp_crypto_ctx_free(x);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	out->ctx = x;
	return 0;
}

void esp_crypto_free(struct esp_cipher *c)
{
	if (!c)
		return;
	if (c->ops == &esp_gcm_ops || c->ops == &esp_cbc_ops)
		esp_crypto_ctx_free(c->ctx);
	memset(c, 0, sizeof(*c));
}

int esp_crypto_set_test_iv(struct esp_cipher *c, const uint8_t *iv, size_t len)
{
	struct esp_crypto_ctx *x;

	if (!c || (c->ops != &esp_gcm_ops && c->ops != &esp_cbc_ops) || len != c->iv_len)
		return -EINVAL;
	x = c->ctx;
	memcpy(x->test_iv, iv, len);
	x->test_iv_set = true;
	return 0;
}
