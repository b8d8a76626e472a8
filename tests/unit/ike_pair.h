/*
 * A test bed of two IKE engines talking to each other in one process, on
 * one event loop, with the network and the dataplane mocked (as
 * strongSwan's libcharon tests do).  For the engine's own tests and for
 * the rekey / DPD tests.
 *
 *   struct ike_pair *p = ike_pair_new(&engine_conf);   // NULL: test defaults
 *   struct ike_tunnel_conf a, b;
 *   ike_pair_conf(&a, 0, "aes128-sha1-modp1024", "aes128-sha1", "secret", true);
 *   ike_pair_conf(&b, 1, "aes128-sha1-modp1024", "aes128-sha1", "secret", false);
 *   ike_pair_add(p, 0, &a);  ike_pair_add(p, 1, &b);
 *   ck_assert(ike_pair_run_until(p, ike_pair_pred_up, NULL, 5000));
 *   ck_assert(ike_pair_children_match(p));
 *   ike_pair_free(p);
 *
 * Side 0 is 192.0.2.1, side 1 is 192.0.2.2 (ike_pair_conf fills the
 * addresses and a tunnel named "t0" / "t1").  A datagram one side sends is
 * queued and handed to the other side's ike_input() from an ev_defer, never
 * from inside the sender's call.  Knobs, set on p->side[i] at any time:
 *   drop_next   drop the next N datagrams this side sends;
 *   drop_seq    drop the datagram that is this side's drop_seq-th (1-based);
 *   dead        drop everything this side sends or should receive (counted
 *               in the sender's dropped);
 *   nat         this side is behind a NAT: the peer sees it as nat_addr
 *               (ike_pair_set_nat) with source ports mapped 500 -> 40500,
 *               4500 -> 44500, and datagrams to those ports come back;
 *   child_add_rc  what child_add returns (0: accept);
 *   pkts_in     the packets_in that child_counters reports for every child.
 * What happened is recorded on the side too: sent / dropped / keepalives,
 * the ports and bytes of the last datagram sent, the installed children (with keys,
 * as child_add got them), child_adds / child_dels, and the last state the
 * state callback reported (with why and how many times it went UP).
 * A datagram whose destination is not the address the peer is seen at is
 * dropped and counted in misrouted.
 */
#ifndef VT_TESTS_UNIT_IKE_PAIR_H
#define VT_TESTS_UNIT_IKE_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/evloop.h"
#include "ike/ike.h"

#define IKE_PAIR_MAX_CHILDREN 16
#define IKE_PAIR_NAT_PORT_OFFSET 40000
#define IKE_PAIR_BUF_MAX 8192

struct ike_pair;

struct ike_pair_child {
	bool used;
	struct ike_child_sa sa; /* as child_add got it, keys included */
};

struct ike_pair_side {
	struct ike_pair *p;
	int idx;
	struct ike_engine *e;
	struct ike_tunnel *t;
	struct sockaddr_storage addr; /* the real outer address (from the conf) */
	/* knobs */
	unsigned drop_next;
	unsigned drop_seq;
	bool dead;
	bool nat;
	struct sockaddr_storage nat_addr;
	int child_add_rc;
	uint64_t pkts_in;
	/* record */
	unsigned sent, dropped, misrouted, keepalives;
	uint16_t last_sport, last_dport;
	uint8_t last_buf[IKE_PAIR_BUF_MAX]; /* the last datagram sent (even if dropped) */
	size_t last_len;
	struct ike_pair_child child[IKE_PAIR_MAX_CHILDREN];
	unsigned child_adds, child_dels;
	enum ike_tunnel_state state;
	char why[128];
	unsigned n_up, n_state;
};

struct ike_pair_dgram;

struct ike_pair {
	struct ev_loop *loop;
	struct ike_pair_side side[2];
	struct ike_pair_dgram *q_head, *q_tail;
	struct ev_defer defer;
};

/* Two engines on a new loop.  ec NULL: retransmit 50 ms x 4, backoff
 * 100..400 ms, half-open 2 s. */
struct ike_pair *ike_pair_new(const struct ike_engine_conf *ec);
/* Frees the engines (which remove their children), queue and loop. */
void ike_pair_free(struct ike_pair *p);
/* Fill c for side (0/1): addresses, name "t0"/"t1", one IKE and one ESP
 * proposal parsed from the strings, the PSK (a string literal or other
 * storage that outlives the call to ike_pair_add), initiate. */
void ike_pair_conf(struct ike_tunnel_conf *c, int side, const char *ike, const char *esp,
		   const char *psk, bool initiate);
/* ike_tunnel_add on that side; 0 or the error. */
int ike_pair_add(struct ike_pair *p, int side, const struct ike_tunnel_conf *c);
/* Put side behind a NAT seen as addr ("198.51.100.1"). */
void ike_pair_set_nat(struct ike_pair *p, int side, const char *addr);
/* Hand buf to side's ike_input as if the other side sent it from port
 * sport to port dport. */
void ike_pair_inject(struct ike_pair *p, int side, const uint8_t *buf, size_t len,
		     uint16_t sport, uint16_t dport);

/* Run the loop until pred(p, arg) holds (true) or max_ms pass (false). */
typedef bool (*ike_pair_pred)(struct ike_pair *p, void *arg);
bool ike_pair_run_until(struct ike_pair *p, ike_pair_pred pred, void *arg, unsigned max_ms);
void ike_pair_run_for(struct ike_pair *p, unsigned ms);

/* Both tunnels UP with a child installed on each side. */
bool ike_pair_pred_up(struct ike_pair *p, void *arg);
/* arg: a struct ike_pair_side *; its tunnel is in no state but UP, and it
 * has no child installed. */
bool ike_pair_pred_side_down(struct ike_pair *p, void *arg);

/* Both UP (ike_pair_pred_up) within max_ms, one child a side, and the
 * children match (ike_pair_children_match). */
bool ike_pair_wait_up(struct ike_pair *p, unsigned max_ms);
/* A pair of tunnels "t0" / "t1" with the same ESP proposal, each side its
 * IKE proposal; side 0's PSK is "s3cret-psk", side 1's psk_b; side
 * `initiator` initiates, the other waits. */
struct ike_pair *ike_pair_start(const char *ike_a, const char *ike_b, const char *esp,
				const char *psk_b, int initiator);

/* Capture the log (every line, at info and above) so that a test can ask
 * which path the engine took; IKE_PAIR_VERBOSE=1 also prints it.  These
 * two live in tests/unit/ike_pair_log.c (add it to the test's sources). */
void ike_pair_log_capture(bool on);
bool ike_pair_log_seen(const char *s);

unsigned ike_pair_child_count(const struct ike_pair *p, int side);
/* The idx-th installed child of side (in slot order), or NULL. */
const struct ike_child_sa *ike_pair_child(const struct ike_pair *p, int side, unsigned idx);
/* Every child of side 0 has a twin on side 1 with the SPIs crossed and
 * each direction's keys equal, and the counts match. */
bool ike_pair_children_match(const struct ike_pair *p);

#endif
