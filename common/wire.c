/*
 * The bounded wire reader and writer.  All length checks compare n against
 * the room left (len - pos), never pos + n against len, so a huge n cannot
 * wrap around.
 */
#include "common/wire.h"

#include <stdlib.h>
#include <string.h>

/* Something valid to hand out for an empty span, so callers never get NULL. */
static const uint8_t wire_empty[1];

void wire_rd_init(struct wire_reader *r, const void *buf, size_t len)
{
	r->buf = buf ? buf : wire_empty;
	r->len = buf ? len : 0;
	r->pos = 0;
	r->err = false;
}

bool wire_rd_ok(const struct wire_reader *r)
{
	return !r->err;
}

size_t wire_rd_left(const struct wire_reader *r)
{
	if (r->err || r->pos > r->len)
		return 0;
	return r->len - r->pos;
}

size_t wire_rd_pos(const struct wire_reader *r)
{
	return r->pos;
}

void wire_rd_fail(struct wire_reader *r)
{
	r->err = true;
}

/* The one place that advances the cursor.  NULL (and the flag set) when
 * fewer than n bytes are left or the reader already failed. */
static const uint8_t *wire_rd_take(struct wire_reader *r, size_t n)
{
	const uint8_t *p;

	if (r->err || n > wire_rd_left(r)) {
		r->err = true;
		return NULL;
	}
	p = r->buf + r->pos;
	r->pos += n;
	return p;
}

static bool wire_rd_be(struct wire_reader *r, size_t n, uint64_t *out)
{
	const uint8_t *p = wire_rd_take(r, n);
	uint64_t v = 0;
	size_t i;

	if (!p) {
		*out = 0;
		return false;
	}
	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	*out = v;
	return true;
}

bool wire_rd_u8(struct wire_reader *r, uint8_t *out)
{
	uint64_t v;
	bool ok = wire_rd_be(r, 1, &v);

	*out = (uint8_t)v;
	return ok;
}

bool wire_rd_u16(struct wire_reader *r, uint16_t *out)
{
	uint64_t v;
	bool ok = wire_rd_be(r, 2, &v);

	*out = (uint16_t)v;
	return ok;
}

bool wire_rd_u24(struct wire_reader *r, uint32_t *out)
{
	uint64_t v;
	bool ok = wire_rd_be(r, 3, &v);

	*out = (uint32_t)v;
	return ok;
}

bool wire_rd_u32(struct wire_reader *r, uint32_t *out)
{
	uint64_t v;
	bool ok = wire_rd_be(r, 4, &v);

	*out = (uint32_t)v;
	return ok;
}

bool wire_rd_u64(struct wire_reader *r, uint64_t *out)
{
	return wire_rd_be(r, 8, out);
}

bool wire_rd_bytes(struct wire_reader *r, void *out, size_t n)
{
	const uint8_t *p = wire_rd_take(r, n);

	if (!p) {
		if (n)
			memset(out, 0, n);
		return false;
	}
	if (n)
		memcpy(out, p, n);
	return true;
}

bool wire_rd_skip(struct wire_reader *r, size_t n)
{
	return wire_rd_take(r, n) != NULL;
}

bool wire_rd_ptr(struct wire_reader *r, size_t n, const uint8_t **out)
{
	const uint8_t *p = wire_rd_take(r, n);

	*out = p;
	return p != NULL;
}

bool wire_rd_sub(struct wire_reader *r, size_t n, struct wire_reader *sub)
{
	const uint8_t *p = wire_rd_take(r, n);

	if (!p) {
		wire_rd_init(sub, NULL, 0);
		sub->err = true;
		return false;
	}
	wire_rd_init(sub, p, n);
	return true;
}

void wire_rd_rest(struct wire_reader *r, const uint8_t **out, size_t *n)
{
	size_t left = wire_rd_left(r);

	*out = r->err ? wire_empty : r->buf + r->pos;
	*n = left;
	if (!r->err)
		r->pos = r->len;
}

bool wire_rd_peek_u8(const struct wire_reader *r, uint8_t *out)
{
	if (wire_rd_left(r) < 1) {
		*out = 0;
		return false;
	}
	*out = r->buf[r->pos];
	return true;
}

