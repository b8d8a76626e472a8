/*
 * bgp/msg UPDATE: a table of {name, withdrawn, attributes, NLRI, expected
 * outcome} walking the RFC 7606 error cases of every attribute, and round
 * trips through the generator, including splitting to fit 4096 octets.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/msg.h"
#include "tests/unit/bgp_msg_test.h"

enum { OK, WD, RESET };

struct upd_case {
	const char *name;
	const char *attrs;
	const char *nlri;
	int outcome;
	uint8_t sub;        /* RESET */
	size_t discarded;   /* OK */
	bool as4;
	bool ibgp;
	const char *withdrawn;
};

#define ORIGIN "40010100"
#define PATH4 "4002060201 0000fde8"
#define PATH2 "40020402 01fde8"
#define NH "4003040a000001"
#define BASE ORIGIN PATH4 NH
#define NLRI "180a0102"
#define MP6 "800e1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8"

static const struct upd_case upd_cases[] = {
	{"ok", BASE, NLRI, OK, 0, 0, true, false, ""},
	{"ok 2-octet path", ORIGIN PATH2 NH, NLRI, OK, 0, 0, false, false, ""},
	{"4-octet path on 2-octet session", BASE, NLRI, WD, 0, 0, false, false, ""},
	{"end of rib", "", "", OK, 0, 0, true, false, ""},
	{"withdraw only", "", "", OK, 0, 0, true, false, "180a0102 00"},
	/* ORIGIN */
	{"origin value 3", "40010103" PATH4 NH, NLRI, WD, 0, 0, true, false, ""},
	{"origin length 2", "4001020000" PATH4 NH, NLRI, WD, 0, 0, true, false, ""},
	{"origin length 0", "400100" PATH4 NH, NLRI, WD, 0, 0, true, false, ""},
	{"origin optional", "c0010100" PATH4 NH, NLRI, WD, 0, 0, true, false, ""},
	{"origin extended length", "5001000100" PATH4 NH, NLRI, OK, 0, 0, true, false, ""},
	{"origin missing", PATH4 NH, NLRI, WD, 0, 0, true, false, ""},
	{"origin twice", ORIGIN ORIGIN PATH4 NH, NLRI, OK, 0, 1, true, false, ""},
	/* AS_PATH */
	{"path empty", ORIGIN "400200" NH, NLRI, OK, 0, 0, true, false, ""},
	{"path segment type 0", ORIGIN "4002060001 0000fde8" NH, NLRI, WD, 0, 0, true, false, ""},
	{"path segment type 5", ORIGIN "4002060501 0000fde8" NH, NLRI, WD, 0, 0, true, false, ""},
	{"path segment count 0", ORIGIN "4002020200" NH, NLRI, WD, 0, 0, true, false, ""},
	{"path segment overrun", ORIGIN "4002060202 0000fde8" NH, NLRI, WD, 0, 0, true, false,
	 ""},
	{"path trailing octet", ORIGIN "4002070201 0000fde8 00" NH, NLRI, WD, 0, 0, true, false,
	 ""},
	{"path optional", ORIGIN "c002060201 0000fde8" NH, NLRI, WD, 0, 0, true, false, ""},
	{"path missing", ORIGIN NH, NLRI, WD, 0, 0, true, false, ""},
	/* NEXT_HOP */
	{"next hop length 5", ORIGIN PATH4 "4003050a00000100", NLRI, WD, 0, 0, true, false, ""},
	{"next hop length 3", ORIGIN PATH4 "4003030a0000", NLRI, WD, 0, 0, true, false, ""},
	{"next hop 0.0.0.0", ORIGIN PATH4 "40030400000000", NLRI, WD, 0, 0, true, false, ""},
	{"next hop multicast", ORIGIN PATH4 "400304e0000001", NLRI, WD, 0, 0, true, false, ""},
	{"next hop broadcast", ORIGIN PATH4 "400304ffffffff", NLRI, WD, 0, 0, true, false, ""},
	{"next hop missing", ORIGIN PATH4, NLRI, WD, 0, 0, true, false, ""},
	{"next hop missing no nlri", ORIGIN PATH4, "", OK, 0, 0, true, false, ""},
	/* MED */
	{"med ok", BASE "80040400000064", NLRI, OK, 0, 0, true, false, ""},
	{"med length 3", BASE "800403000064", NLRI, WD, 0, 0, true, false, ""},
	{"med well-known", BASE "40040400000064", NLRI, WD, 0, 0, true, false, ""},
	/* LOCAL_PREF */
	{"local pref ibgp", BASE "40050400000064", NLRI, OK, 0, 0, true, true, ""},
	{"local pref ebgp", BASE "40050400000064", NLRI, OK, 0, 1, true, false, ""},
	{"local pref ebgp bad", BASE "400503000064", NLRI, OK, 0, 1, true, false, ""},
	{"local pref ibgp length 3", BASE "400503000064", NLRI, WD, 0, 0, true, true, ""},
	{"local pref ibgp missing", BASE, NLRI, WD, 0, 0, true, true, ""},
	/* ATOMIC_AGGREGATE */
	{"atomic ok", BASE "400600", NLRI, OK, 0, 0, true, false, ""},
	{"atomic length 1", BASE "40060100", NLRI, OK, 0, 1, true, false, ""},
	{"atomic optional", BASE "c00600", NLRI, OK, 0, 1, true, false, ""},
	/* AGGREGATOR */
	{"aggregator 4", BASE "c00708 0000fde8 0a000001", NLRI, OK, 0, 0, true, false, ""},
	{"aggregator 2", ORIGIN PATH2 NH "c00706 fde8 0a000001", NLRI, OK, 0, 0, false, false, ""},
	{"aggregator 6 on as4", BASE "c00706 fde8 0a000001", NLRI, OK, 0, 1, true, false, ""},
	{"aggregator 7", BASE "c00707 00fde8 0a000001", NLRI, OK, 0, 1, true, false, ""},
	{"aggregator non-transitive", BASE "800708 0000fde8 0a000001", NLRI, OK, 0, 1, true,
	 false, ""},
	/* COMMUNITIES */
	{"communities ok", BASE "c00808 fde80001 fde80002", NLRI, OK, 0, 0, true, false, ""},
	{"communities length 5", BASE "c00805 fde8000100", NLRI, WD, 0, 0, true, false, ""},
	{"communities length 0", BASE "c00800", NLRI, WD, 0, 0, true, false, ""},
	{"communities well-known", BASE "400804 fde80001", NLRI, WD, 0, 0, true, false, ""},
	/* LARGE_COMMUNITIES */
	{"large ok", BASE "c0200c 0000fde8 00000001 00000002", NLRI, OK, 0, 0, true, false, ""},
	{"large length 11", BASE "c0200b 0000fde8 00000001 000000", NLRI, WD, 0, 0, true, false,
	 ""},
	{"large length 0", BASE "c02000", NLRI, WD, 0, 0, true, false, ""},
	/* MP_REACH_NLRI / MP_UNREACH_NLRI */
	{"mp reach v6", ORIGIN PATH4 MP6, "", OK, 0, 0, true, false, ""},
	{"mp reach twice", ORIGIN PATH4 MP6 MP6, "", RESET, BGP_ERR_UPD_ATTR_LIST, 0, true, false,
	 ""},
	{"mp reach nh 5", ORIGIN PATH4 "800e0a 0002 01 05 2001000000 00", "", RESET,
	 BGP_ERR_UPD_OPTIONAL, 0, true, false, ""},
	{"mp reach nh overrun", ORIGIN PATH4 "800e06 0002 01 10 2001", "", RESET,
	 BGP_ERR_UPD_OPTIONAL, 0, true, false, ""},
	{"mp reach prefix 129", ORIGIN PATH4
	 "800e16 0002 01 10 20010db8000000000000000000000001 00 81", "", RESET,
	 BGP_ERR_UPD_OPTIONAL, 0, true, false, ""},
	{"mp reach length 4", ORIGIN PATH4 "800e04 00020110", "", RESET, BGP_ERR_UPD_LENGTH, 0,
	 true, false, ""},
	{"mp reach transitive", ORIGIN PATH4 "c00e1a 0002 01 10 20010db8000000000000000000000001"
	 " 00 20 20010db8", "", RESET, BGP_ERR_UPD_FLAGS, 0, true, false, ""},
	{"mp reach missing origin", PATH4 MP6, "", WD, 0, 0, true, false, ""},
	{"mp reach other safi", ORIGIN PATH4 "800e09 0001 80 04 0a000001 00", "", OK, 0, 0, true,
	 false, ""},
	{"mp unreach ok", "800f08 0002 01 20 20010db8", "", OK, 0, 0, true, false, ""},
	{"mp unreach truncated", "800f07 0002 01 20 20010d", "", RESET, BGP_ERR_UPD_OPTIONAL, 0,
	 true, false, ""},
	{"mp unreach length 2", "800f02 0002", "", RESET, BGP_ERR_UPD_LENGTH, 0, true, false, ""},
	{"mp unreach twice", "800f03 000201 800f03 000201", "", RESET, BGP_ERR_UPD_ATTR_LIST, 0,
	 true, false, ""},
	/* AS4_PATH / AS4_AGGREGATOR */
	{"as4 path ok", ORIGIN PATH2 NH "c01106 0201 fa56ea01", NLRI, OK, 0, 0, false, false, ""},
	{"as4 path bad", ORIGIN PATH2 NH "c01106 0202 fa56ea01", NLRI, OK, 0, 1, false, false,
	 ""},
	{"as4 aggregator ok", BASE "c01208 fa56ea01 0a000001", NLRI, OK, 0, 0, true, false, ""},
	{"as4 aggregator 7", BASE "c01207 fa56ea 0a000001", NLRI, OK, 0, 1, true, false, ""},
	/* unknown attributes */
	{"unknown well-known", BASE "406302aabb", NLRI, RESET, BGP_ERR_UPD_WELL_KNOWN, 0, true,
	 false, ""},
	{"unknown optional transitive", BASE "c06302aabb", NLRI, OK, 0, 0, true, false, ""},
	{"unknown transitive twice", BASE "c06302aabb c06301aa", NLRI, OK, 0, 1, true, false, ""},
	{"unknown optional non-transitive", BASE "806302aabb", NLRI, OK, 0, 0, true, false, ""},
	/* the attribute list and the NLRI */
	{"attribute overruns list", BASE "c00805 fde8", NLRI, WD, 0, 0, true, false, ""},
	{"attribute header cut", BASE "c0", NLRI, WD, 0, 0, true, false, ""},
	{"nlri length 33", BASE, "210a010203 00", RESET, BGP_ERR_UPD_NETWORK, 0, true, false,
	 ""},
	{"nlri truncated", BASE, "180a01", RESET, BGP_ERR_UPD_NETWORK, 0, true, false, ""},
	{"withdrawn truncated", "", "", RESET, BGP_ERR_UPD_NETWORK, 0, true, false, "180a01"},
};

