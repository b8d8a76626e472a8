/*
 * common/addr: parsing tables (good input and garbage), formatting,
 * comparison and containment.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/addr.h"
#include "tests/unit/check_main.h"

struct addr_row {
	const char *in;
	int family;
	int rc;
	const char *out; /* formatted when rc == 0 */
};

static const struct addr_row addr_rows[] = {
	{"192.0.2.1", AF_UNSPEC, 0, "192.0.2.1"},
	{"0.0.0.0", AF_INET, 0, "0.0.0.0"},
	{"255.255.255.255", AF_INET, 0, "255.255.255.255"},
	{"2001:db8::1", AF_UNSPEC, 0, "2001:db8::1"},
	{"2001:DB8:0:0:0:0:0:1", AF_INET6, 0, "2001:db8::1"},
	{"::", AF_INET6, 0, "::"},
	{"::ffff:192.0.2.1", AF_UNSPEC, 0, "::ffff:192.0.2.1"},
	{"192.0.2.1", AF_INET6, -EINVAL, NULL},
	{"2001:db8::1", AF_INET, -EINVAL, NULL},
	{"", AF_UNSPEC, -EINVAL, NULL},
	{" 192.0.2.1", AF_UNSPEC, -EINVAL, NULL},
	{"192.0.2.1 ", AF_UNSPEC, -EINVAL, NULL},
	{"192.0.2.1x", AF_UNSPEC, -EINVAL, NULL},
	{"192.0.2", AF_UNSPEC, -EINVAL, NULL},
	{"192.0.2.256", AF_UNSPEC, -EINVAL, NULL},
	{"01.2.3.4", AF_UNSPEC, -EINVAL, NULL},
	{"0x1.2.3.4", AF_UNSPEC, -EINVAL, NULL},
	{"fe80::1%eth0", AF_UNSPEC, -EINVAL, NULL},
	{"1.2.3.4/32", AF_UNSPEC, -EINVAL, NULL},
	{"::1::", AF_UNSPEC, -EINVAL, NULL},
	{"1:2:3:4:5:6:7:8:9", AF_UNSPEC, -EINVAL, NULL},
	{"192.0.2.1", 99, -EINVAL, NULL},
	{"\xff\xfe", AF_UNSPEC, -EINVAL, NULL},
};

START_TEST(test_addr_table)
{
	size_t i;

	for (i = 0; i < sizeof(addr_rows) / sizeof(addr_rows[0]); i++) {
		const struct addr_row *row = &addr_rows[i];
		struct vt_addr a;
		char buf[VT_ADDR_STRLEN];
		int rc;

		memset(&a, 0x77, sizeof(a));
		rc = vt_addr_parse(row->in, row->family, &a);
		ck_assert_msg(rc == row->rc, "\"%s\": rc %d, want %d", row->in, rc, row->rc);
		if (rc == 0)
			ck_assert_str_eq(vt_addr_fmt(&a, buf, sizeof(buf)), row->out);
		else
			ck_assert_uint_eq(a.family, 0); /* no half-filled result */
	}
	ck_assert_int_eq(vt_addr_parse(NULL, AF_UNSPEC, &(struct vt_addr){0}), -EINVAL);
}
END_TEST

struct prefix_row {
	const char *in;
	int family;
	unsigned flags;
	int rc;
	const char *out;
};

#define S VT_PREFIX_STRICT
#define L VT_PREFIX_NEED_LEN

