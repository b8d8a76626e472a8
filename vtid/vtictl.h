/*
 * Inside vtictl: the client end of the control protocol and the
 * interactive shell.
 */
#ifndef VT_VTID_VTICTL_H
#define VT_VTID_VTICTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vtid/ctl/ctl_proto.h"

struct vtictl {
	int fd;
	const char *path;
	uint8_t mode;  /* the session's mode after the last reply */
	bool closed;   /* the daemon ended the session */
	uint8_t *in;
	size_t in_len, in_cap;
};

struct vtictl_reply {
	uint8_t status;
	uint16_t flags;
	char *text; /* NUL-terminated payload */
	size_t len;
};

/* Connect; on failure print why (with a hint when vtid is not running). */
int vtictl_connect(struct vtictl *v, const char *path);
void vtictl_close(struct vtictl *v);
/* One request, one reply.  0 or -errno when the connection failed (printed). */
int vtictl_request(struct vtictl *v, enum ctl_type type, const char *line,
		   struct vtictl_reply *r);
void vtictl_reply_free(struct vtictl_reply *r);

/* Run line and print its output (errors to stderr).  0 when it succeeded,
 * 1 when the command failed, -1 when the connection is gone. */
int vtictl_run(struct vtictl *v, const char *line);
/* Leaving with uncommitted edits: commit them as vtysh would ("end"). */
int vtictl_finish(struct vtictl *v);

/* The interactive shell on a terminal.  Returns the exit status. */
int vtictl_interactive(struct vtictl *v);

#endif
