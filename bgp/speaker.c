/*
 * The speaker: its settings, its life, and what it holds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/speaker_int.h"
#include "common/log.h"
#include "common/strbuf.h"

enum bgp_af bgp_af_of(int family)
{
	return family == AF_INET6 ? BGP_AF_IPV6 : BGP_AF_IPV4;
}

uint16_t bgp_afi_of(enum bgp_af af)
{
	return af == BGP_AF_IPV6 ? BGP_AFI_IPV6 : BGP_AFI_IPV4;
}

int bgp_af_family(enum bgp_af af)
{
	return af == BGP_AF_IPV6 ? AF_INET6 : AF_INET;
}

const char *bgp_af_name(enum bgp_af af)
{
	return af == BGP_AF_IPV6 ? "IPv6 unicast" : "IPv4 unicast";
}

static void speaker_conf_norm(struct bgp_speaker_conf *c)
{
	for (int i = 0; i < BGP_AF_COUNT; i++)
		if (c->maxpaths[i] == 0 || c->maxpaths[i] > BGP_MAXPATHS_MAX)
			c->maxpaths[i] = c->maxpaths[i] ? BGP_MAXPATHS_MAX : 16;
	if (!c->transport.connect)
		c->transport = bgp_transport_tcp;
}

struct bgp_speaker *bgp_speaker_new(struct ev_loop *loop, const struct bgp_speaker_conf *c,
				    const struct bgp_speaker_ops *ops, void *ctx,
				    struct strbuf *err)
{
	struct bgp_speaker *sp = calloc(1, sizeof(*sp));

	if (!sp) {
		sb_add(err, "out of memory");
		return NULL;
	}
	sp->loop = loop;
	sp->conf = *c;
	speaker_conf_norm(&sp->conf);
	sp->ops = *ops;
	sp->ctx = ctx;
	sp->listen_fd[0] = sp->listen_fd[1] = -1;
	sp->attrs = bgp_attr_table_new();
	sp->rib = sp->attrs ? bgp_rib_new(loop, sp->attrs, &bgp_speaker_rib_ops, sp) : NULL;
	if (!sp->rib) {
		sb_add(err, "out of memory");
		bgp_speaker_free(sp);
		return NULL;
	}
	for (int i = 0; i < BGP_AF_COUNT; i++)
		bgp_rib_set_maxpaths(sp->rib, (enum bgp_af)i, sp->conf.maxpaths[i]);
	bgp_rib_peer_set(sp->rib, BGP_RIB_PEER_LOCAL,
			 &(struct bgp_rib_peer){.bgp_id = sp->conf.router_id});
	if (!sp->conf.no_listen && bgp_listen_start(sp, err) < 0) {
		bgp_speaker_free(sp);
		return NULL;
	}
	return sp;
}

void bgp_speaker_free(struct bgp_speaker *sp)
{
	if (!sp)
		return;
	bgp_listen_stop(sp);
	while (sp->n_peers)
		bgp_peer_remove(sp, &sp->peers[0]->conf.addr);
	/* the neighbors' paths are being flushed: deciding what is left
	 * reports every route they gave as gone (ops->route with n = 0) */
	if (sp->rib)
		bgp_rib_drain(sp->rib);
	bgp_rib_free(sp->rib);
	if (bgp_attr_table_free(sp->attrs))
		log_fault(LOGM_BGP, "attribute sets still referenced at shutdown");
	for (size_t i = 0; i < sp->n_plists; i++)
		bgp_plist_free(sp->plists[i]);
	free(sp->plists);
	free(sp->peers);
	free(sp->networks);
	free(sp);
}

const struct bgp_speaker_conf *bgp_speaker_conf(const struct bgp_speaker *sp)
{
	return &sp->conf;
}

int bgp_speaker_set_conf(struct bgp_speaker *sp, const struct bgp_speaker_conf *c,
			 struct strbuf *err)
{
	struct bgp_speaker_conf n = *c;
	bool reset;

	speaker_conf_norm(&n);
	reset = n.local_as != sp->conf.local_as || n.router_id != sp->conf.router_id;
	if (n.listen_port != sp->conf.listen_port || n.no_listen != sp->conf.no_listen) {
		bgp_listen_stop(sp);
		if (!n.no_listen && bgp_listen_start(sp, err) < 0)
			return -EADDRINUSE;
	}
	for (int i = 0; i < BGP_AF_COUNT; i++)
		if (n.maxpaths[i] != sp->conf.maxpaths[i])
			bgp_rib_set_maxpaths(sp->rib, (enum bgp_af)i, n.maxpaths[i]);
	sp->conf = n;
	if (reset) {
		bgp_rib_peer_set(sp->rib, BGP_RIB_PEER_LOCAL,
				 &(struct bgp_rib_peer){.bgp_id = n.router_id});
		for (size_t i = 0; i < sp->n_peers; i++) {
			struct bgp_peer_conf pc = sp->peers[i]->conf;

			/* a new session carries the new AS / id in its OPEN */
			bgp_peer_remove(sp, &pc.addr);
			bgp_peer_add(sp, &pc, err);
		}
	}
	return 0;
}

/* ---- reading ------------------------------------------------------------------------ */

const struct bgp_rib *bgp_speaker_rib(const struct bgp_speaker *sp)
{
	return sp->rib;
}

const struct bgp_attr_table *bgp_speaker_attrs(const struct bgp_speaker *sp)
{
	return sp->attrs;
}

bool bgp_speaker_busy(const struct bgp_speaker *sp)
{
	if (bgp_rib_busy(sp->rib))
		return true;
	for (size_t i = 0; i < sp->n_peers; i++)
		if (bgp_out_busy(sp->peers[i]))
			return true;
	return false;
}

size_t bgp_speaker_bytes(const struct bgp_speaker *sp)
{
	size_t n = sizeof(*sp) + bgp_rib_bytes(sp->rib) + bgp_attr_table_bytes(sp->attrs);

	for (size_t i = 0; i < sp->n_peers; i++)
		n += sizeof(struct bgp_peer) + bgp_out_bytes(sp->peers[i]);
	return n;
}