/* withdrawn length, withdrawn, attribute length, attributes, NLRI */
static size_t upd_msg(const struct upd_case *c, uint8_t *buf, size_t cap)
{
	uint8_t w[256], a[512], n[256];
	size_t wl = hex(c->withdrawn, w, sizeof(w)), al = hex(c->attrs, a, sizeof(a));
	size_t nl = hex(c->nlri, n, sizeof(n)), len = BGP_HDR_LEN;

	ck_assert(BGP_HDR_LEN + 4 + wl + al + nl <= cap);
	memset(buf, 0xff, 16);
	buf[18] = BGP_MSG_UPDATE;
	buf[len++] = (uint8_t)(wl >> 8);
	buf[len++] = (uint8_t)wl;
	memcpy(buf + len, w, wl);
	len += wl;
	buf[len++] = (uint8_t)(al >> 8);
	buf[len++] = (uint8_t)al;
	memcpy(buf + len, a, al);
	len += al;
	memcpy(buf + len, n, nl);
	len += nl;
	buf[16] = (uint8_t)(len >> 8);
	buf[17] = (uint8_t)len;
	return len;
}

START_TEST(test_update_table)
{
	const struct upd_case *c = &upd_cases[_i];
	struct bgp_upd_ctx ctx = {c->as4, c->ibgp};
	uint8_t buf[1024];
	size_t len = upd_msg(c, buf, sizeof(buf));
	struct bgp_notify err;
	struct bgp_update u;
	int rc = bgp_update_parse(buf, len, &ctx, &u, &err);

	switch (c->outcome) {
	case OK:
		ck_assert_msg(rc == 0, "%s: rc %d (%s) %u/%u", c->name, rc,
			      rc > 0 ? u.reason : "", err.code, err.subcode);
		ck_assert_msg(u.n_discarded == c->discarded, "%s: discarded %zu", c->name,
			      u.n_discarded);
		break;
	case WD:
		ck_assert_msg(rc == BGP_UPD_WITHDRAW, "%s: rc %d", c->name, rc);
		ck_assert(u.reason != NULL);
		break;
	case RESET:
		ck_assert_msg(rc == -EBADMSG, "%s: rc %d", c->name, rc);
		ck_assert_msg(err.code == BGP_ERR_UPDATE && err.subcode == c->sub,
			      "%s: %u/%u", c->name, err.code, err.subcode);
		break;
	}
}
END_TEST


