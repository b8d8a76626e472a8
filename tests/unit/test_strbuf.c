/*
 * common/strbuf and common/jsonw: growth, printf, steal; JSON escaping,
 * nesting, pretty printing, and misuse detection.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "common/strbuf.h"
#include "tests/unit/check_main.h"

/* ---- strbuf ---------------------------------------------------------------- */

START_TEST(test_sb_empty)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	ck_assert_str_eq(sb_str(&sb), "");
	ck_assert_uint_eq(sb.len, 0);
	s = sb_steal(&sb);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	free(s);
	sb_free(&sb);
	sb_free(&sb);
}
END_TEST

START_TEST(test_sb_growth)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	for (i = 0; i < 10000; i++)
		ck_assert(sb_addc(&sb, (char)('a' + i % 26)));
	ck_assert_uint_eq(sb.len, 10000);
	ck_assert_uint_eq(strlen(sb_str(&sb)), 10000);
	ck_assert_uint_gt(sb.cap, sb.len);
	ck_assert_int_eq(sb_str(&sb)[9999], 'a' + 9999 % 26);
	ck_assert(sb_add(&sb, "XYZ"));
	ck_assert(sb_addn(&sb, "12345", 2));
	ck_assert_str_eq(sb_str(&sb) + 10000, "XYZ12");
	ck_assert(!sb.err);
	sb_free(&sb);
	ck_assert_ptr_null(sb.s);
}
END_TEST

START_TEST(test_sb_printf)
{
	struct strbuf sb = STRBUF_INIT;
	char big[3000];

	ck_assert(sb_printf(&sb, "%s=%d", "mtu", 1436));
	ck_assert_str_eq(sb_str(&sb), "mtu=1436");
	/* Longer than the room left: the retry path. */
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert(sb_printf(&sb, "[%s]", big));
	ck_assert_uint_eq(sb.len, 8 + 2 + sizeof(big) - 1);
	ck_assert_int_eq(sb_str(&sb)[sb.len - 1], ']');
	ck_assert_int_eq(sb_str(&sb)[8], '[');
	ck_assert(sb_printf(&sb, "%s", ""));
	ck_assert_uint_eq(strlen(sb_str(&sb)), sb.len);
	sb_free(&sb);
}
END_TEST

START_TEST(test_sb_reset_steal)
{
	struct strbuf sb = STRBUF_INIT;
	size_t cap;
	char *s;

	sb_add(&sb, "hello");
	cap = sb.cap;
	sb_reset(&sb);
	ck_assert_str_eq(sb_str(&sb), "");
	ck_assert_uint_eq(sb.cap, cap);
	sb_add(&sb, "bye");
	s = sb_steal(&sb);
	ck_assert_str_eq(s, "bye");
	ck_assert_ptr_null(sb.s);
	ck_assert_uint_eq(sb.len, 0);
	ck_assert_str_eq(sb_str(&sb), "");
	free(s);
	/* Usable again after steal. */
	ck_assert(sb_add(&sb, "again"));
	ck_assert_str_eq(sb_str(&sb), "again");
	sb_free(&sb);
}
END_TEST

START_TEST(test_sb_sticky_error)
{
	struct strbuf sb = STRBUF_INIT;

	sb_add(&sb, "kept");
	sb.err = true; /* as after a failed allocation */
	ck_assert(!sb_add(&sb, "lost"));
	ck_assert(!sb_printf(&sb, "%d", 5));
	ck_assert_str_eq(sb_str(&sb), "kept");
	/* An impossible size fails without touching the text. */
	sb.err = false;
	ck_assert(!sb_addn(&sb, "x", SIZE_MAX));
	ck_assert(sb.err);
	ck_assert_str_eq(sb_str(&sb), "kept");
	sb_free(&sb);
}
END_TEST

/* ---- jsonw ------------------------------------------------------------------ */

/* Render with a fresh buffer and return the text (static, for asserts). */
static const char *json_of(void (*fill)(struct jsonw *w), bool pretty, bool *ok)
{
	static char out[4096];
	struct strbuf sb = STRBUF_INIT;
	struct jsonw w;

	jw_init(&w, &sb, pretty);
	fill(&w);
	*ok = jw_ok(&w);
	snprintf(out, sizeof(out), "%s", sb_str(&sb));
	sb_free(&sb);
	return out;
}

