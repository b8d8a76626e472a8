/* The BGP prefix tree: tables, glue, longest match, order, cursors, a
 * randomized check against a brute-force list, and memory per prefix. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/ptree.h"
#include "tests/unit/check_main.h"

static struct vt_prefix pfx(const char *s)
{
	struct vt_prefix p;

	ck_assert_int_eq(vt_prefix_parse(s, AF_UNSPEC, 0, &p), 0);
	return p;
}

static struct vt_addr addr(const char *s)
{
	struct vt_addr a;

	ck_assert_int_eq(vt_addr_parse(s, AF_UNSPEC, &a), 0);
	return a;
}

static struct bgp_ptree_node *must_insert(struct bgp_ptree *t, const char *s)
{
	struct vt_prefix p = pfx(s);
	struct bgp_ptree_node *n = NULL;

	ck_assert_int_eq(bgp_ptree_insert(t, &p, &n), 0);
	ck_assert_ptr_nonnull(n);
	return n;
}

static const char *node_str(const struct bgp_ptree *t, const struct bgp_ptree_node *n, char *buf)
{
	struct vt_prefix p;

	if (!n)
		return "(none)";
	bgp_ptree_node_prefix(t, n, &p);
	return vt_prefix_fmt(&p, buf, VT_PREFIX_STRLEN);
}

static const char *const v4_table[] = {
	"0.0.0.0/0",	"10.0.0.0/8",	      "10.1.0.0/16",	"10.1.2.3/32",	  "10.1.2.0/24",
	"10.128.0.0/9", "255.255.255.255/32", "192.168.0.0/24", "192.168.1.0/24", "0.0.0.0/32",
};

static const char *const v6_table[] = {
	"::/0",
	"2001:db8::/32",
	"2001:db8:1::/48",
	"2001:db8:1::1/128",
	"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
	"fe80::/10",
	"::/128",
};

static void check_table(int family, const char *const *rows, size_t n_rows)
{
	struct bgp_ptree *t = bgp_ptree_new(family);
	struct bgp_ptree_node *nodes[16], *n;
	char buf[VT_PREFIX_STRLEN];

	ck_assert_ptr_nonnull(t);
	for (size_t i = 0; i < n_rows; i++) {
		nodes[i] = must_insert(t, rows[i]);
		ck_assert_ptr_null(bgp_ptree_node_payload(nodes[i]));
		bgp_ptree_node_set_payload(nodes[i], (void *)rows[i]);
	}
	ck_assert_uint_eq(bgp_ptree_count(t), n_rows);
	for (size_t i = 0; i < n_rows; i++) {
		struct vt_prefix p = pfx(rows[i]);

		/* Inserting again returns the same route, payload kept. */
		ck_assert_ptr_eq(must_insert(t, rows[i]), nodes[i]);
		n = bgp_ptree_find(t, &p);
		ck_assert_ptr_eq(n, nodes[i]);
		ck_assert_ptr_eq(bgp_ptree_node_payload(n), rows[i]);
		ck_assert_str_eq(node_str(t, n, buf), rows[i]);
	}
	ck_assert_uint_eq(bgp_ptree_count(t), n_rows);
	/* Remove in an order unlike insertion; the rest stay findable. */
	for (size_t i = 0; i < n_rows; i++) {
		size_t j = (i * 3 + 1) % n_rows; /* 3 is coprime with both sizes */
		struct vt_prefix p = pfx(rows[j]);

		ck_assert_int_eq(bgp_ptree_remove(t, nodes[j]), 0);
		ck_assert_ptr_null(bgp_ptree_find(t, &p));
		for (size_t k = 0; k < n_rows; k++) {
			struct vt_prefix q = pfx(rows[k]);

			if (bgp_ptree_find(t, &q))
				ck_assert_ptr_eq(bgp_ptree_find(t, &q), nodes[k]);
		}
		ck_assert_uint_eq(bgp_ptree_count(t), n_rows - i - 1);
	}
	ck_assert_uint_eq(bgp_ptree_bytes(t), 0);
	bgp_ptree_free(t, NULL, NULL);
}

START_TEST(test_table_v4)
{
	check_table(AF_INET, v4_table, sizeof(v4_table) / sizeof(v4_table[0]));
}
END_TEST

START_TEST(test_table_v6)
{
	check_table(AF_INET6, v6_table, sizeof(v6_table) / sizeof(v6_table[0]));
}
END_TEST

