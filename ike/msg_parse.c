/*
 * Parsing: the header, then the chain of generic payload headers, each
 * payload carved into its own bounded reader before its layout is read, so
 * no payload can read past its own length.
 */
#include <errno.h>
#include <string.h>

#include "ike/msg_int.h"

int ike_msg_parse_hdr(const uint8_t *buf, size_t len, struct ike_hdr *h, struct ike_msg_err *err)
{
	struct wire_reader r;

	if (err)
		memset(err, 0, sizeof(*err));
	if (len < IKE_HDR_LEN)
		return msg_fail(err, -EBADMSG, 0, "header: %zu bytes < %d", len, IKE_HDR_LEN);
	wire_rd_init(&r, buf, len);
	msg_layout_read(&r, &msg_layout_hdr, h);
	if ((h->version >> 4) != 2)
		/* RFC 7296 §2.5: only a higher major version gets an answer */
		return msg_fail(err, -EPROTONOSUPPORT,
				(h->version >> 4) > 2 ? IKE_N_INVALID_MAJOR_VERSION : 0,
				"header: version %u.%u", h->version >> 4, h->version & 15);
	if (h->length != len)
		return msg_fail(err, -EBADMSG, 0, "header: length %u != datagram %zu", h->length,
				len);
	return 0;
}

static const char *msg_pl_name(uint8_t type)
{
	const char *n = ike_payload_name(type);

	return n ? n : "payload";
}

static int msg_id_check(const struct ike_msg_id *id, const char *name, struct ike_msg_err *err)
{
	size_t want = id->type == IKE_ID_IPV4 ? 4 : id->type == IKE_ID_IPV6 ? 16 : 0;

	if (want && id->data.len != want)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "%s: address length %zu", name,
				id->data.len);
	if (id->data.len == 0)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "%s: empty", name);
	return 0;
}

static int msg_notify_parse(struct wire_reader *r, struct ike_msg *m, struct ike_msg_err *err)
{
	struct msg_notify_wire nw;
	struct ike_msg_notify *n;

	if (m->n_notify == IKE_MSG_MAX_NOTIFIES)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "N: more than %u",
				IKE_MSG_MAX_NOTIFIES);
	if (!msg_layout_read(r, &msg_layout_notify, &nw))
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "N: truncated (SPI size %u)",
				nw.spi_size);
	n = &m->notify[m->n_notify++];
	n->proto = nw.proto;
	n->type = nw.type;
	n->spi = nw.spi;
	n->data = nw.data;
	return 0;
}

static int msg_delete_parse(struct wire_reader *r, struct ike_msg *m, struct ike_msg_err *err)
{
	struct ike_msg_delete *d;

	if (m->n_delete == IKE_MSG_MAX_DELETES)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "D: more than %u",
				IKE_MSG_MAX_DELETES);
	d = &m->del[m->n_delete];
	if (!msg_layout_read(r, &msg_layout_delete, d))
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "D: truncated");
	if (d->proto == IKE_PROTO_IKE ? d->spi_size != 0 || d->n_spi != 0 : d->spi_size != 4)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
				"D: protocol %u with SPI size %u, %u SPIs", d->proto, d->spi_size,
				d->n_spi);
	if (d->spis.len != (size_t)d->n_spi * d->spi_size)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
				"D: %u SPIs of %u bytes in %zu bytes", d->n_spi, d->spi_size,
				d->spis.len);
	m->n_delete++;
	return 0;
}

#define ONCE(flag, name)                                                                           \
	do {                                                                                       \
		if (flag)                                                                          \
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "%s: more than one",  \
					name);                                                     \
		flag = true;                                                                       \
	} while (0)

/* Parse one payload body; returns 1 when the payload was skipped. */
static int msg_payload_parse(struct ike_msg *m, uint8_t type, const struct msg_generic_hdr *gh,
			     struct wire_reader *r, size_t body_off, struct ike_msg_err *err)
{
	const char *name = msg_pl_name(type);

