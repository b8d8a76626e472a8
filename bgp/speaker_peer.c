/*
 * The neighbor table (sorted by address, with an index by RIB id): adding,
 * changing, removing, clearing, dropping and kicking neighbors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/speaker_int.h"
#include "common/log.h"
#include "common/sorted.h"
#include "common/strbuf.h"

/* ---- neighbors ---------------------------------------------------------------------- */

static int peer_cmp(const void *key, const void *elem)
{
	return vt_addr_cmp(key, &(*(struct bgp_peer *const *)elem)->conf.addr);
}

static long peer_index(const struct bgp_speaker *sp, const struct vt_addr *a)
{
	return sorted_index(sp->peers, sp->n_peers, sizeof(*sp->peers), a, peer_cmp);
}

const char *bgp_peer_name(const struct bgp_peer *p, char *buf, size_t len)
{
	return vt_addr_fmt(&p->conf.addr, buf, len);
}

struct bgp_peer *bgp_speaker_peer_lookup(struct bgp_speaker *sp, const struct vt_addr *a)
{
	long i = peer_index(sp, a);

	return i >= 0 ? sp->peers[i] : NULL;
}

static struct bgp_session_conf peer_session_conf(const struct bgp_speaker *sp,
						 const struct bgp_peer_conf *c)
{
	bool ibgp = c->remote_as == sp->conf.local_as;

	return (struct bgp_session_conf){
		.remote = c->addr,
		.local = c->local,
		.port = c->port,
		.local_as = sp->conf.local_as,
		.remote_as = c->remote_as,
		.router_id = sp->conf.router_id,
		.hold = c->hold,
		.keepalive = c->keepalive,
		.passive = c->passive,
		.ttl = c->ttl ? c->ttl : (ibgp ? 0 : 1),
		.af_ipv4 = c->af[BGP_AF_IPV4].active,
		.af_ipv6 = c->af[BGP_AF_IPV6].active,
	};
}

/* Ids go round, so a removed neighbor's id (whose paths the RIB may
 * still be flushing in budgeted passes) is not handed out again soon. */
static uint16_t peer_id_alloc(struct bgp_speaker *sp)
{
	for (unsigned k = 0; k < BGP_RIB_PEERS_MAX; k++) {
		uint16_t i = (uint16_t)(1 + (sp->next_id + k) % (BGP_RIB_PEERS_MAX - 1));

		if (!sp->by_id[i]) {
			sp->next_id = i;
			return i;
		}
	}
	return 0;
}

int bgp_peer_add(struct bgp_speaker *sp, const struct bgp_peer_conf *c, struct strbuf *err)
{
	long i = peer_index(sp, &c->addr);
	struct bgp_session_conf sc = peer_session_conf(sp, c);
	struct bgp_peer *p;
	size_t pos;

	if (i >= 0) {
		sb_add(err, "neighbor exists");
		return -EEXIST;
	}
	pos = (size_t)(-i - 1);
	if (sp->n_peers == sp->cap_peers) {
		size_t cap = sp->cap_peers ? 2 * sp->cap_peers : 8;
		struct bgp_peer **v = realloc(sp->peers, cap * sizeof(*v));

		if (!v) {
			sb_add(err, "out of memory");
			return -ENOMEM;
		}
		sp->peers = v;
		sp->cap_peers = cap;
	}
	p = calloc(1, sizeof(*p));
	if (!p || !(p->id = peer_id_alloc(sp))) {
		free(p);
		sb_add(err, p ? "too many neighbors" : "out of memory");
		return p ? -ENOSPC : -ENOMEM;
	}
	p->sp = sp;
	p->conf = *c;
	p->ibgp = c->remote_as == sp->conf.local_as;
	ev_timer_init(&p->gr_timer, sp->loop, NULL, p);
	bgp_out_init(p);
	p->s = bgp_session_new(sp->loop, &sc, &bgp_peer_session_ops, p, &sp->conf.transport);
	if (!p->s) {
		bgp_out_free(p);
		free(p);
		sb_add(err, "out of memory");
		return -ENOMEM;
	}
	sp->by_id[p->id] = p;
	memmove(&sp->peers[pos + 1], &sp->peers[pos], (sp->n_peers - pos) * sizeof(*sp->peers));
	sp->peers[pos] = p;
	sp->n_peers++;
	if (!c->shutdown)
		bgp_session_start(p->s);
	return 0;
}

