/*
 * show ip bgp summary, show bgp neighbors [ADDR], clear ip bgp: the
 * speaker's neighbors as vtysh shows them, text and JSON.  Neighbors come
 * from the configuration (so they show before the speaker runs); their
 * sessions from the speaker.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "common/evloop.h"
#include "common/jsonw.h"
#include "vtid/bgp_mgr.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/exec_cmds.h"
#include "vtid/show_bgp.h"

const char *show_bgp_updown(const struct bgp_session *s, char *buf, size_t len)
{
	const struct bgp_session_stats *st = s ? bgp_session_stats(s) : NULL;
	uint64_t secs;

	if (!st || !st->since_ms) {
		snprintf(buf, len, "never");
		return buf;
	}
	secs = (ev_now_ms() - st->since_ms) / 1000;
	if (secs < 86400)
		snprintf(buf, len, "%02u:%02u:%02u", (unsigned)(secs / 3600),
			 (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
	else if (secs < 7 * 86400)
		snprintf(buf, len, "%ud%02uh%02um", (unsigned)(secs / 86400),
			 (unsigned)(secs / 3600 % 24), (unsigned)(secs / 60 % 60));
	else
		snprintf(buf, len, "%uw%ud%02uh", (unsigned)(secs / 604800),
			 (unsigned)(secs / 86400 % 7), (unsigned)(secs / 3600 % 24));
	return buf;
}

uint64_t show_bgp_msgs(const struct bgp_session *s, bool in)
{
	const struct bgp_session_stats *st = bgp_session_stats(s);
	uint64_t n = 0;

	for (int i = 1; i <= 5; i++)
		n += in ? st->msgs_in[i] : st->msgs_out[i];
	return n;
}

const char *show_bgp_router_id(const struct bgp_speaker *sp, char *buf, size_t len)
{
	struct in_addr a = {.s_addr = htonl(sp ? bgp_speaker_conf(sp)->router_id : 0)};

	return inet_ntop(AF_INET, &a, buf, (socklen_t)len) ? buf : "0.0.0.0";
}

static void summary_peer_json(struct jsonw *w, const struct bgp_neighbor *nb,
			      const struct bgp_peer *p, enum bgp_af af, const char *state)
{
	struct bgp_peer_af_stats st = {0};
	char tb[32];

	if (p)
		bgp_peer_af_stats(p, af, &st);
	jw_obj_begin(w);
	jw_kv_uint(w, "remote-as", nb->conf.remote_as);
	jw_kv_str(w, "state", state);
	jw_kv_str(w, "up-down", show_bgp_updown(p ? bgp_peer_session(p) : NULL, tb, sizeof(tb)));
	jw_kv_uint(w, "msgs-received", p ? show_bgp_msgs(bgp_peer_session(p), true) : 0);
	jw_kv_uint(w, "msgs-sent", p ? show_bgp_msgs(bgp_peer_session(p), false) : 0);
	jw_kv_uint(w, "prefixes-received", st.received);
	jw_kv_uint(w, "prefixes-accepted", st.accepted);
	jw_kv_uint(w, "prefixes-sent", st.sent);
	jw_kv_uint(w, "prefixes-held-back", st.held_back);
	if (nb->conf.description[0])
		jw_kv_str(w, "description", nb->conf.description);
	jw_obj_end(w);
}

static int summary(struct cmd_call *call, enum bgp_af af)
{
	struct bgp_mgr *bm = ctl_session_of(call)->d->bgp;
	const struct bgp_instance_conf *inst = bgp_mgr_instance(bm);
	const struct bgp_speaker *sp = bgp_mgr_speaker(bm);
	struct bgp_rib_counts rc = {0};
	size_t n = bgp_mgr_count(bm);
	char a[VT_ADDR_STRLEN], rid[VT_ADDR_STRLEN], tb[32];
	struct jsonw w;

	exec_json_mark(call);
	show_bgp_router_id(sp, rid, sizeof(rid));
	if (sp)
		bgp_rib_counts(bgp_speaker_rib(sp), af, &rc);
	if (call->json) {
		jw_init(&w, call->out, true);
		jw_obj_begin(&w);
		if (inst->enabled) {
			jw_kv_str(&w, "router-id", rid);
			jw_kv_uint(&w, "local-as", inst->local_as);
			jw_kv_bool(&w, "running", sp != NULL);
			jw_kv_uint(&w, "rib-prefixes", rc.dests);
			jw_kv_uint(&w, "rib-paths", rc.paths);
			jw_kv_uint(&w, "rib-pending", sp && bgp_speaker_busy(sp));
			jw_kv_uint(&w, "memory-bytes", sp ? bgp_speaker_bytes(sp) : 0);
		}
		jw_key(&w, "peers");
		jw_obj_begin(&w);
		for (size_t i = 0; i < n; i++) {
			const struct bgp_neighbor *nb = bgp_mgr_at(bm, i);
			const struct bgp_peer *p = sp ? bgp_speaker_peer_find(sp, &nb->conf.addr) : NULL;

			jw_key(&w, vt_addr_fmt(&nb->conf.addr, a, sizeof(a)));
			summary_peer_json(&w, nb, p, af, bgp_neighbor_state_name(bm, nb));
		}
		jw_obj_end(&w);
		jw_kv_uint(&w, "total-peers", n);
		return exec_json_end(call, &w);
	}
	if (!inst->enabled) {
		sb_add(call->out, "BGP is not configured.\n");
		return 0;
	}
	sb_printf(call->out, "BGP router identifier %s, local AS number %u\n", rid, inst->local_as);
	sb_printf(call->out, "RIB entries %zu, paths %zu, using %zu KiB of memory%s\n", rc.dests,
		  rc.paths, sp ? bgp_speaker_bytes(sp) / 1024 : 0,
		  sp && bgp_speaker_busy(sp) ? " (updating)" : "");
	sb_printf(call->out, "Peers %zu\n\n", n);
	sb_printf(call->out, "%-16s V %10s %9s %9s %8s %12s %8s Desc\n", "Neighbor", "AS", "MsgRcvd",
		  "MsgSent", "Up/Down", "State/PfxRcd", "PfxSnt");
	for (size_t i = 0; i < n; i++) {
		const struct bgp_neighbor *nb = bgp_mgr_at(bm, i);
		const struct bgp_peer *p = sp ? bgp_speaker_peer_find(sp, &nb->conf.addr) : NULL;
		const struct bgp_session *s = p ? bgp_peer_session(p) : NULL;
		struct bgp_peer_af_stats st = {0};
		char state[24];

		if (p)
			bgp_peer_af_stats(p, af, &st);
		if (s && bgp_session_state(s) == BGP_ST_ESTABLISHED)
			snprintf(state, sizeof(state), "%zu", st.accepted);
		else if (nb->conf.shutdown)
			snprintf(state, sizeof(state), "Idle (Admin)");
		else
			snprintf(state, sizeof(state), "%s", bgp_neighbor_state_name(bm, nb));
		sb_printf(call->out, "%-16s 4 %10u %9llu %9llu %8s %12s %8zu %s\n",
			  vt_addr_fmt(&nb->conf.addr, a, sizeof(a)), nb->conf.remote_as,
			  (unsigned long long)(s ? show_bgp_msgs(s, true) : 0),
			  (unsigned long long)(s ? show_bgp_msgs(s, false) : 0),
			  show_bgp_updown(s, tb, sizeof(tb)), state, st.sent,
			  nb->conf.description[0] ? nb->conf.description : "N/A");
	}
	sb_printf(call->out, "\nTotal number of neighbors %zu\n", n);
	return 0;
}

int exec_show_bgp_summary(struct cmd_call *call)
{
	return summary(call, show_bgp_af_of_call(call));
}

/* ---- clear ip bgp ---------------------------------------------------------------------- */

