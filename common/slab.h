/*
 * A slab of fixed-size blocks, for objects held by the million (prefix
 * tree nodes, RIB destinations and paths).  A block carries no header, so
 * it costs its size rounded up to a pointer; allocating is a free-list pop
 * or a bump into a chunk's never-used tail.
 *
 * Chunks are mapped from the system, the first small and each next one
 * twice the last up to 2 MiB, so a tiny table stays tiny.  2 MiB chunks
 * are aligned and offered to the kernel as transparent huge pages, so a
 * descent through a tree of a million nodes does not miss the TLB at
 * every step.  A chunk that empties goes back to the system unless it is
 * the only one with room left; when no block is live, none is kept.
 *
 * Blocks come zeroed.  Not thread-safe.  Freeing a pointer that is not a
 * live block of the slab is a bug: the process aborts when it can tell.
 */
#ifndef VT_COMMON_SLAB_H
#define VT_COMMON_SLAB_H

#include <stddef.h>

struct slab_chunk;

struct slab {
	size_t size;		    /* block size, a multiple of a pointer */
	size_t next_bytes;	    /* size of the next chunk to map */
	struct slab_chunk **chunks; /* sorted by address, to find a block's chunk */
	size_t n_chunks, cap_chunks;
	size_t mapped;		    /* bytes of all chunks */
	struct slab_chunk *partial; /* chunks with room */
	size_t live;		    /* blocks handed out */
};

/* size: bytes per block; made for small ones (a chunk holds at least
 * one).  Maps nothing yet. */
void slab_init(struct slab *s, size_t size);
/* A zeroed block, or NULL when the system has no memory. */
void *slab_alloc(struct slab *s);
/* p: a live block of s, or NULL. */
void slab_free(struct slab *s, void *p);
/* Unmaps every chunk, blocks still handed out included; s can be used
 * again as if just initialised. */
void slab_destroy(struct slab *s);
/* Bytes the slab holds: its chunks and its chunk index. */
size_t slab_bytes(const struct slab *s);
/* Blocks handed out. */
size_t slab_live(const struct slab *s);

#endif