static const struct prefix_row prefix_rows[] = {
	{"10.0.0.0/8", AF_UNSPEC, 0, 0, "10.0.0.0/8"},
	{"10.0.0.0/8", AF_INET, S | L, 0, "10.0.0.0/8"},
	{"10.1.2.3/8", AF_UNSPEC, 0, 0, "10.0.0.0/8"},
	{"10.1.2.3/8", AF_UNSPEC, S, -EINVAL, NULL},
	{"192.0.2.1", AF_UNSPEC, 0, 0, "192.0.2.1/32"},
	{"192.0.2.1", AF_UNSPEC, S, 0, "192.0.2.1/32"},
	{"192.0.2.1", AF_UNSPEC, L, -EINVAL, NULL},
	{"0.0.0.0/0", AF_INET, S, 0, "0.0.0.0/0"},
	{"10.0.0.0/0", AF_INET, 0, 0, "0.0.0.0/0"},
	{"255.255.255.255/32", AF_INET, S, 0, "255.255.255.255/32"},
	{"169.254.12.228/30", AF_INET, S | L, 0, "169.254.12.228/30"},
	{"169.254.12.229/30", AF_INET, S | L, -EINVAL, NULL},
	{"169.254.12.229/30", AF_INET, L, 0, "169.254.12.228/30"},
	{"10.16.16.0/24", AF_UNSPEC, S, 0, "10.16.16.0/24"},
	{"2001:db8::/32", AF_UNSPEC, S, 0, "2001:db8::/32"},
	{"2001:db8::1/32", AF_UNSPEC, 0, 0, "2001:db8::/32"},
	{"2001:db8::1/32", AF_UNSPEC, S, -EINVAL, NULL},
	{"2001:db8::1", AF_INET6, 0, 0, "2001:db8::1/128"},
	{"2001:db8:1:2:3:4:5:6/127", AF_INET6, 0, 0, "2001:db8:1:2:3:4:5:6/127"},
	{"2001:db8:1:2:3:4:5:7/127", AF_INET6, 0, 0, "2001:db8:1:2:3:4:5:6/127"},
	{"::/0", AF_UNSPEC, S, 0, "::/0"},
	{"2001:db8::/128", AF_UNSPEC, 0, 0, "2001:db8::/128"},
	{"10.0.0.0/8", AF_INET6, 0, -EINVAL, NULL},
	{"2001:db8::/32", AF_INET, 0, -EINVAL, NULL},
	{"10.0.0.0/33", AF_UNSPEC, 0, -EINVAL, NULL},
	{"2001:db8::/129", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/", AF_UNSPEC, 0, -EINVAL, NULL},
	{"/8", AF_UNSPEC, 0, -EINVAL, NULL},
	{"/", AF_UNSPEC, 0, -EINVAL, NULL},
	{"", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/ 8", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0 /8", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/08", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/008", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/00", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/8 ", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/8\n", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/-8", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/+8", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/8/8", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/8a", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/0x8", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/4294967304", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0/8", AF_UNSPEC, 0, -EINVAL, NULL},
	{"garbage", AF_UNSPEC, 0, -EINVAL, NULL},
	{"garbage/8", AF_UNSPEC, 0, -EINVAL, NULL},
	{"1111:2222:3333:4444:5555:6666:7777:8888:9999/64", AF_UNSPEC, 0, -EINVAL, NULL},
	{"10.0.0.0/8", 12345, 0, -EINVAL, NULL},
};

#undef S
#undef L

START_TEST(test_prefix_table)
{
	size_t i;

	ck_assert_uint_ge(sizeof(prefix_rows) / sizeof(prefix_rows[0]), 30);
	for (i = 0; i < sizeof(prefix_rows) / sizeof(prefix_rows[0]); i++) {
		const struct prefix_row *row = &prefix_rows[i];
		struct vt_prefix p;
		char buf[VT_PREFIX_STRLEN];
		int rc;

		memset(&p, 0x77, sizeof(p));
		rc = vt_prefix_parse(row->in, row->family, row->flags, &p);
		ck_assert_msg(rc == row->rc, "\"%s\" flags %u: rc %d, want %d", row->in, row->flags,
			      rc, row->rc);
		if (rc == 0) {
			ck_assert_str_eq(vt_prefix_fmt(&p, buf, sizeof(buf)), row->out);
			ck_assert(!vt_prefix_has_host_bits(&p));
		} else {
			ck_assert_uint_eq(p.addr.family, 0);
			ck_assert_uint_eq(p.len, 0);
		}
	}
}
END_TEST

START_TEST(test_prefix_long_input)
{
	char big[4096];
	struct vt_prefix p;

	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(vt_prefix_parse(big, AF_UNSPEC, 0, &p), -EINVAL);
	big[100] = '/';
	ck_assert_int_eq(vt_prefix_parse(big, AF_UNSPEC, 0, &p), -EINVAL);
	ck_assert_int_eq(vt_prefix_parse(NULL, AF_UNSPEC, 0, &p), -EINVAL);
}
END_TEST

static struct vt_addr addr_of(const char *s)
{
	struct vt_addr a;

	ck_assert_int_eq(vt_addr_parse(s, AF_UNSPEC, &a), 0);
	return a;
}

static struct vt_prefix prefix_of(const char *s)
{
	struct vt_prefix p;

	ck_assert_int_eq(vt_prefix_parse(s, AF_UNSPEC, 0, &p), 0);
	return p;
}

START_TEST(test_format_edges)
{
	struct vt_addr unset;
	struct vt_prefix p = prefix_of("192.0.2.0/24");
	struct vt_addr a = addr_of("2001:db8::1");
	char buf[VT_PREFIX_STRLEN], small[8];

	memset(&unset, 0, sizeof(unset));
	ck_assert_str_eq(vt_addr_fmt(&unset, buf, sizeof(buf)), "(unset)");
	/* Too small a buffer gives an empty string, never a cut address. */
	ck_assert_str_eq(vt_addr_fmt(&a, small, sizeof(small)), "");
	ck_assert_str_eq(vt_prefix_fmt(&p, small, sizeof(small)), "");
	ck_assert_str_eq(vt_prefix_fmt(&p, buf, 12), "");
	ck_assert_str_eq(vt_prefix_fmt(&p, buf, 13), "192.0.2.0/24");
	vt_addr_from_v4(&a, 0xc0000201u);
	ck_assert_str_eq(vt_addr_fmt(&a, buf, sizeof(buf)), "192.0.2.1");
	ck_assert_uint_eq(vt_addr_len(&a), 4);
	ck_assert_uint_eq(vt_addr_len(&unset), 0);
	ck_assert_uint_eq(vt_addr_len(&p.addr), 4);
	a = addr_of("::1");
	ck_assert_uint_eq(vt_addr_len(&a), 16);
}
END_TEST

START_TEST(test_compare)
{
	struct vt_addr a1 = addr_of("10.0.0.1"), a2 = addr_of("10.0.0.2"),
		       a3 = addr_of("9.255.255.255");
	struct vt_addr b1 = addr_of("::1"), a1b = addr_of("10.0.0.1");
	struct vt_prefix p8 = prefix_of("10.0.0.0/8"), p16 = prefix_of("10.0.0.0/16"),
			 q8 = prefix_of("11.0.0.0/8");

	ck_assert_int_lt(vt_addr_cmp(&a1, &a2), 0);
	ck_assert_int_gt(vt_addr_cmp(&a2, &a1), 0);
	ck_assert_int_gt(vt_addr_cmp(&a1, &a3), 0); /* numeric, not textual */
	ck_assert_int_eq(vt_addr_cmp(&a1, &a1b), 0);
	ck_assert(vt_addr_eq(&a1, &a1b));
	ck_assert(!vt_addr_eq(&a1, &a2));
	ck_assert_int_lt(vt_addr_cmp(&a1, &b1), 0); /* IPv4 before IPv6 */
	ck_assert_int_gt(vt_addr_cmp(&b1, &a1), 0);
	ck_assert_int_lt(vt_prefix_cmp(&p8, &p16), 0);
	ck_assert_int_lt(vt_prefix_cmp(&p16, &q8), 0);
	ck_assert_int_eq(vt_prefix_cmp(&p8, &p8), 0);
}
END_TEST

START_TEST(test_contains)
{
	struct vt_prefix p8 = prefix_of("10.0.0.0/8"), p16 = prefix_of("10.1.0.0/16"),
			 p0 = prefix_of("0.0.0.0/0");
	struct vt_prefix v6 = prefix_of("2001:db8::/32"), v6in = prefix_of("2001:db8:1::/48");
	struct vt_prefix p30 = prefix_of("169.254.12.228/30");
	struct vt_addr in = addr_of("10.200.1.1"), out = addr_of("11.0.0.1"),
		       six = addr_of("2001:db8::5");

	ck_assert(vt_prefix_contains_addr(&p8, &in));
	ck_assert(!vt_prefix_contains_addr(&p8, &out));
	ck_assert(vt_prefix_contains_addr(&p0, &out));
	ck_assert(!vt_prefix_contains_addr(&p0, &six)); /* families differ */
	ck_assert(vt_prefix_contains_addr(&v6, &six));
	ck_assert(!vt_prefix_contains_addr(&v6, &in));
	ck_assert(vt_prefix_contains(&p8, &p16));
	ck_assert(!vt_prefix_contains(&p16, &p8));
	ck_assert(vt_prefix_contains(&p8, &p8));
	ck_assert(vt_prefix_contains(&p0, &p8));
	ck_assert(vt_prefix_contains(&v6, &v6in));
	ck_assert(!vt_prefix_contains(&v6in, &v6));
	ck_assert(!vt_prefix_contains(&p0, &v6));
	in = addr_of("169.254.12.229");
	ck_assert(vt_prefix_contains_addr(&p30, &in));
	in = addr_of("169.254.12.232");
	ck_assert(!vt_prefix_contains_addr(&p30, &in));
}
END_TEST

START_TEST(test_mask_and_host_bits)
{
	struct vt_prefix p = prefix_of("10.255.255.255/32");

	p.len = 12;
	ck_assert(vt_prefix_has_host_bits(&p));
	vt_prefix_mask(&p);
	ck_assert(!vt_prefix_has_host_bits(&p));
	{
		char buf[VT_PREFIX_STRLEN];

		ck_assert_str_eq(vt_prefix_fmt(&p, buf, sizeof(buf)), "10.240.0.0/12");
	}
	/* An out-of-range length is clamped, not used to index past the address. */
	p.len = 200;
	vt_prefix_mask(&p);
	ck_assert_uint_eq(p.len, 32);
}
END_TEST

static Suite *addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("addr");

	tcase_add_test(tc, test_addr_table);
	tcase_add_test(tc, test_prefix_table);
	tcase_add_test(tc, test_prefix_long_input);
	tcase_add_test(tc, test_format_edges);
	tcase_add_test(tc, test_compare);
	tcase_add_test(tc, test_contains);
	tcase_add_test(tc, test_mask_and_host_bits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(addr_suite());
}