static void peer_free(struct bgp_peer *p)
{
	struct bgp_speaker *sp = p->sp;

	bgp_session_free(p->s); /* calls down (and so out_stop, rib flush) if up */
	ev_timer_cancel(&p->gr_timer);
	bgp_out_free(p);
	for (int i = 0; i < BGP_AF_COUNT; i++)
		bgp_rib_peer_flush(sp->rib, p->id, (enum bgp_af)i);
	sp->by_id[p->id] = NULL;
	free(p);
}

void bgp_peer_remove(struct bgp_speaker *sp, const struct vt_addr *addr)
{
	long i = peer_index(sp, addr);
	struct bgp_peer *p;

	if (i < 0)
		return;
	p = sp->peers[i];
	memmove(&sp->peers[i], &sp->peers[i + 1], (sp->n_peers - (size_t)i - 1) * sizeof(*sp->peers));
	sp->n_peers--;
	p->local_reset = true;
	peer_free(p);
}

/* A neighbor held down after maximum-prefix starts again. */
static void peer_release(struct bgp_peer *p)
{
	p->held_maxpfx = false;
	if (!p->conf.shutdown)
		bgp_session_start(p->s);
}

/* Only policy differs: what can change without a new session. */
static bool peer_conf_policy_only(const struct bgp_peer_conf *a, const struct bgp_peer_conf *b)
{
	struct bgp_peer_conf x = *a, y = *b;

	for (int i = 0; i < BGP_AF_COUNT; i++) {
		struct bgp_peer_af_conf *f = &x.af[i];

		y.af[i].max_prefix = f->max_prefix;
		y.af[i].max_prefix_warn_only = f->max_prefix_warn_only;
		y.af[i].send_limit = f->send_limit;
		y.af[i].prepend = f->prepend;
		memcpy(y.af[i].plist_in, f->plist_in, sizeof(f->plist_in));
		memcpy(y.af[i].plist_out, f->plist_out, sizeof(f->plist_out));
	}
	memcpy(y.descr, x.descr, sizeof(x.descr));
	return memcmp(&x, &y, sizeof(x)) == 0;
}

int bgp_peer_change(struct bgp_speaker *sp, const struct bgp_peer_conf *c, struct strbuf *err)
{
	struct bgp_peer *p = bgp_speaker_peer_lookup(sp, &c->addr);
	struct bgp_peer_conf old;

	if (!p) {
		sb_add(err, "no such neighbor");
		return -ENOENT;
	}
	old = p->conf;
	if (!peer_conf_policy_only(&old, c)) {
		bgp_peer_remove(sp, &c->addr);
		return bgp_peer_add(sp, c, err);
	}
	p->conf = *c;
	for (int i = 0; i < BGP_AF_COUNT; i++) {
		const struct bgp_peer_af_conf *o = &old.af[i], *n = &c->af[i];

		if (strcmp(o->plist_in, n->plist_in) != 0)
			bgp_in_reapply(p, (enum bgp_af)i);
		if (strcmp(o->plist_out, n->plist_out) != 0 || o->prepend != n->prepend ||
		    o->send_limit != n->send_limit)
			bgp_out_resend(p, (enum bgp_af)i);
		if (o->max_prefix != n->max_prefix || o->max_prefix_warn_only != n->max_prefix_warn_only) {
			p->max_warned[i] = p->max_over_warned[i] = false;
			if (p->held_maxpfx)
				peer_release(p);
		}
	}
	return 0;
}

bool bgp_peer_held_down(const struct bgp_peer *p)
{
	return p->held_maxpfx;
}

/* Soft in also asks the neighbor to send everything again (RFC 2918),
 * which catches what it withdrew or changed while its policy hid it. */
