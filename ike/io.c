/* ike_input(): header, SA lookup, message IDs, retransmission of our
 * requests and the cache of our last response; dispatch to the exchanges. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "ike/ike_int.h"

/* Garbage can come in floods; log a burst, then one line a second. */
static void __attribute__((format(printf, 3, 4)))
io_log_garbage(struct ike_engine *e, const struct sockaddr_storage *remote, const char *fmt, ...)
{
	char a[64], msg[256];
	uint64_t now = ev_now_ms();
	va_list ap;

	if (now >= e->log_quiet_ms) {
		e->log_quiet_ms = now + 1000;
		e->log_burst = 0;
	}
	if (++e->log_burst > 5)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_peer(LOGM_IKE, "peer %s: %s", ike_addr_str(remote, a, sizeof(a)), msg);
}

void ike_sa_endpoints(const struct ike_sa *sa, struct sockaddr_storage *local,
		      struct sockaddr_storage *remote)
{
	*local = sa->local;
	*remote = sa->remote;
}

static void sa_send(struct ike_sa *sa, const uint8_t *buf, size_t len)
{
	struct sockaddr_storage l, r;

	ike_sa_endpoints(sa, &l, &r);
	sa->e->ops.send(sa->e->ctx, &l, &r, buf, len);
}

static uint8_t *dup_buf(const uint8_t *buf, size_t len)
{
	uint8_t *p = malloc(len);

	if (p)
		memcpy(p, buf, len);
	return p;
}

static int req_remember(struct ike_sa *sa, uint32_t msgid, size_t len, ike_response_fn fn)
{
	free(sa->req_buf);
	sa->req_buf = dup_buf(sa->e->out, len);
	if (!sa->req_buf)
		return -ENOMEM;
	sa->req_len = len;
	sa->req_msgid = msgid;
	sa->req_busy = true;
	sa->req_tries = 0;
	sa->req_deadline_ms = 0;
	sa->on_response = fn;
	ev_timer_arm(&sa->retransmit, sa->e->conf.retransmit_base_ms);
	sa_send(sa, sa->req_buf, len);
	return 0;
}

static int resp_remember(struct ike_sa *sa, uint32_t msgid, size_t len)
{
	free(sa->resp_buf);
	sa->resp_buf = dup_buf(sa->e->out, len);
	sa->resp_valid = sa->resp_buf != NULL;
	sa->resp_len = len;
	sa->resp_msgid = msgid;
	sa_send(sa, sa->e->out, len);
	return 0;
}

static void hdr_fill(const struct ike_sa *sa, struct ike_hdr *h, uint8_t exchange, bool response,
		     uint32_t msgid)
{
	memset(h, 0, sizeof(*h));
	h->spi_i = sa->spi_i;
	h->spi_r = sa->spi_r;
	h->version = IKE_VERSION_2;
	h->exchange = exchange;
	h->flags = (sa->initiator ? IKE_HDR_F_INITIATOR : 0) | (response ? IKE_HDR_F_RESPONSE : 0);
	h->msgid = msgid;
}

int ike_sa_request(struct ike_sa *sa, ike_response_fn fn)
{
	struct ike_hdr h;
	int n;

	if (sa->req_busy)
		return -EBUSY;
	hdr_fill(sa, &h, sa->e->tx.hdr.exchange, false, sa->msgid_next);
	n = ike_sa_protect(sa, &h, sa->e->out, sizeof(sa->e->out));
	if (n < 0)
		return n;
	sa->msgid_next++;
	return req_remember(sa, h.msgid, (size_t)n, fn);
}

int ike_sa_respond(struct ike_sa *sa, uint8_t exchange, uint32_t msgid)
{
	struct ike_hdr h;
	int n;

	hdr_fill(sa, &h, exchange, true, msgid);
	n = ike_sa_protect(sa, &h, sa->e->out, sizeof(sa->e->out));
	if (n < 0)
		return n;
	return resp_remember(sa, msgid, (size_t)n);
}

int ike_sa_send_plain(struct ike_sa *sa, bool request, ike_response_fn fn)
{
	struct ike_engine *e = sa->e;
	struct wire_writer w;
	int rc;

	hdr_fill(sa, &e->tx.hdr, e->tx.hdr.exchange, !request, 0);
	wire_wr_init_fixed(&w, e->out, sizeof(e->out));
	rc = ike_msg_gen(&e->tx, &w);
	if (rc < 0)
		return rc;
	if (!request)
		return resp_remember(sa, 0, wire_wr_len(&w));
	sa->msgid_next = 1;
	return req_remember(sa, 0, wire_wr_len(&w), fn);
}

