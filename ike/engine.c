/* The engine and its tunnels: add/remove/up/down, always-up backoff. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crypto.h"
#include "common/log.h"
#include "common/secret.h"
#include "ike/ike_int.h"

#define COOKIE_ROTATE_MS (120 * 1000)

static void cookie_rotate_cb(struct ev_timer *tm, void *arg)
{
	struct ike_engine *e = arg;

	memcpy(e->cookie_secret_old, e->cookie_secret, sizeof(e->cookie_secret));
	if (crypto_random(e->cookie_secret, sizeof(e->cookie_secret)) < 0)
		log_fault(LOGM_IKE, "IKE: no randomness for the COOKIE secret");
	ev_timer_arm(tm, COOKIE_ROTATE_MS);
}

struct ike_engine *ike_engine_new(struct ev_loop *loop, const struct ike_engine_conf *conf,
				  const struct ike_ops *ops, void *ctx)
{
	struct ike_engine *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->loop = loop;
	if (conf)
		e->conf = *conf;
	if (!e->conf.retransmit_base_ms)
		e->conf.retransmit_base_ms = 1000;
	if (!e->conf.retransmit_tries)
		e->conf.retransmit_tries = 5;
	if (!e->conf.backoff_base_ms)
		e->conf.backoff_base_ms = 2000;
	if (!e->conf.backoff_max_ms)
		e->conf.backoff_max_ms = 60000;
	if (!e->conf.cookie_threshold)
		e->conf.cookie_threshold = 64;
	if (!e->conf.half_open_timeout_ms)
		e->conf.half_open_timeout_ms = 30000;
	e->ops = *ops;
	e->ctx = ctx;
	if (crypto_random(e->cookie_secret, sizeof(e->cookie_secret)) < 0 ||
	    crypto_random(e->cookie_secret_old, sizeof(e->cookie_secret_old)) < 0) {
		free(e);
		return NULL;
	}
	ev_timer_init(&e->cookie_rotate, loop, cookie_rotate_cb, e);
	ev_timer_arm(&e->cookie_rotate, COOKIE_ROTATE_MS);
	return e;
}

void ike_engine_free(struct ike_engine *e)
{
	unsigned i;

	if (!e)
		return;
	while (e->tunnels)
		ike_tunnel_remove(e->tunnels);
	for (i = 0; i < IKE_SA_BUCKETS; i++)
		while (e->bucket[i])
			ike_sa_free(e->bucket[i]);
	ev_timer_cancel(&e->cookie_rotate);
	secret_wipe(e->cookie_secret, sizeof(e->cookie_secret));
	secret_wipe(e->cookie_secret_old, sizeof(e->cookie_secret_old));
	secret_wipe(e->plain, sizeof(e->plain));
	secret_wipe(e->inner, sizeof(e->inner));
	free(e);
}

const char *ike_tunnel_state_name(enum ike_tunnel_state s)
{
	switch (s) {
	case IKE_TUNNEL_DOWN:
		return "down";
	case IKE_TUNNEL_CONNECTING:
		return "connecting";
	case IKE_TUNNEL_UP:
		return "up";
	case IKE_TUNNEL_BACKOFF:
		return "backoff";
	case IKE_TUNNEL_PASSIVE:
		return "passive";
	}
	return "?";
}

void ike_tunnel_set_state(struct ike_tunnel *t, enum ike_tunnel_state s, const char *why)
{
	if (!why)
		why = "";
	if (t->state == s && strcmp(t->why, why) == 0)
		return;
	snprintf(t->why, sizeof(t->why), "%s", why);
	if (t->state == s)
		return;
	t->state = s;
	if (s == IKE_TUNNEL_UP)
		log_info(LOGM_IKE, "tunnel %s: up", t->conf.name);
	else
		log_info(LOGM_IKE, "tunnel %s: %s%s%s", t->conf.name, ike_tunnel_state_name(s),
			 why[0] ? ": " : "", why);
	if (t->e->ops.state)
		t->e->ops.state(t->e->ctx, t->ctx, s, t->why);
}

static void backoff_cb(struct ev_timer *tm, void *arg)
{
	struct ike_tunnel *t = arg;

	(void)tm;
	if (t->admin_up && !t->sa)
		ike_tunnel_initiate(t);
}

static uint64_t backoff_delay_ms(const struct ike_tunnel *t)
{
	const struct ike_engine_conf *c = &t->e->conf;
	uint64_t d = c->backoff_base_ms;
	unsigned i;
	uint32_t r = 0;
	uint64_t span;

	for (i = 1; i < t->retries && d < c->backoff_max_ms; i++)
		d *= 2;
	if (d > c->backoff_max_ms)
		d = c->backoff_max_ms;
	/* ±25% so that many tunnels that failed together do not retry in
	 * lockstep. */
	span = d / 2;
	crypto_random((uint8_t *)&r, sizeof(r));
	d = d - d / 4 + (span ? r % (span + 1) : 0);
	return d ? d : 1;
}

