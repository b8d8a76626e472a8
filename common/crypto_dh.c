/*
 * IKE Diffie-Hellman over EVP_PKEY.  OpenSSL 3 knows the RFC 3526 and
 * RFC 5114 groups by name; RFC 2409's 1024-bit group 2 has no name, so it
 * is built from BN_get_rfc2409_prime_1024() and g = 2.
 *
 * Peer MODP values are range-checked here, and the RFC 5114 groups also
 * get the subgroup test y^q = 1: OpenSSL's own peer validation would do a
 * full modular exponentiation for the safe-prime groups too, which buys
 * nothing there (RFC 7296 only asks for the range) and would slow every
 * exchange.  ECP points are checked on import; X25519 needs no check
 * beyond refusing an all-zero result (RFC 8031 §2.2).
 */
#include "common/crypto_dh.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include "common/crypto_dh_internal.h"
#include "common/log.h"
#include "common/secret.h"

static const struct dh_group dh_groups[] = {
	{2, DH_MODP, NULL, 0, 128, 128},
	{5, DH_MODP, "modp_1536", 0, 192, 192},
	{14, DH_MODP, "modp_2048", 0, 256, 256},
	{15, DH_MODP, "modp_3072", 0, 384, 384},
	{16, DH_MODP, "modp_4096", 0, 512, 512},
	{17, DH_MODP, "modp_6144", 0, 768, 768},
	{18, DH_MODP, "modp_8192", 0, 1024, 1024},
	{19, DH_ECP, "P-256", NID_X9_62_prime256v1, 64, 32},
	{20, DH_ECP, "P-384", NID_secp384r1, 96, 48},
	{21, DH_ECP, "P-521", NID_secp521r1, 132, 66},
	{22, DH_MODP_Q, "dh_1024_160", 0, 128, 128},
	{23, DH_MODP_Q, "dh_2048_224", 0, 256, 256},
	{24, DH_MODP_Q, "dh_2048_256", 0, 256, 256},
	{31, DH_X25519, NULL, 0, 32, 32},
};

const struct dh_group *crypto_dh_group_find(uint16_t id)
{
	for (size_t i = 0; i < sizeof(dh_groups) / sizeof(dh_groups[0]); i++)
		if (dh_groups[i].id == id)
			return &dh_groups[i];
	return NULL;
}

bool crypto_dh_supported(uint16_t group)
{
	return crypto_dh_group_find(group) != NULL;
}

int crypto_dh_pub_len(uint16_t group)
{
	const struct dh_group *g = crypto_dh_group_find(group);

	return g ? g->pub_len : -EINVAL;
}

int crypto_dh_secret_len(uint16_t group)
{
	const struct dh_group *g = crypto_dh_group_find(group);

	return g ? g->secret_len : -EINVAL;
}

uint16_t crypto_dh_group(const struct crypto_dh *dh)
{
	return dh->g->id;
}

/* Domain parameters of group 2 as an EVP_PKEY. */
static EVP_PKEY *modp1024_params(void)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *p = BN_get_rfc2409_prime_1024(NULL), *gen = BN_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pk = NULL;

	if (!bld || !p || !gen || !BN_set_word(gen, 2) || !OSSL_PARAM_BLD_push_BN(bld, "p", p) ||
	    !OSSL_PARAM_BLD_push_BN(bld, "g", gen))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_KEY_PARAMETERS, params) <= 0)
		pk = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(p);
	BN_free(gen);
	return pk;
}

EVP_PKEY *crypto_dh_keygen(const struct dh_group *g)
{
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *params = NULL, *key = NULL;
	OSSL_PARAM p[2];

	switch (g->kind) {
	case DH_ECP:
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", g->name);
	case DH_X25519:
		return EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	case DH_MODP:
	case DH_MODP_Q:
		break;
	}
	if (g->name) {
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
		p[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)g->name,
							0);
		p[1] = OSSL_PARAM_construct_end();
		if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_CTX_set_params(ctx, p) <= 0)
			goto out;
	} else {
		params = modp1024_params();
		if (params)
			ctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
		if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0)
			goto out;
	}
	if (EVP_PKEY_generate(ctx, &key) <= 0)
		key = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(params);
	return key;
}

int crypto_dh_new(uint16_t group, struct crypto_dh **out)
{
	const struct dh_group *g = crypto_dh_group_find(group);
	struct crypto_dh *dh;

	if (!g)
		return -EINVAL;
	dh = calloc(1, sizeof(*dh));
	if (!dh)
		return -ENOMEM;
	dh->g = g;
	dh->key = crypto_dh_keygen(g);
	if (!dh->key) {
		log_fault(LOGM_MAIN, "crypto: key generation for DH group %u failed", group);
		free(dh);
		return -EIO;
	}
	*out = dh;
	return 0;
}

void crypto_dh_free(struct crypto_dh *dh)
{
	if (!dh)
		return;
	/* EVP_PKEY_free clears the private key (BN_clear_free and
	 * OPENSSL_secure_clear_free inside the providers). */
	EVP_PKEY_free(dh->key);
	free(dh);
}

