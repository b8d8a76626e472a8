/*
 * bgp/attr: interning (identity, reference counts, every field counting,
 * what is refused), AS path checks and hop counts, formatting, and a
 * table of 200k sets.  test_bgp_attr_wire.c has the sets that come from
 * and go to UPDATE bytes.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/attr.h"
#include "tests/unit/bgp_attr_test.h"
#include "tests/unit/check_main.h"

static void tmpl_base(struct bgp_attrs_tmpl *tm, uint8_t *path, size_t cap)
{
	static const uint8_t comm[] = {0xfd, 0xe8, 0, 1, 0xfd, 0xe8, 0, 2};
	static const uint8_t lcomm[] = {0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 0, 0, 0, 2};
	static const uint8_t unknown[] = {0xc0, 99, 2, 0xaa, 0xbb};

	memset(tm, 0, sizeof(*tm));
	tm->origin = 0;
	tm->has = BGP_HAS_MED | BGP_HAS_LOCAL_PREF | BGP_HAS_AGGREGATOR;
	tm->med = 10;
	tm->local_pref = 100;
	tm->aggregator_as = 65001;
	tm->aggregator_id = 0x0a000001;
	vt_addr_from_v4(&tm->next_hop, 0xa9fe0c01);
	tm->aspath = path;
	tm->aspath_len = path_enc("64512 65001 {1,2}", 4, path, cap);
	tm->comm = comm;
	tm->n_comm = 2;
	tm->lcomm = lcomm;
	tm->n_lcomm = 1;
	tm->unknown = unknown;
	tm->unknown_len = sizeof(unknown);
}

START_TEST(test_intern_identity)
{
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct bgp_attrs_tmpl tm;
	struct bgp_attrs *a, *b;
	uint8_t path[64], copy[64];
	const char *why = NULL;
	size_t empty;

	ck_assert(t != NULL);
	empty = bgp_attr_table_bytes(t);
	tmpl_base(&tm, path, sizeof(path));
	a = bgp_attrs_intern(t, &tm, &why);
	ck_assert_msg(a != NULL, "%s", why);
	ck_assert_uint_eq(a->refcnt, 1);
	ck_assert_uint_gt(bgp_attr_table_bytes(t), empty);
	/* Equal content in other memory is the same set. */
	memcpy(copy, path, sizeof(path));
	tm.aspath = copy;
	b = bgp_attrs_intern(t, &tm, &why);
	ck_assert_ptr_eq(a, b);
	ck_assert_uint_eq(a->refcnt, 2);
	ck_assert_ptr_eq(bgp_attrs_ref(a), a);
	ck_assert_uint_eq(a->refcnt, 3);
	ck_assert_uint_eq(bgp_attr_table_count(t), 1);
	ck_assert_uint_eq(a->aspath_hops, 3);
	ck_assert(memcmp(bgp_attrs_aspath(a), path, tm.aspath_len) == 0);
	ck_assert(memcmp(bgp_attrs_comm(a), tm.comm, 8) == 0);
	ck_assert(memcmp(bgp_attrs_lcomm(a), tm.lcomm, 12) == 0);
	ck_assert(memcmp(bgp_attrs_unknown(a), tm.unknown, tm.unknown_len) == 0);
	bgp_attrs_unref(t, a);
	bgp_attrs_unref(t, a);
	ck_assert_uint_eq(bgp_attr_table_count(t), 1);
	bgp_attrs_unref(t, b);
	ck_assert_uint_eq(bgp_attr_table_count(t), 0);
	ck_assert_uint_eq(bgp_attr_table_bytes(t), empty);
	bgp_attrs_unref(t, NULL);
	/* A set still held is reported when the table goes, and left alone. */
	a = bgp_attrs_intern(t, &tm, &why);
	ck_assert(a != NULL);
	ck_assert_uint_eq(bgp_attr_table_free(t), 1);
	ck_assert_uint_eq(a->refcnt, 1);
	free(a);
	ck_assert_uint_eq(bgp_attr_table_free(NULL), 0);
}
END_TEST

