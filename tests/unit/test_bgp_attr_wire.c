/*
 * bgp/attr and the wire: sets from real encoded UPDATEs (IPv4, IPv6 with a
 * link-local next hop, RFC 6793 merging of AS4_PATH and AS4_AGGREGATOR),
 * and export rows checked by writing the UPDATE with bgp_update_write and
 * parsing it back (prepend, 255-ASN segments, MED and LOCAL_PREF rules,
 * 2-octet peers with AS_TRANS and AS4_PATH).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/attr.h"
#include "tests/unit/bgp_attr_test.h"
#include "tests/unit/check_main.h"

/* RFC 6793 §4.2.3 rows: an UPDATE from an old (2-octet) speaker. */
struct merge_case {
	const char *name;
	const char *as_path; /* 2-octet on the wire (4-octet when as4) */
	const char *as4_path;
	uint32_t aggr, as4_aggr; /* 0: absent */
	const char *want;
	uint32_t want_aggr;
	bool as4;
};

static const struct merge_case merge_cases[] = {
	{"no AS4_PATH", "100 200", NULL, 0, 0, "100 200", 0, false},
	{"equal length", AS_TRANS_TXT " 200", "4200000001 200", 0, 0, "4200000001 200", 0, false},
	{"AS4_PATH shorter", "100 " AS_TRANS_TXT " 300", "4200000001 300", 0, 0,
	 "100 4200000001 300", 0, false},
	{"AS4_PATH shorter splits a sequence", "100 200 " AS_TRANS_TXT " " AS_TRANS_TXT,
	 "4200000001 4200000002", 0, 0, "100 200 4200000001 4200000002", 0, false},
	/* 769 is 0x0301: read as a segment header it would be a confed one */
	{"AS4_PATH shorter, cut before 769", "100 769 " AS_TRANS_TXT, "769 4200000001", 0, 0,
	 "100 769 4200000001", 0, false},
	{"AS4_PATH longer ignored", AS_TRANS_TXT, "4200000001 300", 0, 0, AS_TRANS_TXT, 0, false},
	{"sets", "100 " AS_TRANS_TXT " {300," AS_TRANS_TXT "}", "4200000001 {300,4200000002}", 0, 0,
	 "100 4200000001 {300,4200000002}", 0, false},
	{"leading set counts one", "{1,2,3} " AS_TRANS_TXT, "4200000001", 0, 0,
	 "{1,2,3} 4200000001", 0, false},
	{"confed in AS_PATH kept", "(65001 65002) " AS_TRANS_TXT " 100", "4200000001 100", 0, 0,
	 "(65001 65002) 4200000001 100", 0, false},
	{"confed in AS4_PATH dropped", AS_TRANS_TXT " 100", "(65001) 4200000001 100", 0, 0,
	 "4200000001 100", 0, false},
	{"aggregator AS_TRANS", AS_TRANS_TXT " 200", "4200000001 200", 23456, 4200000009u,
	 "4200000001 200", 4200000009u, false},
	{"aggregator AS_TRANS alone", AS_TRANS_TXT " 200", "4200000001 200", 23456, 0,
	 "4200000001 200", 23456, false},
	{"aggregator not AS_TRANS", AS_TRANS_TXT " 200", "4200000001 200", 65010, 4200000009u,
	 AS_TRANS_TXT " 200", 65010, false},
	{"AS4_AGGREGATOR without AGGREGATOR", AS_TRANS_TXT " 200", "4200000001 200", 0, 4200000009u,
	 "4200000001 200", 0, false},
	{"4-octet session ignores AS4_*", "4200000005 200", "4200000001 200", 65010, 4200000009u,
	 "4200000005 200", 65010, true},
};

static void aggr_put(uint8_t *a, size_t *alen, size_t cap, uint8_t type, uint32_t as, bool as4)
{
	uint8_t v[8];
	size_t n = 0;

	if (as4) {
		v[n++] = (uint8_t)(as >> 24);
		v[n++] = (uint8_t)(as >> 16);
	}
	v[n++] = (uint8_t)(as >> 8);
	v[n++] = (uint8_t)as;
	memcpy(v + n, "\x0a\x00\x00\x09", 4);
	attr_put(a, alen, cap, OPT_T, type, v, n + 4);
}

