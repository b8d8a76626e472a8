/*
 * The IPsec runtime: sockets, dataplane and IKE engine, made and freed in
 * dependency order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "vtid/ipsec.h"

/* Datagrams per wakeup of the 500 socket: enough to drain a burst, few
 * enough that the loop gets back to timers and other sockets soon. */
#define IPSEC_RX_BATCH 32

static void on_500(struct ev_io *io, unsigned revents, void *arg)
{
	struct vtid_ipsec *ip = arg;
	static uint8_t buf[65536];
	struct sockaddr_storage local, remote;

	(void)io;
	(void)revents;
	for (int i = 0; i < IPSEC_RX_BATCH; i++) {
		int n = vtid_ipsec_recv(ip->fd500, IKE_PORT, buf, sizeof(buf), &local, &remote);

		if (n == -EAGAIN || n == -EWOULDBLOCK)
			return;
		if (n == -EMSGSIZE) {
			log_peer(LOGM_IKE, "UDP 500: dropped a datagram larger than 64 KiB");
			continue;
		}
		if (n < 0) {
			log_warn(LOGM_IKE, "UDP 500: %s", strerror(-n));
			return;
		}
		ike_input(ip->ike, &local, &remote, buf, (size_t)n);
	}
}

struct vtid_ipsec *vtid_ipsec_new(struct ev_loop *loop, enum dp_kind kind, struct strbuf *err)
{
	struct vtid_ipsec *ip = calloc(1, sizeof(*ip));
	struct sockaddr_storage any4500;
	struct sockaddr_in *sin = (struct sockaddr_in *)&any4500;

	if (!ip) {
		sb_add(err, "out of memory\n");
		return NULL;
	}
	ip->loop = loop;
	ip->kind = kind;
	ip->fd500 = ip->fd4500 = -1;
	if ((ip->fd500 = vtid_ipsec_sock_open(IKE_PORT, err)) < 0 ||
	    (ip->fd4500 = vtid_ipsec_sock_open(IKE_NATT_PORT, err)) < 0)
		goto fail;
	ip->dp = dp_new(kind, loop, &vtid_ipsec_dp_events, ip, err);
	if (!ip->dp)
		goto fail;
	memset(&any4500, 0, sizeof(any4500));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(IKE_NATT_PORT);
	if (dp_attach_udp(ip->dp, ip->fd4500, &any4500, err) < 0)
		goto fail;
	ip->ike = ike_engine_new(loop, NULL, &vtid_ipsec_ike_ops, ip);
	if (!ip->ike) {
		sb_add(err, "cannot create the IKE engine\n");
		goto fail;
	}
	if (ev_io_start(loop, &ip->io500, ip->fd500, EV_READ, on_500, ip) < 0) {
		sb_add(err, "cannot watch UDP 500\n");
		goto fail;
	}
	log_notice(LOGM_IKE, "IKE listening on UDP 500 and 4500, %s dataplane",
		   dp_kind_name(kind));
	return ip;
fail:
	vtid_ipsec_free(ip);
	return NULL;
}

void vtid_ipsec_free(struct vtid_ipsec *ip)
{
	if (!ip)
		return;
	ev_io_stop(&ip->io500);
	ike_engine_free(ip->ike);
	dp_free(ip->dp);
	if (ip->fd500 >= 0)
		close(ip->fd500);
	if (ip->fd4500 >= 0)
		close(ip->fd4500);
	free(ip);
}