void ike_tunnel_sa_failed(struct ike_tunnel *t, const char *why)
{
	uint64_t d;
	char msg[128];

	if (!t->sa && ev_timer_armed(&t->backoff))
		return;
	/* why may live in the SA about to be freed. */
	snprintf(msg, sizeof(msg), "%s", why ? why : "failed");
	if (t->sa)
		ike_sa_free(t->sa);
	if (!t->admin_up) {
		if (t->state != IKE_TUNNEL_DOWN)
			ike_tunnel_set_state(t, IKE_TUNNEL_PASSIVE, msg);
		return;
	}
	t->retries++;
	d = backoff_delay_ms(t);
	ev_timer_arm(&t->backoff, d);
	ike_tunnel_set_state(t, IKE_TUNNEL_BACKOFF, msg);
	log_info(LOGM_IKE, "tunnel %s: retry %u in %llu ms", t->conf.name, t->retries,
		 (unsigned long long)d);
}

static bool conf_addr_set(const struct sockaddr_storage *a)
{
	return a->ss_family == AF_INET || a->ss_family == AF_INET6;
}

static int conf_check(const struct ike_tunnel_conf *c, char *err, size_t errlen)
{
	if (!c->name[0] || memchr(c->name, 0, sizeof(c->name)) == NULL)
		snprintf(err, errlen, "tunnel name missing or too long");
	else if (!c->n_ike || c->n_ike > IKE_CONF_MAX_PROPOSALS)
		snprintf(err, errlen, "tunnel %s: no IKE proposal", c->name);
	else if (!c->n_esp || c->n_esp > IKE_CONF_MAX_PROPOSALS)
		snprintf(err, errlen, "tunnel %s: no ESP proposal", c->name);
	else if (!c->psk || !c->psk_len)
		snprintf(err, errlen, "tunnel %s: empty PSK", c->name);
	else if (!conf_addr_set(&c->remote))
		snprintf(err, errlen, "tunnel %s: no remote address", c->name);
	else if (conf_addr_set(&c->local) && c->local.ss_family != c->remote.ss_family)
		snprintf(err, errlen, "tunnel %s: local and remote address families differ",
			 c->name);
	else if (!c->ike[0].n_dh)
		snprintf(err, errlen, "tunnel %s: first IKE proposal has no DH group", c->name);
	else
		return 0;
	return -EINVAL;
}

