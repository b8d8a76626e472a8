/*
 * The user dataplane backend's insides, shared by vtid/dp/user*.c (and by
 * its white-box tests).  user.c explains the threads and the locking.
 *
 * Who may touch what:
 *   main thread   everything it links or unlinks (tunnel list, SPI hash,
 *                 a tunnel's SA list and active outbound SA, routes), always
 *                 under both worker locks when a worker can see the change
 *   TX worker     under tx_lock: tunnels' TUN fds for reading, outbound SAs'
 *                 esp_sa (seq_out, counters) and their worker counters
 *   RX worker     under rx_lock: the SPI hash, inbound SAs' esp_sa (replay
 *                 window, counters), TUN fds for writing, dp->rx counters
 * The main thread reads worker-written counters under the matching lock.
 */
#ifndef VT_VTID_DP_USER_INT_H
#define VT_VTID_DP_USER_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "common/evloop.h"
#include "vtid/dp/dp_backend.h"
#include "vtid/dp/esp.h"

#define USER_BATCH	   64	/* packets per worker batch */
#define USER_SPI_BUCKETS   256	/* inbound SPI hash, a power of two */
#define USER_MTU_DEFAULT   1400 /* fits every cipher's overhead in 1500 */
#define USER_MTU_MAX	   9000
#define USER_TX_HEADROOM   64 /* ESP header + IV, rounded up */
#define USER_TX_SLOT	   (USER_TX_HEADROOM + USER_MTU_MAX + 64)
#define USER_RX_SLOT	   65536 /* a UDP GRO buffer, or any datagram */
#define USER_IKEQ_MAX	   256	 /* IKE datagrams waiting for the main loop */
#define USER_IKEQ_BYTES	   (1u << 20)
#define USER_SOCKBUF	   (4 << 20)
#define USER_LOG_PERIOD_MS 1000

/* Why a tunnel dropped packets, for the rate-limited log. */
enum user_drop {
	USER_DROP_REPLAY = 0,
	USER_DROP_AUTH,
	USER_DROP_PAD,
	USER_DROP_MALFORMED,
	USER_DROP_SEAL,
	USER_DROP_EXPIRED, /* the SA is past its hard limit */
	USER_DROP_NO_SA,   /* no outbound SA */
	USER_DROP_IO,	   /* writing to the TUN device failed */
	USER_DROP__COUNT
};
const char *user_drop_name(enum user_drop d);

struct user_tunnel;

struct user_sa {
	struct user_sa *hnext; /* inbound: the SPI hash chain */
	struct user_sa *tnext; /* the tunnel's SAs, newest first */
	struct user_tunnel *tun;
	bool inbound;
	struct esp_sa esp;
	struct sockaddr_storage remote; /* outbound: where ESP goes */
	socklen_t remote_len;
	uint64_t soft_bytes, hard_bytes, soft_packets, hard_packets; /* 0: none */
	/* the worker's own */
	uint64_t expired_drops, io_drops;
	bool soft_signalled, hard_signalled;
	/* the main thread's own */
	bool soft_reported, hard_reported;
};

struct user_sa_table {
	struct user_sa *bucket[USER_SPI_BUCKETS];
};

/* ---- user_sa.c: one SA and the inbound SPI table ------------------------- */

/* A new SA from c (keys copied into the cipher); ifname names it in err. */
int user_sa_new(const struct dp_sa_conf *c, const char *ifname, struct user_sa **out,
		struct strbuf *err);
void user_sa_free(struct user_sa *sa); /* keys wiped; NULL is fine */
int user_sa_table_insert(struct user_sa_table *tb, struct user_sa *sa); /* -EEXIST */
struct user_sa *user_sa_table_find(const struct user_sa_table *tb, uint32_t spi);
void user_sa_table_remove(struct user_sa_table *tb, struct user_sa *sa);
/* Packets and inner bytes the SA carried (its direction). */
uint64_t user_sa_packets(const struct user_sa *sa);
uint64_t user_sa_bytes(const struct user_sa *sa);
/* Has it reached its soft (hard = false) or hard limit? */
bool user_sa_limit_reached(const struct user_sa *sa, bool hard);
/* Worker, after a packet: true the first time a limit is reached. */
bool user_sa_limit_note(struct user_sa *sa);
void user_sa_stats_get(const struct user_sa *sa, struct dp_sa_stats *out);
void user_sa_stats_add(struct dp_sa_stats *acc, const struct dp_sa_stats *s);
void user_sa_drops_add(const struct user_sa *sa, uint64_t acc[USER_DROP__COUNT]);

/* ---- user_queue.c: IKE datagrams from the RX worker to the main loop ------ */

