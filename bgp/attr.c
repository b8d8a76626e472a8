/*
 * The attribute table: a chained hash table of immutable sets, each one
 * allocation (header and data[] together), buckets a plain pointer array
 * that doubles when the sets outnumber it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "bgp/attr_int.h"

#define BGP_ATTR_BUCKETS_MIN 64u

struct bgp_attr_table {
	struct bgp_attrs **buckets;
	size_t n_buckets; /* a power of two */
	size_t count;
	size_t set_bytes;
	uint32_t seed;
};

struct bgp_attr_table *bgp_attr_table_new(void)
{
	struct bgp_attr_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->buckets = calloc(BGP_ATTR_BUCKETS_MIN, sizeof(*t->buckets));
	if (!t->buckets) {
		free(t);
		return NULL;
	}
	t->n_buckets = BGP_ATTR_BUCKETS_MIN;
	/* Without entropy the table still works, only predictably. */
	if (getrandom(&t->seed, sizeof(t->seed), GRND_NONBLOCK) != sizeof(t->seed))
		t->seed = 0;
	return t;
}

size_t bgp_attr_table_free(struct bgp_attr_table *t)
{
	size_t leaked;

	if (!t)
		return 0;
	/* Sets still referenced stay allocated: freeing them would leave
	 * their holders with dangling pointers. */
	leaked = t->count;
	free(t->buckets);
	free(t);
	return leaked;
}

size_t bgp_attr_table_count(const struct bgp_attr_table *t)
{
	return t->count;
}

size_t bgp_attr_table_bytes(const struct bgp_attr_table *t)
{
	return sizeof(*t) + t->n_buckets * sizeof(*t->buckets) + t->set_bytes;
}

static size_t bgp_attrs_size(const struct bgp_attrs *a)
{
	return sizeof(*a) + a->aspath_len + (size_t)a->n_comm * 4 + (size_t)a->n_lcomm * 12 +
	       a->unknown_len;
}

const uint8_t *bgp_attrs_aspath(const struct bgp_attrs *a)
{
	return a->data;
}

const uint8_t *bgp_attrs_comm(const struct bgp_attrs *a)
{
	return a->data + a->aspath_len;
}

const uint8_t *bgp_attrs_lcomm(const struct bgp_attrs *a)
{
	return bgp_attrs_comm(a) + (size_t)a->n_comm * 4;
}

const uint8_t *bgp_attrs_unknown(const struct bgp_attrs *a)
{
	return bgp_attrs_lcomm(a) + (size_t)a->n_lcomm * 12;
}

/* FNV-1a from a per-table random basis, so a peer cannot work out sets
 * that all land in one chain. */
static uint32_t bgp_attr_hash_bytes(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * 16777619u;
	return h;
}

static uint32_t bgp_attr_hash_u32(uint32_t h, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

	return bgp_attr_hash_bytes(h, b, sizeof(b));
}

static uint32_t bgp_attr_hash_addr(uint32_t h, const struct vt_addr *a)
{
	h = bgp_attr_hash_u32(h, a->family);
	return bgp_attr_hash_bytes(h, a->u.bytes, sizeof(a->u.bytes));
}

/* Unused bytes zeroed, so equal addresses compare and hash equal. */
static void bgp_attr_addr_norm(struct vt_addr *dst, const struct vt_addr *src)
{
	memset(dst, 0, sizeof(*dst));
	if (src->family != AF_INET && src->family != AF_INET6)
		return;
	dst->family = src->family;
	memcpy(dst->u.bytes, src->u.bytes, vt_addr_len(src));
}

static bool bgp_attr_addr_same(const struct vt_addr *a, const struct vt_addr *b)
{
	return a->family == b->family && memcmp(a->u.bytes, b->u.bytes, sizeof(a->u.bytes)) == 0;
}

static bool bgp_attr_bytes_same(const uint8_t *a, const uint8_t *b, size_t n)
{
	return n == 0 || memcmp(a, b, n) == 0;
}

/* Whole attributes (flags, type, length, value), at most
 * BGP_UPD_UNKNOWN_MAX of them, so bgp_attrs_export can hand them on. */