START_TEST(test_bad_input)
{
	struct bgp_ptree *t = bgp_ptree_new(AF_INET);
	struct vt_prefix p6 = pfx("2001:db8::/32"), p = pfx("10.0.0.0/8");
	struct bgp_ptree_node *n = NULL, *m = NULL;
	struct vt_addr a6 = addr("2001:db8::1");

	ck_assert_ptr_null(bgp_ptree_new(AF_UNIX));
	ck_assert_int_eq(bgp_ptree_insert(t, &p6, &n), -EINVAL);
	p.len = 33;
	ck_assert_int_eq(bgp_ptree_insert(t, &p, &n), -EINVAL);
	ck_assert_ptr_null(bgp_ptree_find(t, &p));
	ck_assert_ptr_null(bgp_ptree_lookup(t, &a6));
	ck_assert_uint_eq(bgp_ptree_count(t), 0);
	/* Host bits are ignored. */
	p = pfx("10.1.2.3/8");
	ck_assert_int_eq(bgp_ptree_insert(t, &p, &n), 0);
	p = pfx("10.0.0.0/8");
	ck_assert_ptr_eq(bgp_ptree_find(t, &p), n);
	/* A node removed twice, or glue, is not in the tree. */
	m = must_insert(t, "10.1.0.0/16");
	ck_assert_int_eq(bgp_ptree_remove(t, n), 0);
	ck_assert_int_eq(bgp_ptree_remove(t, m), 0);
	ck_assert_int_eq(bgp_ptree_remove(t, m), -ENOENT);
	bgp_ptree_free(t, NULL, NULL);
}
END_TEST

START_TEST(test_glue)
{
	struct bgp_ptree *t = bgp_ptree_new(AF_INET);
	struct bgp_ptree_node *a, *b, *c;
	struct vt_prefix p;
	size_t route_bytes;

	/* Nodes come from slabs, routes and glue each from their own: the
	 * first route maps the route slab's first chunk, which holds the
	 * routes below too; glue maps a chunk of the other. */
	a = must_insert(t, "10.0.0.0/24");
	route_bytes = bgp_ptree_bytes(t);
	ck_assert_uint_gt(route_bytes, 0);
	b = must_insert(t, "10.0.1.0/24");
	ck_assert_uint_gt(bgp_ptree_bytes(t), route_bytes);
	/* The glue 10.0.0.0/23 is no route. */
	p = pfx("10.0.0.0/23");
	ck_assert_ptr_null(bgp_ptree_find(t, &p));
	/* Removing one leaf collapses the glue. */
	ck_assert_int_eq(bgp_ptree_remove(t, a), 0);
	ck_assert_uint_eq(bgp_ptree_bytes(t), route_bytes);
	p = pfx("10.0.1.0/24");
	ck_assert_ptr_eq(bgp_ptree_find(t, &p), b);

	/* Glue becomes a route in place of the glue, and back. */
	a = must_insert(t, "10.0.0.0/24");
	c = must_insert(t, "10.0.0.0/23");
	ck_assert_uint_eq(bgp_ptree_count(t), 3);
	/* No glue left: its slab gave its chunk back. */
	ck_assert_uint_eq(bgp_ptree_bytes(t), route_bytes);
	ck_assert_int_eq(bgp_ptree_remove(t, c), 0);
	p = pfx("10.0.0.0/23");
	ck_assert_ptr_null(bgp_ptree_find(t, &p));
	ck_assert_uint_eq(bgp_ptree_count(t), 2);
	/* A route with one child goes away entirely. */
	c = must_insert(t, "10.0.0.0/16");
	ck_assert_int_eq(bgp_ptree_remove(t, b), 0);
	ck_assert_int_eq(bgp_ptree_remove(t, c), 0);
	ck_assert_uint_eq(bgp_ptree_bytes(t), route_bytes);
	ck_assert_int_eq(bgp_ptree_remove(t, a), 0);
	ck_assert_uint_eq(bgp_ptree_bytes(t), 0);
	bgp_ptree_free(t, NULL, NULL);
}
END_TEST

