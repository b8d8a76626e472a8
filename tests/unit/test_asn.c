/* AS numbers: asplain and asdot parsing, formatting, private and reserved. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/asn.h"
#include "tests/unit/check_main.h"

struct asn_row {
	const char *in;
	int rc;
	uint32_t asn; /* when rc == 0 */
};

static const struct asn_row asn_rows[] = {
	{"65016", 0, 65016},
	{"64512", 0, 64512},
	{"1", 0, 1},
	{"23456", 0, 23456},
	{"4200000001", 0, 4200000001u},
	{"4294967295", 0, 4294967295u},
	{"1.10", 0, 65546},
	{"0.1", 0, 1},
	{"0.65535", 0, 65535},
	{"1.0", 0, 65536},
	{"65535.65535", 0, 4294967295u},
	{"64086.59904", 0, 4200000000u},
	{"4294967296", -ERANGE, 0},
	{"99999999999999999999999999", -ERANGE, 0},
	{"65536.0", -ERANGE, 0},
	{"1.65536", -ERANGE, 0},
	{"0", -EINVAL, 0},
	{"0.0", -EINVAL, 0},
	{"", -EINVAL, 0},
	{"-1", -EINVAL, 0},
	{"+65016", -EINVAL, 0},
	{" 65016", -EINVAL, 0},
	{"65016 ", -EINVAL, 0},
	{"65016x", -EINVAL, 0},
	{"0x10", -EINVAL, 0},
	{"065016", -EINVAL, 0},
	{"00", -EINVAL, 0},
	{"1.", -EINVAL, 0},
	{".1", -EINVAL, 0},
	{"1..2", -EINVAL, 0},
	{"1.2.3", -EINVAL, 0},
	{"1.02", -EINVAL, 0},
	{"1.-2", -EINVAL, 0},
	{"AS65016", -EINVAL, 0},
	{"6501\xef\xbc\x96", -EINVAL, 0}, /* a full-width 6 */
};

START_TEST(test_parse)
{
	const struct asn_row *r = &asn_rows[_i];
	uint32_t asn = 0xdeadbeef;

	ck_assert_msg(bgp_asn_parse(r->in, &asn) == r->rc, "\"%s\": rc %d, wanted %d", r->in,
		      bgp_asn_parse(r->in, &asn), r->rc);
	if (r->rc == 0)
		ck_assert_uint_eq(asn, r->asn);
	else
		ck_assert_uint_eq(asn, 0xdeadbeef);
}
END_TEST

START_TEST(test_parse_null)
{
	uint32_t asn;

	ck_assert_int_eq(bgp_asn_parse(NULL, &asn), -EINVAL);
}
END_TEST

START_TEST(test_format)
{
	static const uint32_t asns[] = {1, 65016, 65546, 4294967295u};
	static const char *const want[] = {"1", "65016", "65546", "4294967295"};
	char buf[BGP_ASN_STRLEN];
	uint32_t back;

	for (size_t i = 0; i < 4; i++) {
		ck_assert_int_eq(bgp_asn_format(asns[i], buf, sizeof(buf)), 0);
		ck_assert_str_eq(buf, want[i]);
		ck_assert_int_eq(bgp_asn_parse(buf, &back), 0);
		ck_assert_uint_eq(back, asns[i]);
	}
	ck_assert_int_eq(bgp_asn_format(65016, buf, 6), 0);
	ck_assert_int_eq(bgp_asn_format(65016, buf, 5), -ENOSPC);
	ck_assert_int_eq(bgp_asn_format(4294967295u, buf, 10), -ENOSPC);
}
END_TEST

struct class_row {
	uint32_t asn;
	bool private_use;
	bool reserved;
};

static const struct class_row class_rows[] = {
	{0, false, true},	    {1, false, false},		{23455, false, false},
	{23456, false, true},	    {23457, false, false},	{64511, false, false},
	{64512, true, false},	    {65016, true, false},	{65534, true, false},
	{65535, false, true},	    {65536, false, false},	{4199999999u, false, false},
	{4200000000u, true, false}, {4294967294u, true, false}, {4294967295u, false, true},
};

START_TEST(test_classes)
{
	const struct class_row *r = &class_rows[_i];

	ck_assert_msg(bgp_asn_is_private(r->asn) == r->private_use, "%u private", (unsigned)r->asn);
	ck_assert_msg(bgp_asn_is_reserved(r->asn) == r->reserved, "%u reserved", (unsigned)r->asn);
}
END_TEST

static Suite *asn_suite(void)
{
	Suite *s = suite_create("asn");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_parse, 0, (int)(sizeof(asn_rows) / sizeof(asn_rows[0])));
	tcase_add_test(tc, test_parse_null);
	tcase_add_test(tc, test_format);
	tcase_add_loop_test(tc, test_classes, 0, (int)(sizeof(class_rows) / sizeof(class_rows[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(asn_suite());
}
