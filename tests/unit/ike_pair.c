/* Two IKE engines wired to each other: see ike_pair.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/secret.h"
#include "ike/ike_int.h"
#include "tests/unit/ike_pair.h"

struct ike_pair_dgram {
	struct ike_pair_dgram *next;
	int to;
	struct sockaddr_storage local, remote; /* as the receiver sees them */
	size_t len;
	uint8_t buf[];
};

static void addr_set(struct sockaddr_storage *ss, const char *s, uint16_t port)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	in->sin_family = AF_INET;
	in->sin_port = htons(port);
	if (inet_pton(AF_INET, s, &in->sin_addr) != 1)
		abort();
}

/* Where the other side sees side s. */
static void side_seen(const struct ike_pair_side *s, uint16_t port, struct sockaddr_storage *out)
{
	*out = s->nat ? s->nat_addr : s->addr;
	ike_addr_set_port(out, s->nat ? (uint16_t)(port + IKE_PAIR_NAT_PORT_OFFSET) : port);
}

static void deliver_cb(struct ev_defer *d, void *arg)
{
	struct ike_pair *p = arg;
	struct ike_pair_dgram *g;

	(void)d;
	/* Only what is queued now: answers go out in a later pass. */
	g = p->q_head;
	p->q_head = p->q_tail = NULL;
	while (g) {
		struct ike_pair_dgram *next = g->next;
		struct ike_pair_side *to = &p->side[g->to];

		if (!to->dead && to->e)
			ike_input(to->e, &g->local, &g->remote, g->buf, g->len);
		free(g);
		g = next;
	}
}

static void enqueue(struct ike_pair *p, int to, const struct sockaddr_storage *local,
		    const struct sockaddr_storage *remote, const uint8_t *buf, size_t len)
{
	struct ike_pair_dgram *g = malloc(sizeof(*g) + len);

	if (!g)
		abort();
	g->next = NULL;
	g->to = to;
	g->local = *local;
	g->remote = *remote;
	g->len = len;
	memcpy(g->buf, buf, len);
	if (p->q_tail)
		p->q_tail->next = g;
	else
		p->q_head = g;
	p->q_tail = g;
	ev_defer_schedule(&p->defer);
}

static int op_send(void *ctx, const struct sockaddr_storage *local,
		   const struct sockaddr_storage *remote, const uint8_t *buf, size_t len)
{
	struct ike_pair_side *s = ctx;
	struct ike_pair *p = s->p;
	struct ike_pair_side *o = &p->side[!s->idx];
	struct sockaddr_storage want, rl, rr;
	uint16_t dport = ike_addr_port(remote);

	s->sent++;
	s->last_sport = ike_addr_port(local);
	s->last_dport = dport;
	if (len <= sizeof(s->last_buf)) {
		memcpy(s->last_buf, buf, len);
		s->last_len = len;
	}
	if (s->dead || o->dead || s->drop_next || s->sent == s->drop_seq) {
		if (s->drop_next && !s->dead && !o->dead)
			s->drop_next--;
		s->dropped++;
		return 0;
	}
	/* The receiver sees its real address and port behind its NAT. */
	if (o->nat && dport >= IKE_PAIR_NAT_PORT_OFFSET)
		dport = (uint16_t)(dport - IKE_PAIR_NAT_PORT_OFFSET);
	side_seen(o, dport, &want);
	if (!ike_addr_equal(&want, remote, true)) {
		s->misrouted++;
		return 0;
	}
	rl = o->addr;
	ike_addr_set_port(&rl, dport);
	side_seen(s, ike_addr_port(local), &rr);
	enqueue(p, !s->idx, &rl, &rr, buf, len);
	return 0;
}

static int op_keepalive(void *ctx, const struct sockaddr_storage *local,
			const struct sockaddr_storage *remote)
{
	struct ike_pair_side *s = ctx;

	(void)local;
	(void)remote;
	s->keepalives++;
	return 0;
}

static int op_child_add(void *ctx, void *tctx, const struct ike_child_sa *c)
{
	struct ike_pair_side *s = ctx;
	unsigned i;

	(void)tctx;
	if (s->child_add_rc)
		return s->child_add_rc;
	for (i = 0; i < IKE_PAIR_MAX_CHILDREN; i++)
		if (!s->child[i].used) {
			s->child[i].used = true;
			s->child[i].sa = *c;
			s->child_adds++;
			return 0;
		}
	return -ENOSPC;
}

