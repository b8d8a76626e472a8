/*
 * rtnetlink requests that do not wait for their answers.  Each request is
 * sent at once on a socket of the batch's own; its ack is collected later,
 * on the event loop (the socket is watched for reading), when the window of
 * DP_NL_WINDOW unanswered requests is full, or at dp_nl_batch_flush().  The
 * kernel answers a request while it is being sent, so collecting never
 * waits long; the window keeps the acks within the receive buffer however
 * many requests are made.
 *
 * Every request's answer is handed to its req->done, exactly once, in the
 * order the requests were sent: 0, or -errno with the kernel's own words
 * (extended ack) when it gave them.
 */
#ifndef VT_VTID_DP_NL_BATCH_H
#define VT_VTID_DP_NL_BATCH_H

#include <stdint.h>

#include "common/addr.h"

#define DP_NL_WINDOW 256

struct ev_loop;
struct nl_msg;
struct strbuf;
struct dp_nl_batch;

/* What a request was about, copied in; handed back with its answer. */
struct dp_nl_req {
	void (*done)(const struct dp_nl_req *req, int err, const char *why);
	void *ctx;
	struct vt_prefix dst; /* a route's destination, for the log */
	uint32_t id;	      /* a nexthop id, or 0 */
	uint32_t seq;	      /* set by dp_nl_batch_send() */
	int op;		      /* the caller's own */
};

/* A batch on loop (NULL: answers are collected only when the window fills
 * and at flush).  NULL with err set on failure. */
struct dp_nl_batch *dp_nl_batch_new(struct ev_loop *loop, struct strbuf *err);
/* Collects what is outstanding (their done run), then closes. */
void dp_nl_batch_free(struct dp_nl_batch *b);

/* Send msg as a request (sequence number and NLM_F_ACK set here; msg stays
 * the caller's).  0 once sent; -errno when it could not be, and then done
 * is not called. */
int dp_nl_batch_send(struct dp_nl_batch *b, struct nl_msg *msg, const struct dp_nl_req *req);
/* Collect the answers to everything sent so far (a no-op inside an
 * answer's callback). */
void dp_nl_batch_flush(struct dp_nl_batch *b);
/* Requests sent and not yet answered. */
unsigned dp_nl_batch_pending(const struct dp_nl_batch *b);

#endif
