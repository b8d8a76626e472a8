/*
 * Shared by the bgp/msg_*.c files only: setting an error and framing a
 * message being written.
 */
#ifndef VT_BGP_MSG_INT_H
#define VT_BGP_MSG_INT_H

#include "bgp/msg.h"

/* Fill err (data none) and return -EBADMSG. */
int bgp_msg_err(struct bgp_notify *err, uint8_t code, uint8_t subcode);
/* Same, with data pointing at p[0..n). */
int bgp_msg_err_data(struct bgp_notify *err, uint8_t code, uint8_t subcode, const uint8_t *p,
		     size_t n);
/* Same, with a 16-bit value of our own as the data. */
int bgp_msg_err_u16(struct bgp_notify *err, uint8_t code, uint8_t subcode, uint16_t v);

/* Start a message: marker, length placeholder, type.  Remembers where. */
void bgp_msg_begin(struct wire_writer *w, uint8_t type, size_t *start);
/* Patch the length; 0 or -ENOSPC (writer failed or message too long). */
int bgp_msg_end(struct wire_writer *w, size_t start);

/* A reader over the body of a whole message (the header skipped). */
void bgp_msg_body(const uint8_t *msg, size_t len, struct wire_reader *r);

#endif
