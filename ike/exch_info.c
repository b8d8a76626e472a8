/*
 * INFORMATIONAL (RFC 7296 §1.4, §2.4): liveness checks (DPD), Delete of the
 * IKE SA or of CHILD_SAs, and error notifies, in both roles.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "ike/ike_int.h"

#define INFO_MAX_SPIS 64 /* SPIs we answer in one Delete */

static void info_notifies_log(struct ike_sa *sa, const struct ike_msg *m, const char *what)
{
	for (unsigned i = 0; i < m->n_notify; i++) {
		uint16_t type = m->notify[i].type;

		if (ike_notify_is_error(type))
			log_peer(LOGM_IKE, "tunnel %s: peer reports %s (%u) in INFORMATIONAL %s",
				 ike_sa_name(sa),
				 ike_notify_name(type) ? ike_notify_name(type) : "?", type, what);
	}
}

void ike_exch_sa_children_check(struct ike_sa *sa)
{
	for (const struct ike_child *c = sa->children; c; c = c->next)
		if (c->installed || (c->rekey_ours && c->state != IKE_CHILD_DELETING))
			return;
	if (!sa->t || sa->t->sa != sa || !sa->t->admin_up || sa->state != IKE_SA_ESTABLISHED)
		return;
	/* Nothing left to carry traffic: delete the IKE SA, and always-up
	 * starts over once the Delete is answered. */
	log_info(LOGM_IKE, "tunnel %s: no CHILD_SA left, starting over", ike_sa_name(sa));
	ike_sa_task(sa, IKE_TASK_DELETE);
}

/* The children the peer deletes: our inbound SPIs of them go into out
 * (network order), the children are marked in gone[]. */
static unsigned info_delete_children(struct ike_sa *sa, const struct ike_msg_delete *d,
				     uint8_t *out, unsigned n_out, struct ike_child **gone,
				     unsigned *n_gone)
{
	struct wire_reader r;
	uint32_t spi;

	wire_rd_init(&r, d->spis.ptr, d->spis.len);
	for (unsigned i = 0; i < d->n_spi && wire_rd_u32(&r, &spi); i++) {
		struct ike_child *c = spi ? ike_child_by_spi_out(sa, spi) : NULL;
		bool dup = false;

		if (!c) {
			log_info(LOGM_IKE, "tunnel %s: peer deletes unknown CHILD_SA %08x",
				 ike_sa_name(sa), spi);
			continue;
		}
		for (unsigned j = 0; j < *n_gone; j++)
			dup |= gone[j] == c;
		if (dup || *n_gone >= INFO_MAX_SPIS)
			continue;
		gone[(*n_gone)++] = c;
		/* Deletes that crossed ours: no Delete back (§1.4.1). */
		if (c->state == IKE_CHILD_DELETING && c->delete_sent)
			continue;
		if (n_out < INFO_MAX_SPIS) {
			out[n_out * 4] = (uint8_t)(c->spi_in >> 24);
			out[n_out * 4 + 1] = (uint8_t)(c->spi_in >> 16);
			out[n_out * 4 + 2] = (uint8_t)(c->spi_in >> 8);
			out[n_out * 4 + 3] = (uint8_t)c->spi_in;
			n_out++;
		}
	}
	return n_out;
}

int ike_info_request(struct ike_sa *sa, const struct ike_msg *m)
{
	struct ike_engine *e = sa->e;
	uint8_t spis[INFO_MAX_SPIS * 4];
	struct ike_child *gone[INFO_MAX_SPIS];
	unsigned n_spi = 0, n_gone = 0;
	bool del_ike = false, bad = false;
	uint8_t exchange = m->hdr.exchange;
	uint32_t msgid = m->hdr.msgid;
	int r;

	info_notifies_log(sa, m, "request");
	for (unsigned i = 0; i < m->n_delete; i++) {
		const struct ike_msg_delete *d = &m->del[i];

		if (d->proto == IKE_PROTO_IKE)
			del_ike = true;
		else if (d->proto != IKE_PROTO_ESP || d->spi_size != 4 ||
			 d->spis.len != (size_t)d->n_spi * 4)
			bad = true;
		else
			n_spi = info_delete_children(sa, d, spis, n_spi, gone, &n_gone);
	}
	if (bad && !del_ike && !n_gone) {
		log_peer(LOGM_IKE, "tunnel %s: Delete payload of unknown protocol or SPI size",
			 ike_sa_name(sa));
		return ike_exch_notify_respond(sa, m, IKE_N_INVALID_SYNTAX, 0, NULL, 0, NULL, 0);
	}
	ike_exch_tx_reset(e, exchange);
	if (n_spi && !del_ike) {
		e->tx.n_delete = 1;
		e->tx.del[0].proto = IKE_PROTO_ESP;
		e->tx.del[0].spi_size = 4;
		e->tx.del[0].n_spi = (uint16_t)n_spi;
		e->tx.del[0].spis = (struct ike_bytes){spis, (size_t)n_spi * 4};
	}
	r = ike_sa_respond(sa, exchange, msgid);
	if (r < 0)
		log_fault(LOGM_IKE, "tunnel %s: cannot answer INFORMATIONAL: %s", ike_sa_name(sa),
			  strerror(-r));
	if (del_ike) {
		log_info(LOGM_IKE, "tunnel %s: IKE SA %016llx_i %016llx_r deleted by peer",
			 ike_sa_name(sa), (unsigned long long)sa->spi_i,
			 (unsigned long long)sa->spi_r);
		if (sa->t && sa->t->sa == sa) {
			snprintf(sa->why, sizeof(sa->why), "deleted by peer");
			return -ECONNRESET;
		}
		/* A rekeyed or redundant SA: the tunnel lives on elsewhere. */
		sa->state = IKE_SA_DEAD;
		return 0;
	}
	for (unsigned i = 0; i < n_gone; i++) {
		log_info(LOGM_IKE, "tunnel %s: CHILD_SA %08x_i %08x_o deleted by peer",
			 ike_sa_name(sa), gone[i]->spi_in, gone[i]->spi_out);
		ike_child_free(gone[i]);
	}
	if (n_gone)
		ike_exch_sa_children_check(sa);
	return 0;
}

