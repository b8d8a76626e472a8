/*
 * Fuzz harness for common/wire: walks a small TLV format (type u8, length
 * u16, value) through wire_reader, checks the reader's promises after
 * every read, and re-encodes what it parsed with wire_writer.  A well-formed
 * input must come back byte for byte.
 *
 *   1  a u32 (length must be 4)        4  a u64, then any bytes
 *   2  nested TLVs (up to depth 4)     5  a u8 count, that many bytes, the rest
 *   3  a u24 count, then u16s          other: opaque bytes
 */
#include <string.h>

#include "common/wire.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_WIRE_DEPTH 4

static const uint8_t *fw_base;
static size_t fw_size;

/* The reader never reports a position past its end, nor room once failed. */
static void fw_check_reader(const struct wire_reader *r)
{
	FUZZ_CHECK(r->pos <= r->len);
	FUZZ_CHECK(wire_rd_left(r) == (wire_rd_ok(r) ? r->len - r->pos : 0));
}

/* Every span handed out lies inside the fuzz input. */
static void fw_check_span(const uint8_t *p, size_t n)
{
	FUZZ_CHECK(p != NULL);
	FUZZ_CHECK(n == 0 ||
		   (p >= fw_base && n <= fw_size && p - fw_base <= (ptrdiff_t)(fw_size - n)));
}

static void fw_list(struct wire_reader *r, struct wire_writer *w, int depth);

static void fw_u32(struct wire_reader *sub, struct wire_writer *w)
{
	uint32_t v = 0xdeadbeef;

	if (!wire_rd_u32(sub, &v) || wire_rd_left(sub) != 0) {
		FUZZ_CHECK(wire_rd_ok(sub) || v == 0);
		wire_rd_fail(sub);
		return;
	}
	wire_wr_u32(w, v);
}

static void fw_u16s(struct wire_reader *sub, struct wire_writer *w)
{
	uint32_t count = 0, i;
	uint16_t x;

	if (!wire_rd_u24(sub, &count)) {
		FUZZ_CHECK(count == 0);
		return;
	}
	wire_wr_u24(w, count);
	for (i = 0; i < count; i++) {
		x = 0x5555;
		if (!wire_rd_u16(sub, &x)) {
			FUZZ_CHECK(x == 0 && wire_rd_left(sub) == 0);
			return;
		}
		wire_wr_u16(w, x);
	}
	if (wire_rd_left(sub) != 0)
		wire_rd_fail(sub);
}

static void fw_u64_rest(struct wire_reader *sub, struct wire_writer *w)
{
	uint64_t v = 1;
	const uint8_t *p;
	size_t n;

	if (!wire_rd_u64(sub, &v)) {
		FUZZ_CHECK(v == 0);
		return;
	}
	wire_wr_u64(w, v);
	wire_rd_rest(sub, &p, &n);
	fw_check_span(p, n);
	FUZZ_CHECK(wire_rd_left(sub) == 0);
	wire_wr_bytes(w, p, n);
}

static void fw_counted(struct wire_reader *sub, struct wire_writer *w)
{
	uint8_t n = 0, again = 0, bytes[255];
	const uint8_t *p;
	size_t rest;

	if (!wire_rd_peek_u8(sub, &n)) {
		FUZZ_CHECK(n == 0);
		wire_rd_fail(sub);
		return;
	}
	wire_rd_u8(sub, &again);
	FUZZ_CHECK(again == n);
	memset(bytes, 0xaa, sizeof(bytes));
	if (!wire_rd_bytes(sub, bytes, n)) {
		size_t i;

		for (i = 0; i < n; i++)
			FUZZ_CHECK(bytes[i] == 0);
		return;
	}
	wire_wr_u8(w, n);
	wire_wr_bytes(w, bytes, n);
	if (!wire_rd_ptr(sub, wire_rd_left(sub), &p))
		return;
	rest = (size_t)(sub->buf + sub->len - p);
	fw_check_span(p, rest);
	wire_wr_bytes(w, p, rest);
}

static void fw_value(uint8_t type, struct wire_reader *sub, struct wire_writer *w, int depth)
{
	const uint8_t *p;
	size_t n;

	switch (type) {
	case 1:
		fw_u32(sub, w);
		break;
	case 2:
		if (depth < FUZZ_WIRE_DEPTH) {
			fw_list(sub, w, depth + 1);
			break;
		}
		/* fall through */
	default:
		wire_rd_rest(sub, &p, &n);
		fw_check_span(p, n);
		wire_wr_bytes(w, p, n);
		break;
	case 3:
		fw_u16s(sub, w);
		break;
	case 4:
		fw_u64_rest(sub, w);
		break;
	case 5:
		fw_counted(sub, w);
		break;
	}
	fw_check_reader(sub);
}

static void fw_list(struct wire_reader *r, struct wire_writer *w, int depth)
{
	while (wire_rd_ok(r) && wire_rd_left(r) > 0) {
		struct wire_reader sub;
		uint8_t type;
		uint16_t len;
		size_t off;

		wire_rd_u8(r, &type);
		wire_rd_u16(r, &len);
		if (!wire_rd_sub(r, len, &sub)) {
			FUZZ_CHECK(!wire_rd_ok(&sub) && wire_rd_left(&sub) == 0);
			FUZZ_CHECK(wire_rd_left(r) == 0);
			return;
		}
		fw_check_span(sub.buf, sub.len);
		FUZZ_CHECK(sub.len == len);
		wire_wr_u8(w, type);
		off = wire_wr_len(w);
		wire_wr_u16(w, 0);
		fw_value(type, &sub, w, depth);
		if (!wire_rd_ok(&sub)) {
			wire_rd_fail(r);
			break;
		}
		if (wire_wr_ok(w))
			wire_wr_patch_u16(w, off, (uint16_t)(wire_wr_len(w) - off - 2));
		fw_check_reader(r);
	}
	fw_check_reader(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_reader r;
	struct wire_writer w;

	fw_base = data;
	fw_size = size;
	wire_rd_init(&r, data, size);
	/* Exactly the input's size: a faithful re-encoding fits, and the
	 * growing path is exercised up to its maximum. */
	wire_wr_init_growing(&w, size);
	fw_list(&r, &w, 0);
	if (wire_rd_ok(&r)) {
		FUZZ_CHECK(wire_rd_left(&r) == 0);
		FUZZ_CHECK(wire_wr_ok(&w));
		FUZZ_CHECK(wire_wr_len(&w) == size);
		FUZZ_CHECK(size == 0 || memcmp(wire_wr_data(&w), data, size) == 0);
	}
	wire_wr_free(&w);
	return 0;
}