/* A prefetch is only a hint: it changes nothing, whatever it is given. */
START_TEST(test_prefetch)
{
	static const char *const batch[] = {
		"0.0.0.0/0",	  "10.0.0.0/8",	  "10.1.2.3/32",    "2001:db8::/32", "192.0.2.0/24",
		"10.0.0.0/24",	  "10.0.1.0/24",  "172.16.0.0/12",  "255.255.255.255/32",
		"10.0.0.0/23",	  "10.2.0.0/16",  "198.51.100.0/24", "203.0.113.0/25",
		"10.0.0.128/25",  "10.0.0.0/25",  "100.64.0.0/10",  "10.3.0.0/16",   "10.4.0.0/16",
		"10.5.0.0/16",	  "10.6.0.0/16",
	};
	struct vt_prefix v[sizeof(batch) / sizeof(batch[0])];
	struct bgp_ptree_node *found[sizeof(batch) / sizeof(batch[0])];
	struct bgp_ptree *t = bgp_ptree_new(AF_INET);
	size_t n = sizeof(batch) / sizeof(batch[0]), count, bytes;

	ck_assert_uint_gt(n, BGP_PTREE_PREFETCH_MAX); /* the cut is exercised */
	for (size_t i = 0; i < n; i++)
		v[i] = pfx(batch[i]);
	bgp_ptree_prefetch(t, v, (unsigned)n); /* an empty tree */
	ck_assert_uint_eq(bgp_ptree_count(t), 0);
	for (size_t i = 5; i < n; i += 2)
		must_insert(t, batch[i]);
	count = bgp_ptree_count(t);
	bytes = bgp_ptree_bytes(t);
	for (size_t i = 0; i < n; i++)
		found[i] = bgp_ptree_find(t, &v[i]);
	bgp_ptree_prefetch(t, v, (unsigned)n);
	bgp_ptree_prefetch(t, v, 0);
	bgp_ptree_prefetch(t, v + 3, 1); /* IPv6 into an IPv4 tree */
	ck_assert_uint_eq(bgp_ptree_count(t), count);
	ck_assert_uint_eq(bgp_ptree_bytes(t), bytes);
	for (size_t i = 0; i < n; i++)
		ck_assert_ptr_eq(bgp_ptree_find(t, &v[i]), found[i]);
	bgp_ptree_free(t, NULL, NULL);
}
END_TEST

struct lpm_row {
	const char *addr;
	const char *want; /* NULL: no route */
};

START_TEST(test_longest_match)
{
	static const struct lpm_row v4_rows[] = {
		{"10.1.2.3", "10.1.2.3/32"},
		{"10.1.2.4", "10.1.2.0/24"},
		{"10.1.3.1", "10.1.0.0/16"},
		{"10.2.0.0", "10.0.0.0/8"},
		{"10.200.0.1", "10.128.0.0/9"},
		{"11.0.0.0", "0.0.0.0/0"},
		{"255.255.255.255", "255.255.255.255/32"},
		{"255.255.255.254", "0.0.0.0/0"},
		{"0.0.0.0", "0.0.0.0/32"},
		{"192.168.1.77", "192.168.1.0/24"},
	};
	static const struct lpm_row v6_rows[] = {
		{"2001:db8:1::1", "2001:db8:1::1/128"},
		{"2001:db8:1::2", "2001:db8:1::/48"},
		{"2001:db8:2::", "2001:db8::/32"},
		{"fe80::1", "fe80::/10"},
		{"2001:db9::", "::/0"},
	};
	struct bgp_ptree *t4 = bgp_ptree_new(AF_INET), *t6 = bgp_ptree_new(AF_INET6), *e;
	char buf[VT_PREFIX_STRLEN];
	struct vt_addr a11;

	for (size_t i = 0; i < sizeof(v4_table) / sizeof(v4_table[0]); i++)
		must_insert(t4, v4_table[i]);
	for (size_t i = 0; i < sizeof(v6_table) / sizeof(v6_table[0]); i++)
		must_insert(t6, v6_table[i]);
	for (size_t i = 0; i < sizeof(v4_rows) / sizeof(v4_rows[0]); i++) {
		struct vt_addr a = addr(v4_rows[i].addr);

		ck_assert_str_eq(node_str(t4, bgp_ptree_lookup(t4, &a), buf), v4_rows[i].want);
	}
	for (size_t i = 0; i < sizeof(v6_rows) / sizeof(v6_rows[0]); i++) {
		struct vt_addr a = addr(v6_rows[i].addr);

		ck_assert_str_eq(node_str(t6, bgp_ptree_lookup(t6, &a), buf), v6_rows[i].want);
	}
	/* Without a default route some addresses match nothing. */
	e = bgp_ptree_new(AF_INET);
	must_insert(e, "10.0.0.0/8");
	a11 = addr("11.0.0.1");
	ck_assert_ptr_null(bgp_ptree_lookup(e, &a11));
	bgp_ptree_free(e, NULL, NULL);
	bgp_ptree_free(t4, NULL, NULL);
	bgp_ptree_free(t6, NULL, NULL);
}
END_TEST

