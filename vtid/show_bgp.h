/*
 * Shared by the BGP show commands (show_bgp*.c).
 */
#ifndef VT_VTID_SHOW_BGP_H
#define VT_VTID_SHOW_BGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp.h"
#include "vtid/cli/cmd.h"

/* "00:01:02", "1d02h03m", "2w1d03h" since the session last went up or
 * down; "never". */
const char *show_bgp_updown(const struct bgp_session *s, char *buf, size_t len);
/* Messages received (in) or sent, all types. */
uint64_t show_bgp_msgs(const struct bgp_session *s, bool in);
const char *show_bgp_router_id(const struct bgp_speaker *sp, char *buf, size_t len);
/* IPv6 when the command words say ipv6, else IPv4. */
enum bgp_af show_bgp_af_of_call(const struct cmd_call *call);
/* The argument slot that holds an address or prefix (the first that parses
 * as one), or NULL. */
const char *show_bgp_arg_addr(const struct cmd_call *call);

#endif