static void pfx4(struct vt_prefix *p, uint32_t a, uint8_t len)
{
	memset(p, 0, sizeof(*p));
	vt_addr_from_v4(&p->addr, a);
	p->len = len;
}

START_TEST(test_update_roundtrip_v4)
{
	static const uint8_t path[] = {2, 2, 0, 0, 0xfd, 0xe8, 0xfa, 0x56, 0xea, 0x01};
	static const uint8_t comm[] = {0xfd, 0xe8, 0, 1};
	static const uint8_t large[] = {0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 0, 0, 0, 2};
	static const uint8_t opaque[] = {0xaa, 0xbb};
	struct bgp_upd_ctx ctx = {true, true};
	struct bgp_update u, v;
	struct vt_prefix p[3], q;
	struct bgp_nlri_iter it;
	struct bgp_notify err;
	struct wire_writer w;
	size_t used, i;

	memset(&u, 0, sizeof(u));
	bgp_update_set(&u, BGP_ATTR_ORIGIN);
	u.origin = 2;
	bgp_update_set(&u, BGP_ATTR_AS_PATH);
	u.as_path = path;
	u.as_path_len = sizeof(path);
	u.as_path_as4 = true;
	bgp_update_set(&u, BGP_ATTR_NEXT_HOP);
	vt_addr_from_v4(&u.next_hop, 0xa9fe0c01);
	bgp_update_set(&u, BGP_ATTR_MED);
	u.med = 77;
	bgp_update_set(&u, BGP_ATTR_LOCAL_PREF);
	u.local_pref = 200;
	bgp_update_set(&u, BGP_ATTR_ATOMIC_AGGREGATE);
	bgp_update_set(&u, BGP_ATTR_AGGREGATOR);
	u.aggregator_as = 4200000001u;
	vt_addr_from_v4(&u.aggregator_id, 0x0a000001);
	bgp_update_set(&u, BGP_ATTR_COMMUNITIES);
	u.communities = comm;
	u.communities_len = sizeof(comm);
	bgp_update_set(&u, BGP_ATTR_LARGE_COMMUNITIES);
	u.large_communities = large;
	u.large_communities_len = sizeof(large);
	u.n_unknown = 1;
	u.unknown[0] = (struct bgp_attr_raw){0xc0, 99, 2, opaque};
	bgp_update_set(&u, 99);
	pfx4(&p[0], 0x0a100000, 16);
	pfx4(&p[1], 0xc0a80100, 24);
	pfx4(&p[2], 0, 0);

	wire_wr_init_growing(&w, BGP_MSG_MAX);
	ck_assert_int_eq(bgp_update_write(&w, &ctx, &u, p, 3, &used), 0);
	ck_assert_uint_eq(used, 3);
	ck_assert_int_eq(bgp_update_parse(wire_wr_data(&w), wire_wr_len(&w), &ctx, &v, &err), 0);
	ck_assert(memcmp(u.seen, v.seen, sizeof(u.seen)) == 0);
	ck_assert_uint_eq(v.origin, 2);
	ck_assert(v.as_path_len == sizeof(path) && memcmp(v.as_path, path, sizeof(path)) == 0);
	ck_assert(vt_addr_eq(&v.next_hop, &u.next_hop));
	ck_assert_uint_eq(v.med, 77);
	ck_assert_uint_eq(v.local_pref, 200);
	ck_assert_uint_eq(v.aggregator_as, 4200000001u);
	ck_assert(vt_addr_eq(&v.aggregator_id, &u.aggregator_id));
	ck_assert(v.communities_len == 4 && memcmp(v.communities, comm, 4) == 0);
	ck_assert(v.large_communities_len == 12 && memcmp(v.large_communities, large, 12) == 0);
	ck_assert_uint_eq(v.n_unknown, 1);
	ck_assert_uint_eq(v.unknown[0].type, 99);
	ck_assert_uint_eq(v.unknown[0].flags & BGP_ATTR_F_PARTIAL, BGP_ATTR_F_PARTIAL);
	ck_assert(v.unknown[0].len == 2 && memcmp(v.unknown[0].value, opaque, 2) == 0);
	bgp_nlri_iter_init(&it, &v.nlri);
	for (i = 0; bgp_nlri_next(&it, &q); i++)
		ck_assert(i < 3 && vt_prefix_cmp(&q, &p[i]) == 0);
	ck_assert_uint_eq(i, 3);
	wire_wr_free(&w);
}
END_TEST