int ike_send_notify_plain(struct ike_engine *e, const struct sockaddr_storage *local,
			  const struct sockaddr_storage *remote, const struct ike_hdr *req,
			  uint16_t type, const uint8_t *data, size_t len)
{
	struct ike_msg *m = &e->tx;
	struct wire_writer w;
	int rc;

	memset(m, 0, sizeof(*m));
	m->hdr.spi_i = req->spi_i;
	m->hdr.spi_r = req->spi_r;
	m->hdr.version = IKE_VERSION_2;
	m->hdr.exchange = req->exchange;
	m->hdr.flags = IKE_HDR_F_RESPONSE;
	m->hdr.msgid = req->msgid;
	m->n_notify = 1;
	m->notify[0].type = type;
	m->notify[0].data.ptr = data;
	m->notify[0].data.len = len;
	wire_wr_init_fixed(&w, e->out, sizeof(e->out));
	rc = ike_msg_gen(m, &w);
	if (rc < 0)
		return rc;
	return e->ops.send(e->ctx, local, remote, e->out, wire_wr_len(&w));
}

static void sa_finish(struct ike_sa *sa, int rc, const char *dflt)
{
	if (rc < 0)
		ike_sa_fail(sa, sa->why[0] ? sa->why : dflt);
	else if (sa->state == IKE_SA_DEAD)
		ike_sa_free(sa);
	else
		ike_sa_run_tasks(sa);
}

static int response_deliver(struct ike_sa *sa, const struct ike_msg *m)
{
	ike_response_fn fn = sa->on_response;

	ev_timer_cancel(&sa->retransmit);
	sa->req_busy = false;
	sa->on_response = NULL;
	sa->req_deadline_ms = 0;
	sa->why[0] = 0;
	return fn ? fn(sa, m) : 0;
}

void ike_io_retransmit_cb(struct ev_timer *tm, void *arg)
{
	struct ike_sa *sa = arg;
	struct ike_engine *e = sa->e;
	uint64_t now = ev_now_ms(), delay;
	bool give_up;
	int rc;

	if (!sa->req_busy)
		return;
	sa->req_tries++;
	if (sa->req_deadline_ms)
		give_up = now >= sa->req_deadline_ms;
	else
		give_up = sa->req_tries >= e->conf.retransmit_tries;
	if (give_up) {
		bool dpd = sa->req_deadline_ms != 0;

		rc = response_deliver(sa, NULL);
		/* A dead peer ends the SA whatever the handler thought. */
		if (rc == 0 && dpd && sa->state != IKE_SA_DEAD)
			rc = -ETIMEDOUT;
		sa_finish(sa, rc, dpd ? "DPD timeout" : "peer not responding");
		return;
	}
	delay = (uint64_t)e->conf.retransmit_base_ms << (sa->req_tries < 16 ? sa->req_tries : 16);
	if (sa->req_deadline_ms && now + delay > sa->req_deadline_ms)
		delay = sa->req_deadline_ms - now;
	ev_timer_arm(tm, delay ? delay : 1);
	sa_send(sa, sa->req_buf, sa->req_len);
}

/* The peer may move (NAT rebinding, the switch to 4500): answer where its
 * last authenticated message came from. */
static void sa_follow(struct ike_sa *sa, const struct sockaddr_storage *local,
		      const struct sockaddr_storage *remote)
{
	char a[64], b[64];

	sa->last_rx_ms = ev_now_ms();
	if (ike_addr_equal(&sa->remote, remote, true) && ike_addr_equal(&sa->local, local, true))
		return;
	if (sa->state == IKE_SA_ESTABLISHED)
		log_info(LOGM_IKE, "tunnel %s: peer moved from %s to %s",
			 sa->t ? sa->t->conf.name : "?", ike_addr_str(&sa->remote, a, sizeof(a)),
			 ike_addr_str(remote, b, sizeof(b)));
	sa->remote = *remote;
	sa->local = *local;
}