static int info_dpd_response(struct ike_sa *sa, const struct ike_msg *m)
{
	struct ike_tunnel *t = sa->t;

	if (m) {
		info_notifies_log(sa, m, "response");
		return 0;
	}
	if (!t || t->sa != sa)
		return -ETIMEDOUT;
	log_info(LOGM_IKE, "tunnel %s: DPD: no answer from the peer", t->conf.name);
	switch (t->conf.dpd_action) {
	case IKE_DPD_NONE:
		return 0;
	case IKE_DPD_CLEAR:
		t->admin_up = false;
		break;
	case IKE_DPD_RESTART:
		/* Fail the tunnel now and start over at once, not after the
		 * backoff; io.c frees the DEAD SA (and its children) next. */
		sa->state = IKE_SA_DEAD;
		t->sa = NULL;
		t->admin_up = true;
		ike_tunnel_sa_failed(t, "DPD timeout");
		ev_timer_arm(&t->backoff, 1);
		return 0;
	}
	snprintf(sa->why, sizeof(sa->why), "DPD timeout");
	return -ETIMEDOUT;
}

int ike_dpd_start(struct ike_sa *sa)
{
	ike_exch_tx_reset(sa->e, IKE_EXCH_INFORMATIONAL);
	return ike_sa_request(sa, info_dpd_response);
}

static int info_delete_response(struct ike_sa *sa, const struct ike_msg *m)
{
	if (m)
		info_notifies_log(sa, m, "response");
	if (sa->t && sa->t->sa == sa) {
		snprintf(sa->why, sizeof(sa->why), "deleted");
		return -ECONNRESET;
	}
	sa->state = IKE_SA_DEAD;
	return 0;
}

int ike_delete_start(struct ike_sa *sa)
{
	int r;

	if (sa->state == IKE_SA_DEAD || sa->state == IKE_SA_DELETING)
		return 0;
	ike_exch_tx_reset(sa->e, IKE_EXCH_INFORMATIONAL);
	sa->e->tx.n_delete = 1;
	sa->e->tx.del[0].proto = IKE_PROTO_IKE;
	r = ike_sa_request(sa, info_delete_response);
	if (r == 0) {
		sa->state = IKE_SA_DELETING;
		ev_timer_cancel(&sa->rekey);
		ev_timer_cancel(&sa->dpd);
	}
	return r;
}

static int info_delete_child_response(struct ike_sa *sa, const struct ike_msg *m)
{
	struct ike_child *c, *next;

	if (!m)
		return -ETIMEDOUT;
	info_notifies_log(sa, m, "response");
	for (c = sa->children; c; c = next) {
		next = c->next;
		if (c->state == IKE_CHILD_DELETING && c->delete_sent) {
			log_info(LOGM_IKE, "tunnel %s: CHILD_SA %08x_i %08x_o deleted",
				 ike_sa_name(sa), c->spi_in, c->spi_out);
			ike_child_free(c);
		}
	}
	ike_exch_sa_children_check(sa);
	return 0;
}

int ike_delete_child_start(struct ike_sa *sa, struct ike_child *first)
{
	struct ike_engine *e = sa->e;
	uint8_t spis[INFO_MAX_SPIS * 4];
	unsigned n = 0;
	int r;

	(void)first; /* every child waiting for its Delete goes in one message */
	for (struct ike_child *c = sa->children; c && n < INFO_MAX_SPIS; c = c->next) {
		if (c->state != IKE_CHILD_DELETING || c->delete_sent)
			continue;
		spis[n * 4] = (uint8_t)(c->spi_in >> 24);
		spis[n * 4 + 1] = (uint8_t)(c->spi_in >> 16);
		spis[n * 4 + 2] = (uint8_t)(c->spi_in >> 8);
		spis[n * 4 + 3] = (uint8_t)c->spi_in;
		n++;
	}
	if (!n)
		return 0;
	ike_exch_tx_reset(e, IKE_EXCH_INFORMATIONAL);
	e->tx.n_delete = 1;
	e->tx.del[0].proto = IKE_PROTO_ESP;
	e->tx.del[0].spi_size = 4;
	e->tx.del[0].n_spi = (uint16_t)n;
	e->tx.del[0].spis = (struct ike_bytes){spis, (size_t)n * 4};
	r = ike_sa_request(sa, info_delete_child_response);
	if (r < 0)
		return r;
	n = 0;
	for (struct ike_child *c = sa->children; c && n < INFO_MAX_SPIS; c = c->next)
		if (c->state == IKE_CHILD_DELETING && !c->delete_sent) {
			c->delete_sent = true;
			n++;
		}
	return 0;
}
