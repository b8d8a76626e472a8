/*
 * The RIB's insides, shared by rib.c, rib_queue.c, rib_flush.c and
 * rib_read.c only.
 */
#ifndef VT_BGP_RIB_INTERNAL_H
#define VT_BGP_RIB_INTERNAL_H

#include "bgp/rib.h"
#include "common/evloop.h"
#include "common/slab.h"

/* struct bgp_dest.flags */
enum {
	RIB_DEST_QUEUED = 1u << 0, /* in its family's queue */
	RIB_DEST_DIRTY = 1u << 1,  /* a path of the reported set changed or left */
};

/* Destinations waiting to be decided: tree nodes, which never move. */
struct rib_queue {
	struct bgp_ptree_node **v;
	size_t head, len, cap;
};

enum rib_job_kind {
	RIB_JOB_FLUSH,	      /* remove the peer's paths */
	RIB_JOB_MARK_STALE,   /* mark them stale */
	RIB_JOB_SWEEP_STALE,  /* remove those marked stale */
	RIB_JOB_REQUEUE_PEER, /* decide again where the peer has a path */
	RIB_JOB_REQUEUE_ALL,  /* decide every destination again */
};

/* A walk through one family's tree, a destination per step. */
struct rib_job {
	struct bgp_ptree_cursor cur;
	uint8_t kind;
	uint8_t af;
	uint16_t peer;
};

struct rib_peer_state {
	struct bgp_rib_peer info;
	size_t received[BGP_AF_COUNT];
	size_t accepted[BGP_AF_COUNT];
};

struct bgp_rib {
	struct ev_loop *loop;
	struct bgp_attr_table *attrs;
	const struct bgp_rib_ops *ops;
	void *ctx;
	struct bgp_ptree *tree[BGP_AF_COUNT];
	unsigned maxpaths[BGP_AF_COUNT];
	struct bgp_rib_counts counts[BGP_AF_COUNT];
	struct rib_queue queue[BGP_AF_COUNT];
	struct rib_job *jobs; /* in order; jobs[0] runs first */
	size_t n_jobs, cap_jobs;
	unsigned budget;
	bool running; /* in rib_run(): whatever is queued now runs in it */
	/* The work runs from defer; next_pass hands it to the following
	 * loop pass, since a defer that schedules itself may run again in
	 * the same pass. */
	struct ev_defer defer;
	struct ev_timer next_pass;
	/* A full table holds a million of each: no malloc header each. */
	struct slab dest_slab, path_slab;
	struct rib_peer_state peers[BGP_RIB_PEERS_MAX];
};

/* rib.c */
int rib_af_of(const struct vt_prefix *p);
const struct bgp_rib_peer *rib_peer_info(const struct bgp_rib *rib, uint16_t peer);
void rib_dest_set_nmulti(struct bgp_rib *rib, enum bgp_af af, struct bgp_dest *d, unsigned n);
/* Unlinks and frees peer's path from d, keeping every count; true if there
 * was one.  The caller queues d. */
bool rib_path_remove(struct bgp_rib *rib, enum bgp_af af, struct bgp_dest *d, uint16_t peer);

/* rib_queue.c */
/* Queue n's destination for a decision (or decide it now when the queue
 * cannot grow).  n may be gone when this returns. */
void rib_dest_queue(struct bgp_rib *rib, enum bgp_af af, struct bgp_ptree_node *n);
/* Decide n's destination, report it if its set changed, and remove it if
 * it has no path left. */
void rib_dest_decide(struct bgp_rib *rib, enum bgp_af af, struct bgp_ptree_node *n);
/* Make sure the work runs soon. */
void rib_work_kick(struct bgp_rib *rib);
/* The first node of a queue that is not empty. */
struct bgp_ptree_node *rib_queue_pop(struct rib_queue *q);
void rib_queue_free(struct rib_queue *q);

/* rib_flush.c */
void rib_job_add(struct bgp_rib *rib, enum rib_job_kind kind, uint16_t peer, enum bgp_af af);
/* One step of the first job; false when no job is left. */
bool rib_job_step(struct bgp_rib *rib);
/* Run to the end, now, the peer's flush and mark jobs in af, so that a new
 * route from the peer is not flushed or marked by an older job. */
void rib_jobs_finish_peer(struct bgp_rib *rib, uint16_t peer, enum bgp_af af);

#endif