START_TEST(test_update_roundtrip_v6)
{
	static const uint8_t path[] = {2, 1, 0xfd, 0xe8};
	struct bgp_upd_ctx ctx = {false, false};
	struct bgp_update u, v;
	struct vt_prefix p, q;
	struct bgp_nlri_iter it;
	struct bgp_notify err;
	struct wire_writer w;
	size_t used;

	memset(&u, 0, sizeof(u));
	bgp_update_set(&u, BGP_ATTR_ORIGIN);
	bgp_update_set(&u, BGP_ATTR_AS_PATH);
	u.as_path = path;
	u.as_path_len = sizeof(path);
	ck_assert_int_eq(vt_addr_parse("2001:db8::1", AF_INET6, &u.mp_next_hop), 0);
	ck_assert_int_eq(vt_addr_parse("fe80::1", AF_INET6, &u.mp_next_hop_ll), 0);
	ck_assert_int_eq(vt_prefix_parse("2001:db8:1::/48", AF_INET6, 0, &p), 0);
	wire_wr_init_growing(&w, BGP_MSG_MAX);
	ck_assert_int_eq(bgp_update_write(&w, &ctx, &u, &p, 1, &used), 0);
	ck_assert_uint_eq(used, 1);
	ck_assert_int_eq(bgp_update_parse(wire_wr_data(&w), wire_wr_len(&w), &ctx, &v, &err), 0);
	ck_assert(bgp_update_has(&v, BGP_ATTR_MP_REACH));
	ck_assert_uint_eq(v.mp_afi, BGP_AFI_IPV6);
	ck_assert(vt_addr_eq(&v.mp_next_hop, &u.mp_next_hop));
	ck_assert(vt_addr_eq(&v.mp_next_hop_ll, &u.mp_next_hop_ll));
	bgp_nlri_iter_init(&it, &v.mp_nlri);
	ck_assert(bgp_nlri_next(&it, &q));
	ck_assert_int_eq(vt_prefix_cmp(&p, &q), 0);
	ck_assert(!bgp_nlri_next(&it, &q));
	wire_wr_free(&w);

	wire_wr_init_growing(&w, BGP_MSG_MAX);
	ck_assert_int_eq(bgp_withdraw_write(&w, &p, 1, &used), 0);
	ck_assert_int_eq(bgp_update_parse(wire_wr_data(&w), wire_wr_len(&w), &ctx, &v, &err), 0);
	bgp_nlri_iter_init(&it, &v.mp_withdrawn);
	ck_assert(bgp_nlri_next(&it, &q));
	ck_assert_int_eq(vt_prefix_cmp(&p, &q), 0);
	wire_wr_free(&w);
}
END_TEST

