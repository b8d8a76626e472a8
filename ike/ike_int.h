/*
 * The IKEv2 engine's insides, shared by its files:
 *
 *   engine.c       engine and tunnels: add/remove/up/down, always-up backoff
 *   sa.c           struct ike_sa: create, SPI table, timers, free
 *   sa_crypt.c     SK payload: protect an outgoing message, open an incoming one
 *   io.c           ike_input(): header, SA lookup, message IDs, the
 *                  retransmission of requests and the cache of the last
 *                  response; dispatch to the exchanges
 *   exch_init.c    IKE_SA_INIT (both roles; NAT detection, COOKIE,
 *                  INVALID_KE_PAYLOAD)
 *   exch_auth.c    IKE_AUTH (PSK AUTH, IDs, the first CHILD_SA, TS)
 *   exch_child.c   CREATE_CHILD_SA: CHILD_SA rekey, IKE SA rekey, §2.8.1
 *                  collisions
 *   exch_info.c    INFORMATIONAL: DPD, Delete, error notifies
 *   child.c        CHILD_SA: SPIs, key derivation, install / remove
 *   nat.c          NAT detection hashes, keepalives
 *   status.c       ike_tunnel_status()
 *
 * Everything runs on one thread, the caller's event loop.
 *
 * Requests: an SA has at most one request of its own outstanding (window
 * size 1, RFC 7296 §2.3).  Work that needs a request (rekey, DPD, delete)
 * is queued as a task bit and started when the window is free.  The
 * exchange that sends a request registers the function that handles its
 * response; io.c retransmits it and gives up after the configured tries
 * (calling on_response with NULL: the peer is gone).
 */
#ifndef VT_IKE_IKE_INT_H
#define VT_IKE_IKE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "common/evloop.h"
#include "ike/ike.h"
#include "ike/keys.h"
#include "ike/msg.h"
#include "ike/proposal_match.h"

struct crypto_dh;
struct crypto_integ;
struct crypto_cbc;
struct crypto_gcm;

#define IKE_MSG_BUF_MAX	 8192 /* largest datagram we build or accept */
#define IKE_NONCE_LEN	 32   /* the nonces we send */

/* ---- engine and tunnels -------------------------------------------------- */

struct ike_sa;

struct ike_tunnel {
	struct ike_engine *e;
	struct ike_tunnel_conf conf; /* conf.psk points at psk below */
	uint8_t *psk;		     /* owned, wiped on free */
	void *ctx;		     /* the caller's tunnel_ctx */
	bool admin_up;		     /* initiate and keep it up */
	enum ike_tunnel_state state;
	char why[128];
	struct ike_sa *sa;	     /* the current IKE SA, or NULL */
	struct ev_timer backoff;     /* re-initiate after a failure */
	unsigned retries;
	struct ike_tunnel *next;
};

/* SPI hash table: IKE SAs by our own SPI (initiator: spi_i; responder:
 * spi_r).  Half-open responder SAs are also found by (spi_i, remote). */
#define IKE_SA_BUCKETS 256

struct ike_engine {
	struct ev_loop *loop;
	struct ike_engine_conf conf; /* defaults filled in */
	struct ike_ops ops;
	void *ctx;
	struct ike_tunnel *tunnels;
	struct ike_sa *bucket[IKE_SA_BUCKETS];
	unsigned n_half_open;
	uint8_t cookie_secret[32];
	uint8_t cookie_secret_old[32];
	struct ev_timer cookie_rotate;
	/* Scratch space, one message at a time (the loop is single-threaded). */
	struct ike_msg rx, tx;
	const uint8_t *rx_buf;	/* the datagram e->rx was parsed from */
	size_t rx_len;
	uint8_t plain[IKE_MSG_BUF_MAX]; /* decrypted SK of e->rx */
	uint8_t inner[IKE_MSG_BUF_MAX]; /* inner payloads of e->tx before encryption */
	uint8_t out[IKE_MSG_BUF_MAX];	/* the last datagram built */
	uint64_t log_quiet_ms;	/* rate limit of garbage logs */
	unsigned log_burst;
};

/* Tunnel state changes go through here (it calls ops.state once per real
 * change and logs). */
void ike_tunnel_set_state(struct ike_tunnel *t, enum ike_tunnel_state s, const char *why);
/* The IKE SA of t failed or was deleted (why for the log): free it and,
 * when admin_up, schedule a re-initiation with backoff.  Idempotent. */