struct walk_state {
	const struct bgp_ptree *t;
	struct vt_prefix last;
	size_t seen;
	size_t stop_at;
};

static int walk_check(struct bgp_ptree_node *n, void *arg)
{
	struct walk_state *w = arg;
	struct vt_prefix p;

	bgp_ptree_node_prefix(w->t, n, &p);
	if (w->seen)
		ck_assert_int_lt(vt_prefix_cmp(&w->last, &p), 0);
	w->last = p;
	w->seen++;
	return w->seen == w->stop_at ? 42 : 0;
}

static int walk_remove(struct bgp_ptree_node *n, void *arg)
{
	struct bgp_ptree *t = arg;

	ck_assert_int_eq(bgp_ptree_remove(t, n), 0);
	return 0;
}

START_TEST(test_walk_order)
{
	struct bgp_ptree *t = bgp_ptree_new(AF_INET);
	size_t n = sizeof(v4_table) / sizeof(v4_table[0]);
	struct walk_state w = {.t = t};
	struct bgp_ptree_cursor c;
	struct bgp_ptree_node *r;

	for (size_t i = 0; i < n; i++)
		must_insert(t, v4_table[(i * 3 + 1) % n]);
	ck_assert_int_eq(bgp_ptree_walk(t, walk_check, &w), 0);
	ck_assert_uint_eq(w.seen, n);
	w = (struct walk_state){.t = t, .stop_at = 4};
	ck_assert_int_eq(bgp_ptree_walk(t, walk_check, &w), 42);
	ck_assert_uint_eq(w.seen, 4);
	/* The cursor sees the same order. */
	w = (struct walk_state){.t = t};
	bgp_ptree_cursor_init(&c);
	while ((r = bgp_ptree_cursor_next(t, &c)))
		walk_check(r, &w);
	ck_assert_uint_eq(w.seen, n);
	/* A walk may remove each node it is given. */
	ck_assert_int_eq(bgp_ptree_walk(t, walk_remove, t), 0);
	ck_assert_uint_eq(bgp_ptree_count(t), 0);
	ck_assert_uint_eq(bgp_ptree_bytes(t), 0);
	bgp_ptree_free(t, NULL, NULL);
}
END_TEST

/* Brute-force reference: a flat array of prefixes. */
#define REF_MAX 4096
struct ref {
	struct vt_prefix p[REF_MAX];
	struct bgp_ptree_node *node[REF_MAX];
	size_t n;
};

static long ref_find(const struct ref *r, const struct vt_prefix *p)
{
	for (size_t i = 0; i < r->n; i++)
		if (vt_prefix_cmp(&r->p[i], p) == 0)
			return (long)i;
	return -1;
}

/* The first reference prefix after last (or the first of all). */
static long ref_after(const struct ref *r, const struct vt_prefix *last)
{
	long best = -1;

	for (size_t i = 0; i < r->n; i++) {
		if (last && vt_prefix_cmp(&r->p[i], last) <= 0)
			continue;
		if (best < 0 || vt_prefix_cmp(&r->p[i], &r->p[best]) < 0)
			best = (long)i;
	}
	return best;
}

static long ref_lookup(const struct ref *r, const struct vt_addr *a)
{
	long best = -1;

	for (size_t i = 0; i < r->n; i++)
		if (vt_prefix_contains_addr(&r->p[i], a) &&
		    (best < 0 || r->p[i].len > r->p[best].len))
			best = (long)i;
	return best;
}

/* Addresses from few random bits, so prefixes nest and collide. */
static void rand_addr(int family, struct vt_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = (uint8_t)family;
	if (family == AF_INET) {
		uint32_t v = (uint32_t)(rand() & 0xff) << 24 | (uint32_t)(rand() & 3) << 15 |
			     (uint32_t)(rand() & 1);

		if (rand() & 1)
			v &= 0x0f0f0f0fu;
		a->u.v4.s_addr = htonl(v);
	} else {
		a->u.bytes[0] = (uint8_t)(rand() & 0x3f);
		a->u.bytes[7] = (uint8_t)(rand() & 3);
		a->u.bytes[15] = (uint8_t)(rand() & 1);
	}
}

