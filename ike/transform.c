#include "ike/transform.h"

#include <stddef.h>
#include <string.h>

#define KW(n, t, i, k, p)                                                                          \
	{                                                                                          \
		n, IKE_TRANSFORM_##t, i, k, p, false                                               \
	}
/* strongSwan spellings that name the same transform as a canonical word;
 * they come after it, so lookups by ID find the canonical one first. */
#define ALIAS(n, t, i, k, p)                                                                       \
	{                                                                                          \
		n, IKE_TRANSFORM_##t, i, k, p, true                                                \
	}

static const struct ike_keyword ike_keywords[] = {
	KW("aes128", ENCR, IKE_ENCR_AES_CBC, 128, 0),
	KW("aes192", ENCR, IKE_ENCR_AES_CBC, 192, 0),
	KW("aes256", ENCR, IKE_ENCR_AES_CBC, 256, 0),
	ALIAS("aes", ENCR, IKE_ENCR_AES_CBC, 128, 0),
	KW("aes128gcm16", ENCR, IKE_ENCR_AES_GCM_16, 128, 0),
	KW("aes192gcm16", ENCR, IKE_ENCR_AES_GCM_16, 192, 0),
	KW("aes256gcm16", ENCR, IKE_ENCR_AES_GCM_16, 256, 0),
	ALIAS("aes128gcm128", ENCR, IKE_ENCR_AES_GCM_16, 128, 0),
	ALIAS("aes192gcm128", ENCR, IKE_ENCR_AES_GCM_16, 192, 0),
	ALIAS("aes256gcm128", ENCR, IKE_ENCR_AES_GCM_16, 256, 0),
	ALIAS("aes128gcm", ENCR, IKE_ENCR_AES_GCM_16, 128, 0),
	ALIAS("aes192gcm", ENCR, IKE_ENCR_AES_GCM_16, 192, 0),
	ALIAS("aes256gcm", ENCR, IKE_ENCR_AES_GCM_16, 256, 0),

	KW("sha1", INTEG, IKE_INTEG_HMAC_SHA1_96, 0, IKE_PRF_HMAC_SHA1),
	KW("sha256", INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0, IKE_PRF_HMAC_SHA2_256),
	KW("sha384", INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0, IKE_PRF_HMAC_SHA2_384),
	KW("sha512", INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0, IKE_PRF_HMAC_SHA2_512),
	ALIAS("sha", INTEG, IKE_INTEG_HMAC_SHA1_96, 0, IKE_PRF_HMAC_SHA1),

	KW("prfsha1", PRF, IKE_PRF_HMAC_SHA1, 0, 0),
	KW("prfsha256", PRF, IKE_PRF_HMAC_SHA2_256, 0, 0),
	KW("prfsha384", PRF, IKE_PRF_HMAC_SHA2_384, 0, 0),
	KW("prfsha512", PRF, IKE_PRF_HMAC_SHA2_512, 0, 0),

	KW("modp1024", DH, IKE_DH_MODP1024, 0, 0),
	KW("modp1536", DH, IKE_DH_MODP1536, 0, 0),
	KW("modp2048", DH, IKE_DH_MODP2048, 0, 0),
	KW("modp3072", DH, IKE_DH_MODP3072, 0, 0),
	KW("modp4096", DH, IKE_DH_MODP4096, 0, 0),
	KW("modp6144", DH, IKE_DH_MODP6144, 0, 0),
	KW("modp8192", DH, IKE_DH_MODP8192, 0, 0),
	KW("ecp256", DH, IKE_DH_ECP256, 0, 0),
	KW("ecp384", DH, IKE_DH_ECP384, 0, 0),
	KW("ecp521", DH, IKE_DH_ECP521, 0, 0),
	KW("modp1024s160", DH, IKE_DH_MODP1024S160, 0, 0),
	KW("modp2048s224", DH, IKE_DH_MODP2048S224, 0, 0),
	KW("modp2048s256", DH, IKE_DH_MODP2048S256, 0, 0),
	KW("curve25519", DH, IKE_DH_CURVE25519, 0, 0),
	ALIAS("x25519", DH, IKE_DH_CURVE25519, 0, 0),

	KW("noesn", ESN, IKE_ESN_NONE, 0, 0),
	KW("esn", ESN, IKE_ESN_ON, 0, 0),
};

#define N_KEYWORDS (sizeof(ike_keywords) / sizeof(ike_keywords[0]))

const struct ike_keyword *ike_keyword_find(const char *name)
{
	for (size_t i = 0; i < N_KEYWORDS; i++)
		if (strcmp(ike_keywords[i].name, name) == 0)
			return &ike_keywords[i];
	return NULL;
}

const char *ike_transform_name(enum ike_transform_type type, uint16_t id, uint16_t keylen)
{
	for (size_t i = 0; i < N_KEYWORDS; i++) {
		const struct ike_keyword *k = &ike_keywords[i];

		if (!k->alias && k->type == type && k->id == id && k->keylen == keylen)
			return k->name;
	}
	return NULL;
}

bool ike_encr_is_aead(uint16_t id)
{
	/* Every combined-mode ID in the registry, not only the ones vtid
	 * offers, so a peer's offer is classified right: AES-CCM 14-16,
	 * AES-GCM 18-20, NULL_AUTH_AES_GMAC 21, Camellia-CCM 25-27,
	 * ChaCha20-Poly1305 28. */
	switch (id) {
	case 14:
	case 15:
	case 16:
	case 18:
	case 19:
	case 20:
	case 21:
	case 25:
	case 26:
	case 27:
	case 28:
		return true;
	default:
		return false;
	}
}