void ike_tunnel_sa_failed(struct ike_tunnel *t, const char *why);
/* The tunnel that a message from remote with these IDs belongs to (responder
 * lookup in IKE_AUTH, or by address in IKE_SA_INIT); NULL if none. */
struct ike_tunnel *ike_tunnel_by_addr(struct ike_engine *e, const struct sockaddr_storage *local,
				      const struct sockaddr_storage *remote);
/* Start an IKE SA as initiator for t (exch_init.c). */
int ike_tunnel_initiate(struct ike_tunnel *t);

/* ---- CHILD_SAs ------------------------------------------------------------ */

enum ike_child_state {
	IKE_CHILD_INSTALLED = 0,
	IKE_CHILD_REKEYING,  /* a CREATE_CHILD_SA for it is under way */
	IKE_CHILD_REKEYED,   /* replaced; waits for its Delete */
	IKE_CHILD_DELETING,  /* our Delete is under way */
};

struct ike_child {
	struct ike_sa *sa;
	enum ike_child_state state;
	uint32_t spi_in, spi_out;
	struct ike_proposal_choice choice; /* one transform per type */
	struct ike_child_algs algs;
	bool esn;
	struct ike_ts_conf ts_local, ts_remote;
	uint64_t established_ms;
	struct ev_timer rekey;	/* soft: start a rekey */
	struct ev_timer expire; /* hard: delete */
	bool installed;		/* child_add succeeded */
	bool initiator;		/* we started the exchange that made it (sets
				 * which KEYMAT half is ours); ike_child_new()
				 * presets sa->initiator */
	/* ike-rekey (exch_child.c, exch_info.c): zero from ike_child_new. */
	uint32_t rekey_of;	/* spi_in of the child this one replaces, 0: none */
	bool rekey_ours;	/* we initiated the exchange that made it */
	bool delete_sent;	/* DELETING: our Delete for it is under way */
	uint8_t rekey_nonce[IKE_NONCE_MAX]; /* lowest nonce of that exchange */
	size_t rekey_nonce_len;
	uint16_t rekey_group;	/* DH group the peer asked for (INVALID_KE) */
	struct ike_child *next;
};

/* Derive keys for a negotiated child and install it (child_add); keys are
 * wiped before return.  gir may be NULL (no PFS).  Arms its timers.
 * 0 or -errno. */
int ike_child_install(struct ike_child *c, const uint8_t *gir, size_t girlen, const uint8_t *ni,
		      size_t nilen, const uint8_t *nr, size_t nrlen);
/* A new child on sa (not yet installed), with a fresh random inbound SPI
 * unique in the engine; NULL on allocation failure. */
struct ike_child *ike_child_new(struct ike_sa *sa);
/* child_del if installed, disarm, unlink from its SA, free. */
void ike_child_free(struct ike_child *c);
struct ike_child *ike_child_by_spi_in(struct ike_sa *sa, uint32_t spi_in);
struct ike_child *ike_child_by_spi_out(struct ike_sa *sa, uint32_t spi_out);

/* ---- IKE SAs ---------------------------------------------------------------- */

enum ike_sa_state {
	IKE_SA_INIT_I = 0, /* we sent IKE_SA_INIT */
	IKE_SA_INIT_R,	   /* we answered IKE_SA_INIT, wait for IKE_AUTH */
	IKE_SA_AUTH_I,	   /* we sent IKE_AUTH */
	IKE_SA_ESTABLISHED,
	IKE_SA_REKEYED,	   /* replaced by a new IKE SA; waits for its Delete */
	IKE_SA_DELETING,   /* our Delete is under way */
	IKE_SA_DEAD,	   /* freed at the end of this event */
};

/* Tasks that need a request of ours; started in this order when the
 * window is free. */
enum {
	IKE_TASK_DELETE = 1u << 0,	 /* delete the IKE SA */
	IKE_TASK_DELETE_CHILD = 1u << 1, /* delete children in DELETING state */
	IKE_TASK_REKEY_IKE = 1u << 2,
	IKE_TASK_REKEY_CHILD = 1u << 3,	 /* children in REKEYING state wanting it */
	IKE_TASK_DPD = 1u << 4,
};