static void random_ops(int family, unsigned seed)
{
	static struct ref r;
	struct bgp_ptree *t = bgp_ptree_new(family);
	unsigned bits = family == AF_INET ? 32 : 128;
	struct bgp_ptree_cursor c;
	struct vt_prefix clast;
	bool cstarted = false;

	srand(seed);
	r.n = 0;
	bgp_ptree_cursor_init(&c);
	for (int op = 0; op < 10000; op++) {
		struct vt_prefix p;
		struct bgp_ptree_node *n;
		long i;
		int what = rand() % 10;

		rand_addr(family, &p.addr);
		p.len = (uint8_t)(rand() % (bits + 1));
		vt_prefix_mask(&p);
		i = ref_find(&r, &p);
		if (what < 4) {
			ck_assert_int_eq(bgp_ptree_insert(t, &p, &n), 0);
			if (i >= 0) {
				ck_assert_ptr_eq(n, r.node[i]);
			} else {
				ck_assert_uint_lt(r.n, REF_MAX);
				r.p[r.n] = p;
				r.node[r.n++] = n;
			}
		} else if (what < 6) {
			if (i < 0 && r.n)
				i = rand() % (long)r.n; /* mostly remove something real */
			if (i >= 0) {
				ck_assert_int_eq(bgp_ptree_remove(t, r.node[i]), 0);
				r.p[i] = r.p[r.n - 1];
				r.node[i] = r.node[--r.n];
			}
		} else if (what < 7) {
			n = bgp_ptree_find(t, &p);
			ck_assert_ptr_eq(n, i >= 0 ? r.node[i] : NULL);
		} else if (what < 9) {
			i = ref_lookup(&r, &p.addr);
			ck_assert_ptr_eq(bgp_ptree_lookup(t, &p.addr), i >= 0 ? r.node[i] : NULL);
		} else {
			i = ref_after(&r, cstarted ? &clast : NULL);
			n = bgp_ptree_cursor_next(t, &c);
			ck_assert_ptr_eq(n, i >= 0 ? r.node[i] : NULL);
			if (n) {
				clast = r.p[i];
				cstarted = true;
			}
		}
		ck_assert_uint_eq(bgp_ptree_count(t), r.n);
	}
	printf("random %s: %zu routes at the end\n", family == AF_INET ? "IPv4" : "IPv6", r.n);
	ck_assert_uint_gt(r.n, 100);
	bgp_ptree_free(t, NULL, NULL);
}

START_TEST(test_random_v4)
{
	random_ops(AF_INET, 1);
}
END_TEST

START_TEST(test_random_v6)
{
	random_ops(AF_INET6, 2);
}
END_TEST

static void count_free(void *payload, void *arg)
{
	size_t *freed = arg;

	ck_assert_ptr_nonnull(payload);
	(*freed)++;
}

START_TEST(test_million)
{
	struct bgp_ptree *t = bgp_ptree_new(AF_INET);
	uint32_t x = 12345;
	size_t freed = 0;
	double per;

	/* A table shaped like the Internet's: mostly /24, the rest /8../23. */
	while (bgp_ptree_count(t) < 1000000) {
		struct vt_prefix p;
		struct bgp_ptree_node *n;
		uint32_t len;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		len = (x & 0xff) < 150 ? 24 : 8 + (x >> 8) % 16;
		vt_addr_from_v4(&p.addr, x);
		p.len = (uint8_t)len;
		ck_assert_int_eq(bgp_ptree_insert(t, &p, &n), 0);
		bgp_ptree_node_set_payload(n, t);
	}
	per = (double)bgp_ptree_bytes(t) / (double)bgp_ptree_count(t);
	printf("1000000 IPv4 prefixes: %zu bytes of nodes, %.1f bytes per prefix\n",
	       bgp_ptree_bytes(t), per);
	ck_assert(per <= 64.0);
	bgp_ptree_free(t, count_free, &freed);
	ck_assert_uint_eq(freed, 1000000);
}
END_TEST

static Suite *ptree_suite(void)
{
	Suite *s = suite_create("bgp_ptree");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_table_v4);
	tcase_add_test(tc, test_table_v6);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_glue);
	tcase_add_test(tc, test_prefetch);
	tcase_add_test(tc, test_longest_match);
	tcase_add_test(tc, test_walk_order);
	tcase_add_test(tc, test_random_v4);
	tcase_add_test(tc, test_random_v6);
	tcase_add_test(tc, test_million);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(ptree_suite());
}
