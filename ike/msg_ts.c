/* Traffic selector payloads (RFC 7296 §3.13). */
#include <errno.h>
#include <string.h>

#include "ike/msg_int.h"

static size_t msg_ts_addr_len(uint8_t type)
{
	return type == IKE_TS_IPV4 ? 4 : type == IKE_TS_IPV6 ? 16 : 0;
}

int msg_ts_parse(struct wire_reader *r, const char *name, struct ike_msg_ts_list *l,
		 struct ike_msg_err *err)
{
	struct msg_count_hdr ch;
	unsigned i;

	if (!msg_layout_read(r, &msg_layout_ts_count, &ch))
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "%s: truncated", name);
	if (ch.n == 0 || ch.n > IKE_MSG_MAX_TS)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "%s: %u selectors (1..%u)",
				name, ch.n, IKE_MSG_MAX_TS);
	for (i = 0; i < ch.n; i++) {
		struct ike_msg_ts *ts = &l->ts[i];
		struct wire_reader look = *r, sr;
		struct msg_ts_hdr th;
		size_t alen;

		msg_layout_read(&look, &msg_layout_ts, &th);
		alen = msg_ts_addr_len(th.type);
		if (!wire_rd_ok(&look))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"%s: selector %u: truncated", name, i + 1);
		if (alen == 0)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"%s: selector %u: type %u", name, i + 1, th.type);
		if (th.len != 8 + 2 * alen || !wire_rd_sub(r, th.len, &sr))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"%s: selector %u: length %u", name, i + 1, th.len);
		msg_layout_read(&sr, &msg_layout_ts, &th);
		memset(ts, 0, sizeof(*ts));
		ts->type = th.type;
		ts->ip_proto = th.ip_proto;
		ts->port_start = th.port_start;
		ts->port_end = th.port_end;
		wire_rd_bytes(&sr, ts->addr_start, alen);
		wire_rd_bytes(&sr, ts->addr_end, alen);
		if (ts->port_start > ts->port_end)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"%s: selector %u: start port %u > end port %u", name, i + 1,
					ts->port_start, ts->port_end);
		if (memcmp(ts->addr_start, ts->addr_end, alen) > 0)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"%s: selector %u: start address > end address", name,
					i + 1);
	}
	if (wire_rd_left(r) > 0)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
				"%s: %zu bytes after %u selectors", name, wire_rd_left(r), ch.n);
	l->n = ch.n;
	return 0;
}

int msg_ts_gen(struct wire_writer *w, const struct ike_msg_ts_list *l)
{
	struct msg_count_hdr ch = {.n = (uint8_t)l->n};
	unsigned i;

	if (l->n == 0 || l->n > IKE_MSG_MAX_TS)
		return -EINVAL;
	msg_layout_write(w, &msg_layout_ts_count, &ch);
	for (i = 0; i < l->n; i++) {
		const struct ike_msg_ts *ts = &l->ts[i];
		size_t alen = msg_ts_addr_len(ts->type);
		struct msg_ts_hdr th = {
			.type = ts->type,
			.ip_proto = ts->ip_proto,
			.len = (uint16_t)(8 + 2 * alen),
			.port_start = ts->port_start,
			.port_end = ts->port_end,
		};

		if (alen == 0)
			return -EINVAL;
		msg_layout_write(w, &msg_layout_ts, &th);
		wire_wr_bytes(w, ts->addr_start, alen);
		wire_wr_bytes(w, ts->addr_end, alen);
	}
	return 0;
}
