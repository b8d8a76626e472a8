/* CHILD_SAs: SPIs, keys, install and removal through the dataplane ops. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypto.h"
#include "common/log.h"
#include "common/secret.h"
#include "ike/ike_int.h"

static bool spi_in_use(struct ike_engine *e, uint32_t spi)
{
	struct ike_sa *sa;
	unsigned i;

	for (i = 0; i < IKE_SA_BUCKETS; i++)
		for (sa = e->bucket[i]; sa; sa = sa->hnext)
			if (ike_child_by_spi_in(sa, spi))
				return true;
	return false;
}

static void child_rekey_cb(struct ev_timer *tm, void *arg)
{
	struct ike_child *c = arg;

	(void)tm;
	if (c->state != IKE_CHILD_INSTALLED)
		return;
	c->state = IKE_CHILD_REKEYING;
	ike_sa_task(c->sa, IKE_TASK_REKEY_CHILD);
}

static void child_expire_cb(struct ev_timer *tm, void *arg)
{
	struct ike_child *c = arg;

	(void)tm;
	log_info(LOGM_IKE, "tunnel %s: CHILD_SA %08x_i reached its hard lifetime",
		 c->sa->t ? c->sa->t->conf.name : "?", c->spi_in);
	c->state = IKE_CHILD_DELETING;
	ike_sa_task(c->sa, IKE_TASK_DELETE_CHILD);
}

struct ike_child *ike_child_new(struct ike_sa *sa)
{
	struct ike_child *c = calloc(1, sizeof(*c));
	struct ike_child **pp;
	unsigned tries = 0;

	if (!c)
		return NULL;
	do {
		/* SPIs below 256 are reserved (RFC 4303 §2.1). */
		if (++tries > 16 || crypto_random((uint8_t *)&c->spi_in, sizeof(c->spi_in)) < 0) {
			free(c);
			return NULL;
		}
	} while (c->spi_in < 256 || spi_in_use(sa->e, c->spi_in));
	c->sa = sa;
	c->initiator = sa->initiator;
	ev_timer_init(&c->rekey, sa->e->loop, child_rekey_cb, c);
	ev_timer_init(&c->expire, sa->e->loop, child_expire_cb, c);
	for (pp = &sa->children; *pp; pp = &(*pp)->next)
		;
	*pp = c;
	return c;
}

struct ike_child *ike_child_by_spi_in(struct ike_sa *sa, uint32_t spi_in)
{
	struct ike_child *c;

	for (c = sa->children; c; c = c->next)
		if (c->spi_in == spi_in)
			return c;
	return NULL;
}

struct ike_child *ike_child_by_spi_out(struct ike_sa *sa, uint32_t spi_out)
{
	struct ike_child *c;

	for (c = sa->children; c; c = c->next)
		if (c->spi_out == spi_out)
			return c;
	return NULL;
}

static int child_fill(struct ike_child *c, const struct ike_child_keys *k,
		      struct ike_child_sa *out)
{
	const struct ike_sa *sa = c->sa;
	const struct ike_tunnel_conf *tc = &sa->t->conf;

	memset(out, 0, sizeof(*out));
	out->spi_in = c->spi_in;
	out->spi_out = c->spi_out;
	out->encr = c->algs.encr;
	out->encr_keylen = c->algs.encr_keylen;
	out->integ = c->algs.integ;
	out->esn = c->esn;
	/* KEYMAT's first half protects what the exchange's initiator sends. */
	if (c->initiator) {
		out->encr_out = k->encr_i;
		out->integ_out = k->integ_i;
		out->encr_in = k->encr_r;
		out->integ_in = k->integ_r;
	} else {
		out->encr_out = k->encr_r;
		out->integ_out = k->integ_r;
		out->encr_in = k->encr_i;
		out->integ_in = k->integ_i;
	}
	out->encap = sa->encap;
	ike_sa_endpoints(sa, &out->local, &out->remote);
	out->ts_local = c->ts_local;
	out->ts_remote = c->ts_remote;
	out->replay_window = tc->replay_window;
	out->lifetime = tc->esp_lifetime;
	return 0;
}