/* ---- writer ---------------------------------------------------------------- */

void wire_wr_init_fixed(struct wire_writer *w, void *buf, size_t cap)
{
	w->buf = buf;
	w->len = 0;
	w->cap = buf ? cap : 0;
	w->max = w->cap;
	w->growing = false;
	w->err = false;
}

void wire_wr_init_growing(struct wire_writer *w, size_t max)
{
	w->buf = NULL;
	w->len = 0;
	w->cap = 0;
	w->max = max;
	w->growing = true;
	w->err = false;
}

void wire_wr_free(struct wire_writer *w)
{
	if (w->growing) {
		free(w->buf);
		w->buf = NULL;
		w->cap = 0;
	}
	w->len = 0;
}

bool wire_wr_ok(const struct wire_writer *w)
{
	return !w->err;
}

size_t wire_wr_len(const struct wire_writer *w)
{
	return w->len;
}

const uint8_t *wire_wr_data(const struct wire_writer *w)
{
	return w->buf;
}

/* Make room for n more bytes; the sticky flag is set when that would pass
 * max or the allocation fails. */
static uint8_t *wire_wr_room(struct wire_writer *w, size_t n)
{
	size_t need, cap;
	uint8_t *nb;

	if (w->err || n > w->max - w->len) {
		w->err = true;
		return NULL;
	}
	need = w->len + n;
	if (need > w->cap) {
		if (!w->growing) {
			w->err = true;
			return NULL;
		}
		cap = w->cap ? w->cap : 64;
		while (cap < need)
			cap = cap > w->max / 2 ? w->max : cap * 2;
		if (cap > w->max)
			cap = w->max;
		nb = realloc(w->buf, cap);
		if (!nb) {
			w->err = true;
			return NULL;
		}
		w->buf = nb;
		w->cap = cap;
	}
	nb = w->buf + w->len;
	w->len += n;
	return nb;
}

static bool wire_wr_be(struct wire_writer *w, size_t n, uint64_t v)
{
	uint8_t *p = wire_wr_room(w, n);
	size_t i;

	if (!p)
		return false;
	for (i = n; i-- > 0; v >>= 8)
		p[i] = (uint8_t)v;
	return true;
}

bool wire_wr_u8(struct wire_writer *w, uint8_t v)
{
	return wire_wr_be(w, 1, v);
}

bool wire_wr_u16(struct wire_writer *w, uint16_t v)
{
	return wire_wr_be(w, 2, v);
}

bool wire_wr_u24(struct wire_writer *w, uint32_t v)
{
	if (v > 0xffffff) {
		w->err = true;
		return false;
	}
	return wire_wr_be(w, 3, v);
}

bool wire_wr_u32(struct wire_writer *w, uint32_t v)
{
	return wire_wr_be(w, 4, v);
}

bool wire_wr_u64(struct wire_writer *w, uint64_t v)
{
	return wire_wr_be(w, 8, v);
}

bool wire_wr_bytes(struct wire_writer *w, const void *p, size_t n)
{
	uint8_t *d = wire_wr_room(w, n);

	if (!d)
		return false;
	if (n)
		memcpy(d, p, n);
	return true;
}

bool wire_wr_zero(struct wire_writer *w, size_t n)
{
	uint8_t *d = wire_wr_room(w, n);

	if (!d)
		return false;
	if (n)
		memset(d, 0, n);
	return true;
}

/* A patch outside what was written is our own bug; the message is marked
 * failed so it is never sent half-patched. */
static bool wire_wr_patch(struct wire_writer *w, size_t off, size_t n, uint32_t v)
{
	size_t i;

	if (w->err || off > w->len || n > w->len - off) {
		w->err = true;
		return false;
	}
	for (i = n; i-- > 0; v >>= 8)
		w->buf[off + i] = (uint8_t)v;
	return true;
}

bool wire_wr_patch_u16(struct wire_writer *w, size_t off, uint16_t v)
{
	return wire_wr_patch(w, off, 2, v);
}

bool wire_wr_patch_u32(struct wire_writer *w, size_t off, uint32_t v)
{
	return wire_wr_patch(w, off, 4, v);
}
