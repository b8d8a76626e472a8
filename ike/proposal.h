/*
 * IKE and ESP proposals in the strongSwan notation people already type:
 * algorithm keywords joined by '-', e.g. "aes256gcm16-prfsha384-ecp384" or
 * "aes128-sha256-modp2048".  A proposal holds, per transform type, the
 * algorithms in order of preference; ike_proposal_parse() checks that the
 * combination is one a peer could accept and ike_proposal_format() writes
 * the canonical form back.
 *
 * The language (see ike/transform.c for the keyword table):
 *  - words are lower-case letters and digits (the config's YANG pattern
 *    [a-z0-9]+(-[a-z0-9]+)*); any order, each at most once;
 *  - encryption: aes128 aes192 aes256 (CBC), aes128gcm16 aes192gcm16
 *    aes256gcm16 (AEAD; aes128gcm128 and aes128gcm are aliases); AEAD and
 *    CBC do not mix in one proposal;
 *  - integrity: sha1 sha256 sha384 sha512.  In IKE each also implies the
 *    matching PRF when no prf word is given.  With AEAD in IKE and no prf
 *    word, they name the PRF only ("aes256gcm16-sha384-ecp384" means
 *    prfsha384), as strongSwan reads them; anywhere else an integrity
 *    algorithm with AEAD is an error;
 *  - PRF (IKE only): prfsha1 prfsha256 prfsha384 prfsha512;
 *  - DH: modp1024 modp1536 modp2048 ... modp8192, ecp256 ecp384 ecp521,
 *    modp1024s160 modp2048s224 modp2048s256, curve25519.  Required in IKE;
 *    in ESP they are the PFS groups (none listed: no PFS);
 *  - ESN (ESP only): esn, noesn; absent means noesn.
 *
 * Canonical form: encryption, integrity, PRF, DH, ESN, each in the order
 * given.  PRFs are left out when they are exactly those the integrity
 * algorithms imply, and ESN when it is just noesn, so "aes128-sha1-modp1024"
 * formats as itself.  parse(format(p)) gives back p.
 */
#ifndef VT_IKE_PROPOSAL_H
#define VT_IKE_PROPOSAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike/transform.h"

enum ike_proto {
	IKE_PROTO_IKE = 1,
	IKE_PROTO_ESP = 3,
};

#define IKE_PROPOSAL_MAX_ALGS 8
/* Enough for any proposal ike_proposal_format() can write, NUL included. */
#define IKE_PROPOSAL_STR_MAX 512
/* What ike_proposal_defaults() needs room for. */
#define IKE_PROPOSAL_DEFAULTS_MAX 2

struct ike_transform {
	uint16_t id;
	uint16_t keylen; /* bits, 0 = no Key Length attribute */
};

struct ike_proposal {
	enum ike_proto proto;
	struct ike_transform encr[IKE_PROPOSAL_MAX_ALGS];
	unsigned n_encr;
	uint16_t prf[IKE_PROPOSAL_MAX_ALGS]; /* IKE only */
	unsigned n_prf;
	uint16_t integ[IKE_PROPOSAL_MAX_ALGS]; /* none with AEAD */
	unsigned n_integ;
	uint16_t dh[IKE_PROPOSAL_MAX_ALGS]; /* ESP: PFS groups, may be none */
	unsigned n_dh;
	uint16_t esn[IKE_PROPOSAL_MAX_ALGS]; /* ESP only, at least one */
	unsigned n_esn;
};

/*
 * Parse `s` as a proposal for `proto`.  Returns 0 and fills *out, or
 * -EINVAL with a one-line message in err (naming the offending word where
 * there is one) and *out untouched.  err may be NULL when errlen is 0.
 */
int ike_proposal_parse(const char *s, enum ike_proto proto, struct ike_proposal *out, char *err,
		       size_t errlen);

/*
 * Write the canonical form of p into buf.  Returns 0; -ENOSPC if it does not
 * fit in len (buf then holds a truncated, NUL-terminated string when len >
 * 0); -EINVAL if p holds a count above IKE_PROPOSAL_MAX_ALGS or a transform
 * that has no keyword.
 */
int ike_proposal_format(const struct ike_proposal *p, char *buf, size_t len);

/*
 * The proposals a tunnel offers when its configuration lists none, most
 * preferred first; fills out[0..] and returns how many (at most
 * IKE_PROPOSAL_DEFAULTS_MAX), or -ENOSPC if max is too small, -EINVAL for
 * an unknown proto.
 *
 *   IKE: aes256gcm16-aes128gcm16-prfsha512-prfsha384-prfsha256-
 *          ecp384-ecp256-modp4096-modp3072-modp2048
 *        aes256-aes128-sha512-sha384-sha256-
 *          ecp384-ecp256-modp4096-modp3072-modp2048
 *   ESP: aes256gcm16-aes128gcm16-ecp384-ecp256-modp4096-modp3072-modp2048
 *        aes256-aes128-sha512-sha384-sha256-
 *          ecp384-ecp256-modp4096-modp3072-modp2048
 *
 * Every algorithm here is one AWS accepts in its default tunnel options.
 * SHA-1, modp1024 and modp1536 are left out on purpose: AWS picks the
 * weakest value it allows whatever our order, so offering them would get
 * them chosen.  ESP carries PFS groups because AWS expects PFS on Phase 2;
 * ESN is off.
 */
int ike_proposal_defaults(enum ike_proto proto, struct ike_proposal *out, unsigned max);

/* Same algorithms in the same order (what config reload compares). */
bool ike_proposal_equal(const struct ike_proposal *a, const struct ike_proposal *b);

#endif
