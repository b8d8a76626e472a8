/* NAT detection (RFC 7296 §2.23): the NAT_DETECTION_*_IP hashes. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "common/crypto.h"
#include "common/log.h"
#include "ike/ike_int.h"

int ike_nat_hash(uint64_t spi_i, uint64_t spi_r, const struct sockaddr_storage *addr,
		 uint8_t out[20])
{
	uint8_t buf[8 + 8 + 16 + 2];
	size_t n = 0, alen;
	const uint8_t *ip;
	uint16_t port = ike_addr_port(addr);
	unsigned i, olen = 0;

	if (addr->ss_family == AF_INET) {
		ip = (const uint8_t *)&((const struct sockaddr_in *)addr)->sin_addr;
		alen = 4;
	} else if (addr->ss_family == AF_INET6) {
		ip = (const uint8_t *)&((const struct sockaddr_in6 *)addr)->sin6_addr;
		alen = 16;
	} else {
		return -EINVAL;
	}
	for (i = 0; i < 8; i++)
		buf[n++] = (uint8_t)(spi_i >> (56 - 8 * i));
	for (i = 0; i < 8; i++)
		buf[n++] = (uint8_t)(spi_r >> (56 - 8 * i));
	memcpy(buf + n, ip, alen);
	n += alen;
	buf[n++] = (uint8_t)(port >> 8);
	buf[n++] = (uint8_t)port;
	if (!EVP_Digest(buf, n, out, &olen, EVP_sha1(), NULL) || olen != 20)
		return -EIO;
	return 0;
}

int ike_nat_notifies_add(struct ike_msg *m, const struct ike_sa *sa, bool fake_source,
			 uint8_t src[20], uint8_t dst[20])
{
	int rc;

	/* With encap forced, a source hash that matches nothing makes the
	 * peer see a NAT in front of us and float to 4500 too, as
	 * strongSwan's encap=yes does. */
	if (fake_source)
		rc = crypto_random(src, 20);
	else
		rc = ike_nat_hash(sa->spi_i, sa->spi_r, &sa->local, src);
	if (rc == 0)
		rc = ike_nat_hash(sa->spi_i, sa->spi_r, &sa->remote, dst);
	if (rc < 0 || m->n_notify + 2 > IKE_MSG_MAX_NOTIFIES)
		return rc < 0 ? rc : -ENOSPC;
	m->notify[m->n_notify].type = IKE_N_NAT_DETECTION_SOURCE_IP;
	m->notify[m->n_notify].data.ptr = src;
	m->notify[m->n_notify++].data.len = 20;
	m->notify[m->n_notify].type = IKE_N_NAT_DETECTION_DESTINATION_IP;
	m->notify[m->n_notify].data.ptr = dst;
	m->notify[m->n_notify++].data.len = 20;
	return 0;
}

void ike_nat_check(struct ike_sa *sa, const struct ike_msg *m,
		   const struct sockaddr_storage *local, const struct sockaddr_storage *remote)
{
	uint8_t want_src[20], want_dst[20];
	bool seen_src = false, seen_dst = false, src_ok = false, dst_ok = false;
	unsigned i;

	/* The hashes cover the SPIs as they are in the message's header. */
	if (ike_nat_hash(m->hdr.spi_i, m->hdr.spi_r, remote, want_src) < 0 ||
	    ike_nat_hash(m->hdr.spi_i, m->hdr.spi_r, local, want_dst) < 0)
		return;
	for (i = 0; i < m->n_notify; i++) {
		const struct ike_msg_notify *n = &m->notify[i];

		if (n->type == IKE_N_NAT_DETECTION_SOURCE_IP) {
			seen_src = true;
			if (n->data.len == 20 && CRYPTO_memcmp(n->data.ptr, want_src, 20) == 0)
				src_ok = true;
		} else if (n->type == IKE_N_NAT_DETECTION_DESTINATION_IP) {
			seen_dst = true;
			if (n->data.len == 20 && CRYPTO_memcmp(n->data.ptr, want_dst, 20) == 0)
				dst_ok = true;
		}
	}
	/* A peer that sends no NAT detection does not do NAT-T: never float. */
	sa->nat_remote = seen_src && seen_dst && !src_ok;
	sa->nat_local = seen_src && seen_dst && !dst_ok;
}
