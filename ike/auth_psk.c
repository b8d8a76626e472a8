/* What IKE_AUTH signs and names: IDs from the configuration, the PSK
 * AUTH value (RFC 7296 §2.15), traffic selectors from prefixes. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "common/crypto.h"
#include "common/secret.h"
#include "ike/ike_int.h"

static const char key_pad[] = "Key Pad for IKEv2";

int ike_auth_id_make(const char *conf_id, const struct sockaddr_storage *addr,
		     struct ike_auth_id *out)
{
	size_t n = strlen(conf_id);

	memset(out, 0, sizeof(*out));
	if (!n) {
		if (addr->ss_family == AF_INET) {
			out->type = IKE_ID_IPV4;
			memcpy(out->data, &((const struct sockaddr_in *)addr)->sin_addr, 4);
			out->len = 4;
		} else if (addr->ss_family == AF_INET6) {
			out->type = IKE_ID_IPV6;
			memcpy(out->data, &((const struct sockaddr_in6 *)addr)->sin6_addr, 16);
			out->len = 16;
		} else {
			return -EINVAL;
		}
		return 0;
	}
	if (n > sizeof(out->data))
		return -EINVAL;
	if (inet_pton(AF_INET, conf_id, out->data) == 1) {
		out->type = IKE_ID_IPV4;
		out->len = 4;
	} else if (inet_pton(AF_INET6, conf_id, out->data) == 1) {
		out->type = IKE_ID_IPV6;
		out->len = 16;
	} else {
		out->type = strchr(conf_id, '@') ? IKE_ID_RFC822 : IKE_ID_FQDN;
		memcpy(out->data, conf_id, n);
		out->len = n;
	}
	return 0;
}

bool ike_auth_id_match(const char *conf_id, const struct sockaddr_storage *remote,
		       const struct ike_msg_id *got)
{
	struct ike_auth_id want;

	/* Nothing configured: the PSK alone authenticates, whatever the
	 * peer calls itself (AWS and strongSwan send their address). */
	if (!conf_id[0])
		return true;
	if (ike_auth_id_make(conf_id, remote, &want) < 0)
		return false;
	return got->type == want.type && got->data.len == want.len &&
	       memcmp(got->data.ptr, want.data, want.len) == 0;
}

/* AUTH = prf(prf(PSK, "Key Pad for IKEv2"), <SignedOctets>), where the
 * octets are the sender's IKE_SA_INIT, the other side's nonce and
 * prf(SK_p of the sender, the sender's ID payload body). */
int ike_auth_psk(const struct ike_sa *sa, bool by_initiator, uint8_t id_type,
		 const uint8_t *id, size_t id_len, uint8_t *out, size_t *out_len)
{
	const struct ike_tunnel *t = sa->t;
	const struct ike_key *skp = by_initiator ? &sa->keys->sk_pi : &sa->keys->sk_pr;
	const uint8_t *msg = by_initiator ? sa->init_i : sa->init_r;
	size_t msg_len = by_initiator ? sa->init_i_len : sa->init_r_len;
	const uint8_t *nonce = by_initiator ? sa->nr : sa->ni;
	size_t nonce_len = by_initiator ? sa->nr_len : sa->ni_len;
	uint16_t prf = sa->algs.prf;
	uint8_t hdr[4] = {id_type, 0, 0, 0}, macid[CRYPTO_PRF_MAX_LEN], key[CRYPTO_PRF_MAX_LEN];
	struct crypto_prf *p;
	int len = crypto_prf_len(prf), rc;

	if (len <= 0 || !msg || !t)
		return -EINVAL;
	p = crypto_prf_new(prf, skp->b, skp->len);
	if (!p)
		return -ENOMEM;
	rc = crypto_prf_update(p, hdr, sizeof(hdr));
	if (rc == 0)
		rc = crypto_prf_update(p, id, id_len);
	if (rc == 0)
		rc = crypto_prf_final(p, macid);
	crypto_prf_free(p);
	if (rc == 0)
		rc = crypto_prf(prf, t->psk, t->conf.psk_len, (const uint8_t *)key_pad,
				sizeof(key_pad) - 1, key);
	p = rc == 0 ? crypto_prf_new(prf, key, (size_t)len) : NULL;
	if (rc == 0 && !p)
		rc = -ENOMEM;
	if (rc == 0)
		rc = crypto_prf_update(p, msg, msg_len);
	if (rc == 0)
		rc = crypto_prf_update(p, nonce, nonce_len);
	if (rc == 0)
		rc = crypto_prf_update(p, macid, (size_t)len);
	if (rc == 0)
		rc = crypto_prf_final(p, out);
	crypto_prf_free(p);
	secret_wipe(key, sizeof(key));
	secret_wipe(macid, sizeof(macid));
	*out_len = (size_t)len;
	return rc;
}

void ike_ts_conf_resolve(const struct ike_ts_conf *in, int family, struct ike_ts_conf *out)
{
	*out = *in;
	if (!out->family) {
		memset(out, 0, sizeof(*out));
		out->family = family == AF_INET6 ? AF_INET6 : AF_INET;
	}
}

void ike_ts_from_conf(const struct ike_ts_conf *c, struct ike_msg_ts *ts)
{
	unsigned alen = c->family == AF_INET6 ? 16 : 4, i, bits;

	memset(ts, 0, sizeof(*ts));
	ts->type = c->family == AF_INET6 ? IKE_TS_IPV6 : IKE_TS_IPV4;
	ts->port_end = 0xffff;
	for (i = 0; i < alen; i++) {
		bits = c->plen > 8 * i ? c->plen - 8 * i : 0;
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

		ts->addr_start[i] = c->addr[i] & mask;
		ts->addr_end[i] = (uint8_t)(ts->addr_start[i] | (uint8_t)~mask);
	}
}

/* Does the peer's selector list hold one that covers our prefix? */
bool ike_ts_covers(const struct ike_msg_ts_list *l, const struct ike_ts_conf *c)
{
	struct ike_msg_ts want;
	unsigned i, alen = c->family == AF_INET6 ? 16 : 4;

	ike_ts_from_conf(c, &want);
	for (i = 0; i < l->n; i++) {
		const struct ike_msg_ts *ts = &l->ts[i];

		if (ts->type != want.type || ts->ip_proto != 0 || ts->port_start != 0 ||
		    ts->port_end != 0xffff)
			continue;
		if (memcmp(ts->addr_start, want.addr_start, alen) <= 0 &&
		    memcmp(ts->addr_end, want.addr_end, alen) >= 0)
			return true;
	}
	return false;
}