START_TEST(test_merge)
{
	const struct merge_case *c = &merge_cases[_i];
	struct bgp_upd_ctx ctx = {c->as4, false};
	struct bgp_attr_table *t = bgp_attr_table_new();
	uint8_t a[1024], p[512], m[2048];
	size_t alen = 0, len;
	struct bgp_update u;
	struct bgp_notify err;
	struct bgp_attrs *s;
	const char *why = NULL;
	char txt[256];

	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_ORIGIN, "00");
	len = path_enc(c->as_path, c->as4 ? 4 : 2, p, sizeof(p));
	attr_put(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_AS_PATH, p, len);
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_NEXT_HOP, "0a000001");
	if (c->aggr)
		aggr_put(a, &alen, sizeof(a), BGP_ATTR_AGGREGATOR, c->aggr, c->as4);
	if (c->as4_path) {
		len = path_enc(c->as4_path, 4, p, sizeof(p));
		attr_put(a, &alen, sizeof(a), OPT_T, BGP_ATTR_AS4_PATH, p, len);
	}
	if (c->as4_aggr)
		aggr_put(a, &alen, sizeof(a), BGP_ATTR_AS4_AGGREGATOR, c->as4_aggr, true);
	len = upd_build(a, alen, "180a0102", m, sizeof(m));
	ck_assert_int_eq(bgp_update_parse(m, len, &ctx, &u, &err), 0);
	s = bgp_attrs_from_update(t, &u, BGP_AFI_IPV4, &why);
	ck_assert_msg(s != NULL, "%s: %s", c->name, why);
	bgp_attrs_aspath_fmt(s, txt, sizeof(txt));
	ck_assert_msg(strcmp(txt, c->want) == 0, "%s: '%s'", c->name, txt);
	ck_assert_msg(!!(s->has & BGP_HAS_AGGREGATOR) == (c->want_aggr != 0), "%s: has", c->name);
	ck_assert_msg(s->aggregator_as == c->want_aggr, "%s: aggregator %u", c->name,
		      s->aggregator_as);
	if (c->want_aggr)
		ck_assert_uint_eq(s->aggregator_id, 0x0a000009);
	bgp_attrs_unref(t, s);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

