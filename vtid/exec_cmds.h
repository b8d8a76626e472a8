/*
 * The exec-mode commands of the shell (show ..., write, reload, debug,
 * configure terminal, exit) in one table, and their handlers, which live in
 * files per topic.  Every handler finds its session with ctl_session_of().
 */
#ifndef VT_VTID_EXEC_CMDS_H
#define VT_VTID_EXEC_CMDS_H

#include <stddef.h>
#include <time.h>

#include "vtid/cli/cmd.h"

struct jsonw;

extern const struct cmd_table exec_cmd_table;

/* show_config.c */
int exec_show_running(struct cmd_call *call);
int exec_show_version(struct cmd_call *call);
int exec_show_logging(struct cmd_call *call);
/* show_tunnels.c */
int exec_show_tunnels(struct cmd_call *call);
/* exec_ipsec.c */
int exec_show_ipsec_sa(struct cmd_call *call);
int exec_clear_ipsec_sa(struct cmd_call *call);
int exec_tunnel_updown(struct cmd_call *call);
int exec_tunnel_rekey(struct cmd_call *call);
/* show_route.c, show_interface.c: the kernel's routes and links */
int exec_show_ip_route(struct cmd_call *call);
int exec_show_ipv6_route(struct cmd_call *call);
int exec_show_interface_brief(struct cmd_call *call);
/* show_bgp*.c */
int exec_show_bgp_neighbors(struct cmd_call *call);
int exec_show_bgp_summary(struct cmd_call *call);
int exec_show_bgp_table(struct cmd_call *call);
int exec_show_bgp_neighbor_routes(struct cmd_call *call);
int exec_clear_bgp(struct cmd_call *call);
/* exec_cmds_admin.c */
int exec_write(struct cmd_call *call);
int exec_reload(struct cmd_call *call);
int exec_debug(struct cmd_call *call);

/* A show command calls this first: the reply is flagged JSON when the
 * command was given `json`. */
void exec_json_mark(const struct cmd_call *call);
/* Close a show command's top JSON object and end the line: 0, or -EINVAL
 * when the JSON could not be written whole. */
int exec_json_end(struct cmd_call *call, struct jsonw *w);

/* A time as "2026-11-23T10:29:00Z" (UTC), or "-" for 0. */
const char *exec_time_fmt(time_t t, char *buf, size_t len);

#endif