static void op_child_del(void *ctx, void *tctx, uint32_t spi_in, uint32_t spi_out)
{
	struct ike_pair_side *s = ctx;
	unsigned i;

	(void)tctx;
	for (i = 0; i < IKE_PAIR_MAX_CHILDREN; i++)
		if (s->child[i].used && s->child[i].sa.spi_in == spi_in &&
		    s->child[i].sa.spi_out == spi_out) {
			secret_wipe(&s->child[i], sizeof(s->child[i]));
			s->child_dels++;
			return;
		}
	abort(); /* the engine deleted a child it never installed */
}

static int op_child_counters(void *ctx, void *tctx, uint32_t spi_in,
			     struct ike_child_counters *out)
{
	struct ike_pair_side *s = ctx;
	unsigned i;

	(void)tctx;
	for (i = 0; i < IKE_PAIR_MAX_CHILDREN; i++)
		if (s->child[i].used && s->child[i].sa.spi_in == spi_in) {
			memset(out, 0, sizeof(*out));
			out->packets_in = s->pkts_in;
			return 0;
		}
	return -ENOENT;
}

static void op_state(void *ctx, void *tctx, enum ike_tunnel_state st, const char *why)
{
	struct ike_pair_side *s = ctx;

	(void)tctx;
	s->state = st;
	snprintf(s->why, sizeof(s->why), "%s", why);
	s->n_state++;
	if (st == IKE_TUNNEL_UP)
		s->n_up++;
}

static const struct ike_ops pair_ops = {
	.send = op_send,
	.keepalive = op_keepalive,
	.child_add = op_child_add,
	.child_del = op_child_del,
	.child_counters = op_child_counters,
	.state = op_state,
};

struct ike_pair *ike_pair_new(const struct ike_engine_conf *ec)
{
	static const struct ike_engine_conf dflt = {
		.retransmit_base_ms = 50,
		.retransmit_tries = 4,
		.backoff_base_ms = 100,
		.backoff_max_ms = 400,
		.half_open_timeout_ms = 2000,
	};
	struct ike_pair *p = calloc(1, sizeof(*p));
	int i;

	if (!p)
		abort();
	p->loop = ev_loop_new();
	if (!p->loop)
		abort();
	ev_defer_init(&p->defer, p->loop, deliver_cb, p);
	for (i = 0; i < 2; i++) {
		p->side[i].p = p;
		p->side[i].idx = i;
		addr_set(&p->side[i].addr, i ? "192.0.2.2" : "192.0.2.1", 0);
		p->side[i].e = ike_engine_new(p->loop, ec ? ec : &dflt, &pair_ops, &p->side[i]);
		if (!p->side[i].e)
			abort();
	}
	return p;
}

void ike_pair_free(struct ike_pair *p)
{
	struct ike_pair_dgram *g;
	int i;

	for (i = 0; i < 2; i++)
		ike_engine_free(p->side[i].e);
	while ((g = p->q_head)) {
		p->q_head = g->next;
		free(g);
	}
	ev_defer_cancel(&p->defer);
	ev_loop_free(p->loop);
	free(p);
}

void ike_pair_conf(struct ike_tunnel_conf *c, int side, const char *ike, const char *esp,
		   const char *psk, bool initiate)
{
	char err[128];

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "t%d", side);
	addr_set(&c->local, side ? "192.0.2.2" : "192.0.2.1", 0);
	addr_set(&c->remote, side ? "192.0.2.1" : "192.0.2.2", 0);
	c->psk = (const uint8_t *)psk;
	c->psk_len = strlen(psk);
	if (ike_proposal_parse(ike, IKE_PROTO_IKE, &c->ike[0], err, sizeof(err)) < 0 ||
	    ike_proposal_parse(esp, IKE_PROTO_ESP, &c->esp[0], err, sizeof(err)) < 0) {
		fprintf(stderr, "ike_pair_conf: %s\n", err);
		abort();
	}
	c->n_ike = c->n_esp = 1;
	c->ike_lifetime = 28800;
	c->esp_lifetime = 3600;
	c->rekey_margin = 540;
	c->rekey_fuzz = 100;
	c->initiate = initiate;
	c->replay_window = 64;
}

int ike_pair_add(struct ike_pair *p, int side, const struct ike_tunnel_conf *c)
{
	char err[128];
	int rc;

	p->side[side].addr = c->local;
	rc = ike_tunnel_add(p->side[side].e, c, &p->side[side], &p->side[side].t, err,
			    sizeof(err));
	if (rc < 0)
		fprintf(stderr, "ike_pair_add: %s\n", err);
	return rc;
}