/* Each row changes one thing from the base set: a new set, or (same) the
 * same one because the change is no part of the set. */
struct field_case {
	const char *name;
	void (*change)(struct bgp_attrs_tmpl *tm);
	bool same;
	void (*prep)(struct bgp_attrs_tmpl *tm); /* applied to the base first */
};

static uint8_t other_path[64];
static const uint8_t other_bytes[] = {0xfd, 0xe8, 0, 3, 0xfd, 0xe8, 0, 2, 0, 0, 0, 3};
static const uint8_t other_unknown[] = {0xc0, 99, 2, 0xaa, 0xbc};

static void ch_origin(struct bgp_attrs_tmpl *tm)
{
	tm->origin = 2;
}
static void ch_med(struct bgp_attrs_tmpl *tm)
{
	tm->med = 11;
}
static void ch_no_med(struct bgp_attrs_tmpl *tm)
{
	tm->has &= (uint8_t)~BGP_HAS_MED;
}
static void ch_med_unset(struct bgp_attrs_tmpl *tm)
{
	tm->has &= (uint8_t)~BGP_HAS_MED;
	tm->med = 0;
}
static void ch_lp(struct bgp_attrs_tmpl *tm)
{
	tm->local_pref = 200;
}
static void ch_atomic(struct bgp_attrs_tmpl *tm)
{
	tm->has |= BGP_HAS_ATOMIC_AGGREGATE;
}
static void ch_aggr_as(struct bgp_attrs_tmpl *tm)
{
	tm->aggregator_as = 65002;
}
static void ch_aggr_id(struct bgp_attrs_tmpl *tm)
{
	tm->aggregator_id = 0x0a000002;
}
static void ch_nh(struct bgp_attrs_tmpl *tm)
{
	vt_addr_from_v4(&tm->next_hop, 0xa9fe0c05);
}
static void ch_nh_junk(struct bgp_attrs_tmpl *tm)
{
	tm->next_hop.u.bytes[9] = 0x55; /* past an IPv4 address: not part of it */
}
static void ch_nh_ll(struct bgp_attrs_tmpl *tm)
{
	vt_addr_parse("fe80::1", AF_INET6, &tm->next_hop_ll);
}
static void ch_path(struct bgp_attrs_tmpl *tm)
{
	tm->aspath = other_path;
	tm->aspath_len = path_enc("64512 65001 {1,3}", 4, other_path, sizeof(other_path));
}
static void ch_path_segs(struct bgp_attrs_tmpl *tm)
{
	tm->aspath = other_path;
	tm->aspath_len = path_enc("64512 | 65001 {1,2}", 4, other_path, sizeof(other_path));
}
static void ch_comm(struct bgp_attrs_tmpl *tm)
{
	tm->comm = other_bytes;
}
static void ch_comm_fewer(struct bgp_attrs_tmpl *tm)
{
	tm->n_comm = 1;
}
static void ch_lcomm(struct bgp_attrs_tmpl *tm)
{
	tm->lcomm = other_bytes;
}
static void ch_unknown(struct bgp_attrs_tmpl *tm)
{
	tm->unknown = other_unknown;
}
static void ch_unknown_none(struct bgp_attrs_tmpl *tm)
{
	tm->unknown_len = 0;
}

static const struct field_case field_cases[] = {
	{"origin", ch_origin, false, NULL},
	{"med", ch_med, false, NULL},
	{"med flag", ch_no_med, false, NULL},
	{"med value without flag", ch_med, true, ch_no_med},
	{"med flag and value", ch_med_unset, false, NULL},
	{"local pref", ch_lp, false, NULL},
	{"atomic aggregate", ch_atomic, false, NULL},
	{"aggregator as", ch_aggr_as, false, NULL},
	{"aggregator id", ch_aggr_id, false, NULL},
	{"next hop", ch_nh, false, NULL},
	{"next hop unused bytes", ch_nh_junk, true, NULL},
	{"link-local next hop", ch_nh_ll, false, NULL},
	{"as path", ch_path, false, NULL},
	{"as path segments", ch_path_segs, false, NULL},
	{"communities", ch_comm, false, NULL},
	{"communities count", ch_comm_fewer, false, NULL},
	{"large communities", ch_lcomm, false, NULL},
	{"unknown", ch_unknown, false, NULL},
	{"unknown none", ch_unknown_none, false, NULL},
};