START_TEST(test_from_update_v4)
{
	struct bgp_upd_ctx ctx = {true, true};
	struct bgp_attr_table *t = bgp_attr_table_new();
	uint8_t a[1024], m[2048], big[300];
	size_t alen = 0, len;
	struct bgp_update u;
	struct bgp_notify err;
	struct bgp_attrs *s, *s2;
	const char *why = NULL;
	char txt[128];

	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_ORIGIN, "01");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_AS_PATH,
		     "0202 0000fc00 fa56ea01");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_NEXT_HOP, "a9fe0c01");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_OPTIONAL, BGP_ATTR_MED, "00000064");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_LOCAL_PREF, "000000c8");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_ATOMIC_AGGREGATE, "");
	attr_put_hex(a, &alen, sizeof(a), OPT_T, BGP_ATTR_COMMUNITIES, "fde80001 ffffff01");
	attr_put_hex(a, &alen, sizeof(a), OPT_T, BGP_ATTR_LARGE_COMMUNITIES,
		     "0000fde8 00000001 00000002");
	attr_put_hex(a, &alen, sizeof(a), OPT_T, 99, "aabb");
	len = upd_build(a, alen, "180a0102", m, sizeof(m));
	ck_assert_int_eq(bgp_update_parse(m, len, &ctx, &u, &err), 0);
	s = bgp_attrs_from_update(t, &u, BGP_AFI_IPV4, &why);
	ck_assert_msg(s != NULL, "%s", why);
	ck_assert_uint_eq(s->origin, 1);
	ck_assert_uint_eq(s->has, BGP_HAS_MED | BGP_HAS_LOCAL_PREF | BGP_HAS_ATOMIC_AGGREGATE);
	ck_assert_uint_eq(s->med, 100);
	ck_assert_uint_eq(s->local_pref, 200);
	ck_assert_uint_eq(s->next_hop.family, AF_INET);
	ck_assert_uint_eq(ntohl(s->next_hop.u.v4.s_addr), 0xa9fe0c01);
	ck_assert_uint_eq(s->next_hop_ll.family, 0);
	ck_assert_uint_eq(s->aspath_hops, 2);
	bgp_attrs_aspath_fmt(s, txt, sizeof(txt));
	ck_assert_str_eq(txt, "64512 4200000001");
	ck_assert_uint_eq(bgp_attrs_first_as(s), 64512);
	ck_assert(bgp_attrs_aspath_has(s, 4200000001u));
	ck_assert(!bgp_attrs_aspath_has(s, 65001));
	bgp_attrs_comm_fmt(s, txt, sizeof(txt));
	ck_assert_str_eq(txt, "65000:1 no-export");
	bgp_attrs_lcomm_fmt(s, txt, sizeof(txt));
	ck_assert_str_eq(txt, "65000:1:2");
	ck_assert_uint_eq(s->unknown_len, 5);
	ck_assert(memcmp(bgp_attrs_unknown(s), "\xc0\x63\x02\xaa\xbb", 5) == 0);
	/* No IPv6 next hop in it. */
	why = NULL;
	ck_assert(bgp_attrs_from_update(t, &u, BGP_AFI_IPV6, &why) == NULL);
	ck_assert(why != NULL);

	/* The same attributes in another order, with the unknown one in
	 * extended-length form, for another prefix: the same set. */
	alen = 0;
	attr_put_hex(a, &alen, sizeof(a), OPT_T | BGP_ATTR_F_EXTENDED, 99, "aabb");
	attr_put_hex(a, &alen, sizeof(a), OPT_T, BGP_ATTR_LARGE_COMMUNITIES,
		     "0000fde8 00000001 00000002");
	attr_put_hex(a, &alen, sizeof(a), OPT_T, BGP_ATTR_COMMUNITIES, "fde80001 ffffff01");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_ATOMIC_AGGREGATE, "");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_LOCAL_PREF, "000000c8");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_OPTIONAL, BGP_ATTR_MED, "00000064");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_NEXT_HOP, "a9fe0c01");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_AS_PATH,
		     "0202 0000fc00 fa56ea01");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_ORIGIN, "01");
	len = upd_build(a, alen, "100a0b", m, sizeof(m));
	ck_assert_int_eq(bgp_update_parse(m, len, &ctx, &u, &err), 0);
	s2 = bgp_attrs_from_update(t, &u, BGP_AFI_IPV4, &why);
	ck_assert_ptr_eq(s, s2);
	bgp_attrs_unref(t, s2);

	/* A long unknown attribute keeps the extended-length form. */
	memset(big, 0x5a, sizeof(big));
	alen = 0;
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_ORIGIN, "00");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_AS_PATH, "");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_NEXT_HOP, "a9fe0c01");
	attr_put(a, &alen, sizeof(a), OPT_T, 200, big, sizeof(big));
	ctx.ibgp = false;
	len = upd_build(a, alen, "100a0b", m, sizeof(m));
	ck_assert_int_eq(bgp_update_parse(m, len, &ctx, &u, &err), 0);
	s2 = bgp_attrs_from_update(t, &u, BGP_AFI_IPV4, &why);
	ck_assert_msg(s2 != NULL, "%s", why);
	ck_assert_uint_eq(s2->unknown_len, 4 + sizeof(big));
	ck_assert_uint_eq(bgp_attrs_unknown(s2)[0], OPT_T | BGP_ATTR_F_EXTENDED);
	ck_assert_uint_eq(s2->aspath_len, 0);
	ck_assert_uint_eq(bgp_attrs_first_as(s2), 0);
	bgp_attrs_unref(t, s2);
	bgp_attrs_unref(t, s);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