/* 3000 /24s do not fit one message: every one comes back once, in order,
 * and no message is over 4096 octets. */
START_TEST(test_update_split)
{
	static const uint8_t path[] = {2, 1, 0, 0, 0xfd, 0xe8};
	struct bgp_upd_ctx ctx = {true, false};
	enum { N = 3000 };
	struct vt_prefix *p = calloc(N, sizeof(*p)), q;
	struct bgp_update u, v;
	struct bgp_nlri_iter it;
	struct bgp_notify err;
	size_t done = 0, seen = 0, used, msgs = 0;
	int pass;

	ck_assert(p != NULL);
	for (size_t i = 0; i < N; i++)
		pfx4(&p[i], 0x0a000000u + ((uint32_t)i << 8), 24);
	memset(&u, 0, sizeof(u));
	bgp_update_set(&u, BGP_ATTR_ORIGIN);
	bgp_update_set(&u, BGP_ATTR_AS_PATH);
	u.as_path = path;
	u.as_path_len = sizeof(path);
	u.as_path_as4 = true;
	bgp_update_set(&u, BGP_ATTR_NEXT_HOP);
	vt_addr_from_v4(&u.next_hop, 0xa9fe0c01);
	for (pass = 0; pass < 2; pass++) {
		done = seen = msgs = 0;
		while (done < N) {
			struct wire_writer w;
			struct bgp_nlri *list;
			int rc;

			wire_wr_init_growing(&w, 65536);
			if (pass == 0)
				rc = bgp_update_write(&w, &ctx, &u, p + done, N - done, &used);
			else
				rc = bgp_withdraw_write(&w, p + done, N - done, &used);
			ck_assert_int_eq(rc, 0);
			ck_assert(used > 0);
			ck_assert_uint_le(wire_wr_len(&w), BGP_MSG_MAX);
			ck_assert_int_eq(bgp_update_parse(wire_wr_data(&w), wire_wr_len(&w), &ctx,
							  &v, &err), 0);
			list = pass == 0 ? &v.nlri : &v.withdrawn;
			bgp_nlri_iter_init(&it, list);
			while (bgp_nlri_next(&it, &q))
				ck_assert_int_eq(vt_prefix_cmp(&q, &p[seen++]), 0);
			done += used;
			ck_assert_uint_eq(seen, done);
			msgs++;
			wire_wr_free(&w);
		}
		ck_assert_uint_gt(msgs, 1);
		ck_assert_uint_eq(seen, N);
	}
	free(p);
}
END_TEST

