/*
 * Prefix lists: entries in seq order, first match decides, no match
 * denies; ge/le ranges as FRR reads them.
 */
#include <check.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/policy.h"
#include "tests/unit/check_main.h"

struct ent {
	uint32_t seq;
	bool permit;
	const char *prefix;
	uint8_t ge, le;
};

static struct bgp_plist *mk(const char *name, const struct ent *e, size_t n)
{
	struct bgp_plist_entry v[8];

	ck_assert_uint_le(n, 8);
	for (size_t i = 0; i < n; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].seq = e[i].seq;
		v[i].permit = e[i].permit;
		v[i].ge = e[i].ge;
		v[i].le = e[i].le;
		ck_assert_int_eq(vt_prefix_parse(e[i].prefix, AF_UNSPEC, VT_PREFIX_NEED_LEN,
						 &v[i].prefix), 0);
	}
	return bgp_plist_new(name, v, n);
}

/* given out of seq order on purpose: the list sorts them */
static const struct ent list[] = {
	{20, true, "10.0.0.0/8", 16, 24},
	{10, false, "10.66.0.0/16", 0, 0},
	{30, true, "192.168.0.0/16", 0, 32},
	{40, true, "172.16.0.0/12", 20, 0},
	{50, true, "2001:db8::/32", 0, 48},
	{60, false, "0.0.0.0/0", 0, 32},
};

static const struct row {
	const char *prefix;
	bool permit;
	uint32_t seq;
} rows[] = {
	{"10.66.0.0/16", false, 10},	/* exact deny wins by lower seq */
	{"10.66.1.0/24", true, 20},	/* seq 10 is exact-only */
	{"10.1.0.0/16", true, 20},	/* ge 16 */
	{"10.1.2.0/24", true, 20},	/* le 24 */
	{"10.1.2.0/25", false, 60},	/* longer than le */
	{"10.0.0.0/8", false, 60},	/* shorter than ge */
	{"10.0.0.0/15", false, 60},	/* shorter than ge */
	{"192.168.0.0/16", true, 30},	/* le alone: from its own length */
	{"192.168.5.5/32", true, 30},
	{"192.0.0.0/8", false, 60},	/* not inside */
	{"172.16.0.0/12", false, 60},	/* ge 20 alone: 20..32 */
	{"172.16.0.0/19", false, 60},
	{"172.31.255.0/24", true, 40},
	{"172.31.255.255/32", true, 40},
	{"2001:db8:1::/48", true, 50},
	{"2001:db8:1::/64", false, 0},	/* IPv6 past le; the v4 deny-all does not match v6 */
	{"2001:db9::/32", false, 0},
	{"8.8.8.0/24", false, 60},
};

START_TEST(test_plist_rows)
{
	struct bgp_plist *pl = mk("T", list, sizeof(list) / sizeof(list[0]));
	const struct row *r = &rows[_i];
	struct vt_prefix p;
	uint32_t seq = 12345;

	ck_assert_ptr_nonnull(pl);
	ck_assert_int_eq(vt_prefix_parse(r->prefix, AF_UNSPEC, VT_PREFIX_NEED_LEN, &p), 0);
	ck_assert_msg(bgp_plist_permits(pl, &p, &seq) == r->permit, "%s", r->prefix);
	ck_assert_msg(seq == r->seq, "%s: decided by seq %u, expected %u", r->prefix, seq, r->seq);
	bgp_plist_free(pl);
}
END_TEST

START_TEST(test_plist_empty_denies)
{
	struct bgp_plist *pl = bgp_plist_new("E", NULL, 0);
	struct vt_prefix p;

	ck_assert_ptr_nonnull(pl);
	ck_assert_int_eq(vt_prefix_parse("10.0.0.0/8", AF_INET, VT_PREFIX_NEED_LEN, &p), 0);
	ck_assert(!bgp_plist_permits(pl, &p, NULL));
	bgp_plist_free(pl);
}
END_TEST

START_TEST(test_plist_eq_and_name)
{
	struct bgp_plist *a = mk("A", list, 3), *b = mk("A", list, 3), *c = mk("A", list, 2);
	char longname[BGP_PLIST_NAME_LEN + 2];

	ck_assert(bgp_plist_eq(a, b));
	ck_assert(!bgp_plist_eq(a, c));
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_ptr_null(bgp_plist_new(longname, NULL, 0));
	bgp_plist_free(a);
	bgp_plist_free(b);
	bgp_plist_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bgp_policy");
	TCase *tc = tcase_create("plist");

	tcase_add_loop_test(tc, test_plist_rows, 0, (int)(sizeof(rows) / sizeof(rows[0])));
	tcase_add_test(tc, test_plist_empty_denies);
	tcase_add_test(tc, test_plist_eq_and_name);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