static void input_response(struct ike_sa *sa, const uint8_t *buf, size_t len,
			   const struct sockaddr_storage *local,
			   const struct sockaddr_storage *remote)
{
	struct ike_engine *e = sa->e;
	struct ike_msg *m = &e->rx;
	struct ike_msg_err err = {0};
	int rc;

	if (!sa->req_busy || m->hdr.msgid != sa->req_msgid) {
		io_log_garbage(e, remote, "response with message ID %u not expected, dropped",
			       m->hdr.msgid);
		return;
	}
	if (m->hdr.exchange != IKE_EXCH_SA_INIT) {
		if (ike_sa_unprotect(sa, buf, len, m, &err) < 0) {
			io_log_garbage(e, remote, "response dropped: %s", err.reason);
			return;
		}
		sa_follow(sa, local, remote);
	}
	rc = response_deliver(sa, m);
	sa_finish(sa, rc, "exchange failed");
}

static void input_request(struct ike_sa *sa, const uint8_t *buf, size_t len,
			  const struct sockaddr_storage *local,
			  const struct sockaddr_storage *remote)
{
	struct ike_engine *e = sa->e;
	struct ike_msg *m = &e->rx;
	struct ike_msg_err err = {0};
	uint32_t id = m->hdr.msgid;
	int rc;

	if (id != sa->msgid_expect) {
		if (id + 1 == sa->msgid_expect && sa->resp_valid && sa->resp_msgid == id &&
		    m->hdr.exchange != IKE_EXCH_SA_INIT &&
		    ike_sa_unprotect(sa, buf, len, m, &err) == 0) {
			sa_send(sa, sa->resp_buf, sa->resp_len);
			return;
		}
		io_log_garbage(e, remote, "request with message ID %u, expected %u, dropped", id,
			       sa->msgid_expect);
		return;
	}
	if (ike_sa_unprotect(sa, buf, len, m, &err) < 0) {
		io_log_garbage(e, remote, "request dropped: %s", err.reason);
		return;
	}
	sa_follow(sa, local, remote);
	sa->msgid_expect++;
	sa->why[0] = 0;
	switch (m->hdr.exchange) {
	case IKE_EXCH_AUTH:
		rc = ike_auth_request(sa, m);
		break;
	case IKE_EXCH_CREATE_CHILD_SA:
		rc = ike_child_request(sa, m);
		break;
	case IKE_EXCH_INFORMATIONAL:
		rc = ike_info_request(sa, m);
		break;
	default:
		io_log_garbage(e, remote, "exchange type %u not supported", m->hdr.exchange);
		return;
	}
	sa_finish(sa, rc, "exchange failed");
}

void ike_input(struct ike_engine *e, const struct sockaddr_storage *local,
	       const struct sockaddr_storage *remote, const uint8_t *buf, size_t len)
{
	struct ike_msg_err err = {0};
	struct ike_hdr h;
	struct ike_sa *sa;
	bool response;

	if (ike_msg_parse_hdr(buf, len, &h, &err) < 0) {
		io_log_garbage(e, remote, "not an IKEv2 message: %s", err.reason);
		return;
	}
	response = h.flags & IKE_HDR_F_RESPONSE;
	if (ike_msg_parse(buf, len, &e->rx, &err) < 0) {
		io_log_garbage(e, remote, "malformed message dropped: %s", err.reason);
		return;
	}
	e->rx_buf = buf;
	e->rx_len = len;
	if (h.exchange == IKE_EXCH_SA_INIT && !response) {
		if (h.spi_r == 0)
			ike_init_request(e, local, remote, buf, len, &e->rx);
		return;
	}
	/* Our SPI is the responder's when the sender is the original
	 * initiator, and the initiator's otherwise. */
	sa = ike_sa_find(e, (h.flags & IKE_HDR_F_INITIATOR) ? h.spi_r : h.spi_i);
	if (!sa || ((h.flags & IKE_HDR_F_INITIATOR)
			    ? sa->initiator || sa->spi_i != h.spi_i
			    : !sa->initiator || (sa->spi_r && sa->spi_r != h.spi_r))) {
		io_log_garbage(e, remote, "unknown IKE SPI %016llx/%016llx, dropped",
			       (unsigned long long)h.spi_i, (unsigned long long)h.spi_r);
		return;
	}
	if (response)
		input_response(sa, buf, len, local, remote);
	else
		input_request(sa, buf, len, local, remote);
}
