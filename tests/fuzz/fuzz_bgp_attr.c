/*
 * Fuzz harness for bgp/attr.  Input: two control octets (session kind,
 * export settings), then a path attribute list, sent as an UPDATE for
 * 10.0.0.0/24.  Whatever the codec accepts must become a set for each
 * family it has a next hop for; each set must export, write and parse
 * back cleanly for both kinds of peer, and a new speaker reading it back
 * must see the same AS path and aggregator (RFC 6793 round trip).
 */
#include <errno.h>
#include <string.h>

#include "bgp/attr.h"
#include "tests/fuzz/fuzz.h"

static bool fa_has_confed(const struct bgp_attrs *a)
{
	const uint8_t *p = bgp_attrs_aspath(a);
	size_t off = 0;

	while (off + 2 <= a->aspath_len) {
		if (p[off] == BGP_SEG_CONFED_SEQUENCE || p[off] == BGP_SEG_CONFED_SET)
			return true;
		off += 2 + (size_t)p[off + 1] * 4;
	}
	return false;
}

/* A 4-octet path as text, through a set of its own. */
static void fa_path_fmt(struct bgp_attr_table *t, const uint8_t *path, size_t len, char *buf,
			size_t cap)
{
	struct bgp_attrs_tmpl tm;
	struct bgp_attrs *a;
	const char *why = NULL;

	memset(&tm, 0, sizeof(tm));
	tm.aspath = path;
	tm.aspath_len = len;
	a = bgp_attrs_intern(t, &tm, &why);
	FUZZ_CHECK(a != NULL);
	buf[0] = '\0';
	if (a)
		bgp_attrs_aspath_fmt(a, buf, cap);
	bgp_attrs_unref(t, a);
}

static void fa_export(struct bgp_attr_table *t, const struct bgp_attrs *a, uint16_t afi,
		      const uint8_t ctl[2], bool peer_as4)
{
	static uint8_t buf[2 * BGP_MSG_MAX];
	struct bgp_export x;
	struct bgp_upd_ctx ctx;
	struct bgp_update u, v;
	struct bgp_notify err;
	struct wire_writer w;
	struct vt_prefix p;
	struct bgp_attrs *back;
	const char *why = NULL;
	static char want[32768], got[32768];
	size_t used;
	int rc;

	memset(&x, 0, sizeof(x));
	x.ebgp = ctl[1] & 0x10;
	x.med_from_ebgp = ctl[1] & 0x20;
	x.local_as = (ctl[1] & 0x40) ? 4200000100u : 65016;
	x.prepend = ctl[1] & 0x0f;
	x.peer_as4 = peer_as4;
	x.default_local_pref = 100;
	memset(&p, 0, sizeof(p));
	if (afi == BGP_AFI_IPV4) {
		vt_addr_from_v4(&x.next_hop, 0xa9fe0c02);
		vt_addr_from_v4(&p.addr, 0x0a000000);
		p.len = 24;
	} else {
		FUZZ_CHECK(vt_addr_parse("2001:db8::2", AF_INET6, &x.next_hop) == 0);
		FUZZ_CHECK(vt_prefix_parse("2001:db8::/32", AF_INET6, 0, &p) == 0);
	}
	rc = bgp_attrs_export(a, &x, afi, &u, buf, sizeof(buf));
	FUZZ_CHECK(rc == 0 || rc == -ENOSPC);
	if (rc < 0)
		return;
	ctx.as4 = peer_as4;
	ctx.ibgp = !x.ebgp;
	wire_wr_init_growing(&w, BGP_MSG_MAX);
	rc = bgp_update_write(&w, &ctx, &u, &p, 1, &used);
	FUZZ_CHECK(rc == 0 || rc == -ENOSPC);
	if (rc == 0) {
		/* Our own UPDATE parses without complaint. */
		FUZZ_CHECK(bgp_update_parse(wire_wr_data(&w), wire_wr_len(&w), &ctx, &v, &err) ==
			   0);
		back = bgp_attrs_from_update(t, &v, afi, &why);
		FUZZ_CHECK(back != NULL);
		/* Wide confed ASNs cannot survive a 2-octet peer, and a peer
		 * outside the confederation never sees them. */
		if (back && !fa_has_confed(a)) {
			x.peer_as4 = true;
			FUZZ_CHECK(bgp_attrs_export(a, &x, afi, &u, buf, sizeof(buf)) == 0);
			fa_path_fmt(t, u.as_path, u.as_path_len, want, sizeof(want));
			bgp_attrs_aspath_fmt(back, got, sizeof(got));
			FUZZ_CHECK(strcmp(want, got) == 0);
			FUZZ_CHECK(back->aggregator_as == a->aggregator_as);
			FUZZ_CHECK(back->n_comm == a->n_comm && back->n_lcomm == a->n_lcomm);
		}
		bgp_attrs_unref(t, back);
	}
	wire_wr_free(&w);
}

