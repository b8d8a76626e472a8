/*
 * Inside the IKEv2 codec: the layout tables that parser and generator share,
 * and the per-payload helpers the files of ike/msg_*.c give each other.
 */
#ifndef VT_IKE_MSG_INT_H
#define VT_IKE_MSG_INT_H

#include <stdarg.h>

#include "ike/msg.h"

/* One field of a fixed layout.  Integers live in the described struct at
 * `off` with their wire width; MF_ZERO is `size` reserved bytes (written as
 * zero, not checked on read, as RFC 7296 §2.5 asks); MF_VAR is a struct
 * ike_bytes whose length is the uint8_t at `len_off`; MF_REST a struct
 * ike_bytes taking whatever is left of the reader. */
enum msg_field_kind {
	MF_U8,
	MF_U16,
	MF_U32,
	MF_U64,
	MF_ZERO,
	MF_VAR,
	MF_REST,
};

struct msg_field {
	uint8_t kind;
	uint8_t size;
	uint16_t off;
	uint16_t len_off;
};

struct msg_layout {
	const char *name;
	const struct msg_field *fields;
	unsigned n;
};

bool msg_layout_read(struct wire_reader *r, const struct msg_layout *l, void *obj);
bool msg_layout_write(struct wire_writer *w, const struct msg_layout *l, const void *obj);

/* Wire-shaped structs the tables describe that are not in msg.h. */
struct msg_generic_hdr {
	uint8_t next;
	uint8_t flags; /* bit 7: critical */
	uint16_t len;
};
#define MSG_CRITICAL 0x80

struct msg_prop_hdr {
	uint8_t last;
	uint16_t len;
	uint8_t num, proto, spi_size, n_xf;
	struct ike_bytes spi;
};

struct msg_xf_hdr {
	uint8_t last;
	uint16_t len;
	uint8_t type;
	uint16_t id;
};

struct msg_ts_hdr {
	uint8_t type, ip_proto;
	uint16_t len;
	uint16_t port_start, port_end;
};

struct msg_notify_wire {
	uint8_t proto, spi_size;
	uint16_t type;
	struct ike_bytes spi, data;
};

struct msg_cp_attr_hdr {
	uint16_t type;
	uint16_t len;
};

struct msg_count_hdr {
	uint8_t n;
};

extern const struct msg_layout msg_layout_hdr, msg_layout_generic, msg_layout_prop, msg_layout_xf,
	msg_layout_ts_count, msg_layout_ts, msg_layout_ke, msg_layout_id, msg_layout_auth,
	msg_layout_bytes, msg_layout_notify, msg_layout_delete, msg_layout_cp, msg_layout_cp_attr;

/* Record a failure in err (may be NULL) and return code. */
int msg_fail(struct ike_msg_err *err, int code, uint16_t notify, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Payload bodies (the bytes after the generic header). */
int msg_sa_parse(struct wire_reader *r, uint8_t exchange, struct ike_msg_sa *sa,
		 struct ike_msg_err *err);
int msg_sa_gen(struct wire_writer *w, const struct ike_msg_sa *sa);
int msg_ts_parse(struct wire_reader *r, const char *name, struct ike_msg_ts_list *l,
		 struct ike_msg_err *err);
int msg_ts_gen(struct wire_writer *w, const struct ike_msg_ts_list *l);
int msg_cp_parse(struct wire_reader *r, struct ike_msg_cp *cp, struct ike_msg_err *err);
int msg_cp_gen(struct wire_writer *w, const struct ike_msg_cp *cp);

#endif