int ike_tunnel_add(struct ike_engine *e, const struct ike_tunnel_conf *conf, void *tunnel_ctx,
		   struct ike_tunnel **out, char *err, size_t errlen)
{
	struct ike_tunnel *t, **pp;
	char dummy[8];

	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	err[0] = 0;
	if (conf_check(conf, err, errlen) < 0)
		return -EINVAL;
	if (ike_tunnel_find(e, conf->name)) {
		snprintf(err, errlen, "tunnel %s exists", conf->name);
		return -EEXIST;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->psk = malloc(conf->psk_len);
	if (!t->psk) {
		free(t);
		return -ENOMEM;
	}
	memcpy(t->psk, conf->psk, conf->psk_len);
	t->e = e;
	t->conf = *conf;
	t->conf.psk = t->psk;
	t->ctx = tunnel_ctx;
	t->state = IKE_TUNNEL_DOWN;
	ev_timer_init(&t->backoff, e->loop, backoff_cb, t);
	for (pp = &e->tunnels; *pp; pp = &(*pp)->next)
		;
	*pp = t;
	if (out)
		*out = t;
	if (conf->initiate)
		ike_tunnel_up(t);
	else
		ike_tunnel_set_state(t, IKE_TUNNEL_PASSIVE, "waiting for the peer");
	return 0;
}

/* Tell the peer the IKE SA is gone, once, without waiting for an answer:
 * a tunnel being removed or taken down cannot wait. */
static void tunnel_send_delete(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;
	struct ike_hdr h = {0};
	struct sockaddr_storage l, r;
	int n;

	if (sa->state != IKE_SA_ESTABLISHED || !sa->keys)
		return;
	memset(&e->tx, 0, sizeof(e->tx));
	e->tx.n_delete = 1;
	e->tx.del[0].proto = IKE_PROTO_IKE;
	h.spi_i = sa->spi_i;
	h.spi_r = sa->spi_r;
	h.version = IKE_VERSION_2;
	h.exchange = IKE_EXCH_INFORMATIONAL;
	h.flags = sa->initiator ? IKE_HDR_F_INITIATOR : 0;
	h.msgid = sa->msgid_next++;
	n = ike_sa_protect(sa, &h, e->out, sizeof(e->out));
	if (n < 0)
		return;
	ike_sa_endpoints(sa, &l, &r);
	e->ops.send(e->ctx, &l, &r, e->out, (size_t)n);
}

static void tunnel_drop_sa(struct ike_tunnel *t)
{
	if (!t->sa)
		return;
	tunnel_send_delete(t->sa);
	ike_sa_free(t->sa);
}

void ike_tunnel_remove(struct ike_tunnel *t)
{
	struct ike_engine *e = t->e;
	struct ike_tunnel **pp;
	unsigned i;
	struct ike_sa *sa, *next;

	tunnel_drop_sa(t);
	/* Half-open or rekeyed SAs that still point at t. */
	for (i = 0; i < IKE_SA_BUCKETS; i++)
		for (sa = e->bucket[i]; sa; sa = next) {
			next = sa->hnext;
			if (sa->t == t) {
				ike_sa_free(sa);
				next = e->bucket[i];
			}
		}
	ev_timer_cancel(&t->backoff);
	for (pp = &e->tunnels; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	secret_free(t->psk, t->conf.psk_len);
	secret_wipe(&t->conf, sizeof(t->conf));
	free(t);
}

int ike_tunnel_up(struct ike_tunnel *t)
{
	t->admin_up = true;
	if (t->sa)
		return 0;
	ev_timer_cancel(&t->backoff);
	t->retries = 0;
	return ike_tunnel_initiate(t);
}

int ike_tunnel_down(struct ike_tunnel *t)
{
	t->admin_up = false;
	ev_timer_cancel(&t->backoff);
	tunnel_drop_sa(t);
	ike_tunnel_set_state(t, IKE_TUNNEL_DOWN, "administratively down");
	return 0;
}

int ike_tunnel_clear(struct ike_tunnel *t)
{
	tunnel_drop_sa(t);
	ev_timer_cancel(&t->backoff);
	t->retries = 0;
	if (t->admin_up)
		return ike_tunnel_initiate(t);
	if (t->state != IKE_TUNNEL_DOWN)
		ike_tunnel_set_state(t, IKE_TUNNEL_PASSIVE, "cleared");
	return 0;
}

int ike_tunnel_rekey(struct ike_tunnel *t, bool ike_sa)
{
	struct ike_sa *sa = t->sa;
	struct ike_child *c, *newest = NULL;

	if (!sa || sa->state != IKE_SA_ESTABLISHED)
		return -ENOTCONN;
	if (ike_sa) {
		ike_sa_task(sa, IKE_TASK_REKEY_IKE);
		return 0;
	}
	for (c = sa->children; c; c = c->next)
		if (c->installed && c->state == IKE_CHILD_INSTALLED &&
		    (!newest || c->established_ms >= newest->established_ms))
			newest = c;
	if (!newest)
		return -ENOTCONN;
	newest->state = IKE_CHILD_REKEYING;
	ike_sa_task(sa, IKE_TASK_REKEY_CHILD);
	return 0;
}

struct ike_tunnel *ike_tunnel_find(struct ike_engine *e, const char *name)
{
	struct ike_tunnel *t;

	for (t = e->tunnels; t; t = t->next)
		if (strcmp(t->conf.name, name) == 0)
			return t;
	return NULL;
}

static bool addr_is_any(const struct sockaddr_storage *a)
{
	static const uint8_t zero[16];

	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr == 0;
	if (a->ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr, zero, 16) == 0;
	return true;
}

struct ike_tunnel *ike_tunnel_by_addr(struct ike_engine *e, const struct sockaddr_storage *local,
				      const struct sockaddr_storage *remote)
{
	struct ike_tunnel *t;

	for (t = e->tunnels; t; t = t->next) {
		if (t->state == IKE_TUNNEL_DOWN)
			continue;
		if (!ike_addr_equal(&t->conf.remote, remote, false))
			continue;
		if (local && !addr_is_any(&t->conf.local) &&
		    !ike_addr_equal(&t->conf.local, local, false))
			continue;
		return t;
	}
	return NULL;
}