START_TEST(test_intern_fields)
{
	const struct field_case *c = &field_cases[_i];
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct bgp_attrs_tmpl tm;
	struct bgp_attrs *a, *b, *c2;
	uint8_t path[64];
	const char *why = NULL;

	ck_assert(t != NULL);
	tmpl_base(&tm, path, sizeof(path));
	if (c->prep)
		c->prep(&tm);
	a = bgp_attrs_intern(t, &tm, &why);
	ck_assert(a != NULL);
	c->change(&tm);
	b = bgp_attrs_intern(t, &tm, &why);
	ck_assert_msg(b != NULL, "%s: %s", c->name, why);
	ck_assert_msg((a == b) == c->same, "%s: same %d", c->name, a == b);
	ck_assert_uint_eq(bgp_attr_table_count(t), c->same ? 1 : 2);
	/* And the changed set is found again. */
	c2 = bgp_attrs_intern(t, &tm, &why);
	ck_assert_ptr_eq(b, c2);
	bgp_attrs_unref(t, c2);
	bgp_attrs_unref(t, b);
	bgp_attrs_unref(t, a);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

/* AS paths as interned (4-octet): NULL why means accepted with hops. */
struct path_case {
	const char *name;
	const char *hex;
	const char *why;
	unsigned hops;
};

static const struct path_case path_cases[] = {
	{"empty", "", NULL, 0},
	{"sequence", "0203 0000fc00 0000fde9 fa56ea01", NULL, 3},
	{"set counts one", "0103 00000001 00000002 00000003", NULL, 1},
	{"sequence and set", "0201 0000fc00 0102 00000001 00000002", NULL, 2},
	{"confed sequence counts zero", "0302 0000fde9 0000fdea 0201 0000fc00", NULL, 1},
	{"confed set counts zero", "0402 0000fde9 0000fdea", NULL, 0},
	{"type 0", "0001 0000fc00", "bad AS path segment type", 0},
	{"type 5", "0501 0000fc00", "bad AS path segment type", 0},
	{"zero count", "0200", "empty AS path segment", 0},
	{"zero count after good", "0201 0000fc00 0200", "empty AS path segment", 0},
	{"truncated asn", "0202 0000fc00 0000", "AS path segment truncated", 0},
	{"header cut", "0201 0000fc00 02", "AS path segment header truncated", 0},
};

START_TEST(test_aspath_check)
{
	const struct path_case *c = &path_cases[_i];
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct bgp_attrs_tmpl tm;
	struct bgp_attrs *a;
	uint8_t path[64];
	const char *why = NULL;

	memset(&tm, 0, sizeof(tm));
	vt_addr_from_v4(&tm.next_hop, 0x0a000001);
	tm.aspath = path;
	tm.aspath_len = hex(c->hex, path, sizeof(path));
	a = bgp_attrs_intern(t, &tm, &why);
	if (c->why) {
		ck_assert_msg(a == NULL, "%s: accepted", c->name);
		ck_assert_msg(why && strcmp(why, c->why) == 0, "%s: why '%s'", c->name,
			      why ? why : "(null)");
	} else {
		ck_assert_msg(a != NULL, "%s: %s", c->name, why);
		ck_assert_msg(a->aspath_hops == c->hops, "%s: hops %u", c->name, a->aspath_hops);
		bgp_attrs_unref(t, a);
	}
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

/* ---- formatting ------------------------------------------------------------ */

static const char *const fmt_paths[] = {
	"",	     "64512", "64512 65001 {1,2}", "(65001 65002) 64512 [65003,65004] 4294967295",
	"{7} 1 | 2",
};

START_TEST(test_fmt_path)
{
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct bgp_attrs_tmpl tm;
	struct bgp_attrs *a;
	uint8_t path[256];
	const char *why = NULL, *want = fmt_paths[_i];
	char txt[128], small[6];
	int n;

	memset(&tm, 0, sizeof(tm));
	tm.aspath = path;
	tm.aspath_len = path_enc(want, 4, path, sizeof(path));
	a = bgp_attrs_intern(t, &tm, &why);
	ck_assert(a != NULL);
	n = bgp_attrs_aspath_fmt(a, txt, sizeof(txt));
	/* "1 | 2" are two sequences and print as one list. */
	if (strcmp(want, "{7} 1 | 2") == 0)
		want = "{7} 1 2";
	ck_assert_str_eq(txt, want);
	ck_assert_int_eq(n, (int)strlen(want));
	/* snprintf rules: cut, terminated, full length returned. */
	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(bgp_attrs_aspath_fmt(a, small, sizeof(small)), (int)strlen(want));
	ck_assert(strncmp(small, want, sizeof(small) - 1) == 0);
	ck_assert(strlen(small) == (strlen(want) < 5 ? strlen(want) : 5));
	ck_assert_int_eq(bgp_attrs_aspath_fmt(a, NULL, 0), (int)strlen(want));
	bgp_attrs_unref(t, a);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

struct comm_case {
	const char *hex;
	const char *want;
	bool large;
};

static const struct comm_case comm_cases[] = {
	{"", "", false},
	{"fde80001 fde80002", "65000:1 65000:2", false},
	{"00000000 ffffffff", "0:0 65535:65535", false},
	{"ffffff01 ffffff02 ffffff03 ffffff04", "no-export no-advertise local-AS no-peer", false},
	{"ffff029a ffff0000", "blackhole graceful-shutdown", false},
	{"0000fde8 00000001 00000002", "65000:1:2", true},
	{"ffffffff ffffffff ffffffff 00000001 00000000 00000003",
	 "4294967295:4294967295:4294967295 1:0:3", true},
};

START_TEST(test_fmt_comm)
{
	const struct comm_case *c = &comm_cases[_i];
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct bgp_attrs_tmpl tm;
	struct bgp_attrs *a;
	uint8_t b[64];
	size_t n = hex(c->hex, b, sizeof(b));
	const char *why = NULL;
	char txt[128];

	memset(&tm, 0, sizeof(tm));
	if (c->large) {
		tm.lcomm = b;
		tm.n_lcomm = n / 12;
	} else {
		tm.comm = b;
		tm.n_comm = n / 4;
	}
	a = bgp_attrs_intern(t, &tm, &why);
	ck_assert(a != NULL);
	if (c->large)
		ck_assert_int_eq(bgp_attrs_lcomm_fmt(a, txt, sizeof(txt)), (int)strlen(c->want));
	else
		ck_assert_int_eq(bgp_attrs_comm_fmt(a, txt, sizeof(txt)), (int)strlen(c->want));
	ck_assert_str_eq(txt, c->want);
	bgp_attrs_unref(t, a);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

START_TEST(test_fmt_origin)
{
	ck_assert_str_eq(bgp_origin_name(0), "IGP");
	ck_assert_str_eq(bgp_origin_name(1), "EGP");
	ck_assert_str_eq(bgp_origin_name(2), "incomplete");
	ck_assert_int_eq(bgp_origin_code(0), 'i');
	ck_assert_int_eq(bgp_origin_code(1), 'e');
	ck_assert_int_eq(bgp_origin_code(2), '?');
}
END_TEST

/* Sets the intern refuses: each with its reason. */
START_TEST(test_intern_refused)
{
	static const uint8_t cut[] = {0xc0, 99, 5, 1};
	static const uint8_t nine[] = {0xc0, 1, 0, 0xc0, 2, 0, 0xc0, 3, 0, 0xc0, 4, 0, 0xc0, 5, 0,
				       0xc0, 6, 0, 0xc0, 7, 0, 0xc0, 8, 0, 0xc0, 9, 0};
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct bgp_attrs_tmpl tm;
	struct bgp_attrs *a;
	const char *why = NULL;

	memset(&tm, 0, sizeof(tm));
	tm.origin = 3;
	ck_assert(bgp_attrs_intern(t, &tm, &why) == NULL);
	ck_assert_str_eq(why, "bad origin");
	tm.origin = 0;
	tm.unknown = cut;
	tm.unknown_len = sizeof(cut);
	ck_assert(bgp_attrs_intern(t, &tm, &why) == NULL);
	ck_assert_str_eq(why, "unknown attribute truncated");
	tm.unknown = nine;
	tm.unknown_len = sizeof(nine);
	ck_assert(bgp_attrs_intern(t, &tm, &why) == NULL);
	ck_assert_str_eq(why, "too many unknown attributes");
	tm.unknown_len = sizeof(nine) - 3;
	a = bgp_attrs_intern(t, &tm, &why);
	ck_assert(a != NULL);
	bgp_attrs_unref(t, a);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

/* 200k distinct sets (a full table's worth), every one released. */
START_TEST(test_stress)
{
	enum { N = 200000 };
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct bgp_attrs **sets = calloc(N, sizeof(*sets));
	struct bgp_attrs_tmpl tm;
	uint8_t path[16] = {BGP_SEG_SEQUENCE, 2, 0, 0, 0xfc, 0};
	const char *why = NULL;
	size_t i, empty;

	ck_assert(t != NULL && sets != NULL);
	empty = bgp_attr_table_bytes(t);
	memset(&tm, 0, sizeof(tm));
	vt_addr_from_v4(&tm.next_hop, 0xa9fe0c01);
	tm.aspath = path;
	tm.aspath_len = 10;
	tm.has = BGP_HAS_MED;
	for (i = 0; i < N; i++) {
		uint32_t asn = 4200000000u + (uint32_t)(i / 4);

		path[6] = (uint8_t)(asn >> 24);
		path[7] = (uint8_t)(asn >> 16);
		path[8] = (uint8_t)(asn >> 8);
		path[9] = (uint8_t)asn;
		tm.med = (uint32_t)(i % 4);
		sets[i] = bgp_attrs_intern(t, &tm, &why);
		ck_assert(sets[i] != NULL);
	}
	ck_assert_uint_eq(bgp_attr_table_count(t), N);
	ck_assert_uint_gt(bgp_attr_table_bytes(t), N * sizeof(struct bgp_attrs));
	/* Each is found again, as itself. */
	for (i = 0; i < N; i += 997) {
		uint32_t asn = 4200000000u + (uint32_t)(i / 4);
		struct bgp_attrs *again;

		path[6] = (uint8_t)(asn >> 24);
		path[7] = (uint8_t)(asn >> 16);
		path[8] = (uint8_t)(asn >> 8);
		path[9] = (uint8_t)asn;
		tm.med = (uint32_t)(i % 4);
		again = bgp_attrs_intern(t, &tm, &why);
		ck_assert_ptr_eq(again, sets[i]);
		bgp_attrs_unref(t, again);
	}
	for (i = 0; i < N; i++)
		bgp_attrs_unref(t, sets[i]);
	ck_assert_uint_eq(bgp_attr_table_count(t), 0);
	ck_assert_uint_gt(bgp_attr_table_bytes(t), empty); /* the grown buckets stay */
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
	free(sets);
}
END_TEST

static Suite *attr_suite(void)
{
	Suite *s = suite_create("bgp_attr");
	TCase *tc = tcase_create("attr");

	tcase_add_test(tc, test_intern_identity);
	tcase_add_loop_test(tc, test_intern_fields, 0, NROWS(field_cases));
	tcase_add_test(tc, test_intern_refused);
	tcase_add_loop_test(tc, test_aspath_check, 0, NROWS(path_cases));
	tcase_add_loop_test(tc, test_fmt_path, 0, NROWS(fmt_paths));
	tcase_add_loop_test(tc, test_fmt_comm, 0, NROWS(comm_cases));
	tcase_add_test(tc, test_fmt_origin);
	tcase_add_test(tc, test_stress);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(attr_suite());
}
