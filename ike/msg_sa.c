/*
 * The SA payload (RFC 7296 §3.3): proposals holding transforms holding
 * attributes, and its translation to and from struct ike_proposal.
 */
#include <errno.h>
#include <string.h>

#include "ike/msg_int.h"

#define ATTR_TV		0x8000
#define ATTR_KEY_LENGTH 14
#define PROP_MORE	2
#define XF_MORE		3

/* Length fields are read before the sub-structure is carved, so a copy of
 * the reader looks ahead without moving the real one. */
static uint16_t msg_peek_len(const struct wire_reader *r)
{
	struct wire_reader look = *r;
	uint16_t len;

	wire_rd_skip(&look, 2);
	wire_rd_u16(&look, &len);
	return len;
}

static int msg_attrs_parse(struct wire_reader *r, unsigned pn, unsigned xn,
			   struct ike_msg_transform *xf, struct ike_msg_err *err)
{
	bool have_keylen = false;

	while (wire_rd_left(r) > 0) {
		uint16_t type, val;

		if (!wire_rd_u16(r, &type) || !wire_rd_u16(r, &val))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: proposal %u: transform %u: attribute truncated", pn,
					xn);
		if (!(type & ATTR_TV)) {
			if (!wire_rd_skip(r, val))
				return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
						"SA: proposal %u: transform %u: attribute length "
						"%u overruns",
						pn, xn, val);
			xf->unknown_attr = true;
			continue;
		}
		if ((type & ~ATTR_TV) != ATTR_KEY_LENGTH) {
			xf->unknown_attr = true;
			continue;
		}
		if (have_keylen || val == 0)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: proposal %u: transform %u: bad key length %u", pn, xn,
					val);
		have_keylen = true;
		xf->keylen = val;
	}
	return 0;
}

static int msg_xfs_parse(struct wire_reader *r, const struct msg_prop_hdr *ph,
			 struct ike_msg_proposal *p, struct ike_msg_err *err)
{
	unsigned pn = ph->num;
	uint8_t last = XF_MORE;
	int rc;

	if (ph->n_xf == 0 || ph->n_xf > IKE_MSG_MAX_TRANSFORMS)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
				"SA: proposal %u: %u transforms (1..%u)", pn, ph->n_xf,
				IKE_MSG_MAX_TRANSFORMS);
	for (p->n_xf = 0; p->n_xf < ph->n_xf; p->n_xf++) {
		struct ike_msg_transform *xf = &p->xf[p->n_xf];
		unsigned xn = p->n_xf + 1;
		struct msg_xf_hdr xh;
		struct wire_reader xr;
		uint16_t len = msg_peek_len(r);

		if (last != XF_MORE)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: proposal %u: transform %u after the last", pn, xn);
		if (len < 8 || !wire_rd_sub(r, len, &xr))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: proposal %u: transform length %u %s", pn, len,
					len < 8 ? "< 8" : "overruns the proposal");
		msg_layout_read(&xr, &msg_layout_xf, &xh);
		if (xh.last != 0 && xh.last != XF_MORE)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: proposal %u: transform %u: last-substruct %u", pn, xn,
					xh.last);
		last = xh.last;
		memset(xf, 0, sizeof(*xf));
		xf->type = xh.type;
		xf->id = xh.id;
		rc = msg_attrs_parse(&xr, pn, xn, xf, err);
		if (rc < 0)
			return rc;
	}
	if (last != 0)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
				"SA: proposal %u: last transform not marked last", pn);
	if (wire_rd_left(r) > 0)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
				"SA: proposal %u: %zu bytes after %u transforms", pn,
				wire_rd_left(r), ph->n_xf);
	return 0;
}

static int msg_spi_size_check(const struct msg_prop_hdr *ph, uint8_t exchange,
			      struct ike_msg_err *err)
{
	bool ok;

