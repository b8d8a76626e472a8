/* The RIB with big tables: a peer's flush worked off in budgeted passes of
 * a real event loop, and the memory a full table takes. */
#include <check.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bgp/rib.h"
#include "common/evloop.h"
#include "tests/unit/bgp_rib_testlib.h"

#define FLUSH_ROUTES 100000u
#define FLUSH_BUDGET 4000u

static struct vt_prefix v4(uint32_t host, unsigned len)
{
	struct vt_prefix p;

	memset(&p, 0, sizeof(p));
	vt_addr_from_v4(&p.addr, host);
	p.len = (uint8_t)len;
	vt_prefix_mask(&p);
	return p;
}

/* Runs loop passes until the RIB is idle; each pass must report at most
 * the budget.  Returns the number of passes. */
static unsigned run_passes(struct ev_loop *loop, struct bgp_rib *rib, struct t_rec *rec)
{
	unsigned passes = 0;

	while (bgp_rib_busy(rib)) {
		unsigned before = rec->calls;

		ck_assert_int_eq(ev_loop_run_once(loop, 0), 0);
		/* the pass's callbacks moved rec->calls */
		/* cppcheck-suppress duplicateExpression */
		ck_assert_uint_le(rec->calls - before, FLUSH_BUDGET);
		ck_assert_uint_lt(++passes, 100000);
	}
	return passes;
}

START_TEST(test_flush_budgeted)
{
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct ev_loop *loop = ev_loop_new();
	struct t_rec rec;
	struct bgp_rib *rib;
	struct bgp_rib_peer p1 = t_peer("169.254.12.229", 1, false);
	struct bgp_rib_peer p2 = t_peer("169.254.13.1", 2, false);
	struct t_attrs good = {T_ABSENT, T_ABSENT, 0, "64512", "169.254.12.229"};
	struct t_attrs worse = {T_ABSENT, T_ABSENT, 0, "64512 65001", "169.254.13.1"};
	struct bgp_attrs *a1, *a2;
	struct bgp_rib_counts c;
	size_t bytes_full;
	unsigned passes;

	memset(&rec, 0, sizeof(rec));
	ck_assert_ptr_nonnull(loop);
	/* The loop's cap on deferred work must not multiply the budget. */
	ev_loop_set_defer_cap(loop, 1000);
	rib = bgp_rib_new(loop, t, &t_rec_ops, &rec);
	ck_assert_ptr_nonnull(rib);
	bgp_rib_set_budget(rib, FLUSH_BUDGET);
	ck_assert_int_eq(bgp_rib_peer_set(rib, 1, &p1), 0);
	ck_assert_int_eq(bgp_rib_peer_set(rib, 2, &p2), 0);
	a1 = t_attrs_make(t, &good);
	a2 = t_attrs_make(t, &worse);
	for (uint32_t i = 0; i < FLUSH_ROUTES; i++) {
		struct vt_prefix p = v4(0x0a000000u + (i << 8), 24);
		int rc = bgp_rib_update(rib, &p, 1, bgp_attrs_ref(a1), 0);

		if (rc == 0 && i % 100 == 0)
			rc = bgp_rib_update(rib, &p, 2, bgp_attrs_ref(a2), 0);
		/* not ck_assert: it costs a write() per call */
		if (rc)
			ck_abort_msg("update %u: %d", i, rc);
	}
	passes = run_passes(loop, rib, &rec);
	ck_assert_uint_ge(passes, FLUSH_ROUTES / FLUSH_BUDGET);
	ck_assert_uint_eq(rec.calls, FLUSH_ROUTES);
	bytes_full = bgp_rib_bytes(rib);

	/* Peer 1's session goes down. */
	bgp_rib_peer_flush(rib, 1, BGP_AF_COUNT);
	ck_assert(bgp_rib_busy(rib));
	ck_assert_uint_eq(rec.calls, FLUSH_ROUTES); /* nothing at once */
	passes = run_passes(loop, rib, &rec);
	printf("flush of %u routes: %u passes of budget %u\n", FLUSH_ROUTES, passes, FLUSH_BUDGET);
	/* A flushed destination costs a step of the walk and a decision. */
	ck_assert_uint_ge(passes, 2 * FLUSH_ROUTES / FLUSH_BUDGET);
	ck_assert_uint_eq(rec.calls, 2 * FLUSH_ROUTES);
	ck_assert_uint_eq(rec.calls_empty, FLUSH_ROUTES - FLUSH_ROUTES / 100);
	bgp_rib_counts(rib, BGP_AF_IPV4, &c);
	ck_assert_uint_eq(c.dests, FLUSH_ROUTES / 100);
	ck_assert_uint_eq(c.paths, FLUSH_ROUTES / 100);
	ck_assert_uint_eq(c.best, FLUSH_ROUTES / 100);
	ck_assert_uint_eq(bgp_ptree_count(bgp_rib_tree(rib, BGP_AF_IPV4)), FLUSH_ROUTES / 100);
	/* Every 100th route left pins every slab chunk: the freed blocks
	 * wait for reuse, and nothing more is taken (but the job list). */
	ck_assert_uint_le(bgp_rib_bytes(rib), bytes_full + 4096);
	{
		struct vt_prefix p = v4(0x0a000000u + (500u << 8), 24);
		const struct bgp_dest *d = bgp_rib_find(rib, &p);

		ck_assert_ptr_nonnull(d);
		ck_assert_uint_eq(d->paths->peer, 2);
		ck_assert_uint_eq(d->n_multi, 1);
	}
	/* With no route left, the memory goes back but for spares. */
	bgp_rib_peer_flush(rib, 2, BGP_AF_COUNT);
	run_passes(loop, rib, &rec);
	ck_assert_uint_eq(rec.calls_empty, FLUSH_ROUTES);
	ck_assert_uint_eq(bgp_ptree_count(bgp_rib_tree(rib, BGP_AF_IPV4)), 0);
	printf("rib bytes: %zu full, %zu empty\n", bytes_full, bgp_rib_bytes(rib));
	ck_assert_uint_lt(bgp_rib_bytes(rib), 512 * 1024);
	bgp_rib_free(rib);
	bgp_attrs_unref(t, a1);
	bgp_attrs_unref(t, a2);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
	ev_loop_free(loop);
}
END_TEST

