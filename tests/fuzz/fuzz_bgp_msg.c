/*
 * Fuzz harness for bgp/msg: frames the input as one BGP message and runs
 * the parser for its type (UPDATE under all four session kinds).  Prefix
 * lists the parser accepted must iterate to their end; an OPEN, a
 * NOTIFICATION or a ROUTE-REFRESH that parses must come back the same
 * after a trip through its generator; an error always names a code.
 */
#include <errno.h>
#include <string.h>

#include "bgp/msg.h"
#include "tests/fuzz/fuzz.h"

static void fb_nlri(const struct bgp_nlri *n)
{
	struct bgp_nlri_iter it;
	struct vt_prefix p;
	size_t count = 0;

	bgp_nlri_iter_init(&it, n);
	while (bgp_nlri_next(&it, &p))
		FUZZ_CHECK(++count <= n->len);
	if (n->afi == BGP_AFI_IPV4 || n->afi == BGP_AFI_IPV6)
		FUZZ_CHECK(wire_rd_left(&it.r) == 0);
}

static void fb_update(const uint8_t *m, size_t len)
{
	struct bgp_notify err;
	struct bgp_update u;
	int k;

	for (k = 0; k < 4; k++) {
		struct bgp_upd_ctx ctx = {k & 1, k & 2};
		int rc = bgp_update_parse(m, len, &ctx, &u, &err);

		FUZZ_CHECK(rc == 0 || rc == BGP_UPD_WITHDRAW || rc == -EBADMSG);
		if (rc == -EBADMSG) {
			FUZZ_CHECK(err.code == BGP_ERR_UPDATE);
			continue;
		}
		FUZZ_CHECK(rc == 0 || u.reason != NULL);
		fb_nlri(&u.withdrawn);
		fb_nlri(&u.nlri);
		if (bgp_update_has(&u, BGP_ATTR_MP_REACH))
			fb_nlri(&u.mp_nlri);
		if (bgp_update_has(&u, BGP_ATTR_MP_UNREACH))
			fb_nlri(&u.mp_withdrawn);
	}
}

static void fb_open(const uint8_t *m, size_t len)
{
	struct bgp_open o, p;
	struct bgp_notify err;
	struct wire_writer w;

	if (bgp_open_parse(m, len, &o, &err) < 0) {
		FUZZ_CHECK(err.code == BGP_ERR_OPEN || err.code == BGP_ERR_HEADER);
		return;
	}
	wire_wr_init_growing(&w, BGP_MSG_MAX);
	/* Too many capabilities for one parameter is the only way out. */
	if (bgp_open_write(&w, &o) == 0) {
		FUZZ_CHECK(bgp_open_parse(wire_wr_data(&w), wire_wr_len(&w), &p, &err) == 0);
		FUZZ_CHECK(bgp_open_asn(&p) == bgp_open_asn(&o));
		FUZZ_CHECK(p.hold_time == o.hold_time && p.bgp_id == o.bgp_id);
		FUZZ_CHECK(p.n_mp == o.n_mp && p.n_other == o.n_other);
		FUZZ_CHECK(p.route_refresh == o.route_refresh && p.has_gr == o.has_gr);
	}
	wire_wr_free(&w);
}

static void fb_small(const uint8_t *m, size_t len, uint8_t type)
{
	struct bgp_notify n, n2, err;
	struct bgp_rrefresh rr, rr2;
	struct wire_writer w;

	wire_wr_init_growing(&w, BGP_MSG_MAX);
	if (type == BGP_MSG_NOTIFICATION && bgp_notify_parse(m, len, &n, &err) == 0) {
		FUZZ_CHECK(bgp_notify_write(&w, &n) == 0);
		FUZZ_CHECK(wire_wr_len(&w) == len && memcmp(wire_wr_data(&w), m, len) == 0);
		FUZZ_CHECK(bgp_notify_parse(wire_wr_data(&w), len, &n2, &err) == 0);
		(void)bgp_notify_code_name(n.code);
		(void)bgp_notify_subcode_name(n.code, n.subcode);
	}
	if (type == BGP_MSG_ROUTE_REFRESH && bgp_rrefresh_parse(m, len, &rr, &err) == 0) {
		FUZZ_CHECK(bgp_rrefresh_write(&w, &rr) == 0);
		FUZZ_CHECK(bgp_rrefresh_parse(wire_wr_data(&w), wire_wr_len(&w), &rr2, &err) == 0);
		FUZZ_CHECK(memcmp(&rr, &rr2, sizeof(rr)) == 0);
	}
	wire_wr_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t buf[BGP_MSG_MAX];
	struct bgp_notify err;
	size_t len;
	uint8_t type;
	int rc;

	/* Random bytes rarely carry a marker: supply one unless given. */
	if (size >= 16 && data[0] == 0xff) {
		rc = bgp_hdr_parse(data, size, &type, &len, &err);
		if (rc < 0) {
			FUZZ_CHECK(rc == -EAGAIN || err.code == BGP_ERR_HEADER);
			return 0;
		}
		if (len > size)
			return 0;
		memcpy(buf, data, len);
	} else {
		len = size + 16 > sizeof(buf) ? sizeof(buf) : size + 16;
		memset(buf, 0xff, 16);
		memcpy(buf + 16, data, len - 16);
		if (len < BGP_HDR_LEN)
			return 0;
		buf[16] = (uint8_t)(len >> 8);
		buf[17] = (uint8_t)len;
		if (bgp_hdr_parse(buf, len, &type, &len, &err) < 0)
			return 0;
	}
	switch (type) {
	case BGP_MSG_OPEN:
		fb_open(buf, len);
		break;
	case BGP_MSG_UPDATE:
		fb_update(buf, len);
		break;
	default:
		fb_small(buf, len, type);
		break;
	}
	return 0;
}