	switch (ph->proto) {
	case IKE_PROTO_IKE:
		if (exchange == IKE_EXCH_SA_INIT)
			ok = ph->spi_size == 0;
		else if (exchange == IKE_EXCH_CREATE_CHILD_SA)
			ok = ph->spi_size == 8;
		else
			ok = ph->spi_size == 0 || ph->spi_size == 8;
		break;
	case 2: /* AH */
	case IKE_PROTO_ESP:
		ok = ph->spi_size == 4;
		break;
	default:
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "SA: proposal %u: protocol %u",
				ph->num, ph->proto);
	}
	if (!ok)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
				"SA: proposal %u: SPI size %u for protocol %u", ph->num,
				ph->spi_size, ph->proto);
	return 0;
}

int msg_sa_parse(struct wire_reader *r, uint8_t exchange, struct ike_msg_sa *sa,
		 struct ike_msg_err *err)
{
	uint8_t last = PROP_MORE;
	int rc;

	sa->n_prop = 0;
	if (wire_rd_left(r) == 0)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, "SA: no proposals");
	while (wire_rd_left(r) > 0) {
		struct ike_msg_proposal *p;
		struct msg_prop_hdr ph;
		struct wire_reader pr;
		unsigned pn = sa->n_prop + 1;
		uint16_t len = msg_peek_len(r);

		if (sa->n_prop == IKE_MSG_MAX_PROPOSALS)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: more than %u proposals", IKE_MSG_MAX_PROPOSALS);
		if (last != PROP_MORE)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: proposal %u after the last", pn);
		if (len < 8 || !wire_rd_sub(r, len, &pr))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: proposal %u: length %u %s", pn, len,
					len < 8 ? "< 8" : "overruns the payload");
		if (!msg_layout_read(&pr, &msg_layout_prop, &ph))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: proposal %u: SPI size %u overruns", pn, ph.spi_size);
		if (ph.last != 0 && ph.last != PROP_MORE)
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: proposal %u: last-substruct %u", pn, ph.last);
		last = ph.last;
		if (ph.num == 0 || (sa->n_prop > 0 && ph.num != sa->prop[sa->n_prop - 1].num + 1))
			return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
					"SA: proposal %u: number %u out of sequence", pn, ph.num);
		rc = msg_spi_size_check(&ph, exchange, err);
		if (rc < 0)
			return rc;
		p = &sa->prop[sa->n_prop];
		p->num = ph.num;
		p->proto = ph.proto;
		p->spi = ph.spi;
		rc = msg_xfs_parse(&pr, &ph, p, err);
		if (rc < 0)
			return rc;
		sa->n_prop++;
	}
	if (last != 0)
		return msg_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX,
				"SA: last proposal not marked last");
	return 0;
}

int msg_sa_gen(struct wire_writer *w, const struct ike_msg_sa *sa)
{
	unsigned i, j;

	if (sa->n_prop == 0 || sa->n_prop > IKE_MSG_MAX_PROPOSALS)
		return -EINVAL;
	for (i = 0; i < sa->n_prop; i++) {
		const struct ike_msg_proposal *p = &sa->prop[i];
		struct msg_prop_hdr ph = {
			.last = i + 1 < sa->n_prop ? PROP_MORE : 0,
			.num = p->num ? p->num : (uint8_t)(i + 1),
			.proto = p->proto,
			.spi_size = (uint8_t)p->spi.len,
			.n_xf = (uint8_t)p->n_xf,
			.spi = p->spi,
		};
		size_t pstart = wire_wr_len(w);

		if (p->spi.len > 8 || p->n_xf == 0 || p->n_xf > IKE_MSG_MAX_TRANSFORMS)
			return -EINVAL;
		msg_layout_write(w, &msg_layout_prop, &ph);
		for (j = 0; j < p->n_xf; j++) {
			const struct ike_msg_transform *xf = &p->xf[j];
			struct msg_xf_hdr xh = {
				.last = j + 1 < p->n_xf ? XF_MORE : 0,
				.type = xf->type,
				.id = xf->id,
			};
			size_t xstart = wire_wr_len(w);

			msg_layout_write(w, &msg_layout_xf, &xh);
			if (xf->keylen) {
				wire_wr_u16(w, ATTR_TV | ATTR_KEY_LENGTH);
				wire_wr_u16(w, xf->keylen);
			}
			wire_wr_patch_u16(w, xstart + 2, (uint16_t)(wire_wr_len(w) - xstart));
		}
		wire_wr_patch_u16(w, pstart + 2, (uint16_t)(wire_wr_len(w) - pstart));
	}
	return 0;
}