static void fill_nested(struct jsonw *w)
{
	jw_obj_begin(w);
	jw_kv_str(w, "name", "vti1");
	jw_kv_int(w, "mark", -5);
	jw_kv_uint(w, "bytes", UINT64_MAX);
	jw_kv_bool(w, "up", true);
	jw_key(w, "peers");
	jw_arr_begin(w);
	jw_str(w, "169.254.12.229");
	jw_null(w);
	jw_obj_begin(w);
	jw_obj_end(w);
	jw_arr_begin(w);
	jw_arr_end(w);
	jw_bool(w, false);
	jw_int(w, INT64_MIN);
	jw_arr_end(w);
	jw_key(w, "none");
	jw_str(w, NULL);
	jw_obj_end(w);
}

START_TEST(test_jw_nested_compact)
{
	bool ok;
	const char *s = json_of(fill_nested, false, &ok);

	ck_assert(ok);
	ck_assert_str_eq(s, "{\"name\":\"vti1\",\"mark\":-5,\"bytes\":18446744073709551615,"
			    "\"up\":true,\"peers\":[\"169.254.12.229\",null,{},[],false,"
			    "-9223372036854775808],\"none\":null}");
}
END_TEST

static void fill_small(struct jsonw *w)
{
	jw_obj_begin(w);
	jw_kv_int(w, "a", 1);
	jw_key(w, "b");
	jw_arr_begin(w);
	jw_int(w, 2);
	jw_obj_begin(w);
	jw_obj_end(w);
	jw_arr_end(w);
	jw_obj_end(w);
}

START_TEST(test_jw_pretty)
{
	bool ok;
	const char *s = json_of(fill_small, true, &ok);

	ck_assert(ok);
	ck_assert_str_eq(s, "{\n"
			    "  \"a\": 1,\n"
			    "  \"b\": [\n"
			    "    2,\n"
			    "    {}\n"
			    "  ]\n"
			    "}");
}
END_TEST

static const char *json_str_of(const char *in)
{
	static char out[256];
	struct strbuf sb = STRBUF_INIT;
	struct jsonw w;

	jw_init(&w, &sb, false);
	jw_str(&w, in);
	ck_assert(jw_ok(&w));
	snprintf(out, sizeof(out), "%s", sb_str(&sb));
	sb_free(&sb);
	return out;
}

