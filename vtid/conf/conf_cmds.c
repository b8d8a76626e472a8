/*
 * The config-mode command table.  Each mode's rows live in their own
 * conf_cmds_*.inc file, included here because a table is one array; each
 * row carries its binding (conf_int.h), which drives both editing the
 * candidate and rendering the configuration, so a command and the text
 * that `show running-config` prints for it cannot drift apart.
 */
#include "vtid/conf/conf_int.h"

#define BIND(...) (&(const struct conf_bind){__VA_ARGS__})
#define LEAF(p, s) {.path = (p), .slot = (s)}
#define FIXED(p, v) {.path = (p), .slot = CONF_FIXED, .value = (v)}

/* A command that sets one leaf of its mode's node from slot s. */
#define LEAF_CMD(m, syn, help, p, s) \
	{(m), (syn), (help), conf_bind_cmd, BIND(.leaf = {LEAF((p), (s))}), CMD_F_NO}

/* Leaving modes and committing, in every config mode. */
#define MODE_CMDS(m)                                                                         \
	{(m), "exit", "Leave this mode (from config mode: commit, then leave)", conf_cmd_exit, \
	 NULL, 0},                                                                           \
	{(m), "end", "Commit and leave config mode", conf_cmd_end, NULL, 0},                   \
	{(m), "commit", "Apply the changes made so far and stay here", conf_cmd_commit, NULL,   \
	 0},                                                                                 \
	{(m), "abort", "Drop the changes not committed and leave config mode", conf_cmd_abort,  \
	 NULL, 0}

static const struct cmd_node conf_nodes[] = {
#include "vtid/conf/conf_cmds_global.inc"
#include "vtid/conf/conf_cmds_tunnel.inc"
#include "vtid/conf/conf_cmds_bgp.inc"

#define AF_MODE CMD_MODE_BGP_AF_V4
#define AF_PREFIX "A.B.C.D/M"
#define AF_HELP_PREFIX "IPv4 prefix, e.g. 10.16.16.0/24"
#include "vtid/conf/conf_cmds_af.inc"
#undef AF_MODE
#undef AF_PREFIX
#undef AF_HELP_PREFIX

#define AF_MODE CMD_MODE_BGP_AF_V6
#define AF_PREFIX "X:X::X:X/M"
#define AF_HELP_PREFIX "IPv6 prefix, e.g. 2001:db8:16::/48"
#include "vtid/conf/conf_cmds_af.inc"
#undef AF_MODE
#undef AF_PREFIX
#undef AF_HELP_PREFIX
};

const struct cmd_table conf_cmd_table = {conf_nodes, sizeof(conf_nodes) / sizeof(conf_nodes[0])};
