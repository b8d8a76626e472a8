/*
 * Sessions coming and going: up (the Adj-RIB-Out starts), down (paths
 * flushed, or kept stale for a neighbor doing graceful restart, RFC 4724,
 * as the receiving speaker), End-of-RIB, route refresh, room to send.
 */
#include <string.h>

#include "bgp/speaker_int.h"
#include "common/log.h"

/* Nothing stale any more: the restart timer would fire later and claim the
 * restart time ran out. */
static void gr_timer_stop_if_done(struct bgp_peer *p)
{
	for (int af = 0; af < BGP_AF_COUNT; af++)
		if (p->stale[af])
			return;
	ev_timer_cancel(&p->gr_timer);
}

void bgp_in_eor(struct bgp_peer *p, enum bgp_af af)
{
	char nb[VT_ADDR_STRLEN];

	p->eor_rcvd[af] = true;
	log_debug(LOGM_BGP, "neighbor %s: End-of-RIB for %s", bgp_peer_name(p, nb, sizeof(nb)),
		  bgp_af_name(af));
	if (p->stale[af]) {
		p->stale[af] = false;
		bgp_rib_peer_sweep_stale(p->sp->rib, p->id, af);
	}
	gr_timer_stop_if_done(p);
}

/* Whether the neighbor's GR capability lists af (RFC 4724 §3: a tuple
 * <AFI, SAFI, flags>); with forwarding, whether it also has the Forwarding
 * State bit, i.e. the neighbor kept forwarding af across its restart. */
static bool peer_gr_has(const struct bgp_session *s, enum bgp_af af, bool forwarding)
{
	const struct bgp_open *o = bgp_session_peer_open(s);
	uint16_t afi = bgp_afi_of(af);

	if (!o || !o->has_gr)
		return false;
	for (size_t i = 0; i + 4 <= o->gr_tuples_len; i += 4) {
		const uint8_t *t = o->gr_tuples + i;

		if (((t[0] << 8) | t[1]) == afi && t[2] == BGP_SAFI_UNICAST &&
		    (!forwarding || (t[3] & 0x80)))
			return true;
	}
	return false;
}

static void peer_established(void *ctx, struct bgp_session *s)
{
	struct bgp_peer *p = ctx;
	const struct bgp_open *o = bgp_session_peer_open(s);
	struct bgp_rib_peer info = {.addr = p->conf.addr, .bgp_id = o->bgp_id, .ibgp = p->ibgp,
				    .used = true};

	p->up = true;
	p->local_reset = false;
	for (int af = 0; af < BGP_AF_COUNT; af++) {
		p->eor_rcvd[af] = false;
		p->max_warned[af] = p->max_over_warned[af] = false;
	}
	bgp_rib_peer_set(p->sp->rib, p->id, &info);
	/* RFC 4724 §4.2: stale routes of a family the neighbor did not keep
	 * forwarding (no F bit in its new OPEN) go now, not at End-of-RIB */
	for (int af = 0; af < BGP_AF_COUNT; af++) {
		if (!p->stale[af] || peer_gr_has(s, (enum bgp_af)af, true))
			continue;
		p->stale[af] = false;
		bgp_rib_peer_sweep_stale(p->sp->rib, p->id, (enum bgp_af)af);
	}
	gr_timer_stop_if_done(p);
	bgp_out_start(p);
	if (p->sp->ops.peer_state)
		p->sp->ops.peer_state(p->sp->ctx, &p->conf.addr, BGP_ST_OPENCONFIRM,
				      BGP_ST_ESTABLISHED);
}

static void gr_expired(struct ev_timer *t, void *arg)
{
	struct bgp_peer *p = arg;
	char nb[VT_ADDR_STRLEN];

	(void)t;
	for (int af = 0; af < BGP_AF_COUNT; af++) {
		if (!p->stale[af])
			continue;
		p->stale[af] = false;
		bgp_rib_peer_sweep_stale(p->sp->rib, p->id, (enum bgp_af)af);
	}
	log_notice(LOGM_BGP, "neighbor %s: graceful restart time over, stale routes removed",
		   bgp_peer_name(p, nb, sizeof(nb)));
}

static void peer_down(void *ctx, struct bgp_session *s, const char *reason)
{
	struct bgp_peer *p = ctx;
	uint16_t restart = 0;
	bool gr = !p->local_reset && bgp_session_stats(s)->transport_lost &&
		  bgp_session_peer_gr(s, &restart) && restart > 0;
	bool any_stale = false;

	(void)reason; /* the session logged it */
	p->up = false;
	if (p->held_maxpfx) {
		char nb[VT_ADDR_STRLEN];

		/* as FRR and AWS do: a neighbor that sent too much stays down
		 * (rather than flap, taking the whole table each time) until
		 * the operator clears it or raises the limit */
		log_notice(LOGM_BGP, "neighbor %s held down after maximum-prefix: "
				     "`clear ip bgp %s` brings it back", bgp_peer_name(p, nb, sizeof(nb)), nb);
		bgp_session_stop(s, 2);
	}
	bgp_out_stop(p);
	for (int af = 0; af < BGP_AF_COUNT; af++) {
		/* RFC 4724 §4.2: every family the capability listed is kept;
		 * the F bit is looked at when the neighbor is back */
		if (gr && peer_gr_has(s, (enum bgp_af)af, false)) {
			p->stale[af] = true;
			any_stale = true;
			bgp_rib_peer_mark_stale(p->sp->rib, p->id, (enum bgp_af)af);
		} else {
			p->stale[af] = false;
			bgp_rib_peer_flush(p->sp->rib, p->id, (enum bgp_af)af);
		}
	}
	if (any_stale) {
		/* a second loss while stale: init must not meet an armed timer */
		ev_timer_cancel(&p->gr_timer);
		ev_timer_init(&p->gr_timer, p->sp->loop, gr_expired, p);
		ev_timer_arm(&p->gr_timer, (uint64_t)restart * 1000);
	}
	if (p->sp->ops.peer_state)
		p->sp->ops.peer_state(p->sp->ctx, &p->conf.addr, BGP_ST_ESTABLISHED, BGP_ST_IDLE);
}

static void peer_refresh(void *ctx, struct bgp_session *s, const struct bgp_rrefresh *rr)
{
	struct bgp_peer *p = ctx;

	(void)s;
	bgp_out_refresh(p, rr->afi == BGP_AFI_IPV6 ? BGP_AF_IPV6 : BGP_AF_IPV4);
}

static void peer_writable(void *ctx, struct bgp_session *s)
{
	(void)s;
	bgp_out_kick(ctx);
}

const struct bgp_session_ops bgp_peer_session_ops = {
	.established = peer_established,
	.update = bgp_in_update,
	.refresh = peer_refresh,
	.down = peer_down,
	.writable = peer_writable,
};