static int bgp_attr_unknown_check(const uint8_t *p, size_t len, const char **why)
{
	struct wire_reader r;
	size_t n = 0;

	wire_rd_init(&r, p, p ? len : 0);
	while (wire_rd_left(&r) > 0) {
		uint8_t flags = 0, type = 0, l8 = 0;
		uint16_t l = 0;

		wire_rd_u8(&r, &flags);
		wire_rd_u8(&r, &type);
		if (flags & BGP_ATTR_F_EXTENDED) {
			wire_rd_u16(&r, &l);
		} else {
			wire_rd_u8(&r, &l8);
			l = l8;
		}
		if (!wire_rd_skip(&r, l)) {
			*why = "unknown attribute truncated";
			return -EINVAL;
		}
		if (++n > BGP_UPD_UNKNOWN_MAX) {
			*why = "too many unknown attributes";
			return -EINVAL;
		}
	}
	return 0;
}

/* The header of the set tmpl describes, fields normalised and checked. */
static int bgp_attr_key(const struct bgp_attrs_tmpl *tm, struct bgp_attrs *k, const char **why)
{
	unsigned hops = 0;

	memset(k, 0, sizeof(*k));
	if (tm->origin > 2) {
		*why = "bad origin";
		return -EINVAL;
	}
	if (tm->aspath_len > UINT16_MAX || tm->n_comm > UINT16_MAX || tm->n_lcomm > UINT16_MAX ||
	    tm->unknown_len > UINT16_MAX) {
		*why = "attribute too long";
		return -EINVAL;
	}
	if (bgp_aspath_check(tm->aspath, tm->aspath_len, 4, &hops, why) < 0 ||
	    bgp_attr_unknown_check(tm->unknown, tm->unknown_len, why) < 0)
		return -EINVAL;
	k->origin = tm->origin;
	k->has = tm->has &
		 (BGP_HAS_MED | BGP_HAS_LOCAL_PREF | BGP_HAS_ATOMIC_AGGREGATE | BGP_HAS_AGGREGATOR);
	k->aspath_len = (uint16_t)tm->aspath_len;
	k->aspath_hops = (uint16_t)hops;
	k->n_comm = (uint16_t)tm->n_comm;
	k->n_lcomm = (uint16_t)tm->n_lcomm;
	k->unknown_len = (uint16_t)tm->unknown_len;
	/* A value whose flag is off is no part of the set. */
	if (k->has & BGP_HAS_MED)
		k->med = tm->med;
	if (k->has & BGP_HAS_LOCAL_PREF)
		k->local_pref = tm->local_pref;
	if (k->has & BGP_HAS_AGGREGATOR) {
		k->aggregator_as = tm->aggregator_as;
		k->aggregator_id = tm->aggregator_id;
	}
	bgp_attr_addr_norm(&k->next_hop, &tm->next_hop);
	bgp_attr_addr_norm(&k->next_hop_ll, &tm->next_hop_ll);
	return 0;
}

static uint32_t bgp_attr_hash(uint32_t seed, const struct bgp_attrs *k,
			      const struct bgp_attrs_tmpl *tm)
{
	uint32_t h = 2166136261u ^ seed;

	h = bgp_attr_hash_u32(h, (uint32_t)k->origin << 8 | k->has);
	h = bgp_attr_hash_u32(h, (uint32_t)k->aspath_len << 16 | k->n_comm);
	h = bgp_attr_hash_u32(h, (uint32_t)k->n_lcomm << 16 | k->unknown_len);
	h = bgp_attr_hash_u32(h, k->med);
	h = bgp_attr_hash_u32(h, k->local_pref);
	h = bgp_attr_hash_u32(h, k->aggregator_as);
	h = bgp_attr_hash_u32(h, k->aggregator_id);
	h = bgp_attr_hash_addr(h, &k->next_hop);
	h = bgp_attr_hash_addr(h, &k->next_hop_ll);
	h = bgp_attr_hash_bytes(h, tm->aspath, k->aspath_len);
	h = bgp_attr_hash_bytes(h, tm->comm, (size_t)k->n_comm * 4);
	h = bgp_attr_hash_bytes(h, tm->lcomm, (size_t)k->n_lcomm * 12);
	h = bgp_attr_hash_bytes(h, tm->unknown, k->unknown_len);
	/* FNV's low bits see only the low bits of each byte; the buckets are
	 * picked by the low bits, so mix the high ones down (murmur3's
	 * finaliser). */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	return h ^ (h >> 16);
}