	switch (type) {
	case IKE_PL_SA:
		ONCE(m->has_sa, name);
		return msg_sa_parse(r, m->hdr.exchange, &m->sa, err);
	case IKE_PL_KE:
		ONCE(m->has_ke, name);
		if (!msg_layout_read(r, &msg_layout_ke, &m->ke) || m->ke.data.len == 0)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "KE: no data");
		return 0;
	case IKE_PL_IDI:
	case IKE_PL_IDR: {
		struct ike_msg_id *id = type == IKE_PL_IDI ? &m->idi : &m->idr;

		if (type == IKE_PL_IDI)
			ONCE(m->has_idi, name);
		else
			ONCE(m->has_idr, name);
		if (!msg_layout_read(r, &msg_layout_id, id))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "%s: truncated", name);
		return msg_id_check(id, name, err);
	}
	case IKE_PL_AUTH:
		ONCE(m->has_auth, name);
		if (!msg_layout_read(r, &msg_layout_auth, &m->auth) || m->auth.data.len == 0)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "AUTH: no data");
		return 0;
	case IKE_PL_NONCE:
		ONCE(m->has_nonce, name);
		msg_layout_read(r, &msg_layout_bytes, &m->nonce);
		if (m->nonce.len < IKE_NONCE_MIN || m->nonce.len > IKE_NONCE_MAX)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"Nonce: length %zu (%d..%d)", m->nonce.len, IKE_NONCE_MIN,
					IKE_NONCE_MAX);
		return 0;
	case IKE_PL_NOTIFY:
		return msg_notify_parse(r, m, err);
	case IKE_PL_DELETE:
		return msg_delete_parse(r, m, err);
	case IKE_PL_VENDOR:
		if (m->n_vendor == IKE_MSG_MAX_VENDORS)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "V: more than %u",
					IKE_MSG_MAX_VENDORS);
		msg_layout_read(r, &msg_layout_bytes, &m->vendor[m->n_vendor++]);
		return 0;
	case IKE_PL_TSI:
		ONCE(m->has_tsi, name);
		return msg_ts_parse(r, name, &m->tsi, err);
	case IKE_PL_TSR:
		ONCE(m->has_tsr, name);
		return msg_ts_parse(r, name, &m->tsr, err);
	case IKE_PL_SK:
		ONCE(m->has_sk, name);
		m->sk.inner_next = gh->next;
		m->sk.body_off = body_off;
		msg_layout_read(r, &msg_layout_bytes, &m->sk.body);
		return 0;
	case IKE_PL_CP:
		ONCE(m->has_cp, name);
		return msg_cp_parse(r, &m->cp, err);
	case IKE_PL_CERT:
	case IKE_PL_CERTREQ:
	case IKE_PL_EAP:
		/* known, not used by vtid: the engine decides what their presence means */
		m->n_skipped++;
		return 1;
	default:
		if (gh->flags & MSG_CRITICAL) {
			if (err)
				err->payload = type;
			return msg_fail(err, -EOPNOTSUPP, IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD,
					"payload type %u: unknown and critical", type);
		}
		m->n_skipped++;
		return 1;
	}
}

/* Walk the chain starting with payload type `next` over r; base is r's
 * offset in the datagram. */
static int msg_chain_parse(struct ike_msg *m, struct wire_reader *r, uint8_t next, size_t base,
			   bool inner, struct ike_msg_err *err)
{
	while (next != IKE_PL_NONE) {
		const char *name = msg_pl_name(next);
		struct msg_generic_hdr gh;
		struct wire_reader pr;
		size_t body_off;
		uint8_t type = next;
		int rc;

		if (m->n_order == IKE_MSG_MAX_PAYLOADS)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"more than %d payloads", IKE_MSG_MAX_PAYLOADS);
		if (!msg_layout_read(r, &msg_layout_generic, &gh))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "%s: header truncated",
					name);
		if (gh.len < IKE_GENERIC_HDR_LEN)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "%s: length %u < 4",
					name, gh.len);
		body_off = base + wire_rd_pos(r);
		if (!wire_rd_sub(r, gh.len - IKE_GENERIC_HDR_LEN, &pr))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"%s: length %u overruns the message", name, gh.len);
		if (type == IKE_PL_SK && inner)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "SK: inside SK");
		rc = msg_payload_parse(m, type, &gh, &pr, body_off, err);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			struct ike_msg_slot *s = &m->order[m->n_order++];

			s->type = type;
			s->idx = type == IKE_PL_NOTIFY	 ? (uint8_t)(m->n_notify - 1)
				 : type == IKE_PL_DELETE ? (uint8_t)(m->n_delete - 1)
				 : type == IKE_PL_VENDOR ? (uint8_t)(m->n_vendor - 1)
							 : 0;
		}
		/* SK's next-payload field names its first inner payload */
		next = type == IKE_PL_SK ? IKE_PL_NONE : gh.next;
	}
	if (wire_rd_left(r) > 0)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
				"%zu bytes after the last payload", wire_rd_left(r));
	return 0;
}

int ike_msg_parse(const uint8_t *buf, size_t len, struct ike_msg *m, struct ike_msg_err *err)
{
	struct wire_reader r;
	int rc;

	memset(m, 0, sizeof(*m));
	rc = ike_msg_parse_hdr(buf, len, &m->hdr, err);
	if (rc < 0)
		return rc;
	wire_rd_init(&r, buf, len);
	wire_rd_skip(&r, IKE_HDR_LEN);
	return msg_chain_parse(m, &r, m->hdr.next, 0, false, err);
}

int ike_msg_parse_inner(struct ike_msg *m, const uint8_t *plain, size_t len,
			struct ike_msg_err *err)
{
	struct wire_reader r;
	uint8_t pad;

	if (err)
		memset(err, 0, sizeof(*err));
	if (len == 0)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "SK: empty plaintext");
	pad = plain[len - 1];
	if ((size_t)pad + 1 > len)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "SK: pad length %u > %zu", pad,
				len - 1);
	wire_rd_init(&r, plain, len - pad - 1);
	return msg_chain_parse(m, &r, m->sk.inner_next, 0, true, err);
}

int ike_msg_sk_split(const struct ike_msg_sk *sk, size_t iv_len, size_t icv_len,
		     struct ike_sk_parts *out, struct ike_msg_err *err)
{
	struct wire_reader r;

	if (sk->body.len < iv_len + icv_len + 1)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
				"SK: %zu bytes < IV %zu + ICV %zu + 1", sk->body.len, iv_len,
				icv_len);
	wire_rd_init(&r, sk->body.ptr, sk->body.len);
	out->iv.len = iv_len;
	wire_rd_ptr(&r, iv_len, &out->iv.ptr);
	out->ct.len = sk->body.len - iv_len - icv_len;
	wire_rd_ptr(&r, out->ct.len, &out->ct.ptr);
	wire_rd_rest(&r, &out->icv.ptr, &out->icv.len);
	return 0;
}
