/*
 * The IKE engine's front door: any datagram from a configured peer's
 * address, on 500 and on 4500, must be answered or dropped without a crash,
 * a leak or a sanitizer report.  The engine lives across inputs, as in the
 * daemon, so half-open SAs made by earlier inputs are in play too; ops
 * capture nothing and send nowhere.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/evloop.h"
#include "common/log.h"
#include "ike/ike.h"
#include "tests/fuzz/fuzz.h"

static int f_send(void *ctx, const struct sockaddr_storage *l, const struct sockaddr_storage *r,
		  const uint8_t *buf, size_t len)
{
	(void)ctx, (void)l, (void)r, (void)buf, (void)len;
	return 0;
}

static int f_keepalive(void *ctx, const struct sockaddr_storage *l,
		       const struct sockaddr_storage *r)
{
	(void)ctx, (void)l, (void)r;
	return 0;
}

static int f_child_add(void *ctx, void *tctx, const struct ike_child_sa *c)
{
	(void)ctx, (void)tctx, (void)c;
	return 0;
}

static void f_child_del(void *ctx, void *tctx, uint32_t in, uint32_t out)
{
	(void)ctx, (void)tctx, (void)in, (void)out;
}

static int f_counters(void *ctx, void *tctx, uint32_t in, struct ike_child_counters *o)
{
	(void)ctx, (void)tctx, (void)in;
	memset(o, 0, sizeof(*o));
	return 0;
}

static void f_state(void *ctx, void *tctx, enum ike_tunnel_state s, const char *why)
{
	(void)ctx, (void)tctx, (void)s, (void)why;
}

static const struct ike_ops ops = {
	.send = f_send,
	.keepalive = f_keepalive,
	.child_add = f_child_add,
	.child_del = f_child_del,
	.child_counters = f_counters,
	.state = f_state,
};

static void sin_set(struct sockaddr_storage *ss, const char *ip, uint16_t port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	inet_pton(AF_INET, ip, &sin->sin_addr);
}

static void quiet(enum log_module m, enum log_level lvl, enum log_kind kind, const char *msg,
		  void *arg)
{
	(void)m, (void)lvl, (void)kind, (void)msg, (void)arg;
}

static struct ev_loop *loop;
static struct ike_engine *engine;

static void setup(void)
{
	static const char *const ike[] = {"aes128-sha1-modp1024", "aes128gcm16-prfsha256-ecp256"};
	static const char *const esp[] = {"aes128-sha1", "aes128gcm16"};
	static const uint8_t psk[] = "fuzz.psk.secret";
	struct ike_tunnel_conf *c = calloc(1, sizeof(*c));
	struct ike_tunnel *t;
	char err[128];

	log_set_sink(quiet, NULL);
	loop = ev_loop_new();
	engine = ike_engine_new(loop, NULL, &ops, NULL);
	if (!c || !loop || !engine)
		abort();
	snprintf(c->name, sizeof(c->name), "fuzz");
	sin_set(&c->local, "192.0.2.1", 500);
	sin_set(&c->remote, "192.0.2.2", 500);
	c->psk = psk;
	c->psk_len = sizeof(psk) - 1;
	for (unsigned i = 0; i < 2; i++) {
		if (ike_proposal_parse(ike[i], IKE_PROTO_IKE, &c->ike[i], NULL, 0) < 0 ||
		    ike_proposal_parse(esp[i], IKE_PROTO_ESP, &c->esp[i], NULL, 0) < 0)
			abort();
	}
	c->n_ike = c->n_esp = 2;
	c->ike_lifetime = 28800;
	c->esp_lifetime = 3600;
	c->rekey_margin = 540;
	c->dpd_delay = 10;
	c->dpd_timeout = 30;
	if (ike_tunnel_add(engine, c, NULL, &t, err, sizeof(err)) < 0)
		abort();
	free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_storage l, r;

	if (!engine)
		setup();
	sin_set(&l, "192.0.2.1", 500);
	sin_set(&r, "192.0.2.2", 500);
	ike_input(engine, &l, &r, data, size);
	sin_set(&l, "192.0.2.1", 4500);
	sin_set(&r, "192.0.2.2", 4500);
	ike_input(engine, &l, &r, data, size);
	/* Let deferred work and due timers run, without waiting. */
	ev_loop_run_once(loop, 0);
	return 0;
}
