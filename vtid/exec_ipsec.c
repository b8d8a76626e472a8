/*
 * show ipsec sa, clear ipsec sa, tunnel NAME up|down|rekey: the shell's
 * view of and hold on the IKE engine.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/exec_cmds.h"
#include "vtid/ipsec.h"
#include "vtid/tunnel_mgr.h"

/* The running tunnel named by argv[i], or NULL with the error written. */
static struct tunnel *running(struct cmd_call *call, const char *name)
{
	struct tunnel *t = tunnel_mgr_find_rw(ctl_session_of(call)->d->tunnels, name);

	if (!t) {
		sb_printf(call->out, "%% No tunnel %s\n", name);
		return NULL;
	}
	if (!t->rt) {
		sb_printf(call->out, "%% Tunnel %s is not running%s%s\n", name,
			  t->start_error[0] ? ": " : "", t->start_error);
		return NULL;
	}
	return t;
}

static void addr_json(struct jsonw *w, const char *key, const struct sockaddr_storage *a)
{
	char buf[64];

	jw_kv_str(w, key, ike_addr_str(a, buf, sizeof(buf)));
}

static void sa_json(struct jsonw *w, const struct ike_tunnel_status *st, struct tunnel_rt *rt)
{
	jw_obj_begin(w);
	jw_kv_str(w, "tunnel", st->name);
	jw_kv_str(w, "state", ike_tunnel_state_name(st->state));
	if (st->why[0])
		jw_kv_str(w, "reason", st->why);
	if (st->has_sa) {
		char spi[17];

		jw_kv_str(w, "role", st->initiator ? "initiator" : "responder");
		snprintf(spi, sizeof(spi), "%016" PRIx64, st->spi_i);
		jw_kv_str(w, "spi-i", spi);
		snprintf(spi, sizeof(spi), "%016" PRIx64, st->spi_r);
		jw_kv_str(w, "spi-r", spi);
		jw_kv_str(w, "algorithms", st->algs);
		addr_json(w, "local", &st->local);
		addr_json(w, "remote", &st->remote);
		jw_kv_bool(w, "nat-local", st->nat_local);
		jw_kv_bool(w, "nat-remote", st->nat_remote);
		jw_kv_bool(w, "udp-encap", st->encap);
		jw_kv_uint(w, "established-s", (ev_now_ms() - st->established_ms) / 1000);
		jw_kv_int(w, "rekey-in-s", st->rekey_in_s);
	}
	jw_key(w, "child-sas");
	jw_arr_begin(w);
	for (unsigned i = 0; i < st->n_child; i++) {
		const struct ike_child_status *c = &st->child[i];
		struct dp_sa_stats in = {0}, out = {0};
		char spi[9];

		(void)dp_sa_stats(rt->dpt, c->spi_in, true, &in);
		(void)dp_sa_stats(rt->dpt, c->spi_out, false, &out);
		jw_obj_begin(w);
		snprintf(spi, sizeof(spi), "%08" PRIx32, c->spi_in);
		jw_kv_str(w, "spi-in", spi);
		snprintf(spi, sizeof(spi), "%08" PRIx32, c->spi_out);
		jw_kv_str(w, "spi-out", spi);
		jw_kv_str(w, "algorithms", c->algs);
		jw_kv_bool(w, "rekeyed", c->rekeying);
		jw_kv_uint(w, "established-s", (ev_now_ms() - c->established_ms) / 1000);
		jw_kv_int(w, "rekey-in-s", c->rekey_in_s);
		jw_kv_uint(w, "bytes-in", in.bytes);
		jw_kv_uint(w, "packets-in", in.packets);
		jw_kv_uint(w, "bytes-out", out.bytes);
		jw_kv_uint(w, "packets-out", out.packets);
		jw_kv_uint(w, "replay-drops", in.replay_drops);
		jw_kv_uint(w, "auth-fails", in.auth_fails);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void sa_text(struct strbuf *o, const struct ike_tunnel_status *st, struct tunnel_rt *rt)
{
	char a[64], b[64];

	sb_printf(o, "%s: %s%s%s\n", st->name, ike_tunnel_state_name(st->state),
		  st->why[0] ? ", " : "", st->why);
	if (!st->has_sa)
		return;
	/* As strongSwan does, '*' marks our own SPI. */
	sb_printf(o, "  IKE SA %016" PRIx64 "_i%s %016" PRIx64 "_r%s, %s === %s%s\n", st->spi_i,
		  st->initiator ? "*" : "", st->spi_r, st->initiator ? "" : "*",
		  ike_addr_str(&st->local, a, sizeof(a)),
		  ike_addr_str(&st->remote, b, sizeof(b)),
		  st->nat_local ? " (we are behind NAT)" : st->nat_remote ? " (peer behind NAT)" : "");
	sb_printf(o, "    %s, established %" PRIu64 "s ago, rekey in %llds%s\n", st->algs,
		  (ev_now_ms() - st->established_ms) / 1000, (long long)st->rekey_in_s,
		  st->encap ? ", UDP-encapsulated" : "");
	for (unsigned i = 0; i < st->n_child; i++) {
		const struct ike_child_status *c = &st->child[i];
		struct dp_sa_stats in = {0}, out = {0};

		(void)dp_sa_stats(rt->dpt, c->spi_in, true, &in);
		(void)dp_sa_stats(rt->dpt, c->spi_out, false, &out);
		sb_printf(o, "  CHILD_SA %08" PRIx32 "_i %08" PRIx32 "_o%s, %s, rekey in %llds\n",
			  c->spi_in, c->spi_out, c->rekeying ? " (rekeyed)" : "", c->algs,
			  (long long)c->rekey_in_s);
		sb_printf(o, "    in %llu bytes / %llu packets, out %llu bytes / %llu packets\n",
			  (unsigned long long)in.bytes, (unsigned long long)in.packets,
			  (unsigned long long)out.bytes, (unsigned long long)out.packets);
	}
}

int exec_show_ipsec_sa(struct cmd_call *call)
{
	const struct tunnel_mgr *tm = ctl_session_of(call)->d->tunnels;
	const char *only = call->argv[4];
	struct ike_tunnel_status *st = malloc(sizeof(*st));
	struct jsonw w;
	unsigned shown = 0;

	exec_json_mark(call);
	if (!st)
		return -ENOMEM;
	if (only && !tunnel_mgr_find(tm, only)) {
		sb_printf(call->out, "%% No tunnel %s\n", only);
		free(st);
		return -ENOENT;
	}
	if (call->json) {
		jw_init(&w, call->out, true);
		jw_obj_begin(&w);
		jw_key(&w, "tunnels");
		jw_arr_begin(&w);
	}
	for (size_t i = 0; i < tunnel_mgr_count(tm); i++) {
		const struct tunnel *t = tunnel_mgr_at(tm, i);

		if (!t->rt || (only && strcmp(only, t->conf->name) != 0))
			continue;
		if (ike_tunnel_status(t->rt->ike, st) < 0)
			continue;
		if (call->json)
			sa_json(&w, st, t->rt);
		else
			sa_text(call->out, st, t->rt);
		shown++;
	}
	free(st);
	if (call->json) {
		jw_arr_end(&w);
		return exec_json_end(call, &w);
	}
	if (!shown)
		sb_add(call->out, "No tunnels running.\n");
	return 0;
}

int exec_clear_ipsec_sa(struct cmd_call *call)
{
	struct vtid_daemon *d = ctl_session_of(call)->d;
	const char *only = call->argv[4];
	unsigned n = 0;

	if (only) {
		struct tunnel *t = running(call, only);

		if (!t)
			return -ENOENT;
		ike_tunnel_clear(t->rt->ike);
		n = 1;
	} else {
		for (size_t i = 0; i < tunnel_mgr_count(d->tunnels); i++) {
			const struct tunnel *t = tunnel_mgr_at(d->tunnels, i);

			if (t->rt) {
				ike_tunnel_clear(t->rt->ike);
				n++;
			}
		}
	}
	sb_printf(call->out, "Cleared the SAs of %u tunnel%s.\n", n, n == 1 ? "" : "s");
	return 0;
}

int exec_tunnel_updown(struct cmd_call *call)
{
	struct tunnel *t = running(call, call->argv[1]);
	bool up = strcmp(call->argv[2], "up") == 0;
	int ret;

	if (!t)
		return -ENOENT;
	ret = up ? ike_tunnel_up(t->rt->ike) : ike_tunnel_down(t->rt->ike);
	if (ret < 0) {
		sb_printf(call->out, "%% Tunnel %s: %s\n", t->conf->name, strerror(-ret));
		return ret;
	}
	t->rt->ike_admin_down = !up;
	sb_printf(call->out, "Tunnel %s: %s\n", t->conf->name,
		  up ? "initiating" : "SAs deleted, stays down until 'tunnel NAME up'");
	return 0;
}

int exec_tunnel_rekey(struct cmd_call *call)
{
	struct tunnel *t = running(call, call->argv[1]);
	bool ike = strcmp(call->argv[3], "ike") == 0;
	int ret;

	if (!t)
		return -ENOENT;
	ret = ike_tunnel_rekey(t->rt->ike, ike);
	if (ret < 0) {
		sb_printf(call->out, "%% Tunnel %s: %s\n", t->conf->name,
			  ret == -ENOTCONN ? "not up" : strerror(-ret));
		return ret;
	}
	sb_printf(call->out, "Tunnel %s: rekeying the %s\n", t->conf->name,
		  ike ? "IKE SA" : "CHILD_SA");
	return 0;
}
