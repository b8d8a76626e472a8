/*
 * The exec-mode command table, and the commands that only move the session
 * between modes.
 */
#include <errno.h>
#include <stdio.h>

#include "common/jsonw.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/exec_cmds.h"

#define H_SHOW "Show running system information\n"

static int exec_configure(struct cmd_call *call)
{
	return ctl_session_configure(ctl_session_of(call), call->out);
}

static int exec_exit(struct cmd_call *call)
{
	ctl_session_of(call)->closing = true;
	return 0;
}

void exec_json_mark(const struct cmd_call *call)
{
	ctl_session_of(call)->json = call->json;
}

int exec_json_end(struct cmd_call *call, struct jsonw *w)
{
	jw_obj_end(w);
	sb_addc(call->out, '\n');
	return jw_ok(w) ? 0 : -EINVAL;
}

const char *exec_time_fmt(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (t == 0 || !gmtime_r(&t, &tm) || strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "-");
	return buf;
}

static const struct cmd_node exec_nodes[] = {
	{CMD_MODE_EXEC, "configure terminal",
	 "Enter configuration mode\nEdit the configuration from the terminal", exec_configure,
	 NULL, 0},
	{CMD_MODE_EXEC, "show version", H_SHOW "vtid's version", exec_show_version, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show running-config", H_SHOW "The running configuration (PSKs masked)",
	 exec_show_running, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show tunnels", H_SHOW "The configured tunnels", exec_show_tunnels, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ipsec sa [tunnel WORD@tunnel]",
	 H_SHOW "IPsec information\nIKE SAs and CHILD_SAs, with SPIs, algorithms and counters\n"
	 "Only one tunnel\nThe tunnel's name",
	 exec_show_ipsec_sa, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "clear ipsec sa [tunnel WORD@tunnel]",
	 "Reset state\nIPsec\nDelete the SAs (tunnels that initiate come back up)\n"
	 "Only one tunnel\nThe tunnel's name",
	 exec_clear_ipsec_sa, NULL, 0},
	{CMD_MODE_EXEC, "tunnel WORD@tunnel (up|down)",
	 "Act on a tunnel\nThe tunnel's name\nInitiate and keep it up\n"
	 "Delete its SAs and keep it down",
	 exec_tunnel_updown, NULL, 0},
	{CMD_MODE_EXEC, "tunnel WORD@tunnel rekey (ike|esp)",
	 "Act on a tunnel\nThe tunnel's name\nRekey now\nThe IKE SA\nThe newest CHILD_SA",
	 exec_tunnel_rekey, NULL, 0},
	{CMD_MODE_EXEC, "show bgp neighbors",
	 H_SHOW "BGP information\nThe configured BGP neighbors", exec_show_bgp_neighbors, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ip bgp summary",
	 H_SHOW "IP information\nBGP information\nOne line per neighbor, as vtysh prints it",
	 exec_show_bgp_summary, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp summary",
	 H_SHOW "BGP information\nOne line per neighbor, as vtysh prints it",
	 exec_show_bgp_summary, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show logging", H_SHOW "Log target, level and debug switches",
	 exec_show_logging, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "write [memory]",
	 "Write the running configuration to the configuration file\n"
	 "Write to the configuration file (the default)",
	 exec_write, NULL, CMD_F_ANYMODE},
	{CMD_MODE_EXEC, "reload", "Re-read the configuration file and apply the differences",
	 exec_reload, NULL, 0},
	{CMD_MODE_EXEC, "debug (main|conf|ctl|ike|bgp|dataplane)",
	 "Debug messages of a module (until restart or the configuration changes them)\n"
	 "The daemon's core\nConfiguration loading and committing\nThe control socket\n"
	 "The IKE engine\nThe BGP speaker\nThe dataplane",
	 exec_debug, NULL, CMD_F_NO},
	{CMD_MODE_EXEC, "exit", "End this session", exec_exit, NULL, 0},
	{CMD_MODE_EXEC, "quit", "End this session", exec_exit, NULL, 0},
};

const struct cmd_table exec_cmd_table = {exec_nodes, sizeof(exec_nodes) / sizeof(exec_nodes[0])};
