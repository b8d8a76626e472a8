/*
 * The control socket: a unix stream socket served from the event loop.
 *
 * The socket's directory is created (0755) when missing; the socket is
 * mode 0660, group "vtid" when that group exists.  A peer is served when it
 * is root, the daemon's own user, or in group vtid (SO_PEERCRED,
 * SO_PEERGROUPS); others get a "permission denied" reply and are closed.
 * I/O is non-blocking with per-connection buffers; at most
 * CTL_MAX_CONNECTIONS clients at once.  Each connection has one
 * struct ctl_session.
 */
#ifndef VT_CTL_SERVER_H
#define VT_CTL_SERVER_H

#include <stddef.h>

#include "common/strbuf.h"

#define CTL_MAX_CONNECTIONS 64

struct vtid_daemon;
struct ctl_server;

/* Bind and listen on path (refused with -EADDRINUSE if a live server
 * answers there; a stale socket file is replaced).  NULL with err set. */
struct ctl_server *ctl_server_new(struct vtid_daemon *d, const char *path, struct strbuf *err);
/* Close every connection (dropping uncommitted edits), remove the socket
 * file.  NULL is fine. */
void ctl_server_free(struct ctl_server *srv);
size_t ctl_server_connections(const struct ctl_server *srv);

#endif