int exec_clear_bgp(struct cmd_call *call)
{
	struct bgp_speaker *sp = bgp_mgr_speaker(ctl_session_of(call)->d->bgp);
	const char *who = NULL, *dir = NULL;
	enum bgp_clear how = BGP_CLEAR_HARD;
	struct vt_addr a;
	bool soft = false;

	for (int i = 0; i < call->argc; i++) {
		const char *v = call->argv[i];

		if (!v)
			continue;
		if (strcmp(v, "bgp") == 0 && i + 1 < call->argc)
			who = call->argv[i + 1];
		else if (strcmp(v, "soft") == 0)
			soft = true;
		else if (strcmp(v, "in") == 0 || strcmp(v, "out") == 0)
			dir = v;
	}
	if (!sp) {
		sb_add(call->out, "% BGP is not running\n");
		return -ENOENT;
	}
	if (!who || (strcmp(who, "*") != 0 && vt_addr_parse(who, AF_UNSPEC, &a) < 0)) {
		sb_printf(call->out, "%% \"%s\" is neither * nor a neighbor address\n",
			  who ? who : "");
		return -EINVAL;
	}
	if (soft)
		how = !dir ? BGP_CLEAR_SOFT : dir[0] == 'i' ? BGP_CLEAR_SOFT_IN : BGP_CLEAR_SOFT_OUT;
	if (bgp_peer_clear(sp, strcmp(who, "*") == 0 ? NULL : &a, how) < 0) {
		sb_printf(call->out, "%% No such neighbor: %s\n", who);
		return -ENOENT;
	}
	return 0;
}
