/*
 * Framing (RFC 4271 §4.1), and the small messages: KEEPALIVE, NOTIFICATION
 * and ROUTE-REFRESH.
 */
#include <errno.h>
#include <string.h>

#include "bgp/msg_int.h"

#define BGP_MARKER_LEN 16

int bgp_msg_err(struct bgp_notify *err, uint8_t code, uint8_t subcode)
{
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->subcode = subcode;
	return -EBADMSG;
}

int bgp_msg_err_data(struct bgp_notify *err, uint8_t code, uint8_t subcode, const uint8_t *p,
		     size_t n)
{
	bgp_msg_err(err, code, subcode);
	err->data = p;
	err->data_len = n;
	return -EBADMSG;
}

int bgp_msg_err_u16(struct bgp_notify *err, uint8_t code, uint8_t subcode, uint16_t v)
{
	bgp_msg_err(err, code, subcode);
	err->own[0] = (uint8_t)(v >> 8);
	err->own[1] = (uint8_t)v;
	err->data_len = 2;
	return -EBADMSG;
}

const uint8_t *bgp_notify_data(const struct bgp_notify *n)
{
	return n->data ? n->data : n->own;
}

/* The smallest (and for fixed-size types, only) length each type may have. */
static int bgp_hdr_len_ok(uint8_t type, size_t len)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return len >= BGP_HDR_LEN + 10;
	case BGP_MSG_UPDATE:
		return len >= BGP_HDR_LEN + 4;
	case BGP_MSG_NOTIFICATION:
		return len >= BGP_HDR_LEN + 2;
	case BGP_MSG_KEEPALIVE:
		return len == BGP_HDR_LEN;
	case BGP_MSG_ROUTE_REFRESH:
		return len == BGP_HDR_LEN + 4;
	}
	return 0;
}

int bgp_hdr_parse(const uint8_t *buf, size_t len, uint8_t *type, size_t *msg_len,
		  struct bgp_notify *err)
{
	struct wire_reader r;
	const uint8_t *marker;
	uint16_t mlen;
	uint8_t t;
	size_t i;

	if (len < BGP_HDR_LEN)
		return -EAGAIN;
	wire_rd_init(&r, buf, len);
	wire_rd_ptr(&r, BGP_MARKER_LEN, &marker);
	wire_rd_u16(&r, &mlen);
	wire_rd_u8(&r, &t);
	if (!wire_rd_ok(&r))
		return bgp_msg_err(err, BGP_ERR_HEADER, BGP_ERR_HDR_SYNC);
	for (i = 0; i < BGP_MARKER_LEN; i++)
		if (marker[i] != 0xff)
			return bgp_msg_err(err, BGP_ERR_HEADER, BGP_ERR_HDR_SYNC);
	if (mlen < BGP_HDR_LEN || mlen > BGP_MSG_MAX)
		return bgp_msg_err_u16(err, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH, mlen);
	/* RFC 4271 §6.1: a bad type is reported with the type as data. */
	if (t < BGP_MSG_OPEN || t > BGP_MSG_ROUTE_REFRESH)
		return bgp_msg_err_data(err, BGP_ERR_HEADER, BGP_ERR_HDR_TYPE, buf + 18, 1);
	if (!bgp_hdr_len_ok(t, mlen))
		return bgp_msg_err_u16(err, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH, mlen);
	*type = t;
	*msg_len = mlen;
	return 0;
}

void bgp_msg_body(const uint8_t *msg, size_t len, struct wire_reader *r)
{
	wire_rd_init(r, msg, len);
	wire_rd_skip(r, BGP_HDR_LEN);
}

void bgp_msg_begin(struct wire_writer *w, uint8_t type, size_t *start)
{
	uint8_t marker[BGP_MARKER_LEN];

	memset(marker, 0xff, sizeof(marker));
	*start = wire_wr_len(w);
	wire_wr_bytes(w, marker, sizeof(marker));
	wire_wr_u16(w, 0);
	wire_wr_u8(w, type);
}

int bgp_msg_end(struct wire_writer *w, size_t start)
{
	size_t n = wire_wr_len(w) - start;

	if (!wire_wr_ok(w) || n > BGP_MSG_MAX)
		return -ENOSPC;
	if (!wire_wr_patch_u16(w, start + BGP_MARKER_LEN, (uint16_t)n))
		return -ENOSPC;
	return 0;
}

int bgp_keepalive_write(struct wire_writer *w)
{
	size_t start;

	bgp_msg_begin(w, BGP_MSG_KEEPALIVE, &start);
	return bgp_msg_end(w, start);
}

int bgp_notify_parse(const uint8_t *msg, size_t len, struct bgp_notify *n,
		     struct bgp_notify *err)
{
	struct wire_reader r;

	bgp_msg_body(msg, len, &r);
	memset(n, 0, sizeof(*n));
	wire_rd_u8(&r, &n->code);
	wire_rd_u8(&r, &n->subcode);
	wire_rd_rest(&r, &n->data, &n->data_len);
	if (!wire_rd_ok(&r))
		return bgp_msg_err_u16(err, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH, (uint16_t)len);
	return 0;
}

int bgp_notify_write(struct wire_writer *w, const struct bgp_notify *n)
{
	size_t start;

	bgp_msg_begin(w, BGP_MSG_NOTIFICATION, &start);
	wire_wr_u8(w, n->code);
	wire_wr_u8(w, n->subcode);
	wire_wr_bytes(w, bgp_notify_data(n), n->data_len);
	return bgp_msg_end(w, start);
}

int bgp_rrefresh_parse(const uint8_t *msg, size_t len, struct bgp_rrefresh *rr,
		       struct bgp_notify *err)
{
	struct wire_reader r;

	bgp_msg_body(msg, len, &r);
	wire_rd_u16(&r, &rr->afi);
	wire_rd_u8(&r, &rr->subtype);
	wire_rd_u8(&r, &rr->safi);
	if (!wire_rd_ok(&r) || wire_rd_left(&r) != 0)
		return bgp_msg_err_u16(err, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH, (uint16_t)len);
	return 0;
}

int bgp_rrefresh_write(struct wire_writer *w, const struct bgp_rrefresh *rr)
{
	size_t start;

	bgp_msg_begin(w, BGP_MSG_ROUTE_REFRESH, &start);
	wire_wr_u16(w, rr->afi);
	wire_wr_u8(w, rr->subtype);
	wire_wr_u8(w, rr->safi);
	return bgp_msg_end(w, start);
}
