/* The decision process: every step of bgp_path_cmp with the path that
 * should win on either side, the ties that pass a step on, and which
 * paths may share an ECMP set. */
#include <check.h>
#include <string.h>

#include "bgp/rib.h"
#include "tests/unit/bgp_rib_testlib.h"
#include "tests/unit/check_main.h"

#define A T_ABSENT

struct side {
	struct t_attrs attrs;
	uint16_t peer;
	const char *addr;
	uint32_t id;
	bool ibgp;
};

/* The usual neighbor: eBGP, AS path "64512", nothing else set. */
#define NB(peer_, addr_, id_) (peer_), (addr_), (id_), false
#define PLAIN(path_, nh_)                                                                          \
	{                                                                                          \
		A, A, 0, (path_), (nh_)                                                            \
	}

static const struct cmp_row {
	const char *name;
	struct side a, b;
	int sign;
	const char *why;
} cmp_rows[] = {
	{"local first, even against a higher local-pref",
	 {PLAIN("", "192.0.2.1"), BGP_RIB_PEER_LOCAL, NULL, 0, false},
	 {{500, A, 0, "64512", "192.0.2.2"}, NB(1, "169.254.1.1", 1)},
	 -1,
	 "local"},
	{"local first, on the other side",
	 {{500, A, 0, "", "192.0.2.2"}, NB(1, "169.254.1.1", 1)},
	 {{A, 9, 2, "1 2 3", "192.0.2.1"}, BGP_RIB_PEER_LOCAL, NULL, 0, false},
	 1,
	 "local"},
	{"higher local-pref",
	 {{200, A, 2, "1 2 3", "192.0.2.1"}, NB(2, "169.254.1.2", 9)},
	 {{150, A, 0, "1", "192.0.2.2"}, NB(1, "169.254.1.1", 1)},
	 -1,
	 "local-pref"},
	{"absent local-pref is 100, beats 99",
	 {PLAIN("1 2", "192.0.2.1"), NB(2, "169.254.1.2", 9)},
	 {{99, A, 0, "1", "192.0.2.2"}, NB(1, "169.254.1.1", 1)},
	 -1,
	 "local-pref"},
	{"absent local-pref is 100, loses to 101",
	 {PLAIN("1", "192.0.2.1"), NB(1, "169.254.1.1", 1)},
	 {{101, A, 0, "1 2", "192.0.2.2"}, NB(2, "169.254.1.2", 9)},
	 1,
	 "local-pref"},
	{"absent local-pref equals 100: on to as-path",
	 {{100, A, 0, "1 2", "192.0.2.1"}, NB(1, "169.254.1.1", 1)},
	 {PLAIN("1", "192.0.2.2"), NB(2, "169.254.1.2", 9)},
	 1,
	 "as-path"},
	{"shorter as-path",
	 {PLAIN("64512 65001", "192.0.2.1"), NB(1, "169.254.1.1", 1)},
	 {PLAIN("64512 65001 65002", "192.0.2.2"), NB(2, "169.254.1.2", 2)},
	 -1,
	 "as-path"},
	{"an AS_SET counts one hop",
	 {PLAIN("1 {2,3,4,5}", "192.0.2.1"), NB(2, "169.254.1.2", 2)},
	 {PLAIN("1 2 3", "192.0.2.2"), NB(1, "169.254.1.1", 1)},
	 -1,
	 "as-path"},
	{"empty path beats any",
	 {PLAIN("1", "192.0.2.1"), NB(1, "169.254.1.1", 1)},
	 {PLAIN("", "192.0.2.2"), 2, "169.254.1.2", 2, true},
	 1,
	 "as-path"},
	{"IGP beats EGP",
	 {{A, 50, 0, "1", "192.0.2.1"}, NB(2, "169.254.1.2", 2)},
	 {{A, 0, 1, "1", "192.0.2.2"}, NB(1, "169.254.1.1", 1)},
	 -1,
	 "origin"},
	{"EGP beats INCOMPLETE",
	 {{A, A, 2, "1", "192.0.2.1"}, NB(1, "169.254.1.1", 1)},
	 {{A, A, 1, "1", "192.0.2.2"}, NB(2, "169.254.1.2", 2)},
	 1,
	 "origin"},
	{"lower med, same neighbor AS",
	 {{A, 10, 0, "100 1", "192.0.2.1"}, NB(1, "169.254.1.1", 1)},
	 {{A, 5, 0, "100 2", "192.0.2.2"}, NB(2, "169.254.1.2", 2)},
	 1,
	 "med"},
	{"absent med is 0, beats 1",
	 {PLAIN("100", "192.0.2.1"), NB(2, "169.254.1.2", 2)},
	 {{A, 1, 0, "100", "192.0.2.2"}, NB(1, "169.254.1.1", 1)},
	 -1,
	 "med"},
	{"absent med equals 0: on to router-id",
	 {{A, 0, 0, "100", "192.0.2.1"}, NB(2, "169.254.1.2", 2)},
	 {PLAIN("100", "192.0.2.2"), NB(1, "169.254.1.1", 1)},
	 1,
	 "router-id"},
	{"med not compared across neighbor ASes",
	 {{A, 50, 0, "100", "192.0.2.1"}, NB(1, "169.254.1.1", 1)},
	 {{A, 5, 0, "200", "192.0.2.2"}, NB(2, "169.254.1.2", 2)},
	 -1,
	 "router-id"},
	{"med compared between two empty paths",
	 {{A, 5, 0, "", "192.0.2.1"}, 1, "10.0.0.1", 1, true},
	 {{A, 3, 0, "", "192.0.2.2"}, 2, "10.0.0.2", 2, true},
	 1,
	 "med"},
	{"med not compared when both paths start with a set",
	 {{A, 50, 0, "{1,2}", "192.0.2.1"}, NB(1, "169.254.1.1", 1)},
	 {{A, 1, 0, "{3}", "192.0.2.2"}, NB(2, "169.254.1.2", 2)},
	 -1,
	 "router-id"},
	{"eBGP over iBGP",
	 {PLAIN("1", "192.0.2.1"), 1, "10.0.0.1", 1, true},
	 {PLAIN("2", "192.0.2.2"), NB(2, "169.254.1.2", 2)},
	 1,
	 "ebgp"},
	{"eBGP over iBGP, other side",
	 {PLAIN("1", "192.0.2.1"), NB(2, "169.254.1.2", 9)},
	 {PLAIN("2", "192.0.2.2"), 1, "10.0.0.1", 1, true},
	 -1,
	 "ebgp"},
	{"lower router-id",
	 {PLAIN("64512", "192.0.2.1"), NB(1, "169.254.1.1", 0x0a000002)},
	 {PLAIN("64512", "192.0.2.2"), NB(2, "169.254.1.5", 0x0a000001)},
	 1,
	 "router-id"},
	{"lower router-id among iBGP peers",
	 {PLAIN("64512", "192.0.2.1"), 1, "10.0.0.9", 7, true},
	 {PLAIN("64512", "192.0.2.2"), 2, "10.0.0.1", 8, true},
	 -1,
	 "router-id"},
	{"lower peer address",
	 {PLAIN("64512", "192.0.2.1"), NB(1, "169.254.12.229", 7)},
	 {PLAIN("64512", "192.0.2.1"), NB(2, "169.254.13.1", 7)},
	 -1,
	 "peer-address"},
	{"lower peer address, IPv6",
	 {PLAIN("64512", "2001:db8::1"), NB(2, "fe80::2", 7)},
	 {PLAIN("64512", "2001:db8::2"), NB(1, "fe80::1", 7)},
	 1,
	 "peer-address"},
	{"peers alike: the lower index",
	 {PLAIN("64512", "192.0.2.1"), 7, NULL, 0, false},
	 {PLAIN("64512", "192.0.2.2"), 3, NULL, 0, false},
	 1,
	 "peer-address"},
	{"the same peer",
	 {PLAIN("64512", "192.0.2.1"), NB(3, "169.254.1.1", 1)},
	 {PLAIN("64512", "192.0.2.1"), NB(3, "169.254.1.1", 1)},
	 0,
	 "equal"},
};

