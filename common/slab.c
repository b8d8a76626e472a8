/*
 * Chunks are mmap()ed rather than malloc()ed so that an empty one goes
 * back to the system at once and a huge one can be aligned for the
 * kernel's transparent huge pages.  A block's chunk is found by a binary
 * search in the sorted chunk array: a few dozen chunks for a full table,
 * and no header in any block.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common/slab.h"

#define SLAB_CHUNK_MIN	4096u
#define SLAB_CHUNK_HUGE (2u * 1024 * 1024)

struct slab_chunk {
	struct slab_chunk *next, *prev; /* on the partial list */
	void *free;			/* free list through the blocks */
	size_t bytes;			/* of the mapping, this header included */
	unsigned cap;			/* blocks */
	unsigned used;			/* blocks handed out */
	unsigned fresh;			/* blocks never handed out start here */
	bool on_partial;
};

/* A cache line, so that blocks of 32 or 64 bytes never straddle two. */
#define SLAB_HEAD ((sizeof(struct slab_chunk) + 63) & ~(size_t)63)

static char *chunk_block(const struct slab *s, struct slab_chunk *c, unsigned i)
{
	return (char *)c + SLAB_HEAD + (size_t)i * s->size;
}

void slab_init(struct slab *s, size_t size)
{
	memset(s, 0, sizeof(*s));
	if (size < sizeof(void *))
		size = sizeof(void *);
	s->size = (size + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
	s->next_bytes = SLAB_CHUNK_MIN;
	while (s->next_bytes < SLAB_HEAD + s->size)
		s->next_bytes *= 2;
}

static void partial_add(struct slab *s, struct slab_chunk *c)
{
	c->prev = NULL;
	c->next = s->partial;
	if (s->partial)
		s->partial->prev = c;
	s->partial = c;
	c->on_partial = true;
}

static void partial_del(struct slab *s, struct slab_chunk *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		s->partial = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->next = c->prev = NULL;
	c->on_partial = false;
}

/* Index of the first chunk whose address is above p. */
static size_t chunk_upper(const struct slab *s, const void *p)
{
	size_t lo = 0, hi = s->n_chunks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((uintptr_t)s->chunks[mid] <= (uintptr_t)p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A mapping of bytes; huge ones aligned to their size, by mapping twice
 * as much and trimming both ends. */
static void *chunk_map(size_t bytes)
{
	char *p, *a;
	size_t lead;

	if (bytes < SLAB_CHUNK_HUGE) {
		p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return p == MAP_FAILED ? NULL : p;
	}
	p = mmap(NULL, 2 * bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = (char *)(((uintptr_t)p + bytes - 1) & ~(uintptr_t)(bytes - 1));
	lead = (size_t)(a - p);
	if (lead)
		munmap(p, lead);
	munmap(a + bytes, bytes - lead);
#ifdef MADV_HUGEPAGE
	/* Advice only: without huge pages the slab works the same. */
	(void)madvise(a, bytes, MADV_HUGEPAGE);
#endif
	return a;
}

static struct slab_chunk *chunk_new(struct slab *s)
{
	struct slab_chunk *c;
	size_t at, bytes = s->next_bytes;

	if (s->n_chunks == s->cap_chunks) {
		size_t cap = s->cap_chunks ? 2 * s->cap_chunks : 16;
		struct slab_chunk **v = realloc(s->chunks, cap * sizeof(*v));

		if (!v)
			return NULL;
		s->chunks = v;
		s->cap_chunks = cap;
	}
	c = chunk_map(bytes);
	if (!c)
		return NULL;
	/* A fresh mapping reads as zeroes: only the counts need setting. */
	c->bytes = bytes;
	c->cap = (unsigned)((bytes - SLAB_HEAD) / s->size);
	at = chunk_upper(s, c);
	memmove(&s->chunks[at + 1], &s->chunks[at], (s->n_chunks - at) * sizeof(*s->chunks));
	s->chunks[at] = c;
	s->n_chunks++;
	s->mapped += bytes;
	if (s->next_bytes < SLAB_CHUNK_HUGE)
		s->next_bytes *= 2;
	partial_add(s, c);
	return c;
}

static void chunk_release(struct slab *s, struct slab_chunk *c)
{
	size_t at = chunk_upper(s, c) - 1;

	if (c->on_partial)
		partial_del(s, c);
	memmove(&s->chunks[at], &s->chunks[at + 1], (s->n_chunks - at - 1) * sizeof(*s->chunks));
	s->n_chunks--;
	s->mapped -= c->bytes;
	munmap(c, c->bytes);
}

void *slab_alloc(struct slab *s)
{
	struct slab_chunk *c = s->partial;
	void *p;

	if (!c) {
		c = chunk_new(s);
		if (!c)
			return NULL;
	}
	if (c->free) {
		p = c->free;
		memcpy(&c->free, p, sizeof(void *));
	} else {
		p = chunk_block(s, c, c->fresh++);
	}
	if (++c->used == c->cap)
		partial_del(s, c);
	s->live++;
	memset(p, 0, s->size);
	return p;
}

void slab_free(struct slab *s, void *p)
{
	struct slab_chunk *c;
	size_t at;

	if (!p)
		return;
	at = chunk_upper(s, p);
	c = at ? s->chunks[at - 1] : NULL;
	if (!c || (uintptr_t)p - (uintptr_t)c >= c->bytes || c->used == 0)
		abort(); /* not ours: a bug that must not go on silently */
	memcpy(p, &c->free, sizeof(void *));
	c->free = p;
	c->used--;
	s->live--;
	if (s->live == 0) {
		slab_destroy(s);
		return;
	}
	if (!c->on_partial)
		partial_add(s, c);
	/* One empty chunk stays while it is the only one with room, so a
	 * table swinging around a chunk boundary does not map and unmap at
	 * every route. */
	if (c->used == 0 && (c->next || c->prev))
		chunk_release(s, c);
}

void slab_destroy(struct slab *s)
{
	for (size_t i = 0; i < s->n_chunks; i++)
		munmap(s->chunks[i], s->chunks[i]->bytes);
	free(s->chunks);
	slab_init(s, s->size);
}

size_t slab_bytes(const struct slab *s)
{
	return s->mapped + s->cap_chunks * sizeof(*s->chunks);
}

size_t slab_live(const struct slab *s)
{
	return s->live;
}
