/*
 * Work over a whole table: flushing a peer, graceful-restart stale marks
 * and sweeps, deciding again after a setting changed.  Each is a cursor
 * walk through one family's tree, a destination a step, run from the same
 * budgeted passes as the queue, so a million routes never hold the loop.
 * Jobs run in the order they were asked for.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/rib_internal.h"
#include "common/log.h"

static struct bgp_path *dest_peer_path(struct bgp_dest *d, uint16_t peer)
{
	for (struct bgp_path *p = d->paths; p; p = p->next)
		if (p->peer == peer)
			return p;
	return NULL;
}

static void job_visit(struct bgp_rib *rib, const struct rib_job *job, struct bgp_ptree_node *n)
{
	enum bgp_af af = (enum bgp_af)job->af;
	struct bgp_dest *d = bgp_ptree_node_payload(n);
	struct bgp_path *p;

	if (!d)
		return;
	if (job->kind == RIB_JOB_REQUEUE_ALL) {
		rib_dest_queue(rib, af, n);
		return;
	}
	p = dest_peer_path(d, job->peer);
	if (!p)
		return;
	switch (job->kind) {
	case RIB_JOB_MARK_STALE:
		p->flags |= BGP_PATH_STALE;
		break;
	case RIB_JOB_SWEEP_STALE:
		if (!(p->flags & BGP_PATH_STALE))
			break;
		/* fall through */
	case RIB_JOB_FLUSH:
		rib_path_remove(rib, af, d, job->peer);
		rib_dest_queue(rib, af, n);
		break;
	case RIB_JOB_REQUEUE_PEER:
		rib_dest_queue(rib, af, n);
		break;
	default:
		break;
	}
}

/* Visits the next destination of job; false when the walk is over. */
static bool job_advance(struct bgp_rib *rib, struct rib_job *job)
{
	struct bgp_ptree_node *n = bgp_ptree_cursor_next(rib->tree[job->af], &job->cur);

	if (!n)
		return false;
	job_visit(rib, job, n);
	return true;
}

static void job_remove(struct bgp_rib *rib, size_t i)
{
	memmove(&rib->jobs[i], &rib->jobs[i + 1], (rib->n_jobs - i - 1) * sizeof(*rib->jobs));
	rib->n_jobs--;
}

bool rib_job_step(struct bgp_rib *rib)
{
	while (rib->n_jobs) {
		if (job_advance(rib, &rib->jobs[0]))
			return true;
		job_remove(rib, 0);
	}
	return false;
}

static void job_run_now(struct bgp_rib *rib, struct rib_job *job)
{
	while (job_advance(rib, job))
		;
}

void rib_job_add(struct bgp_rib *rib, enum rib_job_kind kind, uint16_t peer, enum bgp_af af)
{
	struct rib_job job = {.kind = (uint8_t)kind, .af = (uint8_t)af, .peer = peer};

	bgp_ptree_cursor_init(&job.cur);
	/* The same walk asked for again starts over instead of piling up. */
	for (size_t i = 0; i < rib->n_jobs; i++) {
		struct rib_job *j = &rib->jobs[i];

		if (j->kind == job.kind && j->af == job.af && j->peer == job.peer) {
			job_remove(rib, i);
			break;
		}
	}
	if (rib->n_jobs == rib->cap_jobs) {
		size_t cap = rib->cap_jobs ? 2 * rib->cap_jobs : 8;
		struct rib_job *v = realloc(rib->jobs, cap * sizeof(*v));

		if (!v) {
			log_fault(LOGM_BGP, "rib: no memory for a table walk, running it at once");
			job_run_now(rib, &job);
			return;
		}
		rib->jobs = v;
		rib->cap_jobs = cap;
	}
	rib->jobs[rib->n_jobs++] = job;
	rib_work_kick(rib);
}

void rib_jobs_finish_peer(struct bgp_rib *rib, uint16_t peer, enum bgp_af af)
{
	size_t i = 0;

	while (i < rib->n_jobs) {
		struct rib_job job = rib->jobs[i];

		if (job.peer != peer || job.af != af ||
		    (job.kind != RIB_JOB_FLUSH && job.kind != RIB_JOB_MARK_STALE)) {
			i++;
			continue;
		}
		job_remove(rib, i);
		job_run_now(rib, &job);
	}
}

static void peer_job_add(struct bgp_rib *rib, enum rib_job_kind kind, uint16_t peer, enum bgp_af af)
{
	if (peer >= BGP_RIB_PEERS_MAX || (unsigned)af > BGP_AF_COUNT) {
		log_fault(LOGM_BGP, "rib: table walk for bad peer %u or family %u", peer,
			  (unsigned)af);
		return;
	}
	for (unsigned a = 0; a < BGP_AF_COUNT; a++)
		if ((af == BGP_AF_COUNT || a == (unsigned)af) && rib->peers[peer].received[a])
			rib_job_add(rib, kind, peer, (enum bgp_af)a);
}

void bgp_rib_peer_flush(struct bgp_rib *rib, uint16_t peer, enum bgp_af af)
{
	peer_job_add(rib, RIB_JOB_FLUSH, peer, af);
}

void bgp_rib_peer_mark_stale(struct bgp_rib *rib, uint16_t peer, enum bgp_af af)
{
	peer_job_add(rib, RIB_JOB_MARK_STALE, peer, af);
}

void bgp_rib_peer_sweep_stale(struct bgp_rib *rib, uint16_t peer, enum bgp_af af)
{
	peer_job_add(rib, RIB_JOB_SWEEP_STALE, peer, af);
}
