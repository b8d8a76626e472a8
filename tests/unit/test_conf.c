/*
 * The configuration corpus (tests/config): each good/NAME.conf or .json
 * loads, renders exactly as good/NAME.ok, and round-trips through the
 * command language and through JSON; each bad/NAME.conf or .json is refused
 * with exactly the text of bad/NAME.err.  examples/aws-tgw.conf is a good
 * case too (good/aws-tgw.ok).
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/check_main.h"
#include "vtid/conf/conf.h"

#ifndef CONF_CORPUS_DIR
#error "CONF_CORPUS_DIR must name tests/config"
#endif

#define MAX_CASES 256

static struct ly_ctx *ctx;
static char *good[MAX_CASES], *bad[MAX_CASES];
static int ngood, nbad;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

/* path with its extension replaced by ext. */
static char *sibling(const char *path, const char *ext)
{
	const char *dot = strrchr(path, '.');
	char *s = malloc(strlen(path) + strlen(ext) + 1);

	ck_assert_ptr_nonnull(s);
	sprintf(s, "%.*s%s", (int)(dot - path), path, ext);
	return s;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void setup(void)
{
	struct strbuf err = STRBUF_INIT;

	ctx = conf_ctx_new(&err);
	ck_assert_msg(ctx != NULL, "%s", sb_str(&err));
	sb_free(&err);
}

static void teardown(void)
{
	conf_ctx_free(ctx);
	ctx = NULL;
}

static void assert_same_tree(const struct lyd_node *a, const struct lyd_node *b, const char *what)
{
	ck_assert_msg((a == NULL) == (b == NULL), "%s: one tree is empty", what);
	if (a)
		ck_assert_msg(lyd_compare_siblings(a, b, LYD_COMPARE_FULL_RECURSION) == LY_SUCCESS,
			      "%s: the trees differ", what);
}

static void check_good(const char *path, const char *okpath)
{
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT, text = STRBUF_INIT, again = STRBUF_INIT;
	struct strbuf json = STRBUF_INIT;
	struct lyd_node *t = NULL, *t2 = NULL, *t3 = NULL;
	char *in, *ok;
	size_t len;

	in = slurp(path, &len);
	ok = slurp(okpath, NULL);
	ck_assert_msg(conf_load_mem(ctx, base_name(path), in, len, &t, &err) == 0, "%s:\n%s", path,
		      sb_str(&err));
	ck_assert_str_eq(sb_str(&err), "");
	ck_assert_int_eq(conf_render(t, 0, &out), 0);
	ck_assert_msg(strcmp(sb_str(&out), ok) == 0, "%s renders as:\n%s--- expected:\n%s", path,
		      sb_str(&out), ok);

	/* load(render(T)) == T, and rendering is stable. */
	ck_assert_int_eq(conf_render(t, CONF_RENDER_SECRETS, &text), 0);
	ck_assert_msg(conf_load_text(ctx, "rendered", sb_str(&text), &t2, &err) == 0, "%s",
		      sb_str(&err));
	assert_same_tree(t, t2, "command language round trip");
	ck_assert_int_eq(conf_render(t2, CONF_RENDER_SECRETS, &again), 0);
	ck_assert_str_eq(sb_str(&again), sb_str(&text));

	/* The same through JSON. */
	ck_assert_int_eq(conf_render_json(t, CONF_RENDER_SECRETS, &json), 0);
	ck_assert_msg(conf_load_text(ctx, "rendered.json", sb_str(&json), &t3, &err) == 0,
		      "%s\n%s", sb_str(&json), sb_str(&err));
	assert_same_tree(t, t3, "JSON round trip");

	lyd_free_all(t);
	lyd_free_all(t2);
	lyd_free_all(t3);
	sb_free(&err);
	sb_free(&out);
	sb_free(&text);
	sb_free(&again);
	sb_free(&json);
	free(in);
	free(ok);
}

START_TEST(test_good)
{
	char *okpath = sibling(good[_i], ".ok");

	check_good(good[_i], okpath);
	free(okpath);
}
END_TEST

START_TEST(test_example)
{
	check_good(CONF_EXAMPLE, CONF_CORPUS_DIR "/good/aws-tgw.ok");
}
END_TEST

START_TEST(test_bad)
{
	struct strbuf err = STRBUF_INIT;
	struct lyd_node *t = NULL;
	char *errpath = sibling(bad[_i], ".err");
	char *in, *want;
	size_t len;

	in = slurp(bad[_i], &len);
	want = slurp(errpath, NULL);
	ck_assert_msg(conf_load_mem(ctx, base_name(bad[_i]), in, len, &t, &err) < 0,
		      "%s loads", bad[_i]);
	ck_assert_ptr_null(t);
	ck_assert_msg(strcmp(sb_str(&err), want) == 0, "%s says:\n%s--- expected:\n%s", bad[_i],
		      sb_str(&err), want);
	sb_free(&err);
	free(in);
	free(want);
	free(errpath);
}
END_TEST

static int list_cases(const char *dir, char **out)
{
	struct dirent **ents;
	const char *dot;
	int n, i, k = 0;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		perror(dir);
		exit(2);
	}
	for (i = 0; i < n; i++) {
		dot = strrchr(ents[i]->d_name, '.');
		if (dot && (!strcmp(dot, ".conf") || !strcmp(dot, ".json")) && k < MAX_CASES) {
			out[k] = malloc(strlen(dir) + strlen(ents[i]->d_name) + 2);
			sprintf(out[k++], "%s/%s", dir, ents[i]->d_name);
		}
		free(ents[i]);
	}
	free(ents);
	return k;
}

int main(void)
{
	Suite *s = suite_create("conf corpus");
	TCase *tc = tcase_create("corpus");
	int ret, i;

	ngood = list_cases(CONF_CORPUS_DIR "/good", good);
	nbad = list_cases(CONF_CORPUS_DIR "/bad", bad);
	/* What the corpus promises: enough cases of each kind. */
	if (ngood < 10 || nbad < 30) {
		fprintf(stderr, "corpus too small: %d good, %d bad\n", ngood, nbad);
		return 1;
	}
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_good, 0, ngood);
	tcase_add_test(tc, test_example);
	tcase_add_loop_test(tc, test_bad, 0, nbad);
	suite_add_tcase(s, tc);
	ret = run_suite(s);
	for (i = 0; i < ngood; i++)
		free(good[i]);
	for (i = 0; i < nbad; i++)
		free(bad[i]);
	return ret;
}