static void fa_set(struct bgp_attr_table *t, const struct bgp_attrs *a, uint16_t afi,
		   const uint8_t ctl[2])
{
	static char big[32768];
	char small[7];
	int n;

	/* A 4096-octet message holds under 2100 ASNs of 11 characters at most. */
	n = bgp_attrs_aspath_fmt(a, big, sizeof(big));
	FUZZ_CHECK(n >= 0 && (size_t)n == strlen(big));
	FUZZ_CHECK(bgp_attrs_aspath_fmt(a, small, sizeof(small)) == n);
	FUZZ_CHECK(strlen(small) < sizeof(small));
	FUZZ_CHECK(bgp_attrs_comm_fmt(a, small, sizeof(small)) >= 0);
	FUZZ_CHECK(bgp_attrs_lcomm_fmt(a, small, sizeof(small)) >= 0);
	(void)bgp_attrs_first_as(a);
	(void)bgp_attrs_aspath_has(a, 65016);
	fa_export(t, a, afi, ctl, false);
	fa_export(t, a, afi, ctl, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t nlri[] = {24, 10, 0, 0};
	uint8_t m[BGP_MSG_MAX];
	struct bgp_attr_table *t;
	struct bgp_upd_ctx ctx;
	struct bgp_update u;
	struct bgp_notify err;
	struct bgp_attrs *a;
	const char *why = NULL;
	size_t alen, len;
	uint16_t afi;
	int rc;

	if (size < 2)
		return 0;
	alen = size - 2;
	if (BGP_HDR_LEN + 4 + alen + sizeof(nlri) > sizeof(m))
		return 0;
	memset(m, 0xff, 16);
	m[18] = BGP_MSG_UPDATE;
	m[19] = 0;
	m[20] = 0;
	m[21] = (uint8_t)(alen >> 8);
	m[22] = (uint8_t)alen;
	memcpy(m + 23, data + 2, alen);
	len = 23 + alen;
	/* Without NLRI the update may carry MP_REACH routes alone. */
	if (!(data[0] & 0x04)) {
		memcpy(m + len, nlri, sizeof(nlri));
		len += sizeof(nlri);
	}
	m[16] = (uint8_t)(len >> 8);
	m[17] = (uint8_t)len;
	ctx.as4 = data[0] & 0x01;
	ctx.ibgp = data[0] & 0x02;
	rc = bgp_update_parse(m, len, &ctx, &u, &err);
	if (rc != 0)
		return 0;
	t = bgp_attr_table_new();
	FUZZ_CHECK(t != NULL);
	for (afi = BGP_AFI_IPV4; t && afi <= BGP_AFI_IPV6; afi++) {
		a = bgp_attrs_from_update(t, &u, afi, &why);
		if (!a) {
			FUZZ_CHECK(why != NULL);
			continue;
		}
		fa_set(t, a, afi, data);
		bgp_attrs_unref(t, a);
	}
	FUZZ_CHECK(bgp_attr_table_free(t) == 0);
	return 0;
}