static void peer_refresh_request(struct bgp_peer *p, enum bgp_af af)
{
	struct bgp_rrefresh rr = {.afi = bgp_afi_of(af), .safi = BGP_SAFI_UNICAST};
	uint8_t buf[32];
	struct wire_writer w;

	if (!p->up || !p->conf.af[af].active || !bgp_session_af(p->s, rr.afi) ||
	    !bgp_session_route_refresh(p->s))
		return;
	wire_wr_init_fixed(&w, buf, sizeof(buf));
	if (bgp_rrefresh_write(&w, &rr) == 0)
		bgp_session_send(p->s, wire_wr_data(&w), wire_wr_len(&w));
}

int bgp_peer_clear(struct bgp_speaker *sp, const struct vt_addr *addr, enum bgp_clear how)
{
	struct bgp_peer *one = addr ? bgp_speaker_peer_lookup(sp, addr) : NULL;

	if (addr && !one)
		return -ENOENT;
	for (size_t i = 0; i < sp->n_peers; i++) {
		struct bgp_peer *p = sp->peers[i];

		if (one && p != one)
			continue;
		if (how == BGP_CLEAR_HARD && p->held_maxpfx) {
			peer_release(p);
			continue;
		}
		if (how == BGP_CLEAR_HARD) {
			p->local_reset = true;
			bgp_session_reset(p->s,
					  &(struct bgp_notify){.code = BGP_ERR_CEASE, .subcode = 4},
					  "cleared by the operator");
			continue;
		}
		for (int f = 0; f < BGP_AF_COUNT; f++) {
			if (how == BGP_CLEAR_SOFT_IN || how == BGP_CLEAR_SOFT) {
				bgp_in_reapply(p, (enum bgp_af)f);
				peer_refresh_request(p, (enum bgp_af)f);
			}
			if (how == BGP_CLEAR_SOFT_OUT || how == BGP_CLEAR_SOFT)
				bgp_out_resend(p, (enum bgp_af)f);
		}
	}
	return 0;
}

void bgp_peer_drop(struct bgp_speaker *sp, const struct vt_addr *addr, const char *reason)
{
	struct bgp_peer *p = bgp_speaker_peer_lookup(sp, addr);

	if (!p || bgp_session_state(p->s) == BGP_ST_IDLE)
		return;
	p->local_reset = true;
	bgp_session_drop(p->s, reason);
}

void bgp_peer_kick(struct bgp_speaker *sp, const struct vt_addr *addr)
{
	struct bgp_peer *p = bgp_speaker_peer_lookup(sp, addr);

	if (!p || p->conf.shutdown || p->conf.passive)
		return;
	/* Connect: a SYN sent into the dead tunnel may wait seconds for its
	 * retransmission; the retry closes it and connects anew */
	if (bgp_session_state(p->s) == BGP_ST_ACTIVE || bgp_session_state(p->s) == BGP_ST_CONNECT)
		bgp_session_timer_fire(p->s, BGP_T_CONNECT_RETRY);
	else if (bgp_session_state(p->s) == BGP_ST_IDLE)
		bgp_session_timer_fire(p->s, BGP_T_IDLE_HOLD);
}

size_t bgp_speaker_peer_count(const struct bgp_speaker *sp)
{
	return sp->n_peers;
}

const struct bgp_peer *bgp_speaker_peer_at(const struct bgp_speaker *sp, size_t i)
{
	return i < sp->n_peers ? sp->peers[i] : NULL;
}

const struct bgp_peer *bgp_speaker_peer_find(const struct bgp_speaker *sp,
					     const struct vt_addr *addr)
{
	long i = peer_index(sp, addr);

	return i >= 0 ? sp->peers[i] : NULL;
}

const struct bgp_peer *bgp_speaker_peer_by_id(const struct bgp_speaker *sp, uint16_t rib_id)
{
	return rib_id < BGP_RIB_PEERS_MAX ? sp->by_id[rib_id] : NULL;
}

const struct bgp_peer_conf *bgp_peer_conf(const struct bgp_peer *p)
{
	return &p->conf;
}

const struct bgp_session *bgp_peer_session(const struct bgp_peer *p)
{
	return p->s;
}

uint16_t bgp_peer_rib_id(const struct bgp_peer *p)
{
	return p->id;
}