#define FULL_ROUTES    1000000u
#define FULL_ATTR_SETS 1000u
/* Measured on x86_64: 94.4 bytes per route by bgp_rib_bytes() (tree
 * nodes 52.4, destination and path 40, slab slack included), 94.6 of RSS
 * (not checked: huge pages and sanitizers move it).  Tree nodes,
 * destinations and paths come from slabs mapped outside malloc, which
 * holds next to nothing per route (0.1 bytes).  Past these bounds is a
 * design change, not noise. */
#define FULL_BYTES_PER_ROUTE_MAX  100u
#define FULL_MALLOC_PER_ROUTE_MAX 8u

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Mostly /24s, the rest /16 to /23, as in the Internet table. */
static unsigned prefix_len(uint32_t r)
{
	static const unsigned lens[20] = {24, 24, 24, 24, 24, 24, 24, 24, 24, 24,
					  24, 23, 23, 22, 22, 21, 20, 19, 18, 16};

	return lens[r % 20];
}

static size_t malloc_in_use(void)
{
#ifdef __GLIBC__
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
#else
	return 0;
#endif
}

static size_t rss_bytes(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * (size_t)sysconf(_SC_PAGESIZE);
}

START_TEST(test_full_table_memory)
{
	struct bgp_attr_table *t = bgp_attr_table_new();
	struct bgp_attrs *sets[FULL_ATTR_SETS];
	struct t_rec rec;
	struct bgp_rib *rib;
	struct bgp_rib_peer p1 = t_peer("169.254.12.229", 1, false);
	struct bgp_ptree *tree;
	struct bgp_rib_counts c;
	uint32_t seed = 2463534242u;
	size_t mem0, rss0, bytes, mem, rss;

	memset(&rec, 0, sizeof(rec));
	for (unsigned i = 0; i < FULL_ATTR_SETS; i++) {
		char path[64];
		struct t_attrs a = {T_ABSENT, T_ABSENT, 0, path, "169.254.12.229"};

		snprintf(path, sizeof(path), "64512 %u %u", 1000 + i, 7000 + i % 7);
		sets[i] = t_attrs_make(t, &a);
	}
	mem0 = malloc_in_use();
	rss0 = rss_bytes();
	rib = bgp_rib_new(NULL, t, &t_rec_ops, &rec);
	ck_assert_ptr_nonnull(rib);
	ck_assert_int_eq(bgp_rib_peer_set(rib, 1, &p1), 0);
	tree = bgp_rib_tree(rib, BGP_AF_IPV4);
	for (unsigned i = 0; bgp_ptree_count(tree) < FULL_ROUTES; i++) {
		uint32_t r = xorshift(&seed);
		struct vt_prefix p = v4(xorshift(&seed), prefix_len(r));
		struct bgp_attrs *a = bgp_attrs_ref(sets[(r >> 8) % FULL_ATTR_SETS]);

		if (bgp_rib_update(rib, &p, 1, a, 0))
			ck_abort_msg("update %u failed", i);
	}
	bgp_rib_drain(rib);
	bgp_rib_counts(rib, BGP_AF_IPV4, &c);
	ck_assert_uint_eq(c.dests, FULL_ROUTES);
	ck_assert_uint_eq(c.paths, FULL_ROUTES);
	ck_assert_uint_eq(c.best, FULL_ROUTES);
	ck_assert_uint_eq(rec.calls, FULL_ROUTES);

	bytes = bgp_rib_bytes(rib);
	mem = malloc_in_use() - mem0;
	rss = rss_bytes() - rss0;
	printf("full table, %u routes: rib %.1f B/route (tree %.1f), malloc %.1f B/route, "
	       "rss %.1f B/route\n",
	       FULL_ROUTES, (double)bytes / FULL_ROUTES,
	       (double)bgp_ptree_bytes(tree) / FULL_ROUTES, (double)mem / FULL_ROUTES,
	       (double)rss / FULL_ROUTES);
	ck_assert_uint_le(bytes / FULL_ROUTES, FULL_BYTES_PER_ROUTE_MAX);
	ck_assert_uint_le(mem / FULL_ROUTES, FULL_MALLOC_PER_ROUTE_MAX);

	bgp_rib_free(rib);
	for (unsigned i = 0; i < FULL_ATTR_SETS; i++)
		bgp_attrs_unref(t, sets[i]);
	ck_assert_uint_eq(bgp_attr_table_free(t), 0);
}
END_TEST

TCase *t_rib_big_tcase(void)
{
	TCase *tc = tcase_create("big");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_flush_budgeted);
	tcase_add_test(tc, test_full_table_memory);
	return tc;
}