/* The handler of a response to our request; m is the decrypted response,
 * or NULL when retransmissions ran out.  Returns 0, or -errno when the SA
 * must fail (the caller then calls ike_sa_fail() with sa->why, or a default
 * when it is empty).  A handler must not free sa; to end it quietly it sets
 * sa->state = IKE_SA_DEAD and io.c frees it after the handler returns (the
 * same holds for the ike_*_request functions). */
typedef int (*ike_response_fn)(struct ike_sa *sa, const struct ike_msg *m);

/* Keys of the SK payload in one direction. */
struct ike_sk_dir {
	struct crypto_cbc *cbc;	    /* AES-CBC, or */
	struct crypto_gcm *gcm;	    /* AES-GCM (key | salt) */
	struct crypto_integ *integ; /* CBC only */
	uint64_t gcm_iv;	    /* next GCM IV (a counter) */
};

struct ike_sa {
	struct ike_engine *e;
	struct ike_tunnel *t; /* NULL for a half-open responder SA not yet matched */
	enum ike_sa_state state;
	bool initiator;	      /* original initiator of THIS SA */
	uint64_t spi_i, spi_r; /* host order */
	struct sockaddr_storage local, remote; /* current, with ports */
	bool nat_local, nat_remote, encap;     /* encap: use 4500 */

	struct ike_proposal_choice choice; /* the IKE proposal */
	struct ike_sa_algs algs;
	struct ike_sa_keys *keys;
	struct ike_sk_dir sk_out, sk_in;   /* built from keys by ike_sa_crypt_init */

	/* IKE_SA_INIT material, kept until IKE_AUTH is done. */
	struct crypto_dh *dh;
	uint8_t ni[IKE_NONCE_MAX], nr[IKE_NONCE_MAX];
	size_t ni_len, nr_len;
	uint8_t *init_i, *init_r;	/* the two IKE_SA_INIT messages, whole */
	size_t init_i_len, init_r_len;
	uint8_t cookie[64];		/* COOKIE the responder asked for */
	size_t cookie_len;
	uint16_t ke_group;		/* group of our KE (INVALID_KE retries) */

	/* Our requests (we are the requester). */
	uint32_t msgid_next;	/* ID of our next request */
	uint32_t req_msgid;	/* ID of the outstanding one */
	bool req_busy;		/* one outstanding */
	uint64_t req_deadline_ms; /* 0, or give up then instead of after
				   * retransmit_tries (DPD: dpd_timeout) */
	uint8_t *req_buf;	/* for retransmission */
	size_t req_len;
	unsigned req_tries;
	ike_response_fn on_response;
	struct ev_timer retransmit;
	unsigned tasks;		/* IKE_TASK_* queued */

	/* The peer's requests (we respond). */
	uint32_t msgid_expect;	/* next request ID we accept */
	uint8_t *resp_buf;	/* the last response, resent on a retransmit */
	size_t resp_len;
	uint32_t resp_msgid;
	bool resp_valid;

	struct ike_child *children;

	/* Rekeying: while CREATE_CHILD_SA for a new IKE SA runs, the new
	 * one is here; after a collision both may exist (§2.8.1). */
	struct ike_sa *rekey_new;
	uint8_t rekey_nonce[IKE_NONCE_MAX]; /* our nonce of a rekey we started */
	size_t rekey_nonce_len;

	char why[128];		/* an exchange that returns -errno says why here */
	bool half_open_counted; /* counted in e->n_half_open */
	bool freeing;		/* inside ike_sa_free() */
	uint8_t init_restarts;	/* COOKIE / INVALID_KE restarts of IKE_SA_INIT */
	uint64_t dpd_check_ms;	/* last DPD check */

	uint64_t established_ms;
	uint64_t last_rx_ms;	  /* any authenticated message from the peer */
	uint64_t last_pkts_in;	  /* sum of children's packets_in at last check */
	struct ev_timer rekey;	  /* soft lifetime of the IKE SA */
	struct ev_timer expire;	  /* hard lifetime */
	struct ev_timer dpd;	  /* DPD check */
	struct ev_timer keepalive; /* NAT keepalive */
	struct ev_timer half_open; /* responder: IKE_AUTH must come in time */

	struct ike_sa *hnext;	  /* hash chain */
};

/* New SA with a fresh random SPI of ours (unique in the engine), put in
 * the hash table.  t may be NULL (responder before IKE_AUTH). */
