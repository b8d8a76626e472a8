/* The SK payload (RFC 7296 §3.14): AES-CBC with HMAC integrity, and
 * AES-GCM-16 (RFC 5282). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/crypto.h"
#include "common/secret.h"
#include "ike/ike_int.h"

static bool sa_is_gcm(const struct ike_sa *sa)
{
	return sa->algs.encr == IKE_ENCR_AES_GCM_16;
}

static size_t sa_iv_len(const struct ike_sa *sa)
{
	return sa_is_gcm(sa) ? CRYPTO_GCM_IV_LEN : CRYPTO_AES_BLOCK;
}

static size_t sa_icv_len(const struct ike_sa *sa)
{
	int n;

	if (sa_is_gcm(sa))
		return CRYPTO_GCM_ICV_LEN;
	n = crypto_integ_icv_len(sa->algs.integ);
	return n > 0 ? (size_t)n : 0;
}

static int dir_init(struct ike_sk_dir *d, const struct ike_sa *sa, const struct ike_key *ek,
		    const struct ike_key *ak, enum crypto_dir dir)
{
	memset(d, 0, sizeof(*d));
	if (sa_is_gcm(sa)) {
		d->gcm = crypto_gcm_new(ek->b, ek->len, dir);
		return d->gcm ? 0 : -EINVAL;
	}
	if (sa->algs.encr != IKE_ENCR_AES_CBC)
		return -EINVAL;
	d->cbc = crypto_cbc_new(ek->b, ek->len, dir);
	d->integ = crypto_integ_new(sa->algs.integ, ak->b, ak->len);
	return d->cbc && d->integ ? 0 : -EINVAL;
}

int ike_sa_crypt_init(struct ike_sa *sa)
{
	const struct ike_sa_keys *k = sa->keys;
	int rc;

	if (!k)
		return -EINVAL;
	/* SK_ei/SK_ai protect what the original initiator sends. */
	if (sa->initiator) {
		rc = dir_init(&sa->sk_out, sa, &k->sk_ei, &k->sk_ai, CRYPTO_ENCRYPT);
		if (rc == 0)
			rc = dir_init(&sa->sk_in, sa, &k->sk_er, &k->sk_ar, CRYPTO_DECRYPT);
	} else {
		rc = dir_init(&sa->sk_out, sa, &k->sk_er, &k->sk_ar, CRYPTO_ENCRYPT);
		if (rc == 0)
			rc = dir_init(&sa->sk_in, sa, &k->sk_ei, &k->sk_ai, CRYPTO_DECRYPT);
	}
	return rc;
}

int ike_sa_protect(struct ike_sa *sa, const struct ike_hdr *h, uint8_t *out, size_t cap)
{
	struct ike_engine *e = sa->e;
	struct ike_sk_dir *d = &sa->sk_out;
	struct wire_writer in, w;
	struct ike_sk_area a;
	size_t iv_len = sa_iv_len(sa), icv_len = sa_icv_len(sa), ct_len;
	uint8_t first, iv[CRYPTO_AES_BLOCK];
	int rc;

	if (!d->gcm && !d->cbc)
		return -EINVAL;
	wire_wr_init_fixed(&in, e->inner, sizeof(e->inner));
	rc = ike_msg_gen_inner(&e->tx, &in, &first);
	if (rc == 0)
		rc = ike_msg_sk_pad(&in, d->gcm ? 1 : CRYPTO_AES_BLOCK);
	if (rc < 0)
		return rc;
	ct_len = wire_wr_len(&in);
	wire_wr_init_fixed(&w, out, cap);
	rc = ike_msg_gen_sk(h, first, iv_len, ct_len, icv_len, &w, &a);
	if (rc < 0)
		goto out;
	if (d->gcm) {
		/* A counter never repeats under one key; GCM needs nothing more. */
		uint64_t n = ++d->gcm_iv;
		unsigned i;

		for (i = 0; i < CRYPTO_GCM_IV_LEN; i++)
			iv[i] = (uint8_t)(n >> (56 - 8 * i));
		memcpy(out + a.iv_off, iv, CRYPTO_GCM_IV_LEN);
		rc = crypto_gcm_seal(d->gcm, iv, out, a.iv_off, e->inner, out + a.ct_off, ct_len,
				     out + a.icv_off);
	} else {
		struct iovec v = {out, a.icv_off};

		rc = crypto_random(iv, sizeof(iv));
		if (rc == 0) {
			memcpy(out + a.iv_off, iv, sizeof(iv));
			rc = crypto_cbc_crypt(d->cbc, iv, e->inner, out + a.ct_off, ct_len);
		}
		if (rc == 0)
			rc = crypto_integ_compute(d->integ, &v, 1, out + a.icv_off);
	}
out:
	secret_wipe(e->inner, ct_len);
	return rc < 0 ? rc : (int)a.end;
}

int ike_sa_unprotect(struct ike_sa *sa, const uint8_t *buf, size_t len, struct ike_msg *m,
		     struct ike_msg_err *err)
{
	struct ike_engine *e = sa->e;
	struct ike_sk_dir *d = &sa->sk_in;
	struct ike_sk_parts p;
	size_t icv_off;
	int rc;

	if (!m->has_sk || (!d->gcm && !d->cbc)) {
		if (err)
			snprintf(err->reason, sizeof(err->reason), "no SK payload");
		return -EBADMSG;
	}
	rc = ike_msg_sk_split(&m->sk, sa_iv_len(sa), sa_icv_len(sa), &p, err);
	if (rc < 0)
		return -EBADMSG;
	icv_off = m->sk.body_off + p.iv.len + p.ct.len;
	if (icv_off + p.icv.len > len || p.ct.len > sizeof(e->plain))
		return -EBADMSG;
	if (d->gcm) {
		rc = crypto_gcm_open(d->gcm, p.iv.ptr, buf, m->sk.body_off, p.ct.ptr, e->plain,
				     p.ct.len, p.icv.ptr);
	} else {
		struct iovec v = {(void *)buf, icv_off};

		if (p.ct.len % CRYPTO_AES_BLOCK) {
			if (err)
				snprintf(err->reason, sizeof(err->reason),
					 "SK: ciphertext of %zu bytes is not whole blocks", p.ct.len);
			return -EBADMSG;
		}
		rc = crypto_integ_verify(d->integ, &v, 1, p.icv.ptr);
		if (rc == 0)
			rc = crypto_cbc_crypt(d->cbc, p.iv.ptr, p.ct.ptr, e->plain, p.ct.len);
	}
	if (rc < 0) {
		if (err)
			snprintf(err->reason, sizeof(err->reason), "SK: integrity check failed");
		return -EBADMSG;
	}
	rc = ike_msg_parse_inner(m, e->plain, p.ct.len, err);
	return rc < 0 ? -EBADMSG : 0;
}
