/*
 * The IKEv2 engine (RFC 7296): IKE SAs and their CHILD_SAs for a set of
 * tunnels, PSK authentication, NAT-T (RFC 3948 / RFC 7296 §2.23), rekeying,
 * DPD and "always up".
 *
 * The engine owns no socket, no netlink and no configuration file.  It runs
 * on the caller's event loop (timers only) and talks to the world through
 * struct ike_ops:
 *   - send:     a datagram to put on UDP 500 or 4500 (the caller adds the
 *               non-ESP marker on 4500);
 *   - child_*:  install / remove the ESP SAs of a CHILD_SA in the dataplane,
 *               and read their counters (DPD looks at inbound packets);
 *   - state:    the tunnel's state changed (up / down), for routes and logs.
 * Datagrams come in through ike_input().  Everything the engine does to
 * the dataplane goes through those callbacks, so two engines in one
 * process, with ops that hand datagrams to each other, form a complete test
 * bed (tests/unit/test_ike_pair.c).
 *
 * Promises:
 *  - One IKE SA per tunnel at a time (two only for the moment of a rekey);
 *    with `initiate`, after any failure the tunnel re-initiates forever with
 *    a capped, jittered backoff.
 *  - Make-before-break: a rekeyed CHILD_SA is installed (both directions)
 *    and outbound traffic moved to it before the old one is removed.
 *  - Every SA the engine installed is removed through child_del before the
 *    tunnel is freed; secrets are wiped when freed and never logged.
 *  - Malformed or unexpected datagrams are logged as the peer's fault and
 *    answered with the right notify or dropped; they never change another
 *    tunnel.
 */
#ifndef VT_IKE_IKE_H
#define VT_IKE_IKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "ike/keys.h"
#include "ike/proposal.h"

struct ev_loop;
struct ike_engine;
struct ike_tunnel;

#define IKE_PORT      500
#define IKE_NATT_PORT 4500

#define IKE_NAME_MAX 32
#define IKE_ID_MAX   255
#define IKE_CONF_MAX_PROPOSALS 8

enum ike_dpd_action { IKE_DPD_CLEAR = 0, IKE_DPD_RESTART, IKE_DPD_NONE };

/* A traffic selector as configured: a prefix, all protocols and ports. */
struct ike_ts_conf {
	int family; /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t plen;
};

struct ike_tunnel_conf {
	char name[IKE_NAME_MAX + 1];
	/* Outer addresses; ports are ignored (500, then 4500). */
	struct sockaddr_storage local, remote;
	/* IDs as configured: an IP address literal, "user@fqdn", or an FQDN;
	 * "" means our / their outer address (what AWS uses). */
	char local_id[IKE_ID_MAX + 1];
	char remote_id[IKE_ID_MAX + 1];
	/* The PSK; ike_tunnel_add() copies it and wipes its copy when freed. */
	const uint8_t *psk;
	size_t psk_len;
	/* Initiator offers exactly these, in this order; responder accepts
	 * any of them.  At least one of each. */
	struct ike_proposal ike[IKE_CONF_MAX_PROPOSALS];
	unsigned n_ike;
	struct ike_proposal esp[IKE_CONF_MAX_PROPOSALS];
	unsigned n_esp;
	uint32_t ike_lifetime;	/* s; rekey at lifetime - margin - fuzz */
	uint32_t esp_lifetime;	/* s */
	uint32_t rekey_margin;	/* s */
	uint8_t rekey_fuzz;	/* % of the margin added at random, 0-200 */
	uint16_t dpd_delay;	/* s without inbound traffic before a probe; 0 = off */
	uint16_t dpd_timeout;	/* s without an answer: the peer is dead */
	enum ike_dpd_action dpd_action;
	bool initiate;		/* start now and keep it up ("start"); else wait */
	bool force_encap;	/* UDP-encapsulate even without NAT (encap = yes) */
	uint16_t keepalive;	/* s between NAT keepalives when behind NAT; 0 = 20 */
	struct ike_ts_conf ts_local, ts_remote; /* plen 0 family 0: 0.0.0.0/0 */
	uint32_t replay_window; /* passed to the dataplane */
};

/* What the dataplane needs to install one CHILD_SA (both directions). */
struct ike_child_sa {
	uint32_t spi_in, spi_out;	/* network values as numbers */
	uint16_t encr, encr_keylen;	/* IANA transform id, bits */
	uint16_t integ;			/* 0 with AEAD */
	bool esn;
	struct ike_key encr_in, integ_in;   /* peer -> us */
	struct ike_key encr_out, integ_out; /* us -> peer */
	bool encap;			/* ESP in UDP */
	struct sockaddr_storage local, remote; /* outer, with ports */
	struct ike_ts_conf ts_local, ts_remote;
	uint32_t replay_window;
	uint32_t lifetime;		/* s, the hard limit */
};

struct ike_child_counters {
	uint64_t bytes_in, packets_in, bytes_out, packets_out;
};

enum ike_tunnel_state {
	IKE_TUNNEL_DOWN = 0,	/* administratively down or never started */
	IKE_TUNNEL_CONNECTING,	/* exchanges under way (either role) */
	IKE_TUNNEL_UP,		/* IKE SA and at least one CHILD_SA */
	IKE_TUNNEL_BACKOFF,	/* failed; waiting to re-initiate */
	IKE_TUNNEL_PASSIVE,	/* waiting for the peer (initiate false) */
};
const char *ike_tunnel_state_name(enum ike_tunnel_state s); /* "down", "connecting", ... */

