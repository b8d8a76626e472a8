/*
 * Test command tables.  Help strings follow FRR's wording where a network
 * engineer would expect it.
 */
#include "tests/unit/cmd_tables.h"

#include <string.h>

#define SHOW "Show running system information\n"
#define IP   "IP information\n"
#define BGP  "BGP information\n"

static const struct cmd_node test_exec_nodes[] = {
	{CMD_MODE_EXEC, "show ip bgp summary", SHOW IP BGP "Summary of BGP neighbor status", NULL,
	 NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ip bgp neighbors ADDR@neighbor",
	 SHOW IP BGP "Detailed information on TCP and BGP neighbor connections\nNeighbor address",
	 NULL, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ip bgp internals", SHOW IP BGP "Engine internals", NULL, NULL,
	 CMD_F_ANYMODE | CMD_F_HIDDEN},
	{CMD_MODE_EXEC, "show ip route [(bgp|connected|static)]",
	 SHOW IP "IP routing table\nBGP routes\nConnected routes\nStatic routes", NULL, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show interface brief", SHOW "Interface status\nOne line per interface",
	 NULL, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show interface WORD@interface", SHOW "Interface status\nInterface name",
	 NULL, NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show ipsec sa", SHOW "IPsec information\nSecurity associations", NULL,
	 NULL, CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "show tunnels [WORD@tunnel]", SHOW "Tunnel status\nTunnel name", NULL, NULL,
	 CMD_F_ANYMODE | CMD_F_JSON},
	{CMD_MODE_EXEC, "configure terminal",
	 "Configuration from vty interface\nConfiguration terminal", NULL, NULL, 0},
	{CMD_MODE_EXEC, "debug bgp", "Debugging functions\nBGP information", NULL, NULL, CMD_F_NO},
	{CMD_MODE_EXEC, "terminal length (0-512)",
	 "Set terminal line parameters\nSet number of lines on a screen\nLines (0 for no pausing)",
	 NULL, NULL, 0},
	{CMD_MODE_EXEC, "traceroute ADDR", "Trace route to destination\nDestination address", NULL,
	 NULL, 0},
	{CMD_MODE_EXEC, "write [memory]",
	 "Write running configuration to memory or terminal\nWrite configuration to the file", NULL,
	 NULL, 0},
};

#define AS "AS number\n"
#define PL                                                                                         \
	"Build a prefix list\nName of a prefix list\nSequence number of an entry\n"                \
	"Sequence number\nSpecify packets to forward\nSpecify packets to reject\n"

