/*
 * OPEN (RFC 4271 §4.2, §6.2) and its Capabilities optional parameter
 * (RFC 5492), with the capabilities the speaker uses decoded.
 */
#include <errno.h>
#include <string.h>

#include "bgp/asn.h"
#include "bgp/msg_int.h"

#define BGP_OPT_CAPABILITIES 2
#define BGP_GR_TIME_MASK 0x0fffu

uint32_t bgp_open_asn(const struct bgp_open *o)
{
	return o->has_as4 ? o->as4 : o->my_as;
}

void bgp_open_init(struct bgp_open *o, uint32_t asn, uint16_t hold_time, uint32_t bgp_id)
{
	memset(o, 0, sizeof(*o));
	o->version = BGP_VERSION;
	o->my_as = asn > 0xffff ? BGP_AS_TRANS : (uint16_t)asn;
	o->hold_time = hold_time;
	o->bgp_id = bgp_id;
	o->has_as4 = true;
	o->as4 = asn;
}

/* One capability; cap points at its code octet, for the error data. */
static int bgp_cap_parse(struct bgp_open *o, uint8_t code, struct wire_reader *v,
			 const uint8_t *cap, size_t cap_len, struct bgp_notify *err)
{
	size_t len = wire_rd_left(v);
	uint16_t u16;
	uint8_t u8;

	switch (code) {
	case BGP_CAP_MP:
		if (len != 4)
			break;
		if (o->n_mp == BGP_OPEN_MP_MAX) {
			o->n_dropped++;
			return 0;
		}
		wire_rd_u16(v, &o->mp[o->n_mp].afi);
		wire_rd_u8(v, &u8); /* reserved */
		wire_rd_u8(v, &o->mp[o->n_mp].safi);
		o->n_mp++;
		return 0;
	case BGP_CAP_ROUTE_REFRESH:
		if (len != 0)
			break;
		o->route_refresh = true;
		return 0;
	case BGP_CAP_AS4:
		if (len != 4)
			break;
		wire_rd_u32(v, &o->as4);
		if (o->as4 == 0)
			return bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS);
		o->has_as4 = true;
		return 0;
	case BGP_CAP_GRACEFUL_RESTART:
		/* The header, then AFI/SAFI/flags tuples of 4 octets. */
		if (len < 2 || (len - 2) % 4 != 0)
			break;
		wire_rd_u16(v, &u16);
		o->has_gr = true;
		o->gr_flags = (uint8_t)(u16 >> 12);
		o->gr_time = u16 & BGP_GR_TIME_MASK;
		wire_rd_rest(v, &o->gr_tuples, &o->gr_tuples_len);
		return 0;
	default:
		if (o->n_other == BGP_OPEN_CAP_MAX) {
			o->n_dropped++;
			return 0;
		}
		o->other[o->n_other].code = code;
		o->other[o->n_other].len = (uint8_t)len;
		wire_rd_rest(v, &o->other[o->n_other].value, &len);
		o->n_other++;
		return 0;
	}
	/* A known capability of the wrong size (RFC 4271 §6.2: malformed
	 * parameter -> subcode 0), with the capability as data. */
	return bgp_msg_err_data(err, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC, cap, cap_len);
}

static int bgp_caps_parse(struct bgp_open *o, struct wire_reader *p, struct bgp_notify *err)
{
	while (wire_rd_left(p) > 0) {
		struct wire_reader v;
		const uint8_t *cap = p->buf + wire_rd_pos(p);
		uint8_t code, len;
		int rc;

		wire_rd_u8(p, &code);
		wire_rd_u8(p, &len);
		if (!wire_rd_sub(p, len, &v))
			return bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
		rc = bgp_cap_parse(o, code, &v, cap, (size_t)len + 2, err);
		if (rc < 0)
			return rc;
	}
	return wire_rd_ok(p) ? 0 : bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
}