static bool bgp_attr_same(const struct bgp_attrs *a, const struct bgp_attrs *k,
			  const struct bgp_attrs_tmpl *tm)
{
	return a->hash == k->hash && a->origin == k->origin && a->has == k->has &&
	       a->aspath_len == k->aspath_len && a->n_comm == k->n_comm &&
	       a->n_lcomm == k->n_lcomm && a->unknown_len == k->unknown_len && a->med == k->med &&
	       a->local_pref == k->local_pref && a->aggregator_as == k->aggregator_as &&
	       a->aggregator_id == k->aggregator_id &&
	       bgp_attr_addr_same(&a->next_hop, &k->next_hop) &&
	       bgp_attr_addr_same(&a->next_hop_ll, &k->next_hop_ll) &&
	       bgp_attr_bytes_same(bgp_attrs_aspath(a), tm->aspath, a->aspath_len) &&
	       bgp_attr_bytes_same(bgp_attrs_comm(a), tm->comm, (size_t)a->n_comm * 4) &&
	       bgp_attr_bytes_same(bgp_attrs_lcomm(a), tm->lcomm, (size_t)a->n_lcomm * 12) &&
	       bgp_attr_bytes_same(bgp_attrs_unknown(a), tm->unknown, a->unknown_len);
}

/* Double the buckets; on -ENOMEM the table keeps working, only slower. */
static void bgp_attr_table_grow(struct bgp_attr_table *t)
{
	size_t n = t->n_buckets * 2, i;
	struct bgp_attrs **b;

	if (n > SIZE_MAX / sizeof(*b))
		return;
	b = calloc(n, sizeof(*b));
	if (!b)
		return;
	for (i = 0; i < t->n_buckets; i++) {
		struct bgp_attrs *a = t->buckets[i], *next;

		for (; a; a = next) {
			next = a->hnext;
			a->hnext = b[a->hash & (n - 1)];
			b[a->hash & (n - 1)] = a;
		}
	}
	free(t->buckets);
	t->buckets = b;
	t->n_buckets = n;
}

static void bgp_attr_copy(uint8_t **dst, const uint8_t *src, size_t n)
{
	if (n > 0)
		memcpy(*dst, src, n);
	*dst += n;
}

struct bgp_attrs *bgp_attrs_intern(struct bgp_attr_table *t, const struct bgp_attrs_tmpl *tmpl,
				   const char **why)
{
	struct bgp_attrs k, *a, **slot;
	size_t size;
	uint8_t *d;

	if (bgp_attr_key(tmpl, &k, why) < 0)
		return NULL;
	k.hash = bgp_attr_hash(t->seed, &k, tmpl);
	slot = &t->buckets[k.hash & (t->n_buckets - 1)];
	for (a = *slot; a; a = a->hnext) {
		if (bgp_attr_same(a, &k, tmpl))
			return bgp_attrs_ref(a);
	}
	size = bgp_attrs_size(&k);
	a = malloc(size);
	if (!a) {
		*why = "out of memory";
		return NULL;
	}
	*a = k;
	d = a->data;
	bgp_attr_copy(&d, tmpl->aspath, k.aspath_len);
	bgp_attr_copy(&d, tmpl->comm, (size_t)k.n_comm * 4);
	bgp_attr_copy(&d, tmpl->lcomm, (size_t)k.n_lcomm * 12);
	bgp_attr_copy(&d, tmpl->unknown, k.unknown_len);
	a->refcnt = 1;
	a->hnext = *slot;
	*slot = a;
	t->count++;
	t->set_bytes += size;
	if (t->count > t->n_buckets)
		bgp_attr_table_grow(t);
	return a;
}

struct bgp_attrs *bgp_attrs_ref(struct bgp_attrs *a)
{
	a->refcnt++;
	return a;
}

void bgp_attrs_unref(struct bgp_attr_table *t, struct bgp_attrs *a)
{
	struct bgp_attrs **pp;

	if (!a || a->refcnt == 0 || --a->refcnt > 0)
		return;
	for (pp = &t->buckets[a->hash & (t->n_buckets - 1)]; *pp; pp = &(*pp)->hnext) {
		if (*pp == a) {
			*pp = a->hnext;
			t->count--;
			t->set_bytes -= bgp_attrs_size(a);
			free(a);
			return;
		}
	}
}
