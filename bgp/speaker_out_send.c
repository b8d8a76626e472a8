/*
 * Sending what the Adj-RIB-Out work decided: withdrawals, announcements
 * grouped by attribute set (many prefixes per UPDATE), End-of-RIB.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/speaker_int.h"
#include "common/log.h"

static int item_cmp(const void *x, const void *y)
{
	const struct bgp_out_item *a = x, *b = y;
	uintptr_t pa = (uintptr_t)a->a, pb = (uintptr_t)b->a;

	return pa < pb ? -1 : pa > pb;
}

bool bgp_out_local_addr(const struct bgp_peer *p, enum bgp_af af, struct vt_addr *out)
{
	struct sockaddr_storage l, r;

	memset(out, 0, sizeof(*out));
	if (bgp_session_addrs(p->s, &l, &r) < 0 || l.ss_family != bgp_af_family(af))
		return false;
	out->family = (uint8_t)l.ss_family;
	if (l.ss_family == AF_INET)
		out->u.v4 = ((struct sockaddr_in *)&l)->sin_addr;
	else
		out->u.v6 = ((struct sockaddr_in6 *)&l)->sin6_addr;
	return true;
}

static void out_send_msg(struct bgp_peer *p, struct wire_writer *w)
{
	if (bgp_session_send(p->s, wire_wr_data(w), wire_wr_len(w)) < 0)
		log_fault(LOGM_BGP, "could not queue an UPDATE");
}

static void out_send_withdrawals(struct bgp_peer *p, const struct vt_prefix *pfx, size_t n)
{
	uint8_t buf[BGP_MSG_MAX];
	struct wire_writer w;
	size_t used;

	while (n) {
		wire_wr_init_fixed(&w, buf, sizeof(buf));
		if (bgp_withdraw_write(&w, pfx, n, &used) < 0 || !used)
			return;
		out_send_msg(p, &w);
		pfx += used;
		n -= used;
	}
}

static void out_send_group(struct bgp_peer *p, enum bgp_af af, const struct bgp_out_item *it,
			   const struct vt_prefix *pfx, size_t n, const struct vt_addr *nh)
{
	struct bgp_export x = {
		.local_as = p->sp->conf.local_as,
		.ebgp = !p->ibgp,
		.med_from_ebgp = it->from_ebgp,
		.prepend = p->conf.af[af].prepend,
		.peer_as4 = bgp_session_as4(p->s),
		.default_local_pref = 100,
		.next_hop = *nh,
	};
	struct bgp_upd_ctx uc = {.as4 = x.peer_as4, .ibgp = p->ibgp};
	uint8_t abuf[BGP_MSG_MAX], buf[BGP_MSG_MAX];
	struct bgp_update u;
	struct wire_writer w;
	size_t used;

	if (bgp_attrs_export(it->a, &x, bgp_afi_of(af), &u, abuf, sizeof(abuf)) < 0) {
		log_fault(LOGM_BGP, "an attribute set too large to send");
		return;
	}
	while (n) {
		wire_wr_init_fixed(&w, buf, sizeof(buf));
		if (bgp_update_write(&w, &uc, &u, pfx, n, &used) < 0 || !used) {
			log_fault(LOGM_BGP, "could not encode an UPDATE");
			return;
		}
		out_send_msg(p, &w);
		pfx += used;
		n -= used;
	}
}

void bgp_out_send(struct bgp_peer *p, enum bgp_af af, struct bgp_out_item *it, size_t n,
		     const struct vt_addr *nh)
{
	struct vt_prefix pfx[BGP_OUT_BATCH];
	size_t i = 0;

	qsort(it, n, sizeof(*it), item_cmp);
	for (; i < n && !it[i].a; i++)
		pfx[i] = it[i].pfx;
	out_send_withdrawals(p, pfx, i);
	while (i < n) {
		size_t j = i, k = 0;

		while (j < n && it[j].a == it[i].a && it[j].from_ebgp == it[i].from_ebgp)
			pfx[k++] = it[j++].pfx;
		out_send_group(p, af, &it[i], pfx, k, nh);
		i = j;
	}
}

void bgp_out_send_eor(struct bgp_peer *p, enum bgp_af af)
{
	static const uint8_t v6_tail[] = {0, 0, 0, 6, 0x80, BGP_ATTR_MP_UNREACH, 3, 0,
					  BGP_AFI_IPV6, BGP_SAFI_UNICAST};
	uint8_t msg[BGP_HDR_LEN + sizeof(v6_tail)];
	size_t len = BGP_HDR_LEN + (af == BGP_AF_IPV6 ? sizeof(v6_tail) : 4);

	memset(msg, 0xff, 16);
	msg[16] = (uint8_t)(len >> 8);
	msg[17] = (uint8_t)len;
	msg[18] = BGP_MSG_UPDATE;
	if (af == BGP_AF_IPV6)
		memcpy(msg + BGP_HDR_LEN, v6_tail, sizeof(v6_tail));
	else
		memset(msg + BGP_HDR_LEN, 0, 4);
	bgp_session_send(p->s, msg, len);
	p->out[af].eor_sent = true;
}