int bgp_open_parse(const uint8_t *msg, size_t len, struct bgp_open *o, struct bgp_notify *err)
{
	struct wire_reader r, opts;
	uint8_t opt_len;
	int rc;

	memset(o, 0, sizeof(*o));
	bgp_msg_body(msg, len, &r);
	wire_rd_u8(&r, &o->version);
	wire_rd_u16(&r, &o->my_as);
	wire_rd_u16(&r, &o->hold_time);
	wire_rd_u32(&r, &o->bgp_id);
	wire_rd_u8(&r, &opt_len);
	if (!wire_rd_ok(&r))
		return bgp_msg_err_u16(err, BGP_ERR_HEADER, BGP_ERR_HDR_LENGTH, (uint16_t)len);
	/* The data is the highest version we support. */
	if (o->version != BGP_VERSION)
		return bgp_msg_err_u16(err, BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION, BGP_VERSION);
	if (o->my_as == 0)
		return bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS);
	if (o->hold_time == 1 || o->hold_time == 2)
		return bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD_TIME);
	if (o->bgp_id == 0)
		return bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_BGP_ID);
	if (opt_len != wire_rd_left(&r))
		return bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	wire_rd_sub(&r, opt_len, &opts);
	while (wire_rd_left(&opts) > 0) {
		struct wire_reader p;
		uint8_t type, plen;

		wire_rd_u8(&opts, &type);
		wire_rd_u8(&opts, &plen);
		if (!wire_rd_sub(&opts, plen, &p))
			return bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
		/* Extended optional parameters (RFC 9072) land here too. */
		if (type != BGP_OPT_CAPABILITIES)
			return bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_OPT_PARAM);
		rc = bgp_caps_parse(o, &p, err);
		if (rc < 0)
			return rc;
	}
	if (!wire_rd_ok(&opts))
		return bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC);
	/* RFC 6793 §4.1: an AS4 peer that fits 2 octets must not say AS_TRANS
	 * there; a 2-octet speaker never can. */
	if (o->my_as == BGP_AS_TRANS && (!o->has_as4 || o->as4 <= 0xffff))
		return bgp_msg_err(err, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS);
	return 0;
}

static void bgp_cap_write(struct wire_writer *w, uint8_t code, const void *v, size_t n)
{
	wire_wr_u8(w, code);
	wire_wr_u8(w, (uint8_t)n);
	wire_wr_bytes(w, v, n);
}

int bgp_open_write(struct wire_writer *w, const struct bgp_open *o)
{
	size_t start, opt_at, cap_at, i;
	uint8_t b[4];

	if (o->n_mp > BGP_OPEN_MP_MAX || o->n_other > BGP_OPEN_CAP_MAX ||
	    (o->has_gr && o->gr_tuples_len > 253))
		return -EINVAL;
	bgp_msg_begin(w, BGP_MSG_OPEN, &start);
	wire_wr_u8(w, o->version);
	wire_wr_u16(w, o->my_as);
	wire_wr_u16(w, o->hold_time);
	wire_wr_u32(w, o->bgp_id);
	opt_at = wire_wr_len(w);
	wire_wr_u8(w, 0);
	if (!o->n_mp && !o->route_refresh && !o->has_as4 && !o->has_gr && !o->n_other)
		return bgp_msg_end(w, start);
	wire_wr_u8(w, BGP_OPT_CAPABILITIES);
	cap_at = wire_wr_len(w);
	wire_wr_u8(w, 0);
	for (i = 0; i < o->n_mp; i++) {
		b[0] = (uint8_t)(o->mp[i].afi >> 8);
		b[1] = (uint8_t)o->mp[i].afi;
		b[2] = 0;
		b[3] = o->mp[i].safi;
		bgp_cap_write(w, BGP_CAP_MP, b, 4);
	}
	if (o->route_refresh)
		bgp_cap_write(w, BGP_CAP_ROUTE_REFRESH, NULL, 0);
	if (o->has_as4) {
		b[0] = (uint8_t)(o->as4 >> 24);
		b[1] = (uint8_t)(o->as4 >> 16);
		b[2] = (uint8_t)(o->as4 >> 8);
		b[3] = (uint8_t)o->as4;
		bgp_cap_write(w, BGP_CAP_AS4, b, 4);
	}
	if (o->has_gr) {
		wire_wr_u8(w, BGP_CAP_GRACEFUL_RESTART);
		wire_wr_u8(w, (uint8_t)(2 + o->gr_tuples_len));
		wire_wr_u16(w, (uint16_t)((o->gr_flags & 0xfu) << 12 | (o->gr_time & BGP_GR_TIME_MASK)));
		wire_wr_bytes(w, o->gr_tuples, o->gr_tuples_len);
	}
	for (i = 0; i < o->n_other; i++)
		bgp_cap_write(w, o->other[i].code, o->other[i].value, o->other[i].len);
	if (!wire_wr_ok(w))
		return -ENOSPC;
	/* Both lengths are single octets. */
	if (wire_wr_len(w) - cap_at - 1 > 255)
		return -EINVAL;
	w->buf[cap_at] = (uint8_t)(wire_wr_len(w) - cap_at - 1);
	w->buf[opt_at] = (uint8_t)(wire_wr_len(w) - opt_at - 1);
	return bgp_msg_end(w, start);
}