static const struct cmd_node test_conf_nodes[] = {
	{CMD_MODE_CONFIG, "router bgp (1-4294967295)", "Enable a routing process\nBGP\n" AS, NULL,
	 NULL, CMD_F_NO},
	{CMD_MODE_CONFIG, "tunnel WORD@tunnel", "Configure a tunnel\nTunnel name", NULL, NULL,
	 CMD_F_NO},
	{CMD_MODE_CONFIG,
	 "ip prefix-list WORD seq (1-4294967295) (permit|deny) A.B.C.D/M [ge (0-32)] [le (0-32)]",
	 IP PL "IPv4 prefix\nMinimum prefix length\nLength\nMaximum prefix length\nLength", NULL,
	 NULL, CMD_F_NO},
	{CMD_MODE_CONFIG,
	 "ipv6 prefix-list WORD seq (1-4294967295) (permit|deny) X:X::X:X/M [ge (0-128)] "
	 "[le (0-128)]",
	 "IPv6 information\n" PL
	 "IPv6 prefix\nMinimum prefix length\nLength\nMaximum prefix length\nLength",
	 NULL, NULL, CMD_F_NO},
	{CMD_MODE_CONFIG, "interface WORD@interface", "Select an interface\nInterface name", NULL,
	 NULL, 0},
	{CMD_MODE_CONFIG, "hostname WORD", "Set the system's name\nThe name", NULL, NULL, CMD_F_NO},
	{CMD_MODE_CONFIG, "end", "End current mode and change to enable mode", NULL, NULL, 0},

	{CMD_MODE_TUNNEL, "description LINE", "Interface specific description\nCharacters", NULL,
	 NULL, CMD_F_NO},
	{CMD_MODE_TUNNEL, "mtu (auto|off)",
	 "Set the interface MTU\nFrom the negotiated cipher\nLeave the MTU alone", NULL, NULL,
	 CMD_F_NO},
	{CMD_MODE_TUNNEL, "mtu (68-9000)", "Set the interface MTU\nMTU in bytes", NULL, NULL,
	 CMD_F_NO},
	{CMD_MODE_TUNNEL, "mtu", "Set the interface MTU", NULL, NULL, CMD_F_NOONLY},
	{CMD_MODE_TUNNEL, "remote ADDR", "Remote gateway\nIts address", NULL, NULL, 0},
	{CMD_MODE_TUNNEL, "inside A.B.C.D/M", "Inside address\nLocal /30 address", NULL, NULL, 0},
	{CMD_MODE_TUNNEL, "shutdown", "Take the tunnel down", NULL, NULL, CMD_F_NO},
	{CMD_MODE_TUNNEL, "exit", "Leave tunnel mode", NULL, NULL, 0},

	{CMD_MODE_BGP, "neighbor ADDR@neighbor remote-as (1-4294967295)",
	 "Specify a neighbor router\nNeighbor address\nSpecify a BGP neighbor\n" AS, NULL, NULL,
	 CMD_F_NO},
	{CMD_MODE_BGP, "neighbor ADDR@neighbor description LINE",
	 "Specify a neighbor router\nNeighbor address\nNeighbor specific description\n"
	 "Up to 80 characters describing this neighbor",
	 NULL, NULL, CMD_F_NO},
	{CMD_MODE_BGP, "neighbor ADDR@neighbor", "Specify a neighbor router\nNeighbor address",
	 NULL, NULL, CMD_F_NOONLY},
	{CMD_MODE_BGP, "bgp router-id A.B.C.D",
	 "BGP information\nOverride configured router identifier\nManually configured router id",
	 NULL, NULL, CMD_F_NO},
	{CMD_MODE_BGP, "timers bgp (0-65535) (0-65535)",
	 "BGP timers\nBGP timers\nKeepalive interval\nHold time", NULL, NULL, CMD_F_NO},
	{CMD_MODE_BGP, "address-family (ipv4|ipv6) unicast",
	 "Enter Address Family command mode\nAddress Family\nAddress Family\n"
	 "Address Family modifier",
	 NULL, NULL, 0},
	{CMD_MODE_BGP_AF_V4, "network A.B.C.D/M", "Specify a network to announce\nIPv4 prefix",
	 NULL, NULL, CMD_F_NO},
	{CMD_MODE_BGP_AF_V4, "maximum-paths (1-64)",
	 "Forward packets over multiple paths\nNumber of paths", NULL, NULL, CMD_F_NO},
	{CMD_MODE_BGP_AF_V4, "exit-address-family", "Exit from Address Family configuration mode",
	 NULL, NULL, 0},
	{CMD_MODE_BGP_AF_V6, "network X:X::X:X/M", "Specify a network to announce\nIPv6 prefix",
	 NULL, NULL, CMD_F_NO},
};

const struct cmd_table test_exec_table = {test_exec_nodes,
					  sizeof(test_exec_nodes) / sizeof(test_exec_nodes[0])};
const struct cmd_table test_conf_table = {test_conf_nodes,
					  sizeof(test_conf_nodes) / sizeof(test_conf_nodes[0])};
const struct cmd_table test_tables[2] = {
	{test_exec_nodes, sizeof(test_exec_nodes) / sizeof(test_exec_nodes[0])},
	{test_conf_nodes, sizeof(test_conf_nodes) / sizeof(test_conf_nodes[0])},
};

size_t test_values(const char *src, const char *const **values, void *arg)
{
	static const char *const tunnels[] = {"aws2", "aws1", "bad name", "aws1"};
	static const char *const neighbors[] = {"169.254.12.229", "169.254.13.1", "2001:db8::1",
						"bad\nname"};
	static const char *const ifaces[] = {"vti1", "vti2", "eth0", ""};

	(void)arg;
	if (strcmp(src, "tunnel") == 0) {
		*values = tunnels;
		return 4;
	}
	if (strcmp(src, "neighbor") == 0) {
		*values = neighbors;
		return 4;
	}
	if (strcmp(src, "interface") == 0) {
		*values = ifaces;
		return 4;
	}
	return 0;
}