static int msg_xf_add(struct ike_msg_proposal *out, uint8_t type, uint16_t id, uint16_t keylen)
{
	if (out->n_xf == IKE_MSG_MAX_TRANSFORMS)
		return -E2BIG;
	out->xf[out->n_xf++] = (struct ike_msg_transform){.type = type, .id = id, .keylen = keylen};
	return 0;
}

int ike_msg_proposal_from(const struct ike_proposal *p, uint8_t num, struct ike_bytes spi,
			  struct ike_msg_proposal *out)
{
	unsigned i;
	int rc = 0;

	if (p->n_encr > IKE_PROPOSAL_MAX_ALGS || p->n_prf > IKE_PROPOSAL_MAX_ALGS ||
	    p->n_integ > IKE_PROPOSAL_MAX_ALGS || p->n_dh > IKE_PROPOSAL_MAX_ALGS ||
	    p->n_esn > IKE_PROPOSAL_MAX_ALGS || spi.len > 8)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->num = num;
	out->proto = (uint8_t)p->proto;
	out->spi = spi;
	for (i = 0; i < p->n_encr && !rc; i++)
		rc = msg_xf_add(out, IKE_TRANSFORM_ENCR, p->encr[i].id, p->encr[i].keylen);
	for (i = 0; i < p->n_prf && !rc; i++)
		rc = msg_xf_add(out, IKE_TRANSFORM_PRF, p->prf[i], 0);
	for (i = 0; i < p->n_integ && !rc; i++)
		rc = msg_xf_add(out, IKE_TRANSFORM_INTEG, p->integ[i], 0);
	for (i = 0; i < p->n_dh && !rc; i++)
		rc = msg_xf_add(out, IKE_TRANSFORM_DH, p->dh[i], 0);
	for (i = 0; i < p->n_esn && !rc; i++)
		rc = msg_xf_add(out, IKE_TRANSFORM_ESN, p->esn[i], 0);
	return rc;
}

static int msg_alg_add(uint16_t *arr, unsigned *n, uint16_t id)
{
	if (*n == IKE_PROPOSAL_MAX_ALGS)
		return -E2BIG;
	arr[(*n)++] = id;
	return 0;
}

int ike_msg_proposal_to(const struct ike_msg_proposal *in, struct ike_proposal *out)
{
	unsigned i;
	int rc = 0;

	if (in->proto != IKE_PROTO_IKE && in->proto != IKE_PROTO_ESP)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->proto = (enum ike_proto)in->proto;
	for (i = 0; i < in->n_xf && !rc; i++) {
		const struct ike_msg_transform *xf = &in->xf[i];

		if (xf->unknown_attr)
			return -EINVAL;
		switch (xf->type) {
		case IKE_TRANSFORM_ENCR:
			if (out->n_encr == IKE_PROPOSAL_MAX_ALGS)
				return -E2BIG;
			out->encr[out->n_encr].id = xf->id;
			out->encr[out->n_encr++].keylen = xf->keylen;
			break;
		case IKE_TRANSFORM_PRF:
			rc = msg_alg_add(out->prf, &out->n_prf, xf->id);
			break;
		case IKE_TRANSFORM_INTEG:
			rc = msg_alg_add(out->integ, &out->n_integ, xf->id);
			break;
		case IKE_TRANSFORM_DH:
			rc = msg_alg_add(out->dh, &out->n_dh, xf->id);
			break;
		case IKE_TRANSFORM_ESN:
			rc = msg_alg_add(out->esn, &out->n_esn, xf->id);
			break;
		default:
			return -EINVAL;
		}
	}
	return rc;
}