START_TEST(test_jw_escaping)
{
	ck_assert_str_eq(json_str_of("plain"), "\"plain\"");
	ck_assert_str_eq(json_str_of(""), "\"\"");
	ck_assert_str_eq(json_str_of("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
	ck_assert_str_eq(json_str_of("\n\t\r\x01\x1f"), "\"\\u000a\\u0009\\u000d\\u0001\\u001f\"");
	ck_assert_str_eq(json_str_of("\x7f"), "\"\x7f\"");
	/* Valid UTF-8 passes through: 2, 3 and 4 byte forms. */
	ck_assert_str_eq(json_str_of("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
			 "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* Invalid: lone continuation, truncated sequence, overlong, surrogate,
	 * above U+10FFFF, bytes that never occur. */
	ck_assert_str_eq(json_str_of("a\x80z"), "\"a\xef\xbf\xbdz\"");
	ck_assert_str_eq(json_str_of("\xe2\x82"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	ck_assert_str_eq(json_str_of("\xc0\xaf"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	ck_assert_str_eq(json_str_of("\xe0\x80\xaf"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	ck_assert_str_eq(json_str_of("\xed\xa0\x80"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	ck_assert_str_eq(json_str_of("\xf4\x90\x80\x80"),
			 "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	ck_assert_str_eq(json_str_of("\xff\xfe"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	/* Keys are escaped too. */
	{
		struct strbuf sb = STRBUF_INIT;
		struct jsonw w;

		jw_init(&w, &sb, false);
		jw_obj_begin(&w);
		jw_kv_int(&w, "k\"\n", 1);
		jw_obj_end(&w);
		ck_assert(jw_ok(&w));
		ck_assert_str_eq(sb_str(&sb), "{\"k\\\"\\u000a\":1}");
		sb_free(&sb);
	}
}
END_TEST

static void misuse_value_without_key(struct jsonw *w)
{
	jw_obj_begin(w);
	jw_int(w, 1);
	jw_obj_end(w);
}

static void misuse_key_in_array(struct jsonw *w)
{
	jw_arr_begin(w);
	jw_key(w, "k");
	jw_arr_end(w);
}

static void misuse_wrong_end(struct jsonw *w)
{
	jw_obj_begin(w);
	jw_arr_end(w);
}

static void misuse_unclosed(struct jsonw *w)
{
	jw_arr_begin(w);
	jw_int(w, 1);
}

static void misuse_extra_end(struct jsonw *w)
{
	jw_arr_begin(w);
	jw_arr_end(w);
	jw_arr_end(w);
}

static void misuse_key_without_value(struct jsonw *w)
{
	jw_obj_begin(w);
	jw_key(w, "k");
	jw_obj_end(w);
}

static void misuse_two_keys(struct jsonw *w)
{
	jw_obj_begin(w);
	jw_key(w, "a");
	jw_key(w, "b");
	jw_int(w, 1);
	jw_obj_end(w);
}

static void misuse_two_top_values(struct jsonw *w)
{
	jw_int(w, 1);
	jw_int(w, 2);
}

static void misuse_key_at_top(struct jsonw *w)
{
	jw_key(w, "k");
}

static void misuse_too_deep(struct jsonw *w)
{
	int i;

	for (i = 0; i < JW_MAX_DEPTH + 1; i++)
		jw_arr_begin(w);
	for (i = 0; i < JW_MAX_DEPTH + 1; i++)
		jw_arr_end(w);
}

static void ok_deepest(struct jsonw *w)
{
	int i;

	for (i = 0; i < JW_MAX_DEPTH - 1; i++)
		jw_arr_begin(w);
	for (i = 0; i < JW_MAX_DEPTH - 1; i++)
		jw_arr_end(w);
}

static void ok_scalar(struct jsonw *w)
{
	jw_str(w, "x");
}

static void ok_nothing(struct jsonw *w)
{
	(void)w;
}

START_TEST(test_jw_misuse)
{
	static void (*const bad[])(struct jsonw *) = {
		misuse_value_without_key, misuse_key_in_array,	 misuse_wrong_end,
		misuse_unclosed,	  misuse_extra_end,	 misuse_key_without_value,
		misuse_two_keys,	  misuse_two_top_values, misuse_key_at_top,
		misuse_too_deep,
	};
	size_t i;
	bool ok;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_of(bad[i], false, &ok);
		ck_assert_msg(!ok, "misuse %zu not caught", i);
	}
	ck_assert_str_eq(json_of(ok_scalar, false, &ok), "\"x\"");
	ck_assert(ok);
	json_of(ok_deepest, false, &ok);
	ck_assert(ok);
	ck_assert_str_eq(json_of(ok_nothing, true, &ok), "");
	ck_assert(ok);
}
END_TEST

START_TEST(test_jw_strbuf_error)
{
	struct strbuf sb = STRBUF_INIT;
	struct jsonw w;

	jw_init(&w, &sb, false);
	jw_obj_begin(&w);
	sb.err = true;
	jw_obj_end(&w);
	ck_assert(!jw_ok(&w));
	sb_free(&sb);
}
END_TEST

static Suite *strbuf_suite(void)
{
	Suite *s = suite_create("strbuf");
	TCase *tc = tcase_create("strbuf");

	tcase_add_test(tc, test_sb_empty);
	tcase_add_test(tc, test_sb_growth);
	tcase_add_test(tc, test_sb_printf);
	tcase_add_test(tc, test_sb_reset_steal);
	tcase_add_test(tc, test_sb_sticky_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("jsonw");
	tcase_add_test(tc, test_jw_nested_compact);
	tcase_add_test(tc, test_jw_pretty);
	tcase_add_test(tc, test_jw_escaping);
	tcase_add_test(tc, test_jw_misuse);
	tcase_add_test(tc, test_jw_strbuf_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(strbuf_suite());
}