void ike_pair_set_nat(struct ike_pair *p, int side, const char *addr)
{
	p->side[side].nat = true;
	addr_set(&p->side[side].nat_addr, addr, 0);
}

void ike_pair_inject(struct ike_pair *p, int side, const uint8_t *buf, size_t len,
		     uint16_t sport, uint16_t dport)
{
	struct sockaddr_storage l = p->side[side].addr, r;

	ike_addr_set_port(&l, dport);
	side_seen(&p->side[!side], sport, &r);
	enqueue(p, side, &l, &r, buf, len);
}

bool ike_pair_run_until(struct ike_pair *p, ike_pair_pred pred, void *arg, unsigned max_ms)
{
	uint64_t end = ev_now_ms() + max_ms;

	while (!pred || !pred(p, arg)) {
		if (ev_now_ms() >= end)
			return pred ? pred(p, arg) : true;
		ev_loop_run_once(p->loop, 5);
	}
	return true;
}

void ike_pair_run_for(struct ike_pair *p, unsigned ms)
{
	ike_pair_run_until(p, NULL, NULL, ms);
}

unsigned ike_pair_child_count(const struct ike_pair *p, int side)
{
	unsigned i, n = 0;

	for (i = 0; i < IKE_PAIR_MAX_CHILDREN; i++)
		n += p->side[side].child[i].used;
	return n;
}

const struct ike_child_sa *ike_pair_child(const struct ike_pair *p, int side, unsigned idx)
{
	unsigned i;

	for (i = 0; i < IKE_PAIR_MAX_CHILDREN; i++)
		if (p->side[side].child[i].used && idx-- == 0)
			return &p->side[side].child[i].sa;
	return NULL;
}

bool ike_pair_pred_up(struct ike_pair *p, void *arg)
{
	(void)arg;
	return p->side[0].t && p->side[1].t && p->side[0].t->state == IKE_TUNNEL_UP &&
	       p->side[1].t->state == IKE_TUNNEL_UP && ike_pair_child_count(p, 0) > 0 &&
	       ike_pair_child_count(p, 1) > 0;
}

bool ike_pair_pred_side_down(struct ike_pair *p, void *arg)
{
	struct ike_pair_side *s = arg;

	return s->t && s->t->state != IKE_TUNNEL_UP && ike_pair_child_count(p, s->idx) == 0;
}

static bool key_eq(const struct ike_key *a, const struct ike_key *b)
{
	return a->len == b->len && memcmp(a->b, b->b, a->len) == 0;
}

bool ike_pair_children_match(const struct ike_pair *p)
{
	unsigned i, j, n = ike_pair_child_count(p, 0);
	const struct ike_child_sa *a, *b;

	if (n != ike_pair_child_count(p, 1))
		return false;
	for (i = 0; i < n; i++) {
		a = ike_pair_child(p, 0, i);
		for (j = 0; (b = ike_pair_child(p, 1, j)); j++)
			if (b->spi_in == a->spi_out && b->spi_out == a->spi_in)
				break;
		if (!b || a->encr != b->encr || a->encr_keylen != b->encr_keylen ||
		    a->integ != b->integ || !a->encr_out.len ||
		    !key_eq(&a->encr_out, &b->encr_in) || !key_eq(&a->integ_out, &b->integ_in) ||
		    !key_eq(&a->encr_in, &b->encr_out) || !key_eq(&a->integ_in, &b->integ_out) ||
		    key_eq(&a->encr_in, &a->encr_out))
			return false;
	}
	return true;
}

bool ike_pair_wait_up(struct ike_pair *p, unsigned max_ms)
{
	return ike_pair_run_until(p, ike_pair_pred_up, NULL, max_ms) &&
	       ike_pair_child_count(p, 0) == 1 && ike_pair_children_match(p);
}

struct ike_pair *ike_pair_start(const char *ike_a, const char *ike_b, const char *esp,
				const char *psk_b, int initiator)
{
	struct ike_pair *p = ike_pair_new(NULL);
	struct ike_tunnel_conf a, b;

	ike_pair_conf(&a, 0, ike_a, esp, "s3cret-psk", initiator == 0);
	ike_pair_conf(&b, 1, ike_b, esp, psk_b, initiator == 1);
	if (ike_pair_add(p, 0, &a) < 0 || ike_pair_add(p, 1, &b) < 0)
		abort();
	return p;
}
