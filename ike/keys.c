/*
 * IKEv2 key derivation on top of common/crypto's prf and prf+.
 */
#include "ike/keys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypto.h"
#include "common/secret.h"
#include "ike/transform.h"

/* Longest KEYMAT we cut: 3 PRF keys + 2 integrity keys + 2 encryption keys. */
#define KEYMAT_MAX (7 * IKE_KEY_MAX)

void ike_key_wipe(struct ike_key *k)
{
	secret_wipe(k, sizeof(*k));
}

int ike_keys_encr_len(uint16_t encr, uint16_t keylen_bits)
{
	if (keylen_bits != 128 && keylen_bits != 192 && keylen_bits != 256)
		return -EINVAL;
	switch (encr) {
	case IKE_ENCR_AES_CBC:
		return keylen_bits / 8;
	case IKE_ENCR_AES_GCM_16:
		/* The salt is taken from KEYMAT right after the key. */
		return keylen_bits / 8 + CRYPTO_GCM_SALT_LEN;
	}
	return -EINVAL;
}

int ike_keys_integ_len(uint16_t encr, uint16_t integ)
{
	if (ike_encr_is_aead(encr))
		return 0;
	return crypto_integ_key_len(integ);
}

int ike_keys_skeyseed(uint16_t prf, const uint8_t *ni, size_t nilen, const uint8_t *nr,
		      size_t nrlen, const uint8_t *gir, size_t girlen, uint8_t *out)
{
	uint8_t key[2 * 256]; /* nonces are at most 256 bytes (RFC 7296 §3.9) */
	int err;

	if (nilen > 256 || nrlen > 256)
		return -EINVAL;
	memcpy(key, ni, nilen);
	memcpy(key + nilen, nr, nrlen);
	err = crypto_prf(prf, key, nilen + nrlen, gir, girlen, out);
	secret_wipe(key, sizeof(key));
	return err;
}

int ike_keys_skeyseed_rekey(uint16_t old_prf, const struct ike_key *old_sk_d, const uint8_t *gir,
			    size_t girlen, const uint8_t *ni, size_t nilen, const uint8_t *nr,
			    size_t nrlen, uint8_t *out)
{
	struct crypto_prf *p = crypto_prf_new(old_prf, old_sk_d->b, old_sk_d->len);
	int err;

	if (!p)
		return crypto_prf_len(old_prf) < 0 ? -EINVAL : -ENOMEM;
	err = crypto_prf_update(p, gir, girlen);
	if (!err)
		err = crypto_prf_update(p, ni, nilen);
	if (!err)
		err = crypto_prf_update(p, nr, nrlen);
	if (!err)
		err = crypto_prf_final(p, out);
	crypto_prf_free(p);
	return err;
}

/* Cut the next k->len bytes off KEYMAT. */
static void key_take(struct ike_key *k, uint16_t len, const uint8_t *keymat, size_t *off)
{
	k->len = len;
	memcpy(k->b, keymat + *off, len);
	*off += len;
}

int ike_sa_keys_derive(const struct ike_sa_algs *algs, const uint8_t *skeyseed, const uint8_t *ni,
		       size_t nilen, const uint8_t *nr, size_t nrlen,
		       const uint8_t spii[IKE_SPI_LEN], const uint8_t spir[IKE_SPI_LEN],
		       struct ike_sa_keys **out)
{
	int prf_len = crypto_prf_len(algs->prf);
	int e_len = ike_keys_encr_len(algs->encr, algs->encr_keylen);
	int a_len = ike_keys_integ_len(algs->encr, algs->integ);
	const struct iovec seed[] = {
		{(void *)ni, nilen},
		{(void *)nr, nrlen},
		{(void *)spii, IKE_SPI_LEN},
		{(void *)spir, IKE_SPI_LEN},
	};
	uint8_t keymat[KEYMAT_MAX];
	struct ike_sa_keys *k;
	size_t total, off = 0;
	int err;

	if (prf_len < 0 || e_len < 0 || a_len < 0)
		return -EINVAL;
	total = 3 * (size_t)prf_len + 2 * (size_t)a_len + 2 * (size_t)e_len;
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	err = crypto_prf_plus(algs->prf, skeyseed, (size_t)prf_len, seed, 4, keymat, total);
	if (err) {
		free(k);
		return err;
	}
	k->prf = algs->prf;
	key_take(&k->sk_d, (uint16_t)prf_len, keymat, &off);
	key_take(&k->sk_ai, (uint16_t)a_len, keymat, &off);
	key_take(&k->sk_ar, (uint16_t)a_len, keymat, &off);
	key_take(&k->sk_ei, (uint16_t)e_len, keymat, &off);
	key_take(&k->sk_er, (uint16_t)e_len, keymat, &off);
	key_take(&k->sk_pi, (uint16_t)prf_len, keymat, &off);
	key_take(&k->sk_pr, (uint16_t)prf_len, keymat, &off);
	secret_wipe(keymat, sizeof(keymat));
	*out = k;
	return 0;
}

void ike_sa_keys_free(struct ike_sa_keys *k)
{
	secret_free(k, sizeof(*k));
}

int ike_child_keys_derive(const struct ike_sa_keys *sa, const struct ike_child_algs *algs,
			  const uint8_t *gir, size_t girlen, const uint8_t *ni, size_t nilen,
			  const uint8_t *nr, size_t nrlen, struct ike_child_keys **out)
{
	int e_len = ike_keys_encr_len(algs->encr, algs->encr_keylen);
	int a_len = ike_keys_integ_len(algs->encr, algs->integ);
	const struct iovec seed[] = {
		{(void *)gir, gir ? girlen : 0},
		{(void *)ni, nilen},
		{(void *)nr, nrlen},
	};
	uint8_t keymat[KEYMAT_MAX];
	struct ike_child_keys *k;
	size_t total, off = 0;
	int err;

	if (e_len < 0 || a_len < 0)
		return -EINVAL;
	total = 2 * (size_t)e_len + 2 * (size_t)a_len;
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	err = crypto_prf_plus(sa->prf, sa->sk_d.b, sa->sk_d.len, seed, 3, keymat, total);
	if (err) {
		free(k);
		return err;
	}
	/* RFC 7296 §2.17: initiator→responder first; in each direction the
	 * encryption key comes before the integrity key. */
	key_take(&k->encr_i, (uint16_t)e_len, keymat, &off);
	key_take(&k->integ_i, (uint16_t)a_len, keymat, &off);
	key_take(&k->encr_r, (uint16_t)e_len, keymat, &off);
	key_take(&k->integ_r, (uint16_t)a_len, keymat, &off);
	secret_wipe(keymat, sizeof(keymat));
	*out = k;
	return 0;
}

void ike_child_keys_free(struct ike_child_keys *k)
{
	secret_free(k, sizeof(*k));
}
