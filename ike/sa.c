/* struct ike_sa: create, the SPI table, establish, fail, free. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypto.h"
#include "common/crypto_dh.h"
#include "common/log.h"
#include "common/secret.h"
#include "ike/ike_int.h"

uint64_t ike_sa_our_spi(const struct ike_sa *sa)
{
	return sa->initiator ? sa->spi_i : sa->spi_r;
}

static unsigned spi_bucket(uint64_t spi)
{
	/* SPIs are random, so any byte spreads them well. */
	return (unsigned)(spi ^ (spi >> 32)) % IKE_SA_BUCKETS;
}

struct ike_sa *ike_sa_find(struct ike_engine *e, uint64_t our_spi)
{
	struct ike_sa *sa;

	if (!our_spi)
		return NULL;
	for (sa = e->bucket[spi_bucket(our_spi)]; sa; sa = sa->hnext)
		if (ike_sa_our_spi(sa) == our_spi)
			return sa;
	return NULL;
}

struct ike_sa *ike_sa_find_half_open(struct ike_engine *e, uint64_t spi_i,
				     const struct sockaddr_storage *remote)
{
	struct ike_sa *sa;
	unsigned i;

	for (i = 0; i < IKE_SA_BUCKETS; i++)
		for (sa = e->bucket[i]; sa; sa = sa->hnext)
			if (!sa->initiator && sa->spi_i == spi_i &&
			    ike_addr_equal(&sa->remote, remote, true))
				return sa;
	return NULL;
}

static void half_open_cb(struct ev_timer *tm, void *arg)
{
	struct ike_sa *sa = arg;
	char a[64];

	(void)tm;
	log_peer(LOGM_IKE, "peer %s: no IKE_AUTH in time",
		 ike_addr_str(&sa->remote, a, sizeof(a)));
	ike_sa_fail(sa, "half-open IKE SA timed out");
}

struct ike_sa *ike_sa_new(struct ike_engine *e, struct ike_tunnel *t, bool initiator,
			  const struct sockaddr_storage *local,
			  const struct sockaddr_storage *remote)
{
	struct ike_sa *sa = calloc(1, sizeof(*sa));
	uint64_t spi;
	unsigned b, tries = 0;

	if (!sa)
		return NULL;
	do {
		if (crypto_random((uint8_t *)&spi, sizeof(spi)) < 0 || ++tries > 16) {
			free(sa);
			return NULL;
		}
	} while (!spi || ike_sa_find(e, spi));
	sa->e = e;
	sa->t = t;
	sa->initiator = initiator;
	sa->state = initiator ? IKE_SA_INIT_I : IKE_SA_INIT_R;
	if (initiator)
		sa->spi_i = spi;
	else
		sa->spi_r = spi;
	sa->local = *local;
	sa->remote = *remote;
	ev_timer_init(&sa->retransmit, e->loop, ike_io_retransmit_cb, sa);
	ev_timer_init(&sa->half_open, e->loop, half_open_cb, sa);
	ike_sa_timers_init(sa);
	b = spi_bucket(spi);
	sa->hnext = e->bucket[b];
	e->bucket[b] = sa;
	if (!initiator) {
		sa->half_open_counted = true;
		e->n_half_open++;
		ev_timer_arm(&sa->half_open, e->conf.half_open_timeout_ms);
	}
	return sa;
}

static void sa_unhash(struct ike_sa *sa)
{
	struct ike_sa **pp = &sa->e->bucket[spi_bucket(ike_sa_our_spi(sa))];

	for (; *pp; pp = &(*pp)->hnext)
		if (*pp == sa) {
			*pp = sa->hnext;
			return;
		}
}

static void sk_dir_free(struct ike_sk_dir *d)
{
	crypto_cbc_free(d->cbc);
	crypto_gcm_free(d->gcm);
	crypto_integ_free(d->integ);
	memset(d, 0, sizeof(*d));
}

void ike_sa_half_open_done(struct ike_sa *sa)
{
	ev_timer_cancel(&sa->half_open);
	if (sa->half_open_counted) {
		sa->half_open_counted = false;
		sa->e->n_half_open--;
	}
}

