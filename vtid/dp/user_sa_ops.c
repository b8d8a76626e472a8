/*
 * The user backend's SA operations on the main thread: install and remove
 * (make-before-break for outbound), counters, limits reported on the main
 * loop, and the rate-limited drop log.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "vtid/dp/user_int.h"

static struct user_sa *user_tunnel_sa_find(struct user_tunnel *t, uint32_t spi, bool inbound)
{
	struct user_sa *sa;

	for (sa = t->sas; sa; sa = sa->tnext)
		if (sa->esp.spi == spi && sa->inbound == inbound)
			return sa;
	return NULL;
}

int user_sa_add(struct dp_tunnel *base, const struct dp_sa_conf *c, struct strbuf *err)
{
	struct user_tunnel *t = user_tunnel_of(base);
	struct user_dp *dp = t->dp;
	struct user_sa *sa;
	int rc = 0;

	if (user_tunnel_sa_find(t, c->spi, c->inbound) ||
	    (c->inbound && user_sa_table_find(&dp->in, c->spi))) {
		if (err)
			sb_printf(err, "tunnel %s: %s SA %08x: SPI in use", base->ifname,
				  c->inbound ? "inbound" : "outbound", c->spi);
		return -EEXIST;
	}
	rc = user_sa_new(c, base->ifname, &sa, err);
	if (rc < 0)
		return rc;
	sa->tun = t;
	user_lock_all(dp);
	if (sa->inbound)
		rc = user_sa_table_insert(&dp->in, sa); /* checked above: cannot fail */
	sa->tnext = t->sas;
	t->sas = sa;
	if (!sa->inbound)
		t->out = sa;
	user_unlock_all(dp);
	if (rc < 0)
		return rc;
	return sa->inbound ? 0 : user_tunnel_link_update(t, err);
}

/* The outbound SA to fall back on: the newest one still usable. */
static struct user_sa *user_tunnel_out_pick(struct user_tunnel *t)
{
	struct user_sa *sa;

	for (sa = t->sas; sa; sa = sa->tnext)
		if (!sa->inbound)
			return sa;
	return NULL;
}

int user_sa_del(struct dp_tunnel *base, uint32_t spi, bool inbound)
{
	struct user_tunnel *t = user_tunnel_of(base);
	struct user_dp *dp = t->dp;
	struct user_sa *sa = user_tunnel_sa_find(t, spi, inbound);
	struct user_sa **pp;
	struct dp_sa_stats s;

	if (!sa)
		return -ENOENT;
	user_lock_all(dp);
	for (pp = &t->sas; *pp != sa; pp = &(*pp)->tnext)
		;
	*pp = sa->tnext;
	if (inbound)
		user_sa_table_remove(&dp->in, sa);
	else if (t->out == sa)
		t->out = user_tunnel_out_pick(t);
	user_sa_stats_get(sa, &s);
	user_sa_stats_add(inbound ? &t->past_in : &t->past_out, &s);
	user_sa_drops_add(sa, t->past_drops);
	user_unlock_all(dp);
	user_sa_free(sa);
	if (!inbound) {
		struct strbuf err = STRBUF_INIT;

		if (user_tunnel_link_update(t, &err) < 0)
			log_fault(LOGM_DP, "%s", sb_str(&err));
		sb_free(&err);
	}
	return 0;
}

int user_sa_stats(struct dp_tunnel *base, uint32_t spi, bool inbound, struct dp_sa_stats *out)
{
	struct user_tunnel *t = user_tunnel_of(base);
	struct user_sa *sa = user_tunnel_sa_find(t, spi, inbound);

	if (!sa)
		return -ENOENT;
	user_lock_all(t->dp);
	user_sa_stats_get(sa, out);
	user_unlock_all(t->dp);
	return 0;
}

struct user_expiry {
	void *tunnel_ctx;
	uint32_t spi;
	bool hard;
};

/*
 * Collect under the locks, report after: the callback may well delete or
 * add SAs, which takes the locks itself.
 */
void user_expiry_scan(struct user_dp *dp)
{
	struct user_expiry *rep = NULL;
	size_t n = 0, cap = 0, i;
	struct user_tunnel *t;
	struct user_sa *sa;

	user_lock_all(dp);
	for (t = dp->tunnels; t; t = t->next) {
		for (sa = t->sas; sa; sa = sa->tnext) {
			int hard;

			if (!sa->inbound)
				continue;
			for (hard = 0; hard <= 1; hard++) {
				bool *done = hard ? &sa->hard_reported : &sa->soft_reported;

				if (*done || !user_sa_limit_reached(sa, hard))
					continue;
				if (n == cap) {
					size_t ncap = cap ? cap * 2 : 8;
					struct user_expiry *r = realloc(rep, ncap * sizeof(*r));

					if (!r)
						break; /* the next scan reports it */
					rep = r;
					cap = ncap;
				}
				*done = true;
				rep[n++] = (struct user_expiry){t->ctx, sa->esp.spi, hard != 0};
			}
		}
	}
	user_unlock_all(dp);
	for (i = 0; i < n; i++) {
		log_info(LOGM_DP, "SA %08x reached its %s limit", rep[i].spi,
			 rep[i].hard ? "hard" : "soft");
		if (dp->ev.sa_expired)
			dp->ev.sa_expired(dp->ctx, rep[i].tunnel_ctx, rep[i].spi, rep[i].hard);
	}
	free(rep);
}

_Static_assert(sizeof(struct user_rx_counters) == USER_RX_COUNTERS * sizeof(uint64_t),
	       "user_drops_log copies the RX counters as an array");

static const char *const user_rx_names[USER_RX_COUNTERS] = {"not ESP or IKE", "unknown SPI",
							    "too long", "IKE queue full"};

/* Outside input (a peer's bad packets, a flood) shows as peer-caused. */
void user_drops_log(struct user_dp *dp)
{
	uint64_t rx[USER_RX_COUNTERS], sendf;
	struct user_tunnel *t;
	unsigned i;

	user_lock_all(dp);
	for (t = dp->tunnels; t; t = t->next) {
		uint64_t d[USER_DROP__COUNT];
		struct user_sa *sa;

		memcpy(d, t->past_drops, sizeof(d));
		d[USER_DROP_NO_SA] += t->no_sa_drops;
		for (sa = t->sas; sa; sa = sa->tnext)
			user_sa_drops_add(sa, d);
		for (i = 0; i < USER_DROP__COUNT; i++) {
			if (d[i] == t->logged[i])
				continue;
			log_peer(LOGM_DP, "tunnel %s: dropped %llu ESP packets: %s", t->base.ifname,
				 (unsigned long long)(d[i] - t->logged[i]), user_drop_name(i));
			t->logged[i] = d[i];
		}
	}
	memcpy(rx, &dp->rx, sizeof(rx));
	user_unlock_all(dp);
	for (i = 0; i < USER_RX_COUNTERS; i++) {
		if (rx[i] == dp->rx_logged[i])
			continue;
		log_peer(LOGM_DP, "dataplane: dropped %llu datagrams on the UDP socket: %s",
			 (unsigned long long)(rx[i] - dp->rx_logged[i]), user_rx_names[i]);
		dp->rx_logged[i] = rx[i];
	}
	sendf = atomic_load_explicit(&dp->tx_send_fails, memory_order_relaxed);
	if (sendf != dp->tx_send_logged) {
		log_warn(LOGM_DP, "dataplane: %llu ESP packets not sent: socket send failed",
			 (unsigned long long)(sendf - dp->tx_send_logged));
		dp->tx_send_logged = sendf;
	}
}
