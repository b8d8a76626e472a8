/* The configuration payload (RFC 7296 §3.15), for remote-access peers. */
#include <errno.h>

#include "ike/msg_int.h"

#define CP_ATTR_RESERVED 0x8000

int msg_cp_parse(struct wire_reader *r, struct ike_msg_cp *cp, struct ike_msg_err *err)
{
	if (!msg_layout_read(r, &msg_layout_cp, cp))
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "CP: truncated");
	for (cp->n_attr = 0; wire_rd_left(r) > 0; cp->n_attr++) {
		struct ike_msg_cp_attr *a = &cp->attr[cp->n_attr];
		struct msg_cp_attr_hdr ah;

		if (cp->n_attr == IKE_MSG_MAX_CP_ATTRS)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"CP: more than %u attributes", IKE_MSG_MAX_CP_ATTRS);
		if (!msg_layout_read(r, &msg_layout_cp_attr, &ah))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"CP: attribute %u truncated", cp->n_attr + 1);
		a->type = ah.type & ~CP_ATTR_RESERVED;
		a->value.len = ah.len;
		if (!wire_rd_ptr(r, ah.len, &a->value.ptr))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"CP: attribute %u: length %u overruns", cp->n_attr + 1,
					ah.len);
	}
	return 0;
}

int msg_cp_gen(struct wire_writer *w, const struct ike_msg_cp *cp)
{
	unsigned i;

	if (cp->n_attr > IKE_MSG_MAX_CP_ATTRS)
		return -EINVAL;
	msg_layout_write(w, &msg_layout_cp, cp);
	for (i = 0; i < cp->n_attr; i++) {
		const struct ike_msg_cp_attr *a = &cp->attr[i];
		struct msg_cp_attr_hdr ah = {a->type, (uint16_t)a->value.len};

		if ((a->type & CP_ATTR_RESERVED) || a->value.len > UINT16_MAX)
			return -EINVAL;
		msg_layout_write(w, &msg_layout_cp_attr, &ah);
		if (a->value.len)
			wire_wr_bytes(w, a->value.ptr, a->value.len);
	}
	return 0;
}
