/*
 * The daemon's IPsec runtime: the IKE engine (ike/), the dataplane backend
 * (vtid/dp/) and the two UDP sockets they share, wired together.
 *
 *   UDP 500   read by the main loop, handed to ike_input()
 *   UDP 4500  handed to the dataplane (dp_attach_udp): the user backend
 *             reads it on its worker thread, keeps ESP and passes IKE
 *             back to the main loop (dp_events.ike_input)
 *
 * Both sockets are bound to the wildcard address with IP_PKTINFO, so one
 * pair serves every local address; each datagram's local address is the
 * one it was sent to, and replies leave from it.
 *
 * It is created when the first tunnel starts (binding 500/4500 needs root
 * and is pointless without tunnels) and lives until the daemon stops.
 * Per tunnel, struct tunnel_rt joins the configured tunnel, its IKE tunnel
 * and its dataplane tunnel; it is the tunnel_ctx of both libraries.
 */
#ifndef VT_VTID_IPSEC_H
#define VT_VTID_IPSEC_H

#include <stdbool.h>
#include <stdint.h>

#include "common/evloop.h"
#include "common/strbuf.h"
#include "ike/ike.h"
#include "vtid/dp/dp.h"

struct ev_loop;
struct tunnel;
struct tunnel_rt;

struct vtid_ipsec {
	struct ev_loop *loop;
	struct ike_engine *ike;
	struct dp *dp;
	enum dp_kind kind;
	int fd500, fd4500;
	struct ev_io io500;
	/* A tunnel got its first SA (up) or lost its last one. */
	void (*tunnel_state)(void *ctx, const struct tunnel_rt *rt, bool up);
	void *tunnel_state_ctx;
};

/* Sockets, dataplane of `kind`, engine.  NULL with err set. */
struct vtid_ipsec *vtid_ipsec_new(struct ev_loop *loop, enum dp_kind kind, struct strbuf *err);
/* Every tunnel must be stopped first. */
void vtid_ipsec_free(struct vtid_ipsec *ip);

/* One running tunnel. */
struct tunnel_rt {
	struct vtid_ipsec *ip;
	char name[IKE_NAME_MAX + 1];
	struct ike_tunnel *ike;
	struct dp_tunnel *dpt;
	enum ike_tunnel_state state;
	char why[128];
	uint64_t up_since_ms; /* 0 while not up */
	bool ike_admin_down;  /* `tunnel NAME down` */
};

/* Start t: dataplane tunnel (interface down), IKE tunnel (initiating when
 * its startup action says so).  0 or -errno with err. */
int tunnel_rt_start(struct vtid_ipsec *ip, const struct tunnel *t, struct tunnel_rt **out,
		    struct strbuf *err);
/* Delete its SAs (telling the peer), remove the interface, free. */
void tunnel_rt_stop(struct tunnel_rt *rt);

/* The conversions, apart for tests: conf → IKE and dataplane settings. */
int tunnel_rt_ike_conf(const struct tunnel *t, struct ike_tunnel_conf *out, struct strbuf *err);
void tunnel_rt_dp_conf(const struct tunnel *t, struct dp_tunnel_conf *out);

/* The send/child/state callbacks of the engine, and the dataplane's events
 * (vtid/ipsec_ops.c). */
extern const struct ike_ops vtid_ipsec_ike_ops;
extern const struct dp_events vtid_ipsec_dp_events;
/* Send a datagram from the socket of local's port: 500, or 4500 where IKE
 * gets the non-ESP marker (marker false: raw, for keepalives).  0 or
 * -errno. */
int vtid_ipsec_sendto(struct vtid_ipsec *ip, const struct sockaddr_storage *local,
		      const struct sockaddr_storage *remote, const uint8_t *buf, size_t len,
		      bool marker);
int vtid_ipsec_sock_open(uint16_t port, struct strbuf *err);
/* Read one datagram from the socket bound to port, with its local address;
 * -EAGAIN when none. */
int vtid_ipsec_recv(int fd, uint16_t port, uint8_t *buf, size_t cap,
		    struct sockaddr_storage *local, struct sockaddr_storage *remote);

#endif