struct ike_sa *ike_sa_new(struct ike_engine *e, struct ike_tunnel *t, bool initiator,
			  const struct sockaddr_storage *local,
			  const struct sockaddr_storage *remote);
/* Children removed (child_del), timers off, secrets wiped, unhashed, freed.
 * Also frees sa->rekey_new (owned by sa) and clears t->sa if it is sa. */
void ike_sa_free(struct ike_sa *sa);
/* sa failed: the tunnel's current SA goes through ike_tunnel_sa_failed();
 * any other (half-open responder, rekeyed) is logged and freed. */
void ike_sa_fail(struct ike_sa *sa, const char *why);
/* Our SPI of sa (spi_i as initiator, spi_r as responder). */
uint64_t ike_sa_our_spi(const struct ike_sa *sa);
/* Find by our SPI. */
struct ike_sa *ike_sa_find(struct ike_engine *e, uint64_t our_spi);
/* The responder SA made for an IKE_SA_INIT from (spi_i, remote), in any
 * state (a retransmission is answered only while half-open). */
struct ike_sa *ike_sa_find_half_open(struct ike_engine *e, uint64_t spi_i,
				     const struct sockaddr_storage *remote);
/* After keys are derived: build sk_in/sk_out.  0 or -errno. */
int ike_sa_crypt_init(struct ike_sa *sa);
/* Arm rekey/expire (lifetime with margin and fuzz), DPD and keepalive
 * timers of an established SA. */
void ike_sa_arm_timers(struct ike_sa *sa);
/* Lifetime with margin and fuzz: the soft delay in ms for a hard lifetime
 * (s), as strongSwan computes rekey_time = life - margin - random(fuzz). */
uint64_t ike_rekey_delay_ms(const struct ike_tunnel_conf *c, uint32_t lifetime_s);
/* Queue a task; starts it now if no request is outstanding. */
void ike_sa_task(struct ike_sa *sa, unsigned task);
/* Start the next queued task if the window is free (io.c calls it after
 * every response). */
void ike_sa_run_tasks(struct ike_sa *sa);

/* ---- messages ---------------------------------------------------------------- */

/* Encrypt and send a request built in e->tx (hdr.exchange and payloads
 * set; SPIs, msgid, flags filled here), remember it for retransmission and
 * register fn for its response.  -EBUSY when a request is outstanding. */
int ike_sa_request(struct ike_sa *sa, ike_response_fn fn);
/* Encrypt and send the response in e->tx to the request (exchange, msgid)
 * being handled, and cache it for retransmitted requests. */
int ike_sa_respond(struct ike_sa *sa, uint8_t exchange, uint32_t msgid);
/* Send an unencrypted message (IKE_SA_INIT) in e->tx from sa's addresses;
 * a request is remembered for retransmission with fn, a response cached.
 * The header is filled here (msgid 0); the datagram stays in e->out. */
int ike_sa_send_plain(struct ike_sa *sa, bool request, ike_response_fn fn);
/* Send an unencrypted notify-only response (INVALID_KE, COOKIE,
 * NO_PROPOSAL_CHOSEN, INVALID_SYNTAX ...) to a message that has no SA
 * of ours, echoing its header's SPIs and msgid. */
int ike_send_notify_plain(struct ike_engine *e, const struct sockaddr_storage *local,
			  const struct sockaddr_storage *remote, const struct ike_hdr *req,
			  uint16_t type, const uint8_t *data, size_t len);
/* Protect e->tx as SK (inner payloads of e->tx, header h) into out.
 * Returns the length or -errno. */
int ike_sa_protect(struct ike_sa *sa, const struct ike_hdr *h, uint8_t *out, size_t cap);
/* Verify and decrypt the SK payload of m (parsed from buf), then parse
 * the inner payloads into m (plaintext in e->plain).  -EBADMSG when the ICV
 * fails or the inner payloads are malformed (why in err). */
int ike_sa_unprotect(struct ike_sa *sa, const uint8_t *buf, size_t len, struct ike_msg *m,
		     struct ike_msg_err *err);
/* The sockaddr to send to: the peer's current address, port 4500 when
 * encap (and the local one to match). */
void ike_sa_endpoints(const struct ike_sa *sa, struct sockaddr_storage *local,
		      struct sockaddr_storage *remote);

