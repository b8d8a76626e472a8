/*
 * crypto_dh_new_from_private(): key pairs from known private values, so
 * the tests can check published and independently computed vectors.  Kept
 * apart from crypto_dh.c because production code has no use for it.
 *
 * OpenSSL 3.0 does not derive the public value when a private key is
 * imported, so it is computed here (EC_POINT_mul, BN_mod_exp) and imported
 * with it.
 */
#include <errno.h>
#include <stdlib.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "common/crypto_dh_internal.h"

static EVP_PKEY *keypair_import(const char *type, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	EVP_PKEY *pk = NULL;

	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_KEYPAIR, params) <= 0)
		pk = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pk;
}

static EVP_PKEY *ecp_from_private(const struct dh_group *g, const BIGNUM *d)
{
	uint8_t enc[1 + 2 * 66];
	EC_GROUP *grp = EC_GROUP_new_by_curve_name(g->nid);
	EC_POINT *pt = grp ? EC_POINT_new(grp) : NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY *pk = NULL;
	size_t n;

	if (!pt || !bld || !EC_POINT_mul(grp, pt, d, NULL, NULL, NULL))
		goto out;
	n = EC_POINT_point2oct(grp, pt, POINT_CONVERSION_UNCOMPRESSED, enc, sizeof(enc), NULL);
	if (n == 1u + g->pub_len &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, g->name, 0) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, enc, n))
		pk = keypair_import("EC", bld);
out:
	OSSL_PARAM_BLD_free(bld);
	EC_POINT_free(pt);
	EC_GROUP_free(grp);
	return pk;
}

/* The group's p, g (and q) are taken from a throwaway key of that group. */
static EVP_PKEY *modp_from_private(const struct dh_group *g, const BIGNUM *x)
{
	EVP_PKEY *tmp = crypto_dh_keygen(g), *pk = NULL;
	BIGNUM *p = NULL, *gen = NULL, *q = NULL, *y = BN_new();
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BN_CTX *bctx = BN_CTX_new();

	if (!tmp || !y || !bld || !bctx || !EVP_PKEY_get_bn_param(tmp, OSSL_PKEY_PARAM_FFC_P, &p) ||
	    !EVP_PKEY_get_bn_param(tmp, OSSL_PKEY_PARAM_FFC_G, &gen) ||
	    !BN_mod_exp(y, gen, x, p, bctx))
		goto out;
	if (g->kind == DH_MODP_Q && !EVP_PKEY_get_bn_param(tmp, OSSL_PKEY_PARAM_FFC_Q, &q))
		goto out;
	if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, gen) &&
	    (!q || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_Q, q)) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, x) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, y))
		pk = keypair_import("DH", bld);
out:
	EVP_PKEY_free(tmp);
	OSSL_PARAM_BLD_free(bld);
	BN_CTX_free(bctx);
	BN_free(p);
	BN_free(gen);
	BN_free(q);
	BN_free(y);
	return pk;
}

int crypto_dh_new_from_private(uint16_t group, const uint8_t *priv, size_t len,
			       struct crypto_dh **out)
{
	const struct dh_group *g = crypto_dh_group_find(group);
	struct crypto_dh *dh;
	BIGNUM *x;

	if (!g)
		return -EINVAL;
	if (len == 0 || len > CRYPTO_DH_MAX_PUB)
		return -EINVAL;
	dh = calloc(1, sizeof(*dh));
	if (!dh)
		return -ENOMEM;
	dh->g = g;
	if (g->kind == DH_X25519) {
		if (len == 32)
			dh->key = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv, len);
	} else {
		x = BN_bin2bn(priv, (int)len, NULL);
		if (x)
			dh->key = g->kind == DH_ECP ? ecp_from_private(g, x)
						    : modp_from_private(g, x);
		BN_clear_free(x);
	}
	if (!dh->key) {
		free(dh);
		return -EINVAL;
	}
	*out = dh;
	return 0;
}
