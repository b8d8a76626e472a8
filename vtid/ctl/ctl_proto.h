/*
 * The control protocol between vtid and its clients (vtictl, scripts), over
 * a unix stream socket.  One request, one response, in order.
 *
 * Every frame starts with a header; integers are big-endian.
 *
 *   request (12 bytes)                 response (16 bytes)
 *    0  u32 magic   "VTIC"              0  u32 magic   "VTIC"
 *    4  u8  version 1                   4  u8  version 1
 *    5  u8  type    EXEC|COMPLETE|HELP  5  u8  type    RESPONSE
 *    6  u16 flags   0                   6  u16 flags   JSON, CLOSE
 *    8  u32 length of the payload       8  u32 length of the payload
 *                                      12  u8  status  (enum ctl_status)
 *                                      13  u8  mode    (enum cmd_mode after the request)
 *                                      14  u16 reserved, 0
 *
 * A request's payload is one command line in UTF-8 (no NUL, no newline; it
 * may be empty); a response's payload is text, or JSON when CTL_RF_JSON is
 * set.  Payloads are at most CTL_MAX_PAYLOAD bytes.
 *
 * The server answers a malformed request with CTL_ST_MALFORMED (or
 * CTL_ST_TOO_LARGE) and a message naming what was wrong.  When the framing
 * itself is lost (bad magic, bad version, oversized length) it sets
 * CTL_RF_CLOSE and closes the connection after that response; otherwise the
 * connection goes on.  CTL_RF_CLOSE is also set when the session ends
 * (`exit` in exec mode).
 *
 * This module only encodes and decodes; it reads through common/wire.h and
 * never looks past the bytes it is given.
 */
#ifndef VT_CTL_PROTO_H
#define VT_CTL_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/wire.h"

#define CTL_MAGIC 0x56544943u /* "VTIC" */
#define CTL_VERSION 1
#define CTL_REQ_HDR_LEN 12
#define CTL_RSP_HDR_LEN 16
#define CTL_MAX_PAYLOAD (1u << 20)

#define CTL_DEFAULT_SOCKET "/run/vtid/vtid.sock"

enum ctl_type {
	CTL_T_EXEC = 1,     /* run the line */
	CTL_T_COMPLETE = 2, /* candidates for the last word, one per line */
	CTL_T_HELP = 3,     /* `?` help for what may follow the line */
	CTL_T_RESPONSE = 0x80,
};

enum ctl_rsp_flags {
	CTL_RF_JSON = 1u << 0,  /* the payload is JSON */
	CTL_RF_CLOSE = 1u << 1, /* the server closes the connection after this */
};

enum ctl_status {
	CTL_ST_OK = 0,
	CTL_ST_CMD_ERROR = 1,      /* the command failed or did not parse */
	CTL_ST_COMMIT_REFUSED = 2, /* leaving config mode: the candidate was refused */
	CTL_ST_MALFORMED = 3,      /* the request broke the protocol */
	CTL_ST_TOO_LARGE = 4,      /* request or response above the limits */
	CTL_ST_INTERNAL = 5,       /* vtid's own fault (e.g. out of memory) */
	CTL_ST_DENIED = 6,         /* the peer is not root nor in group vtid */
	CTL_ST_BUSY = 7,           /* too many connections; try again later */
	CTL_ST__COUNT,
};

/* A decoded frame.  payload points into the caller's buffer. */
struct ctl_frame {
	uint8_t type;
	uint16_t flags;
	uint8_t status; /* responses only */
	uint8_t mode;   /* responses only */
	const uint8_t *payload;
	uint32_t len;
	size_t frame_len; /* header + payload: bytes to consume */
};

/*
 * Decode the frame at the start of buf[0..n).  `response` selects the
 * header layout.  Returns:
 *   1          a whole frame is there; f is filled
 *   0          not enough bytes yet (f->frame_len holds what is needed, or
 *              the header length while the header is incomplete)
 *   -EPROTO    bad magic or version: the stream cannot be followed further
 *   -EMSGSIZE  the length is above CTL_MAX_PAYLOAD: likewise
 *   -EBADMSG   a complete, well-delimited frame that is not acceptable
 *              (unknown type, flags or reserved bits set); f->frame_len says
 *              how many bytes to skip.  Reported only once all of it is in.
 * err, if not NULL, receives a short description of a negative result.
 */
int ctl_frame_parse(const void *buf, size_t n, bool response, struct ctl_frame *f,
		    const char **err);

/* Check a request payload is one command line: no NUL, CR or LF bytes.
 * 0 or -EBADMSG with *err set. */
int ctl_line_check(const uint8_t *p, size_t n, const char **err);

/* Append a frame to w.  Fail (false, w in error) when n > CTL_MAX_PAYLOAD. */
bool ctl_req_encode(struct wire_writer *w, enum ctl_type type, const void *p, size_t n);
bool ctl_rsp_encode(struct wire_writer *w, enum ctl_status st, uint8_t mode, uint16_t flags,
		    const void *p, size_t n);

const char *ctl_status_name(enum ctl_status st); /* "ok", "command error", ... */
const char *ctl_type_name(uint8_t type);         /* "exec", ...; "unknown" */

#endif