struct user_ike_msg {
	struct user_ike_msg *next;
	struct sockaddr_storage local, remote;
	size_t len;
	uint8_t buf[];
};

struct user_queue {
	pthread_mutex_t lock;
	struct user_ike_msg *head, **tail;
	unsigned count;
	size_t bytes;
};

int user_queue_init(struct user_queue *q);
void user_queue_destroy(struct user_queue *q); /* frees what is left */
/* Copy a datagram in; -ENOSPC when full, -ENOMEM.  Never blocks long. */
int user_queue_push(struct user_queue *q, const struct sockaddr_storage *local,
		    const struct sockaddr_storage *remote, const uint8_t *p, size_t n);
/* Take everything queued (a list the caller frees with free()). */
struct user_ike_msg *user_queue_take(struct user_queue *q);

/* ---- the backend ---------------------------------------------------------- */

struct user_rx_counters {
	uint64_t invalid;     /* not ESP, IKE or a keepalive */
	uint64_t unknown_spi; /* ESP for no SA of ours */
	uint64_t truncated;   /* longer than USER_RX_SLOT */
	uint64_t ikeq_full;   /* IKE dropped: the main loop is behind */
};
#define USER_RX_COUNTERS 4

struct user_tunnel {
	struct dp_tunnel base;
	struct user_dp *dp;
	struct user_tunnel *next;
	uint64_t id; /* the TX worker's epoll key; never reused */
	void *ctx;
	struct dp_tun *tun;
	int fd;
	unsigned mtu;
	uint16_t mss4, mss6;		      /* clamp per IP version; 0 = off */
	struct user_sa *sas;		      /* all of its SAs, newest first */
	struct user_sa *out;		      /* the one traffic leaves by, or NULL */
	uint64_t no_sa_drops;		      /* the TX worker's */
	struct dp_sa_stats past_in, past_out; /* deleted SAs */
	uint64_t past_drops[USER_DROP__COUNT];
	uint64_t logged[USER_DROP__COUNT]; /* drops last logged (main) */
};

struct user_dp {
	struct dp base;
	struct dp_events ev;
	void *ctx;
	struct user_tunnel *tunnels;
	uint64_t tunnel_ids;
	struct user_sa_table in;

	pthread_mutex_t tx_lock, rx_lock;
	pthread_t tx_thread, rx_thread;
	bool threads;
	int udp_fd;
	struct sockaddr_storage udp_local;
	int tx_epfd;
	int stop_fd; /* eventfd: the workers stop */
	int wake_fd; /* eventfd: the main loop has work */
	struct ev_io wake_io;
	struct ev_timer tick;
	atomic_bool stop;
	atomic_bool expiry_pending;
	struct user_queue ikeq;
	struct user_rx_counters rx; /* rx_lock */
	uint64_t rx_logged[USER_RX_COUNTERS];
	atomic_uint_fast64_t tx_send_fails;
	uint64_t tx_send_logged;
};

static inline struct user_dp *user_dp_of(struct dp *dp)
{
	return (struct user_dp *)dp;
}

static inline struct user_tunnel *user_tunnel_of(struct dp_tunnel *t)
{
	return (struct user_tunnel *)t;
}

void user_lock_all(struct user_dp *dp);
void user_unlock_all(struct user_dp *dp);
/* Workers: make the main loop look at the IKE queue and SA limits. */
void user_wake_main(struct user_dp *dp);

/* user_tunnel.c */
int user_tunnel_add(struct dp *dp, const struct dp_tunnel_conf *c, void *tunnel_ctx,
		    struct dp_tunnel **out, struct strbuf *err);
void user_tunnel_del(struct dp_tunnel *t);
int user_tunnel_stats(struct dp_tunnel *t, struct dp_sa_stats *in, struct dp_sa_stats *out);
struct user_tunnel *user_tunnel_find_id(struct user_dp *dp, uint64_t id);
/* The link follows "has an outbound SA"; routes leave a tunnel going down. */
int user_tunnel_link_update(struct user_tunnel *t, struct strbuf *err);

/* user_sa_ops.c */
int user_sa_add(struct dp_tunnel *t, const struct dp_sa_conf *c, struct strbuf *err);
int user_sa_del(struct dp_tunnel *t, uint32_t spi, bool inbound);
int user_sa_stats(struct dp_tunnel *t, uint32_t spi, bool inbound, struct dp_sa_stats *out);
/* Main loop: report SAs that reached a limit; log drops that moved. */
void user_expiry_scan(struct user_dp *dp);
void user_drops_log(struct user_dp *dp);

/* user_tx.c, user_rx.c: the workers' thread functions */
void *user_tx_main(void *arg);
void *user_rx_main(void *arg);

#endif