int crypto_dh_pub(const struct crypto_dh *dh, uint8_t *buf, size_t len)
{
	uint8_t enc[1 + 2 * 66];
	BIGNUM *y = NULL;
	size_t n = 0;
	int err = -EIO;

	if (len != dh->g->pub_len)
		return -EINVAL;
	switch (dh->g->kind) {
	case DH_MODP:
	case DH_MODP_Q:
		if (EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY, &y) &&
		    BN_bn2binpad(y, buf, (int)len) == (int)len)
			err = 0;
		BN_free(y);
		break;
	case DH_ECP:
		/* Uncompressed SEC1 (0x04 | x | y); IKE drops the 0x04. */
		if (EVP_PKEY_get_octet_string_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY, enc,
						    sizeof(enc), &n) &&
		    n == len + 1 && enc[0] == 0x04) {
			memcpy(buf, enc + 1, len);
			err = 0;
		}
		break;
	case DH_X25519:
		n = len;
		if (EVP_PKEY_get_raw_public_key(dh->key, buf, &n) && n == len)
			err = 0;
		break;
	}
	return err;
}

/* 1 < y < p-1, and y^q = 1 for the RFC 5114 groups. */
static int modp_peer_check(const struct crypto_dh *dh, const BIGNUM *y)
{
	BIGNUM *p = NULL, *q = NULL, *r = BN_new();
	BN_CTX *bctx = BN_CTX_new();
	int err = -EIO;

	if (!r || !bctx || !EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_FFC_P, &p))
		goto out;
	err = -EINVAL;
	if (!BN_sub(r, p, BN_value_one()))
		goto fail;
	if (BN_cmp(y, BN_value_one()) <= 0 || BN_cmp(y, r) >= 0)
		goto out;
	if (dh->g->kind == DH_MODP_Q) {
		if (!EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_FFC_Q, &q) ||
		    !BN_mod_exp(r, y, q, p, bctx))
			goto fail;
		if (!BN_is_one(r))
			goto out;
	}
	err = 0;
	goto out;
fail:
	err = -EIO;
out:
	BN_free(p);
	BN_free(q);
	BN_free(r);
	BN_CTX_free(bctx);
	return err;
}

/* The peer's value as an EVP_PKEY in our group, or an error. */
static int peer_key(const struct crypto_dh *dh, const uint8_t *peer, size_t len, EVP_PKEY **out)
{
	uint8_t enc[1 + 2 * 66];
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	BIGNUM *y = NULL, *p = NULL, *g = NULL;
	const char *type = "DH";
	int err = -EIO;

	*out = NULL;
	if (len != dh->g->pub_len)
		return -EINVAL;
	if (dh->g->kind == DH_X25519) {
		*out = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, peer, len);
		return *out ? 0 : -EINVAL;
	}
	bld = OSSL_PARAM_BLD_new();
	if (!bld)
		goto out;
	if (dh->g->kind == DH_ECP) {
		type = "EC";
		enc[0] = 0x04;
		memcpy(enc + 1, peer, len);
		if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, dh->g->name,
						     0) ||
		    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, enc, len + 1))
			goto out;
	} else {
		y = BN_bin2bn(peer, (int)len, NULL);
		if (!y)
			goto out;
		err = modp_peer_check(dh, y);
		if (err)
			goto out;
		err = -EIO;
		if (!EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_FFC_P, &p) ||
		    !EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_FFC_G, &g) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, g) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, y))
			goto out;
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0)
		goto out;
	/* For EC this is where a point off the curve is refused. */
	err = EVP_PKEY_fromdata(ctx, out, EVP_PKEY_PUBLIC_KEY, params) > 0 ? 0 : -EINVAL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(y);
	BN_free(p);
	BN_free(g);
	return err;
}

static bool all_zero(const uint8_t *b, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= b[i];
	return acc == 0;
}

int crypto_dh_derive(const struct crypto_dh *dh, const uint8_t *peer, size_t peerlen,
		     uint8_t *secret, size_t len)
{
	EVP_PKEY *pk = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	size_t n = len;
	int err;

	if (len != dh->g->secret_len)
		return -EINVAL;
	err = peer_key(dh, peer, peerlen, &pk);
	if (err)
		return err;
	err = -EIO;
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL);
	if (!ctx || EVP_PKEY_derive_init(ctx) <= 0)
		goto out;
	/* g^ir is used at the prime's full length (RFC 7296 §2.14). */
	if (dh->g->kind != DH_ECP && dh->g->kind != DH_X25519 &&
	    EVP_PKEY_CTX_set_dh_pad(ctx, 1) <= 0)
		goto out;
	/* MODP values were checked above; EC points on import. */
	if (EVP_PKEY_derive_set_peer_ex(ctx, pk, dh->g->kind == DH_ECP) <= 0) {
		err = -EINVAL;
		goto out;
	}
	if (EVP_PKEY_derive(ctx, secret, &n) <= 0) {
		/* OpenSSL's X25519 refuses an all-zero result itself. */
		err = dh->g->kind == DH_X25519 ? -EINVAL : -EIO;
		goto out;
	}
	if (n != len) {
		err = -EIO;
		goto out;
	}
	err = dh->g->kind == DH_X25519 && all_zero(secret, len) ? -EINVAL : 0;
out:
	if (err) {
		if (err == -EIO)
			log_fault(LOGM_MAIN, "crypto: DH group %u derive failed", dh->g->id);
		secret_wipe(secret, len);
	}
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return err;
}
