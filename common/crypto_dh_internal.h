/*
 * Inside common/crypto_dh: the group table and the key object, shared by
 * crypto_dh.c and the test-only constructor in crypto_dh_known.c.  Not for
 * use outside those two files.
 */
#ifndef VT_COMMON_CRYPTO_DH_INTERNAL_H
#define VT_COMMON_CRYPTO_DH_INTERNAL_H

#include <stdint.h>

#include <openssl/evp.h>

#include "common/crypto_dh.h"

enum dh_kind { DH_MODP, DH_MODP_Q, DH_ECP, DH_X25519 };

struct dh_group {
	uint16_t id;
	enum dh_kind kind;
	const char *name; /* OpenSSL's group name; NULL for group 2 */
	int nid;	  /* ECP only */
	uint16_t pub_len;
	uint16_t secret_len;
};

struct crypto_dh {
	const struct dh_group *g;
	EVP_PKEY *key;
};

const struct dh_group *crypto_dh_group_find(uint16_t id);
/* A fresh key pair in group g, or NULL. */
EVP_PKEY *crypto_dh_keygen(const struct dh_group *g);

#endif