struct made {
	struct bgp_path path;
	struct bgp_rib_peer peer;
};

static void side_make(struct bgp_attr_table *t, const struct side *s, struct made *m)
{
	memset(m, 0, sizeof(*m));
	m->path.attrs = t_attrs_make(t, &s->attrs);
	m->path.peer = s->peer;
	m->peer = t_peer(s->addr, s->id, s->ibgp);
}

static int sign_of(int r)
{
	return (r > 0) - (r < 0);
}

START_TEST(test_cmp_row)
{
	const struct cmp_row *row = &cmp_rows[_i];
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct made a, b;
	const char *why = NULL, *why2 = NULL;
	int r;

	side_make(t, &row->a, &a);
	side_make(t, &row->b, &b);
	r = bgp_path_cmp(&a.path, &a.peer, &b.path, &b.peer, &why);
	ck_assert_msg(sign_of(r) == row->sign, "%s: got %d, want %d", row->name, r, row->sign);
	ck_assert_msg(why && strcmp(why, row->why) == 0, "%s: decided by %s, want %s", row->name,
		      why ? why : "(null)", row->why);
	/* The other way round: the opposite answer, for the same reason. */
	r = bgp_path_cmp(&b.path, &b.peer, &a.path, &a.peer, &why2);
	ck_assert_msg(sign_of(r) == -row->sign, "%s (swapped): got %d", row->name, r);
	ck_assert_str_eq(why2, row->why);
	/* why is optional */
	ck_assert_int_eq(sign_of(bgp_path_cmp(&a.path, &a.peer, &b.path, &b.peer, NULL)),
			 row->sign);
	bgp_attrs_unref(t, a.path.attrs);
	bgp_attrs_unref(t, b.path.attrs);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

static const struct mp_row {
	const char *name;
	struct side a, b;
	bool ok;
} mp_rows[] = {
	{"two AWS tunnels: equal but for the next hop",
	 {PLAIN("64512", "169.254.12.229"), NB(1, "169.254.12.229", 1)},
	 {PLAIN("64512", "169.254.13.1"), NB(2, "169.254.13.1", 2)},
	 true},
	{"the same next hop",
	 {PLAIN("64512", "192.0.2.1"), NB(1, "169.254.1.1", 1)},
	 {PLAIN("64512", "192.0.2.1"), NB(2, "169.254.1.2", 2)},
	 false},
	{"local-pref differs",
	 {{200, A, 0, "64512", "192.0.2.1"}, NB(1, "169.254.1.1", 1)},
	 {PLAIN("64512", "192.0.2.2"), NB(2, "169.254.1.2", 2)},
	 false},
	{"absent local-pref equals 100",
	 {{100, A, 0, "64512", "192.0.2.1"}, NB(1, "169.254.1.1", 1)},
	 {PLAIN("64512", "192.0.2.2"), NB(2, "169.254.1.2", 2)},
	 true},
	{"as-path length differs",
	 {PLAIN("64512", "192.0.2.1"), NB(1, "169.254.1.1", 1)},
	 {PLAIN("64512 65001", "192.0.2.2"), NB(2, "169.254.1.2", 2)},
	 false},
	{"as-paths differ, same length",
	 {PLAIN("64512 1", "192.0.2.1"), NB(1, "169.254.1.1", 1)},
	 {PLAIN("64512 2", "192.0.2.2"), NB(2, "169.254.1.2", 2)},
	 true},
	{"origin differs",
	 {{A, A, 0, "64512", "192.0.2.1"}, NB(1, "169.254.1.1", 1)},
	 {{A, A, 2, "64512", "192.0.2.2"}, NB(2, "169.254.1.2", 2)},
	 false},
	{"med differs, same neighbor AS",
	 {{A, 1, 0, "64512", "192.0.2.1"}, NB(1, "169.254.1.1", 1)},
	 {{A, 2, 0, "64512", "192.0.2.2"}, NB(2, "169.254.1.2", 2)},
	 false},
	{"med differs, other neighbor AS",
	 {{A, 1, 0, "64512", "192.0.2.1"}, NB(1, "169.254.1.1", 1)},
	 {{A, 2, 0, "64513", "192.0.2.2"}, NB(2, "169.254.1.2", 2)},
	 true},
	{"eBGP and iBGP",
	 {PLAIN("64512", "192.0.2.1"), NB(1, "169.254.1.1", 1)},
	 {PLAIN("64512", "192.0.2.2"), 2, "10.0.0.2", 2, true},
	 false},
	{"both iBGP",
	 {PLAIN("64512", "192.0.2.1"), 1, "10.0.0.1", 1, true},
	 {PLAIN("64512", "192.0.2.2"), 2, "10.0.0.2", 2, true},
	 true},
	{"a local route and a learned one",
	 {PLAIN("", "192.0.2.1"), BGP_RIB_PEER_LOCAL, NULL, 0, false},
	 {PLAIN("", "192.0.2.2"), NB(2, "169.254.1.2", 2)},
	 false},
};

START_TEST(test_multipath_row)
{
	const struct mp_row *row = &mp_rows[_i];
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct made a, b;

	side_make(t, &row->a, &a);
	side_make(t, &row->b, &b);
	ck_assert_msg(bgp_path_multipath_ok(&a.path, &a.peer, &b.path, &b.peer) == row->ok, "%s",
		      row->name);
	ck_assert_msg(bgp_path_multipath_ok(&b.path, &b.peer, &a.path, &a.peer) == row->ok,
		      "%s (swapped)", row->name);
	bgp_attrs_unref(t, a.path.attrs);
	bgp_attrs_unref(t, b.path.attrs);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bgp_decide");
	TCase *tc = tcase_create("decide");

	tcase_add_loop_test(tc, test_cmp_row, 0, (int)(sizeof(cmp_rows) / sizeof(cmp_rows[0])));
	tcase_add_loop_test(tc, test_multipath_row, 0, (int)(sizeof(mp_rows) / sizeof(mp_rows[0])));
	suite_add_tcase(s, tc);
	return run_suite(s);
}
