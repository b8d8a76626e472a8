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
	/* the kernel's routes and links (show_route.c, show_interface.c) */
	{CMD_MODE_EXEC, "show ip route [bgp]",
	 H_SHOW "IP information\nIP routing table (the kernel's main table)\nBGP routes only",
	 exec_show_ip_route, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ipv6 route [bgp]",
	 H_SHOW "IPv6 information\nIPv6 routing table (the kernel's main table)\n"
	 "BGP routes only",
	 exec_show_ipv6_route, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show interface brief",
	 H_SHOW "Interface status and configuration\nOne line per interface: state and addresses",
	 exec_show_interface_brief, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	/* BGP (show_bgp*.c) */
#define H_BGP "BGP information\n"
#define H_IPBGP H_SHOW "IP information\n" H_BGP
#define H_AFI H_SHOW H_BGP "IPv4\nUnicast routes\n"
#define H_AFI6 H_SHOW H_BGP "IPv6\nUnicast routes\n"
#define H_NBR "Neighbors: session, capabilities, counters\n"
#define H_NBR_ROUTES "A neighbor's address\nRoutes announced to it\nRoutes received from it\n"
	{CMD_MODE_EXEC, "show ip bgp", H_IPBGP, exec_show_bgp_table, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ip bgp A.B.C.D/M", H_IPBGP "A prefix in the table", exec_show_bgp_table,
	 NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ip bgp A.B.C.D", H_IPBGP "The longest prefix holding this address",
	 exec_show_bgp_table, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ip bgp summary", H_IPBGP "One line per neighbor",
	 exec_show_bgp_summary, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ip bgp neighbors [ADDR@neighbor]", H_IPBGP H_NBR "A neighbor's address",
	 exec_show_bgp_neighbors, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ip bgp neighbors ADDR@neighbor (advertised-routes|received-routes)",
	 H_IPBGP H_NBR H_NBR_ROUTES, exec_show_bgp_neighbor_routes, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp summary", H_SHOW H_BGP "One line per neighbor",
	 exec_show_bgp_summary, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp neighbors [ADDR@neighbor]", H_SHOW H_BGP H_NBR "A neighbor's address",
	 exec_show_bgp_neighbors, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp ipv4 unicast", H_AFI, exec_show_bgp_table, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp ipv4 unicast A.B.C.D/M", H_AFI "A prefix in the table",
	 exec_show_bgp_table, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp ipv4 unicast summary", H_AFI "One line per neighbor",
	 exec_show_bgp_summary, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp ipv4 unicast neighbors ADDR@neighbor (advertised-routes|received-routes)",
	 H_AFI H_NBR H_NBR_ROUTES, exec_show_bgp_neighbor_routes, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp ipv6 unicast", H_AFI6, exec_show_bgp_table, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp ipv6 unicast X:X::X:X/M", H_AFI6 "A prefix in the table",
	 exec_show_bgp_table, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp ipv6 unicast X:X::X:X", H_AFI6 "The longest prefix holding this address",
	 exec_show_bgp_table, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp ipv6 unicast summary", H_AFI6 "One line per neighbor",
	 exec_show_bgp_summary, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show bgp ipv6 unicast neighbors ADDR@neighbor (advertised-routes|received-routes)",
	 H_AFI6 H_NBR H_NBR_ROUTES, exec_show_bgp_neighbor_routes, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "clear ip bgp WORD",
	 "Reset state\nIP\nBGP sessions\n* (every neighbor) or a neighbor's address",
	 exec_clear_bgp, NULL, 0},
	{CMD_MODE_EXEC, "clear ip bgp WORD soft",
	 "Reset state\nIP\nBGP sessions\n* (every neighbor) or a neighbor's address\n"
	 "Apply the policy again in both directions, keeping the session",
	 exec_clear_bgp, NULL, 0},
	{CMD_MODE_EXEC, "clear ip bgp WORD soft (in|out)",
	 "Reset state\nIP\nBGP sessions\n* (every neighbor) or a neighbor's address\n"
	 "Apply the policy again, keeping the session\n"
	 "Routes received (and ask the neighbor to send them again)\nRoutes announced",
	 exec_clear_bgp, NULL, 0},
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
