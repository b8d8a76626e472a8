/*
 * What the IKE engine and the dataplane ask of the daemon: datagrams to
 * send, CHILD_SAs to install and remove, counters, state changes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "ike/transform.h"
#include "vtid/ipsec.h"

static int ops_send(void *ctx, const struct sockaddr_storage *local,
		    const struct sockaddr_storage *remote, const uint8_t *buf, size_t len)
{
	return vtid_ipsec_sendto(ctx, local, remote, buf, len, true);
}

static int ops_keepalive(void *ctx, const struct sockaddr_storage *local,
			 const struct sockaddr_storage *remote)
{
	static const uint8_t ka = 0xff;

	return vtid_ipsec_sendto(ctx, local, remote, &ka, 1, false);
}

static void sa_conf(struct dp_sa_conf *s, const struct ike_child_sa *c, bool inbound)
{
	const struct ike_key *ek = inbound ? &c->encr_in : &c->encr_out;
	const struct ike_key *ik = inbound ? &c->integ_in : &c->integ_out;

	memset(s, 0, sizeof(*s));
	s->spi = inbound ? c->spi_in : c->spi_out;
	s->inbound = inbound;
	s->encr = c->encr;
	s->encr_keylen = c->encr_keylen;
	s->integ = c->integ;
	s->encr_key = ek->b;
	s->encr_key_len = ek->len;
	s->integ_key = ik->len ? ik->b : NULL;
	s->integ_key_len = ik->len;
	s->esn = c->esn;
	s->replay_window = c->replay_window;
	s->encap = c->encap;
	s->local = c->local;
	s->remote = c->remote;
}

static int ops_child_add(void *ctx, void *tunnel_ctx, const struct ike_child_sa *c)
{
	struct tunnel_rt *rt = tunnel_ctx;
	struct strbuf err = STRBUF_INIT;
	struct dp_sa_conf s;
	int ret;

	(void)ctx;
	/* Inbound first: the peer may use the new SA as soon as it has it. */
	sa_conf(&s, c, true);
	ret = dp_sa_add(rt->dpt, &s, &err);
	if (ret == 0) {
		sa_conf(&s, c, false);
		ret = dp_sa_add(rt->dpt, &s, &err);
		if (ret < 0)
			dp_sa_del(rt->dpt, c->spi_in, true);
	}
	if (ret < 0)
		log_fault(LOGM_DP, "tunnel %s: cannot install CHILD_SA %08x/%08x: %s", rt->name,
			  c->spi_in, c->spi_out, err.len ? sb_str(&err) : strerror(-ret));
	sb_free(&err);
	return ret;
}

static void ops_child_del(void *ctx, void *tunnel_ctx, uint32_t spi_in, uint32_t spi_out)
{
	struct tunnel_rt *rt = tunnel_ctx;

	(void)ctx;
	dp_sa_del(rt->dpt, spi_out, false);
	dp_sa_del(rt->dpt, spi_in, true);
}

static int ops_child_counters(void *ctx, void *tunnel_ctx, uint32_t spi_in,
			      struct ike_child_counters *out)
{
	struct tunnel_rt *rt = tunnel_ctx;
	struct dp_sa_stats in;
	int ret;

	(void)ctx;
	memset(out, 0, sizeof(*out));
	ret = dp_sa_stats(rt->dpt, spi_in, true, &in);
	if (ret < 0)
		return ret;
	out->bytes_in = in.bytes;
	out->packets_in = in.packets;
	return 0;
}

static void ops_state(void *ctx, void *tunnel_ctx, enum ike_tunnel_state s, const char *why)
{
	struct tunnel_rt *rt = tunnel_ctx;
	struct vtid_ipsec *ip = ctx;
	bool was_up = rt->state == IKE_TUNNEL_UP, up = s == IKE_TUNNEL_UP;

	if (up && !was_up)
		rt->up_since_ms = ev_now_ms();
	else if (!up)
		rt->up_since_ms = 0;
	rt->state = s;
	snprintf(rt->why, sizeof(rt->why), "%s", why ? why : "");
	if (up != was_up && ip && ip->tunnel_state)
		ip->tunnel_state(ip->tunnel_state_ctx, rt, up);
}

const struct ike_ops vtid_ipsec_ike_ops = {
	.send = ops_send,
	.keepalive = ops_keepalive,
	.child_add = ops_child_add,
	.child_del = ops_child_del,
	.child_counters = ops_child_counters,
	.state = ops_state,
};

static void ev_ike_input(void *ctx, const struct sockaddr_storage *local,
			 const struct sockaddr_storage *remote, const uint8_t *buf, size_t len)
{
	struct vtid_ipsec *ip = ctx;

	ike_input(ip->ike, local, remote, buf, len);
}

static void ev_sa_expired(void *ctx, void *tunnel_ctx, uint32_t spi_in, bool hard)
{
	struct tunnel_rt *rt = tunnel_ctx;

	(void)ctx;
	ike_child_expired(rt->ike, spi_in, hard);
}

const struct dp_events vtid_ipsec_dp_events = {
	.ike_input = ev_ike_input,
	.sa_expired = ev_sa_expired,
};
