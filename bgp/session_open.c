/*
 * The OPEN exchange: the OPEN we send, what we accept in theirs, and what
 * the two together negotiate (hold time, keepalive, capabilities).
 */
#include <errno.h>
#include <string.h>

#include "bgp/session_int.h"
#include "common/log.h"

bool bgp_open_our_af(const struct bgp_session_conf *c, uint16_t afi)
{
	return (afi == BGP_AFI_IPV4 && c->af_ipv4) || (afi == BGP_AFI_IPV6 && c->af_ipv6);
}

bool bgp_open_peer_af(const struct bgp_open *o, uint16_t afi)
{
	size_t i;

	/* RFC 4760 §8: a speaker without the capability does IPv4 unicast. */
	if (o->n_mp == 0)
		return afi == BGP_AFI_IPV4;
	for (i = 0; i < o->n_mp; i++)
		if (o->mp[i].afi == afi && o->mp[i].safi == BGP_SAFI_UNICAST)
			return true;
	return false;
}

int bgp_open_send(struct bgp_conn *c)
{
	const struct bgp_session_conf *conf = &c->s->conf;
	uint8_t buf[BGP_MSG_MAX];
	struct wire_writer w;
	struct bgp_open o;
	int rc;

	bgp_open_init(&o, conf->local_as, conf->hold, conf->router_id);
	o.route_refresh = true;
	if (conf->af_ipv4)
		o.mp[o.n_mp++] =
			(struct bgp_afisafi){.afi = BGP_AFI_IPV4, .safi = BGP_SAFI_UNICAST};
	if (conf->af_ipv6)
		o.mp[o.n_mp++] =
			(struct bgp_afisafi){.afi = BGP_AFI_IPV6, .safi = BGP_SAFI_UNICAST};
	/* RFC 4724 §3: no restart flags and no AFI/SAFI tuples say we can
	 * act as a receiving speaker but keep no forwarding state. */
	o.has_gr = true;
	o.gr_flags = 0;
	o.gr_time = BGP_GR_RESTART_TIME;
	wire_wr_init_fixed(&w, buf, sizeof(buf));
	rc = bgp_open_write(&w, &o);
	if (rc < 0) {
		log_fault(LOGM_BGP, "%s: cannot encode our OPEN: %s", c->s->name, strerror(-rc));
		return rc;
	}
	return bgp_conn_queue(c, wire_wr_data(&w), wire_wr_len(&w));
}

int bgp_open_check(const struct bgp_session *s, const struct bgp_open *o, struct bgp_notify *err)
{
	uint32_t asn = bgp_open_asn(o);

	memset(err, 0, sizeof(*err));
	err->code = BGP_ERR_OPEN;
	if (asn != s->conf.remote_as) {
		log_peer(LOGM_BGP, "%s: OPEN with AS %u, expected %u", s->name, asn,
			 s->conf.remote_as);
		err->subcode = BGP_ERR_OPEN_PEER_AS;
		return -EBADMSG;
	}
	/* RFC 6286 §2.2: a shared identifier is only an error inside one AS. */
	if (asn == s->conf.local_as && o->bgp_id == s->conf.router_id) {
		log_peer(LOGM_BGP, "%s: OPEN with our own BGP identifier", s->name);
		err->subcode = BGP_ERR_OPEN_BGP_ID;
		return -EBADMSG;
	}
	return 0;
}

void bgp_open_negotiate(struct bgp_conn *c)
{
	const struct bgp_session_conf *conf = &c->s->conf;
	uint16_t hold = conf->hold < c->peer.hold_time ? conf->hold : c->peer.hold_time;

	c->hold_s = hold;
	if (hold == 0)
		c->ka_s = 0;
	else if (conf->keepalive && conf->keepalive < hold)
		c->ka_s = conf->keepalive;
	else
		c->ka_s = hold / 3;
}

/* ---- what the shell and the speaker ask ---------------------------------------- */

const struct bgp_open *bgp_session_peer_open(const struct bgp_session *s)
{
	return s->peer_valid ? &s->peer : NULL;
}

bool bgp_session_as4(const struct bgp_session *s)
{
	/* We always send the capability. */
	return s->peer_valid && s->peer.has_as4;
}

bool bgp_session_af(const struct bgp_session *s, uint16_t afi)
{
	return s->peer_valid && bgp_open_our_af(&s->conf, afi) && bgp_open_peer_af(&s->peer, afi);
}

bool bgp_session_route_refresh(const struct bgp_session *s)
{
	return s->peer_valid && s->peer.route_refresh;
}

bool bgp_session_peer_gr(const struct bgp_session *s, uint16_t *restart_time)
{
	if (!s->peer_valid || !s->peer.has_gr)
		return false;
	if (restart_time)
		*restart_time = s->peer.gr_time;
	return true;
}

uint16_t bgp_session_hold(const struct bgp_session *s)
{
	return s->peer_valid ? s->hold_s : 0;
}

uint16_t bgp_session_keepalive(const struct bgp_session *s)
{
	return s->peer_valid ? s->ka_s : 0;
}
