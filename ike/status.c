/* ike_tunnel_status(): a snapshot for `show tunnels` / `show ipsec sa`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ike/ike_int.h"

static int64_t timer_s(const struct ev_timer *t)
{
	if (!ev_timer_armed(t))
		return -1;
	return (int64_t)(ev_timer_remaining_ms(t) / 1000);
}

static void status_child(const struct ike_child *c, struct ike_child_status *out)
{
	memset(out, 0, sizeof(*out));
	out->spi_in = c->spi_in;
	out->spi_out = c->spi_out;
	if (ike_proposal_format(&c->choice.prop, out->algs, sizeof(out->algs)) < 0)
		snprintf(out->algs, sizeof(out->algs), "?");
	out->rekey_in_s = timer_s(&c->rekey);
	out->established_ms = c->established_ms;
	out->rekeying = c->state != IKE_CHILD_INSTALLED;
}

int ike_tunnel_status(const struct ike_tunnel *t, struct ike_tunnel_status *out)
{
	const struct ike_sa *sa = t->sa;
	const struct ike_child *c;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", t->conf.name);
	out->state = t->state;
	snprintf(out->why, sizeof(out->why), "%s", t->why);
	out->retries = t->retries;
	out->retry_in_ms = ev_timer_armed(&t->backoff) ? (int64_t)ev_timer_remaining_ms(&t->backoff)
						       : -1;
	out->rekey_in_s = -1;
	if (!sa)
		return 0;
	out->has_sa = true;
	out->initiator = sa->initiator;
	out->spi_i = sa->spi_i;
	out->spi_r = sa->spi_r;
	if (sa->choice.prop.n_encr &&
	    ike_proposal_format(&sa->choice.prop, out->algs, sizeof(out->algs)) < 0)
		snprintf(out->algs, sizeof(out->algs), "?");
	out->local = sa->local;
	out->remote = sa->remote;
	out->nat_local = sa->nat_local;
	out->nat_remote = sa->nat_remote;
	out->encap = sa->encap;
	out->established_ms = sa->established_ms;
	out->rekey_in_s = timer_s(&sa->rekey);
	for (c = sa->children; c && out->n_child < IKE_STATUS_MAX_CHILDREN; c = c->next)
		if (c->installed)
			status_child(c, &out->child[out->n_child++]);
	return 0;
}