/* ---- exchanges (one file each) ------------------------------------------------ */

/* Requests from the peer, m decrypted (except IKE_SA_INIT).  Each builds
 * and sends the response (ike_sa_respond) or fails the SA.  Return 0, or
 * -errno when the SA must be torn down. */
void ike_init_request(struct ike_engine *e, const struct sockaddr_storage *local,
		      const struct sockaddr_storage *remote, const uint8_t *buf, size_t len,
		      struct ike_msg *m);
int ike_auth_request(struct ike_sa *sa, const struct ike_msg *m);
int ike_child_request(struct ike_sa *sa, const struct ike_msg *m);
int ike_info_request(struct ike_sa *sa, const struct ike_msg *m);

/* Starting our own requests. */
int ike_auth_start(struct ike_sa *sa);	      /* after IKE_SA_INIT completes */
int ike_rekey_child_start(struct ike_sa *sa, struct ike_child *old);
int ike_rekey_ike_start(struct ike_sa *sa);
int ike_dpd_start(struct ike_sa *sa);
int ike_delete_start(struct ike_sa *sa);      /* Delete of the IKE SA */
int ike_delete_child_start(struct ike_sa *sa, struct ike_child *c);

/* An established SA takes over t (t->sa, any older one freed), timers
 * armed; the tunnel becomes UP if a child is installed. */
void ike_sa_established(struct ike_sa *sa);
/* The "IKE SA ... established with ..." line (IKE_AUTH logs it before the
 * first CHILD_SA is installed). */
void ike_sa_log_established(const struct ike_sa *sa);

/* ---- NAT ---------------------------------------------------------------------- */

/* NAT_DETECTION_*_IP data: SHA-1(SPIi | SPIr | IP | port). */
int ike_nat_hash(uint64_t spi_i, uint64_t spi_r, const struct sockaddr_storage *addr,
		 uint8_t out[20]);
/* Compare the peer's NAT notifies in m with the addresses seen; set
 * sa->nat_local / nat_remote. */
void ike_nat_check(struct ike_sa *sa, const struct ike_msg *m,
		   const struct sockaddr_storage *local, const struct sockaddr_storage *remote);

/* ---- shared by the files above ------------------------------------------------- */

/* sa.c / sa_timer.c */
void ike_sa_timers_init(struct ike_sa *sa);
void ike_sa_timers_cancel(struct ike_sa *sa);
/* No longer half-open: stop its timer, leave e->n_half_open. */
void ike_sa_half_open_done(struct ike_sa *sa);
/* io.c: the retransmission timer of sa's outstanding request. */
void ike_io_retransmit_cb(struct ev_timer *tm, void *arg);

/* exch_init.c: g^ir, SKEYSEED, SK_* and the SK contexts from sa->choice,
 * sa->dh, the nonces and SPIs; then move to 4500 when NAT-T applies. */
int ike_init_keys(struct ike_sa *sa, const struct ike_msg_ke *peer);
void ike_init_float(struct ike_sa *sa);

/* nat.c: add NAT_DETECTION_SOURCE/DESTINATION_IP for sa's addresses to m
 * (src/dst hold the data until m is sent); fake_source: a random source
 * hash, so the peer sees a NAT (forced encapsulation). */
int ike_nat_notifies_add(struct ike_msg *m, const struct ike_sa *sa, bool fake_source,
			 uint8_t src[20], uint8_t dst[20]);

/* auth_psk.c: IDs, the PSK AUTH value, traffic selectors. */
struct ike_auth_id {
	uint8_t type; /* enum ike_id_type */
	uint8_t data[IKE_ID_MAX];
	size_t len;
};
/* The ID a configured string names ("" = the address). */
int ike_auth_id_make(const char *conf_id, const struct sockaddr_storage *addr,
		     struct ike_auth_id *out);
/* Does the peer's ID match remote_id?  "" matches any. */
bool ike_auth_id_match(const char *conf_id, const struct sockaddr_storage *remote,
		       const struct ike_msg_id *got);
/* AUTH of the side by_initiator (RFC 7296 §2.15) over its ID body; out gets
 * crypto_prf_len() bytes.  Needs sa->init_i/init_r and the nonces. */
int ike_auth_psk(const struct ike_sa *sa, bool by_initiator, uint8_t id_type,
		 const uint8_t *id, size_t id_len, uint8_t *out, size_t *out_len);
