/* Set-up and watches shared by test_ike_rekey.c and test_ike_info.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "ike/ike_int.h"
#include "tests/unit/ike_watch.h"

/* ---- make-before-break watch ------------------------------------------------ */

static struct ike_pair *g_pair;
static struct ike_ops g_orig[2];
bool g_armed;
unsigned g_violations;

/* Each side has an installed child whose outbound SPI is an installed
 * inbound SPI of the other side. */
static bool pair_has_path(const struct ike_pair *p, int s)
{
	const struct ike_child_sa *a, *b;

	for (unsigned i = 0; (a = ike_pair_child(p, s, i)); i++)
		for (unsigned j = 0; (b = ike_pair_child(p, !s, j)); j++)
			if (b->spi_in == a->spi_out)
				return true;
	return false;
}

static void mbb_check(void)
{
	if (g_armed && (!pair_has_path(g_pair, 0) || !pair_has_path(g_pair, 1)))
		g_violations++;
}

static int hook_add(void *ctx, void *tctx, const struct ike_child_sa *c)
{
	struct ike_pair_side *s = ctx;
	int r = g_orig[s->idx].child_add(ctx, tctx, c);

	mbb_check();
	return r;
}

static void hook_del(void *ctx, void *tctx, uint32_t spi_in, uint32_t spi_out)
{
	struct ike_pair_side *s = ctx;

	g_orig[s->idx].child_del(ctx, tctx, spi_in, spi_out);
	mbb_check();
}

/* ---- log capture ----------------------------------------------------------- */

static char g_log[16384];

static void log_capture(enum log_module m, enum log_level lvl, enum log_kind kind, const char *msg,
			void *arg)
{
	size_t n = strlen(g_log);

	(void)m;
	(void)lvl;
	(void)kind;
	(void)arg;
	snprintf(g_log + n, sizeof(g_log) - n, "%s\n", msg);
}

unsigned log_count(const char *needle)
{
	unsigned n = 0;

	for (const char *s = g_log; (s = strstr(s, needle)); s++)
		n++;
	return n;
}

/* ---- set-up ------------------------------------------------------------------- */

struct ike_pair *pair_up(const struct opts *o)
{
	struct ike_tunnel_conf a, b;
	struct ike_pair *p = ike_pair_new(NULL);

	ck_assert_ptr_nonnull(p);
	g_pair = p;
	g_armed = false;
	g_violations = 0;
	g_log[0] = 0;
	log_set_sink(log_capture, NULL);
	for (int i = 0; i < 2; i++) {
		struct ike_ops *ops = &p->side[i].e->ops;

		g_orig[i] = *ops;
		ops->child_add = hook_add;
		ops->child_del = hook_del;
	}
	ike_pair_conf(&a, 0, o->ike ? o->ike : IKE_ALGS, o->esp_a ? o->esp_a : "aes128gcm16",
		      "secret", true);
	ike_pair_conf(&b, 1, o->ike ? o->ike : IKE_ALGS, o->esp_b ? o->esp_b : "aes128gcm16",
		      "secret", false);
	a.dpd_delay = o->dpd_delay;
	a.dpd_timeout = o->dpd_timeout;
	a.dpd_action = o->dpd_action;
	ck_assert_int_eq(ike_pair_add(p, 0, &a), 0);
	ck_assert_int_eq(ike_pair_add(p, 1, &b), 0);
	ck_assert(ike_pair_run_until(p, ike_pair_pred_up, NULL, WAIT_MS));
	ck_assert(ike_pair_children_match(p));
	ck_assert_uint_eq(ike_pair_child_count(p, 0), 1);
	g_armed = true;
	return p;
}

void pair_down(struct ike_pair *p)
{
	if (getenv("IKE_WATCH_LOG"))
		fputs(g_log, stderr);
	g_armed = false;
	ike_pair_free(p);
	log_set_sink(NULL, NULL);
	g_pair = NULL;
}

unsigned engine_sa_count(const struct ike_engine *e)
{
	unsigned n = 0;

	for (unsigned i = 0; i < IKE_SA_BUCKETS; i++)
		for (const struct ike_sa *sa = e->bucket[i]; sa; sa = sa->hnext)
			n++;
	return n;
}
