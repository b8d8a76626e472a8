/*
 * The payload layouts, described once.  Parser and generator both walk
 * these tables, so a field cannot be read at one offset and written at
 * another.  Length fields are plain fields here: the generator back-patches
 * them, the parser checks them where the nesting is known.
 */
#include <stddef.h>
#include <string.h>

#include "ike/msg_int.h"

#define U8(t, f)                                                                                   \
	{                                                                                          \
		MF_U8, 1, offsetof(t, f), 0                                                        \
	}
#define U16(t, f)                                                                                  \
	{                                                                                          \
		MF_U16, 2, offsetof(t, f), 0                                                       \
	}
#define U32(t, f)                                                                                  \
	{                                                                                          \
		MF_U32, 4, offsetof(t, f), 0                                                       \
	}
#define U64(t, f)                                                                                  \
	{                                                                                          \
		MF_U64, 8, offsetof(t, f), 0                                                       \
	}
#define ZERO(n)                                                                                    \
	{                                                                                          \
		MF_ZERO, n, 0, 0                                                                   \
	}
#define VAR(t, f, l)                                                                               \
	{                                                                                          \
		MF_VAR, 0, offsetof(t, f), offsetof(t, l)                                          \
	}
#define REST(t, f)                                                                                 \
	{                                                                                          \
		MF_REST, 0, offsetof(t, f), 0                                                      \
	}
#define LAYOUT(id, nm, ...)                                                                        \
	static const struct msg_field id##_fields[] = {__VA_ARGS__};                               \
	const struct msg_layout id = {nm, id##_fields, sizeof(id##_fields) / sizeof(id##_fields[0])}

/* RFC 7296 §3.1 */
LAYOUT(msg_layout_hdr, "header", U64(struct ike_hdr, spi_i), U64(struct ike_hdr, spi_r),
       U8(struct ike_hdr, next), U8(struct ike_hdr, version), U8(struct ike_hdr, exchange),
       U8(struct ike_hdr, flags), U32(struct ike_hdr, msgid), U32(struct ike_hdr, length));
/* §3.2 */
LAYOUT(msg_layout_generic, "payload", U8(struct msg_generic_hdr, next),
       U8(struct msg_generic_hdr, flags), U16(struct msg_generic_hdr, len));
/* §3.3.1; the transforms follow */
LAYOUT(msg_layout_prop, "proposal", U8(struct msg_prop_hdr, last), ZERO(1),
       U16(struct msg_prop_hdr, len), U8(struct msg_prop_hdr, num), U8(struct msg_prop_hdr, proto),
       U8(struct msg_prop_hdr, spi_size), U8(struct msg_prop_hdr, n_xf),
       VAR(struct msg_prop_hdr, spi, spi_size));
/* §3.3.2; the attributes follow */
LAYOUT(msg_layout_xf, "transform", U8(struct msg_xf_hdr, last), ZERO(1),
       U16(struct msg_xf_hdr, len), U8(struct msg_xf_hdr, type), ZERO(1),
       U16(struct msg_xf_hdr, id));
/* §3.13 */
LAYOUT(msg_layout_ts_count, "TS", U8(struct msg_count_hdr, n), ZERO(3));
/* §3.13.1; the two addresses follow */
LAYOUT(msg_layout_ts, "TS", U8(struct msg_ts_hdr, type), U8(struct msg_ts_hdr, ip_proto),
       U16(struct msg_ts_hdr, len), U16(struct msg_ts_hdr, port_start),
       U16(struct msg_ts_hdr, port_end));
/* §3.4 */
LAYOUT(msg_layout_ke, "KE", U16(struct ike_msg_ke, group), ZERO(2), REST(struct ike_msg_ke, data));
/* §3.5 */
LAYOUT(msg_layout_id, "ID", U8(struct ike_msg_id, type), ZERO(3), REST(struct ike_msg_id, data));
/* §3.8 */
LAYOUT(msg_layout_auth, "AUTH", U8(struct ike_msg_auth, method), ZERO(3),
       REST(struct ike_msg_auth, data));
/* §3.9 Nonce, §3.12 Vendor ID: nothing but data */
LAYOUT(msg_layout_bytes, "data", {MF_REST, 0, 0, 0});

/* §3.10: the SPI Size byte is implied by spi.len in struct ike_msg_notify,
 * so the table describes a wire twin that keeps it. */
LAYOUT(msg_layout_notify, "N", U8(struct msg_notify_wire, proto),
       U8(struct msg_notify_wire, spi_size), U16(struct msg_notify_wire, type),
       VAR(struct msg_notify_wire, spi, spi_size), REST(struct msg_notify_wire, data));
/* §3.11 */
LAYOUT(msg_layout_delete, "D", U8(struct ike_msg_delete, proto),
       U8(struct ike_msg_delete, spi_size), U16(struct ike_msg_delete, n_spi),
       REST(struct ike_msg_delete, spis));

/* §3.15; the attributes follow */
LAYOUT(msg_layout_cp, "CP", U8(struct ike_msg_cp, type), ZERO(3));
/* §3.15.1; the value follows */
LAYOUT(msg_layout_cp_attr, "CP", U16(struct msg_cp_attr_hdr, type),
       U16(struct msg_cp_attr_hdr, len));

bool msg_layout_read(struct wire_reader *r, const struct msg_layout *l, void *obj)
{
	uint8_t *o = obj;
	unsigned i;

	for (i = 0; i < l->n; i++) {
		const struct msg_field *f = &l->fields[i];
		struct ike_bytes *b = (struct ike_bytes *)(o + f->off);

		switch (f->kind) {
		case MF_U8:
			wire_rd_u8(r, o + f->off);
			break;
		case MF_U16:
			wire_rd_u16(r, (uint16_t *)(o + f->off));
			break;
		case MF_U32:
			wire_rd_u32(r, (uint32_t *)(o + f->off));
			break;
		case MF_U64:
			wire_rd_u64(r, (uint64_t *)(o + f->off));
			break;
		case MF_ZERO:
			wire_rd_skip(r, f->size);
			break;
		case MF_VAR:
			b->len = o[f->len_off];
			wire_rd_ptr(r, b->len, &b->ptr);
			break;
		case MF_REST:
			wire_rd_rest(r, &b->ptr, &b->len);
			break;
		}
	}
	return wire_rd_ok(r);
}

bool msg_layout_write(struct wire_writer *w, const struct msg_layout *l, const void *obj)
{
	const uint8_t *o = obj;
	unsigned i;

	for (i = 0; i < l->n; i++) {
		const struct msg_field *f = &l->fields[i];
		const struct ike_bytes *b = (const struct ike_bytes *)(o + f->off);
		uint16_t v16;
		uint32_t v32;
		uint64_t v64;

		switch (f->kind) {
		case MF_U8:
			wire_wr_u8(w, o[f->off]);
			break;
		case MF_U16:
			memcpy(&v16, o + f->off, sizeof(v16));
			wire_wr_u16(w, v16);
			break;
		case MF_U32:
			memcpy(&v32, o + f->off, sizeof(v32));
			wire_wr_u32(w, v32);
			break;
		case MF_U64:
			memcpy(&v64, o + f->off, sizeof(v64));
			wire_wr_u64(w, v64);
			break;
		case MF_ZERO:
			wire_wr_zero(w, f->size);
			break;
		case MF_VAR:
		case MF_REST:
			if (b->len)
				wire_wr_bytes(w, b->ptr, b->len);
			break;
		}
	}
	return wire_wr_ok(w);
}