/* family 0 in the configuration: 0.0.0.0/0 (or ::/0 for IPv6 tunnels). */
void ike_ts_conf_resolve(const struct ike_ts_conf *in, int family, struct ike_ts_conf *out);
void ike_ts_from_conf(const struct ike_ts_conf *c, struct ike_msg_ts *ts);
/* One selector of l covers the prefix c (any protocol, all ports). */
bool ike_ts_covers(const struct ike_msg_ts_list *l, const struct ike_ts_conf *c);

/* ---- helpers --------------------------------------------------------------------- */

uint16_t ike_addr_port(const struct sockaddr_storage *a);
void ike_addr_set_port(struct sockaddr_storage *a, uint16_t port);
bool ike_addr_equal(const struct sockaddr_storage *a, const struct sockaddr_storage *b,
		    bool with_port);

/* ---- ike-rekey: shared by exch_child.c, exch_rekey_ike.c, exch_info.c ---------- */

/* Start a new message in e->tx: everything zero, hdr.exchange set. */
void ike_exch_tx_reset(struct ike_engine *e, uint8_t exchange);
/* Answer the request m with one notify (proto, spi and data may be 0 /
 * NULL): the error responses of CREATE_CHILD_SA and INFORMATIONAL. */
int ike_exch_notify_respond(struct ike_sa *sa, const struct ike_msg *m, uint16_t type,
			    uint8_t proto, const uint8_t *spi, size_t spilen, const uint8_t *data,
			    size_t len);
/* A fresh DH pair of `group` in *dh (the old one freed) and its public
 * value as e->tx's KE, written to buf (room for CRYPTO_DH_MAX_PUB). */
int ike_exch_ke_add(struct ike_engine *e, struct crypto_dh **dh, uint16_t group, uint8_t *buf);
/* g^ir from the peer's KE in m; -EBADMSG for a wrong group or value. */
int ike_exch_gir(const struct crypto_dh *dh, const struct ike_msg *m, uint8_t *gir,
		 size_t *girlen);
/* A traffic selector list of one range: the configured prefix. */
void ike_exch_ts_set(struct ike_msg_ts_list *l, const struct ike_ts_conf *ts);
/* The lower of two nonces into out (IKE_NONCE_MAX bytes); compare two
 * nonces as RFC 7296 §2.8.1 needs (<0, 0, >0). */
int ike_exch_nonce_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);
void ike_exch_nonce_min(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
			uint8_t *out, size_t *outlen);
/* A peer's SPI or notify data of exactly that size, read through the
 * bounded reader; false for any other length. */
bool ike_exch_bytes_u16(struct ike_bytes b, uint16_t *out);
bool ike_exch_bytes_u32(struct ike_bytes b, uint32_t *out);
bool ike_exch_bytes_u64(struct ike_bytes b, uint64_t *out);
/* The tunnel's name for logs ("?" for an SA without tunnel). */
const char *ike_sa_name(const struct ike_sa *sa);
/* Child algorithms from a negotiated ESP proposal. */
void ike_exch_child_algs_set(struct ike_child *c, const struct ike_proposal_choice *ch);
/* A child another one replaced: REKEYED, no rekey of its own any more;
 * it waits for the peer's Delete (or its hard lifetime). */
void ike_exch_child_replaced(struct ike_child *c);
/* Every child of from moves to to (order kept). */
void ike_exch_children_move(struct ike_sa *from, struct ike_sa *to);
/* An IKE SA replaced by a rekey: REKEYED, its timers off but one that
 * frees it if the peer never deletes it. */
void ike_exch_sa_retire(struct ike_sa *sa);
/* After children went: an always-up tunnel whose current SA has no
 * CHILD_SA left deletes the IKE SA and starts over (exch_info.c). */
void ike_exch_sa_children_check(struct ike_sa *sa);
/* How long to wait before retrying after TEMPORARY_FAILURE (§2.25): 1-3 s,
 * spread by a random byte. */
#define IKE_RETRY_LATER_MS(rnd) (1000u + (uint32_t)(rnd) * 8u)
/* CREATE_CHILD_SA request that rekeys the IKE SA (exch_rekey_ike.c). */
int ike_rekey_ike_request(struct ike_sa *sa, const struct ike_msg *m);

#endif