START_TEST(test_update_write_errors)
{
	static const uint8_t path[] = {2, 1, 0xfd, 0xe8};
	struct bgp_upd_ctx ctx = {true, false};
	struct bgp_update u;
	struct vt_prefix p;
	struct wire_writer w;
	uint8_t buf[30];
	size_t used;

	memset(&u, 0, sizeof(u));
	bgp_update_set(&u, BGP_ATTR_AS_PATH);
	u.as_path = path;
	u.as_path_len = sizeof(path);
	pfx4(&p, 0x0a000000, 8);
	/* A 2-octet path on a 4-octet session must be converted first. */
	wire_wr_init_growing(&w, BGP_MSG_MAX);
	ck_assert_int_eq(bgp_update_write(&w, &ctx, &u, &p, 1, &used), -EINVAL);
	wire_wr_free(&w);
	ctx.as4 = false;
	wire_wr_init_fixed(&w, buf, sizeof(buf));
	ck_assert_int_eq(bgp_update_write(&w, &ctx, &u, &p, 1, &used), -ENOSPC);
	ck_assert_uint_eq(used, 0);
}
END_TEST

static Suite *bgp_update_suite(void)
{
	Suite *s = suite_create("bgp_update");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_update_table, 0, sizeof(upd_cases) / sizeof(upd_cases[0]));
	tcase_add_test(tc, test_update_roundtrip_v4);
	tcase_add_test(tc, test_update_roundtrip_v6);
	tcase_add_test(tc, test_update_split);
	tcase_add_test(tc, test_update_write_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(bgp_update_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