struct ike_ops {
	/* Send buf from local to remote (both with ports).  0 or -errno; a
	 * failure is treated as a lost datagram. */
	int (*send)(void *ctx, const struct sockaddr_storage *local,
		    const struct sockaddr_storage *remote, const uint8_t *buf, size_t len);
	/* Send one NAT keepalive (the byte 0xff, no marker) on 4500. */
	int (*keepalive)(void *ctx, const struct sockaddr_storage *local,
			 const struct sockaddr_storage *remote);
	/* Install a CHILD_SA; its outbound SA replaces the tunnel's current
	 * outbound one, inbound SAs accumulate until deleted.  0 or -errno
	 * (the engine then deletes the CHILD_SA with the peer). */
	int (*child_add)(void *ctx, void *tunnel_ctx, const struct ike_child_sa *c);
	/* Remove both directions of the CHILD_SA with this inbound SPI. */
	void (*child_del)(void *ctx, void *tunnel_ctx, uint32_t spi_in, uint32_t spi_out);
	/* Counters of an installed CHILD_SA; -ENOENT if unknown. */
	int (*child_counters)(void *ctx, void *tunnel_ctx, uint32_t spi_in,
			      struct ike_child_counters *out);
	/* The tunnel's state changed; why is a short reason for the log and
	 * `show tunnels` ("DPD timeout", "AUTHENTICATION_FAILED from peer"). */
	void (*state)(void *ctx, void *tunnel_ctx, enum ike_tunnel_state s, const char *why);
};

/* Engine-wide settings; zero means the default shown. */
struct ike_engine_conf {
	unsigned retransmit_base_ms;	/* 1000; doubles each try */
	unsigned retransmit_tries;	/* 5 (then the exchange failed) */
	unsigned backoff_base_ms;	/* 2000; doubles, jittered ±25% */
	unsigned backoff_max_ms;	/* 60000 */
	unsigned cookie_threshold;	/* half-open SAs before COOKIE: 64 */
	unsigned half_open_timeout_ms;	/* 30000 */
};

struct ike_engine *ike_engine_new(struct ev_loop *loop, const struct ike_engine_conf *conf,
				  const struct ike_ops *ops, void *ctx);
/* Remove every tunnel as ike_tunnel_remove() does, then free. */
void ike_engine_free(struct ike_engine *e);

/* Add a tunnel (copied; the PSK too).  tunnel_ctx is passed back in every
 * callback.  With conf->initiate it starts at once.  0, -EINVAL for a bad
 * conf (the reason in err), -EEXIST for a name in use, -ENOMEM. */
int ike_tunnel_add(struct ike_engine *e, const struct ike_tunnel_conf *conf, void *tunnel_ctx,
		   struct ike_tunnel **out, char *err, size_t errlen);
/* Send Delete for its SAs (best effort, no wait), remove its CHILD_SAs
 * through child_del, free it. */
void ike_tunnel_remove(struct ike_tunnel *t);
/* `tunnel NAME up`: initiate now (and keep it up); no-op when up. */
int ike_tunnel_up(struct ike_tunnel *t);
/* `tunnel NAME down`: delete the SAs and stay down until ike_tunnel_up(). */
int ike_tunnel_down(struct ike_tunnel *t);
/* `clear ipsec sa`: delete the SAs; a tunnel that initiates comes back up. */
int ike_tunnel_clear(struct ike_tunnel *t);
/* `tunnel NAME rekey (ike|esp)`: rekey the IKE SA or the newest CHILD_SA
 * now.  -ENOTCONN when the tunnel is not up. */
int ike_tunnel_rekey(struct ike_tunnel *t, bool ike_sa);
struct ike_tunnel *ike_tunnel_find(struct ike_engine *e, const char *name);

/* A datagram received on local (port 500 or 4500, non-ESP marker already
 * stripped) from remote. */
void ike_input(struct ike_engine *e, const struct sockaddr_storage *local,
	       const struct sockaddr_storage *remote, const uint8_t *buf, size_t len);

/* The dataplane says an SA reached a byte/packet limit: rekey (soft) or
 * remove (hard) the CHILD_SA with this inbound SPI. */
void ike_child_expired(struct ike_tunnel *t, uint32_t spi_in, bool hard);

/* ---- status, for the shell ---------------------------------------------- */

#define IKE_STATUS_MAX_CHILDREN 4

struct ike_child_status {
	uint32_t spi_in, spi_out;
	char algs[IKE_PROPOSAL_STR_MAX]; /* "aes128gcm16-ecp256" */
	int64_t rekey_in_s;		 /* -1: not scheduled */
	uint64_t established_ms;	 /* ev_now_ms() when installed */
	bool rekeying;			 /* a newer one replaces it */
};

struct ike_tunnel_status {
	char name[IKE_NAME_MAX + 1];
	enum ike_tunnel_state state;
	char why[128];		  /* reason of the last change */
	bool has_sa;		  /* the fields below are valid */
	bool initiator;		  /* we initiated this IKE SA */
	uint64_t spi_i, spi_r;
	char algs[IKE_PROPOSAL_STR_MAX];
	struct sockaddr_storage local, remote; /* current, with ports */
	bool nat_local, nat_remote, encap;
	uint64_t established_ms;
	int64_t rekey_in_s;
	unsigned n_child;
	struct ike_child_status child[IKE_STATUS_MAX_CHILDREN];
	unsigned retries;	  /* failed attempts since last up */
	int64_t retry_in_ms;	  /* BACKOFF: time to the next try */
};
int ike_tunnel_status(const struct ike_tunnel *t, struct ike_tunnel_status *out);

/* "192.0.2.1[500]" into buf, as the engine's logs write an endpoint. */
const char *ike_addr_str(const struct sockaddr_storage *a, char *buf, size_t len);

#endif