START_TEST(test_from_update_v6)
{
	struct bgp_upd_ctx ctx = {true, false};
	struct bgp_attr_table *t = bgp_attr_table_new();
	uint8_t a[512], m[1024];
	size_t alen = 0, len;
	struct bgp_update u;
	struct bgp_notify err;
	struct bgp_attrs *s;
	struct vt_addr gl, ll;
	const char *why = NULL;

	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_ORIGIN, "00");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_TRANSITIVE, BGP_ATTR_AS_PATH, "0201 0000fc00");
	attr_put_hex(a, &alen, sizeof(a), BGP_ATTR_F_OPTIONAL, BGP_ATTR_MP_REACH,
		     "0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001"
		     " 00 30 20010db80001");
	len = upd_build(a, alen, "", m, sizeof(m));
	ck_assert_int_eq(bgp_update_parse(m, len, &ctx, &u, &err), 0);
	s = bgp_attrs_from_update(t, &u, BGP_AFI_IPV6, &why);
	ck_assert_msg(s != NULL, "%s", why);
	ck_assert_int_eq(vt_addr_parse("2001:db8::1", AF_INET6, &gl), 0);
	ck_assert_int_eq(vt_addr_parse("fe80::1", AF_INET6, &ll), 0);
	ck_assert(vt_addr_eq(&s->next_hop, &gl));
	ck_assert(vt_addr_eq(&s->next_hop_ll, &ll));
	ck_assert_uint_eq(bgp_attrs_first_as(s), 64512);
	/* No IPv4 routes, no IPv4 next hop. */
	why = NULL;
	ck_assert(bgp_attrs_from_update(t, &u, BGP_AFI_IPV4, &why) == NULL);
	ck_assert(why != NULL);
	bgp_attrs_unref(t, s);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

/* ---- export ----------------------------------------------------------------- */

struct export_case {
	const char *name;
	const char *path; /* the set's, 4-octet */
	uint8_t has;
	uint32_t med, local_pref, aggr;
	bool ebgp, med_from_ebgp, peer_as4;
	unsigned prepend;
	const char *want_path;		   /* AS_PATH on the wire, in the peer's width */
	const char *want_as4;		   /* AS4_PATH, NULL: absent */
	int64_t want_med, want_lp;	   /* -1: absent */
	uint32_t want_aggr, want_as4_aggr; /* 0: absent */
	const char *want_merged;	   /* what a new speaker makes of it */
};

#define MED BGP_HAS_MED
#define LP  BGP_HAS_LOCAL_PREF
#define AGG BGP_HAS_AGGREGATOR

static const struct export_case export_cases[] = {
	{"ebgp prepend once", "64512 65001", 0, 0, 0, 0, true, false, true, 0, "65016 64512 65001",
	 NULL, -1, -1, 0, 0, "65016 64512 65001"},
	{"ebgp prepend 3 times", "64512", 0, 0, 0, 0, true, false, true, 3,
	 "65016 65016 65016 65016 64512", NULL, -1, -1, 0, 0, "65016 65016 65016 65016 64512"},
	{"ebgp empty path", "", 0, 0, 0, 0, true, false, true, 0, "65016", NULL, -1, -1, 0, 0,
	 "65016"},
	{"ebgp before a set", "{1,2}", 0, 0, 0, 0, true, false, true, 1, "65016 65016 {1,2}", NULL,
	 -1, -1, 0, 0, "65016 65016 {1,2}"},
	{"ebgp drops confed", "(65101 65102) 64512", 0, 0, 0, 0, true, false, true, 0,
	 "65016 64512", NULL, -1, -1, 0, 0, "65016 64512"},
	{"ibgp keeps path", "(65101) 64512 {1,2}", LP, 0, 300, 0, false, false, true, 0,
	 "(65101) 64512 {1,2}", NULL, -1, 300, 0, 0, "(65101) 64512 {1,2}"},
	{"ibgp default local pref", "64512", 0, 0, 0, 0, false, false, true, 0, "64512", NULL, -1,
	 100, 0, 0, "64512"},
	{"ebgp drops local pref", "64512", LP, 0, 300, 0, true, false, true, 0, "65016 64512", NULL,
	 -1, -1, 0, 0, "65016 64512"},
	{"med ebgp to ebgp dropped", "64512", MED, 50, 0, 0, true, true, true, 0, "65016 64512",
	 NULL, -1, -1, 0, 0, "65016 64512"},
	{"med ibgp to ebgp kept", "64512", MED, 50, 0, 0, true, false, true, 0, "65016 64512", NULL,
	 50, -1, 0, 0, "65016 64512"},
	{"med ebgp to ibgp kept", "64512", MED, 50, 0, 0, false, true, true, 0, "64512", NULL, 50,
	 100, 0, 0, "64512"},
	{"2-octet peer, narrow path", "64512 65001", 0, 0, 0, 0, true, false, false, 0,
	 "65016 64512 65001", NULL, -1, -1, 0, 0, "65016 64512 65001"},
	{"2-octet peer, wide path", "4200000001 {1,4200000002}", 0, 0, 0, 0, true, false, false, 1,
	 "65016 65016 " AS_TRANS_TXT " {1," AS_TRANS_TXT "}",
	 "65016 65016 4200000001 {1,4200000002}", -1, -1, 0, 0,
	 "65016 65016 4200000001 {1,4200000002}"},
	{"2-octet peer, wide local AS", "64512", 0, 0, 0, 0, true, false, false, 0,
	 AS_TRANS_TXT " 64512", "4200000100 64512", -1, -1, 0, 0, "4200000100 64512"},
	{"2-octet peer, confed not in AS4_PATH", "(65101) 4200000001", LP, 0, 100, 0, false, false,
	 false, 0, "(65101) " AS_TRANS_TXT, "4200000001", -1, 100, 0, 0, "(65101) 4200000001"},
	{"2-octet peer, wide aggregator", "64512", AGG, 0, 0, 4200000009u, true, false, false, 0,
	 "65016 64512", NULL, -1, -1, 23456, 4200000009u, "65016 64512"},
	{"2-octet peer, narrow aggregator", "64512", AGG, 0, 0, 65009, true, false, false, 0,
	 "65016 64512", NULL, -1, -1, 65009, 0, "65016 64512"},
	{"4-octet peer, wide aggregator", "64512", AGG, 0, 0, 4200000009u, true, false, true, 0,
	 "65016 64512", NULL, -1, -1, 4200000009u, 0, "65016 64512"},
};