int ike_child_install(struct ike_child *c, const uint8_t *gir, size_t girlen, const uint8_t *ni,
		      size_t nilen, const uint8_t *nr, size_t nrlen)
{
	struct ike_sa *sa = c->sa;
	struct ike_engine *e = sa->e;
	struct ike_tunnel *t = sa->t;
	struct ike_child_keys *k = NULL;
	struct ike_child_sa csa;
	char algs[IKE_PROPOSAL_STR_MAX];
	int rc;

	if (!t || !sa->keys)
		return -EINVAL;
	rc = ike_child_keys_derive(sa->keys, &c->algs, gir, girlen, ni, nilen, nr, nrlen, &k);
	if (rc < 0)
		return rc;
	child_fill(c, k, &csa);
	ike_child_keys_free(k);
	rc = e->ops.child_add ? e->ops.child_add(e->ctx, t->ctx, &csa) : -ENOSYS;
	secret_wipe(&csa, sizeof(csa));
	if (rc < 0) {
		log_fault(LOGM_IKE, "tunnel %s: the dataplane refused CHILD_SA %08x_i: %s",
			  t->conf.name, c->spi_in, strerror(-rc));
		return rc;
	}
	c->installed = true;
	c->state = IKE_CHILD_INSTALLED;
	c->established_ms = ev_now_ms();
	if (t->conf.esp_lifetime) {
		ev_timer_arm(&c->rekey, ike_rekey_delay_ms(&t->conf, t->conf.esp_lifetime));
		ev_timer_arm(&c->expire, (uint64_t)t->conf.esp_lifetime * 1000);
	}
	if (ike_proposal_format(&c->choice.prop, algs, sizeof(algs)) < 0)
		snprintf(algs, sizeof(algs), "?");
	log_info(LOGM_IKE, "tunnel %s: CHILD_SA up, SPIs %08x_i %08x_o, %s%s", t->conf.name,
		 c->spi_in, c->spi_out, algs, sa->encap ? ", UDP-encapsulated" : "");
	if (t->sa == sa && sa->state == IKE_SA_ESTABLISHED)
		ike_tunnel_set_state(t, IKE_TUNNEL_UP, "established");
	return 0;
}

void ike_child_free(struct ike_child *c)
{
	struct ike_sa *sa = c->sa;
	struct ike_engine *e = sa->e;
	struct ike_tunnel *t = sa->t;
	struct ike_child **pp, *o;
	bool any = false;

	if (c->installed && e->ops.child_del && t)
		e->ops.child_del(e->ctx, t->ctx, c->spi_in, c->spi_out);
	ev_timer_cancel(&c->rekey);
	ev_timer_cancel(&c->expire);
	for (pp = &sa->children; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	if (c->installed && t)
		log_info(LOGM_IKE, "tunnel %s: CHILD_SA %08x_i %08x_o removed", t->conf.name,
			 c->spi_in, c->spi_out);
	secret_wipe(c, sizeof(*c));
	free(c);
	if (sa->freeing || !t || t->sa != sa || t->state != IKE_TUNNEL_UP)
		return;
	for (o = sa->children; o; o = o->next)
		any |= o->installed;
	if (!any)
		ike_tunnel_set_state(t, IKE_TUNNEL_CONNECTING, "no CHILD_SA left");
}

void ike_child_expired(struct ike_tunnel *t, uint32_t spi_in, bool hard)
{
	struct ike_child *c = t->sa ? ike_child_by_spi_in(t->sa, spi_in) : NULL;

	if (!c)
		return;
	if (hard) {
		c->state = IKE_CHILD_DELETING;
		ike_sa_task(c->sa, IKE_TASK_DELETE_CHILD);
	} else if (c->state == IKE_CHILD_INSTALLED) {
		c->state = IKE_CHILD_REKEYING;
		ike_sa_task(c->sa, IKE_TASK_REKEY_CHILD);
	}
}