void ike_sa_free(struct ike_sa *sa)
{
	if (!sa || sa->freeing)
		return;
	sa->freeing = true;
	if (sa->rekey_new && sa->rekey_new != sa) {
		struct ike_sa *n = sa->rekey_new;

		sa->rekey_new = NULL;
		if (!n->t || n->t->sa != n)
			ike_sa_free(n);
	}
	while (sa->children)
		ike_child_free(sa->children);
	ev_timer_cancel(&sa->retransmit);
	ike_sa_half_open_done(sa);
	ike_sa_timers_cancel(sa);
	if (sa->t && sa->t->sa == sa)
		sa->t->sa = NULL;
	sa_unhash(sa);
	ike_sa_keys_free(sa->keys);
	sk_dir_free(&sa->sk_in);
	sk_dir_free(&sa->sk_out);
	crypto_dh_free(sa->dh);
	secret_free(sa->init_i, sa->init_i_len);
	secret_free(sa->init_r, sa->init_r_len);
	free(sa->req_buf);
	free(sa->resp_buf);
	secret_wipe(sa, sizeof(*sa));
	free(sa);
}

void ike_sa_fail(struct ike_sa *sa, const char *why)
{
	struct ike_tunnel *t = sa->t;
	char a[64], msg[128];

	/* why may live in sa, which is about to be freed. */
	snprintf(msg, sizeof(msg), "%s", why && why[0] ? why : "failed");
	why = msg;
	if (sa->t && sa->t->sa == sa) {
		ike_tunnel_sa_failed(sa->t, why);
		return;
	}
	log_info(LOGM_IKE, "%s%s: IKE SA %016llx_i/%016llx_r with %s dropped: %s",
		 t ? "tunnel " : "", t ? t->conf.name : "IKE", (unsigned long long)sa->spi_i,
		 (unsigned long long)sa->spi_r, ike_addr_str(&sa->remote, a, sizeof(a)), why);
	ike_sa_free(sa);
	/* A failed attempt by the peer leaves the tunnel as it was before;
	 * one we gave our own initiation up for brings the backoff. */
	if (!t || t->sa)
		return;
	if (ev_timer_armed(&t->backoff)) {
		if (t->state == IKE_TUNNEL_CONNECTING)
			ike_tunnel_set_state(t, IKE_TUNNEL_BACKOFF, why);
	} else if (t->admin_up) {
		ike_tunnel_sa_failed(t, why);
	} else if (t->state == IKE_TUNNEL_CONNECTING) {
		ike_tunnel_set_state(t, IKE_TUNNEL_PASSIVE, why);
	}
}

static bool sa_has_child(const struct ike_sa *sa)
{
	const struct ike_child *c;

	for (c = sa->children; c; c = c->next)
		if (c->installed)
			return true;
	return false;
}

void ike_sa_log_established(const struct ike_sa *sa)
{
	char a[64], algs[IKE_PROPOSAL_STR_MAX];

	if (ike_proposal_format(&sa->choice.prop, algs, sizeof(algs)) < 0)
		snprintf(algs, sizeof(algs), "?");
	log_info(LOGM_IKE, "tunnel %s: IKE SA %016llx_i/%016llx_r established with %s, %s%s",
		 sa->t->conf.name, (unsigned long long)sa->spi_i, (unsigned long long)sa->spi_r,
		 ike_addr_str(&sa->remote, a, sizeof(a)), algs,
		 sa->encap ? (sa->nat_local || sa->nat_remote ? ", NAT-T" : ", UDP-encap") : "");
}

void ike_sa_established(struct ike_sa *sa)
{
	struct ike_tunnel *t = sa->t;

	sa->state = IKE_SA_ESTABLISHED;
	sa->established_ms = ev_now_ms();
	sa->last_rx_ms = sa->established_ms;
	sa->dpd_check_ms = sa->established_ms;
	ike_sa_half_open_done(sa);
	/* IKE_SA_INIT material is not needed any more. */
	crypto_dh_free(sa->dh);
	sa->dh = NULL;
	secret_free(sa->init_i, sa->init_i_len);
	secret_free(sa->init_r, sa->init_r_len);
	sa->init_i = sa->init_r = NULL;
	sa->init_i_len = sa->init_r_len = 0;
	if (t->sa && t->sa != sa) {
		/* The peer started over (restart, INITIAL_CONTACT or a crossing
		 * initiation): one IKE SA per tunnel, the newest wins. */
		log_info(LOGM_IKE, "tunnel %s: replacing IKE SA %016llx_i/%016llx_r",
			 t->conf.name, (unsigned long long)t->sa->spi_i,
			 (unsigned long long)t->sa->spi_r);
		ike_sa_free(t->sa);
	}
	t->sa = sa;
	t->retries = 0;
	ev_timer_cancel(&t->backoff);
	ike_sa_arm_timers(sa);
	if (sa_has_child(sa))
		ike_tunnel_set_state(t, IKE_TUNNEL_UP, "established");
	else
		ike_tunnel_set_state(t, IKE_TUNNEL_CONNECTING, "IKE SA without CHILD_SA");
}