static void export_check(const struct export_case *c, uint16_t afi)
{
	static const uint8_t comm[] = {0xfd, 0xe8, 0, 1};
	static const uint8_t lcomm[] = {0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 0, 0, 0, 2};
	static const uint8_t unknown[] = {0xc0, 99, 2, 0xaa, 0xbb, 0xd0, 100, 0, 1, 0x01};
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct bgp_export x;
	struct bgp_attrs_tmpl tm;
	struct bgp_attrs *a, *back;
	struct bgp_upd_ctx ctx;
	struct bgp_update u, v;
	struct bgp_notify err;
	struct wire_writer w;
	struct vt_prefix p;
	uint8_t path[256], want[256], buf[1024];
	size_t used, n;
	const char *why = NULL;
	char txt[256];

	memset(&tm, 0, sizeof(tm));
	tm.has = c->has;
	tm.med = c->med;
	tm.local_pref = c->local_pref;
	tm.aggregator_as = c->aggr;
	tm.aggregator_id = 0x0a000009;
	tm.aspath = path;
	tm.aspath_len = path_enc(c->path, 4, path, sizeof(path));
	tm.comm = comm;
	tm.n_comm = 1;
	tm.lcomm = lcomm;
	tm.n_lcomm = 1;
	tm.unknown = unknown;
	tm.unknown_len = sizeof(unknown);
	vt_addr_from_v4(&tm.next_hop, 0x0a000001);
	a = bgp_attrs_intern(t, &tm, &why);
	ck_assert_msg(a != NULL, "%s: %s", c->name, why);

	memset(&x, 0, sizeof(x));
	x.local_as = strstr(c->name, "wide local AS") ? 4200000100u : 65016;
	x.ebgp = c->ebgp;
	x.med_from_ebgp = c->med_from_ebgp;
	x.prepend = c->prepend;
	x.peer_as4 = c->peer_as4;
	x.default_local_pref = 100;
	if (afi == BGP_AFI_IPV4) {
		vt_addr_from_v4(&x.next_hop, 0xa9fe0c02);
		ck_assert_int_eq(vt_prefix_parse("10.16.16.0/24", AF_INET, 0, &p), 0);
	} else {
		ck_assert_int_eq(vt_addr_parse("2001:db8::2", AF_INET6, &x.next_hop), 0);
		ck_assert_int_eq(vt_prefix_parse("2001:db8:16::/48", AF_INET6, 0, &p), 0);
	}
	ck_assert_int_eq(bgp_attrs_export(a, &x, afi, &u, buf, sizeof(buf)), 0);
	ctx.as4 = c->peer_as4;
	ctx.ibgp = !c->ebgp;
	wire_wr_init_growing(&w, BGP_MSG_MAX);
	ck_assert_int_eq(bgp_update_write(&w, &ctx, &u, &p, 1, &used), 0);
	ck_assert_uint_eq(used, 1);
	ck_assert_int_eq(bgp_update_parse(wire_wr_data(&w), wire_wr_len(&w), &ctx, &v, &err), 0);

	n = path_enc(c->want_path, c->peer_as4 ? 4 : 2, want, sizeof(want));
	ck_assert_msg(v.as_path_len == n && memcmp(v.as_path, want, n) == 0, "%s: AS_PATH",
		      c->name);
	ck_assert_msg(bgp_update_has(&v, BGP_ATTR_AS4_PATH) == (c->want_as4 != NULL),
		      "%s: AS4_PATH present", c->name);
	if (c->want_as4) {
		n = path_enc(c->want_as4, 4, want, sizeof(want));
		ck_assert_msg(v.as4_path_len == n && memcmp(v.as4_path, want, n) == 0,
			      "%s: AS4_PATH", c->name);
	}
	ck_assert_msg(bgp_update_has(&v, BGP_ATTR_MED) == (c->want_med >= 0), "%s: MED", c->name);
	if (c->want_med >= 0)
		ck_assert_uint_eq(v.med, c->want_med);
	ck_assert_msg(bgp_update_has(&v, BGP_ATTR_LOCAL_PREF) == (c->want_lp >= 0), "%s: LP",
		      c->name);
	if (c->want_lp >= 0)
		ck_assert_uint_eq(v.local_pref, c->want_lp);
	ck_assert(bgp_update_has(&v, BGP_ATTR_AGGREGATOR) == (c->want_aggr != 0));
	ck_assert_uint_eq(v.aggregator_as, c->want_aggr);
	ck_assert(bgp_update_has(&v, BGP_ATTR_AS4_AGGREGATOR) == (c->want_as4_aggr != 0));
	ck_assert_uint_eq(v.as4_aggregator_as, c->want_as4_aggr);
	if (afi == BGP_AFI_IPV4) {
		ck_assert(vt_addr_eq(&v.next_hop, &x.next_hop));
	} else {
		ck_assert(vt_addr_eq(&v.mp_next_hop, &x.next_hop));
		ck_assert_uint_eq(v.mp_next_hop_ll.family, 0);
	}
	ck_assert(v.communities_len == 4 && memcmp(v.communities, comm, 4) == 0);
	ck_assert(v.large_communities_len == 12 && memcmp(v.large_communities, lcomm, 12) == 0);
	ck_assert_uint_eq(v.n_unknown, 2);
	ck_assert_uint_eq(v.unknown[0].type, 99);
	ck_assert(v.unknown[0].len == 2 && memcmp(v.unknown[0].value, "\xaa\xbb", 2) == 0);
	ck_assert_uint_eq(v.unknown[1].type, 100);
	ck_assert(v.unknown[1].len == 1 && v.unknown[1].value[0] == 1);

	/* What the peer, were it a new speaker, makes of it. */
	back = bgp_attrs_from_update(t, &v, afi, &why);
	ck_assert_msg(back != NULL, "%s: %s", c->name, why);
	bgp_attrs_aspath_fmt(back, txt, sizeof(txt));
	ck_assert_msg(strcmp(txt, c->want_merged) == 0, "%s: merged '%s'", c->name, txt);
	if (c->want_aggr)
		ck_assert_uint_eq(back->aggregator_as, c->aggr);
	bgp_attrs_unref(t, back);
	bgp_attrs_unref(t, a);
	wire_wr_free(&w);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}

