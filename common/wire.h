/*
 * The bounded wire reader and writer.  Every parser of untrusted bytes
 * (IKE, ESP, BGP, the control socket) reads through struct wire_reader.
 *
 * The error flag is sticky: once a read runs past the end, that read and
 * every later one fail, write zeroes to their outputs, and never touch
 * memory outside the buffer.  Callers may therefore read a whole header and
 * check wire_rd_ok() once.  Integers are big-endian (network order).
 */
#ifndef VT_COMMON_WIRE_H
#define VT_COMMON_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wire_reader {
	const uint8_t *buf;
	size_t len;
	size_t pos;
	bool err;
};

void wire_rd_init(struct wire_reader *r, const void *buf, size_t len);
bool wire_rd_ok(const struct wire_reader *r);
size_t wire_rd_left(const struct wire_reader *r); /* 0 once in error */
size_t wire_rd_pos(const struct wire_reader *r);

/* Each returns true on success; on failure sets the error flag, stores 0 /
 * zero-fills the output, and returns false. */
bool wire_rd_u8(struct wire_reader *r, uint8_t *out);
bool wire_rd_u16(struct wire_reader *r, uint16_t *out);
bool wire_rd_u24(struct wire_reader *r, uint32_t *out);
bool wire_rd_u32(struct wire_reader *r, uint32_t *out);
bool wire_rd_u64(struct wire_reader *r, uint64_t *out);
bool wire_rd_bytes(struct wire_reader *r, void *out, size_t n);
bool wire_rd_skip(struct wire_reader *r, size_t n);
/* Zero-copy: *out points into the buffer, valid while the buffer is. */
bool wire_rd_ptr(struct wire_reader *r, size_t n, const uint8_t **out);
/* Carve the next n bytes into their own reader (e.g. one payload) and move
 * past them.  On failure sub is an empty reader in error. */
bool wire_rd_sub(struct wire_reader *r, size_t n, struct wire_reader *sub);
/* The rest of the buffer, and move to its end; never fails, may be empty
 * (in error: empty).  *out is never NULL. */
void wire_rd_rest(struct wire_reader *r, const uint8_t **out, size_t *n);
/* Look without moving. */
bool wire_rd_peek_u8(const struct wire_reader *r, uint8_t *out);
/* Mark the reader as failed (e.g. a length field that does not add up). */
void wire_rd_fail(struct wire_reader *r);

/*
 * The writer: a fixed buffer, or a growing one with a maximum size.
 * Writing past the maximum sets the sticky error flag; nothing is written.
 */
struct wire_writer {
	uint8_t *buf;
	size_t len;
	size_t cap;
	size_t max;   /* growing writers only */
	bool growing; /* buf is ours (malloc'd) */
	bool err;
};

void wire_wr_init_fixed(struct wire_writer *w, void *buf, size_t cap);
void wire_wr_init_growing(struct wire_writer *w, size_t max);
void wire_wr_free(struct wire_writer *w); /* growing writers: frees buf */
bool wire_wr_ok(const struct wire_writer *w);
size_t wire_wr_len(const struct wire_writer *w);
const uint8_t *wire_wr_data(const struct wire_writer *w);

bool wire_wr_u8(struct wire_writer *w, uint8_t v);
bool wire_wr_u16(struct wire_writer *w, uint16_t v);
bool wire_wr_u24(struct wire_writer *w, uint32_t v);
bool wire_wr_u32(struct wire_writer *w, uint32_t v);
bool wire_wr_u64(struct wire_writer *w, uint64_t v);
bool wire_wr_bytes(struct wire_writer *w, const void *p, size_t n);
bool wire_wr_zero(struct wire_writer *w, size_t n);
/* wire_wr_u24 fails (sticky) on a value above 0xffffff. */
/* Back-patch a length written earlier at offset off (must be inside len;
 * otherwise the sticky error is set). */
bool wire_wr_patch_u16(struct wire_writer *w, size_t off, uint16_t v);
bool wire_wr_patch_u32(struct wire_writer *w, size_t off, uint32_t v);

#endif
