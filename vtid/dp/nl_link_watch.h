/*
 * Links going down or away, as the kernel announces them (RTNLGRP_LINK),
 * reported on the event loop.  The kernel deletes the nexthop objects over
 * such a link without a word about them (no RTM_DELNEXTHOP is sent), so
 * this is how the backend learns that objects it shares are gone.
 */
#ifndef VT_VTID_DP_NL_LINK_WATCH_H
#define VT_VTID_DP_NL_LINK_WATCH_H

struct ev_loop;
struct strbuf;
struct dp_link_watch;

/* down(arg, ifindex) for every announcement of a link that is down (not
 * up, or without carrier) or deleted; ifindex 0 when announcements were
 * lost (any link may have gone).  NULL with err set on failure. */
struct dp_link_watch *dp_link_watch_new(struct ev_loop *loop, void (*down)(void *arg, int ifindex),
					void *arg, struct strbuf *err);
void dp_link_watch_free(struct dp_link_watch *w); /* NULL is fine */

#endif