START_TEST(test_export_v4)
{
	export_check(&export_cases[_i], BGP_AFI_IPV4);
}
END_TEST

START_TEST(test_export_v6)
{
	export_check(&export_cases[_i], BGP_AFI_IPV6);
}
END_TEST

/* Prepending into a leading SEQUENCE of n ASNs: it is filled to 255 and
 * the rest goes in a new segment in front. */
START_TEST(test_export_segment_full)
{
	static const struct {
		unsigned lead, prepend;
		unsigned want_first, want_second; /* segment counts */
	} rows[] = {
		{253, 0, 254, 0}, {254, 0, 255, 0},	{255, 0, 1, 255},
		{254, 2, 2, 255}, {100, 300, 146, 255},
	};
	struct bgp_attr_table *t = bgp_attr_table_new();
	uint8_t path[2048], buf[4096];
	char txt[4096];
	struct bgp_attrs_tmpl tm;
	struct bgp_attrs *a;
	struct bgp_export x;
	struct bgp_update u;
	const char *why = NULL;
	size_t i, k, off;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		off = 0;
		for (k = 0; k < rows[i].lead; k++)
			off += (size_t)snprintf(txt + off, sizeof(txt) - off, "%zu ", 1000 + k);
		memset(&tm, 0, sizeof(tm));
		tm.aspath = path;
		tm.aspath_len = path_enc(txt, 4, path, sizeof(path));
		a = bgp_attrs_intern(t, &tm, &why);
		ck_assert(a != NULL);
		memset(&x, 0, sizeof(x));
		x.local_as = 65016;
		x.ebgp = true;
		x.peer_as4 = true;
		x.prepend = rows[i].prepend;
		vt_addr_from_v4(&x.next_hop, 0xa9fe0c02);
		ck_assert_int_eq(bgp_attrs_export(a, &x, BGP_AFI_IPV4, &u, buf, sizeof(buf)), 0);
		ck_assert_uint_eq(u.as_path[0], BGP_SEG_SEQUENCE);
		ck_assert_msg(u.as_path[1] == rows[i].want_first, "row %zu: first %u", i,
			      u.as_path[1]);
		off = 2 + 4u * u.as_path[1];
		if (rows[i].want_second) {
			ck_assert_uint_eq(u.as_path[off], BGP_SEG_SEQUENCE);
			ck_assert_uint_eq(u.as_path[off + 1], rows[i].want_second);
			off += 2 + 4u * rows[i].want_second;
		}
		ck_assert_uint_eq(u.as_path_len, off);
		/* The local AS first, the old path after it, nothing lost. */
		ck_assert(memcmp(u.as_path + 2, "\x00\x00\xfd\xf8", 4) == 0);
		ck_assert(memcmp(u.as_path + off - 4, path + tm.aspath_len - 4, 4) == 0);
		bgp_attrs_unref(t, a);
	}
	/* A prepend that cannot fit the buffer. */
	memset(&tm, 0, sizeof(tm));
	a = bgp_attrs_intern(t, &tm, &why);
	x.prepend = 100;
	ck_assert_int_eq(bgp_attrs_export(a, &x, BGP_AFI_IPV4, &u, buf, 64), -ENOSPC);
	x.prepend = 20; /* 21 ASNs: past 64 octets in the builder */
	ck_assert_int_eq(bgp_attrs_export(a, &x, BGP_AFI_IPV4, &u, buf, 64), -ENOSPC);
	x.prepend = ~0u;
	ck_assert_int_eq(bgp_attrs_export(a, &x, BGP_AFI_IPV4, &u, buf, sizeof(buf)), -ENOSPC);
	/* A next hop of the other family. */
	x.prepend = 0;
	ck_assert_int_eq(bgp_attrs_export(a, &x, BGP_AFI_IPV6, &u, buf, sizeof(buf)), -EINVAL);
	bgp_attrs_unref(t, a);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

static Suite *attr_wire_suite(void)
{
	Suite *s = suite_create("bgp_attr_wire");
	TCase *tc = tcase_create("wire");

	tcase_add_loop_test(tc, test_merge, 0, NROWS(merge_cases));
	tcase_add_test(tc, test_from_update_v4);
	tcase_add_test(tc, test_from_update_v6);
	tcase_add_loop_test(tc, test_export_v4, 0, NROWS(export_cases));
	tcase_add_loop_test(tc, test_export_v6, 0, NROWS(export_cases));
	tcase_add_test(tc, test_export_segment_full);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(attr_wire_suite());
}
