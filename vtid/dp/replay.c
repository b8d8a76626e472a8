/*
 * The anti-replay window: a ring of 64-bit words indexed by seq / 64, as
 * RFC 6479 describes.  The ring always holds one word more than the window
 * needs, so the word of the top sequence number never shares its slot with
 * the oldest word still inside the window.
 */
#include <errno.h>
#include <string.h>

#include "vtid/dp/replay.h"

int replay_init(struct replay_window *w, uint32_t size, bool esn)
{
	uint32_t words = 1;

	memset(w, 0, sizeof(*w));
	if (size < REPLAY_WINDOW_MIN || size > REPLAY_WINDOW_MAX)
		return -EINVAL;
	size = (size + 63u) & ~63u;
	while (words < size / 64u + 1u)
		words <<= 1;
	w->size = size;
	w->mask = words - 1u;
	w->esn = esn;
	return 0;
}

/*
 * With ESN only the low half travels.  RFC 4303 A2.2: if the window lies in
 * one 2^32 subspace, a number below its left edge must have wrapped into the
 * next subspace; if the window straddles a subspace boundary, a number above
 * the (wrapped) left edge belongs to the previous subspace.
 */
static int replay_seq_infer(const struct replay_window *w, uint32_t seq, uint64_t *out)
{
	uint32_t tl = (uint32_t)w->top;
	uint32_t th = (uint32_t)(w->top >> 32);
	uint32_t left = tl - (w->size - 1u); /* wraps when tl < size - 1 */
	uint32_t hi;

	if (tl >= w->size - 1u) {
		if (seq >= left) {
			hi = th;
		} else {
			if (th == UINT32_MAX)
				return -ERANGE; /* the 64-bit space is used up */
			hi = th + 1u;
		}
	} else {
		if (seq >= left) {
			if (th == 0)
				return -EINVAL; /* before the first packet */
			hi = th - 1u;
		} else {
			hi = th;
		}
	}
	*out = (uint64_t)hi << 32 | seq;
	return 0;
}

static int replay_seq_test(const struct replay_window *w, uint64_t s)
{
	if (s == 0)
		return -EINVAL;
	if (s > w->top)
		return 0;
	if (w->top - s >= w->size)
		return -ERANGE;
	if (w->bits[(s >> 6) & w->mask] & (UINT64_C(1) << (s & 63)))
		return -EEXIST;
	return 0;
}

int replay_check(const struct replay_window *w, uint32_t seq, uint64_t *seq64)
{
	uint64_t s = seq;
	int rc;

	*seq64 = 0;
	if (w->size == 0)
		return -EINVAL;
	if (w->esn) {
		rc = replay_seq_infer(w, seq, &s);
		if (rc < 0)
			return rc;
	}
	rc = replay_seq_test(w, s);
	if (rc == 0)
		*seq64 = s;
	return rc;
}

int replay_update(struct replay_window *w, uint64_t s)
{
	int rc;

	if (w->size == 0)
		return -EINVAL;
	if (!w->esn && s > UINT32_MAX)
		return -EINVAL;
	rc = replay_seq_test(w, s);
	if (rc < 0)
		return rc;
	if (s > w->top) {
		uint64_t cur = w->top >> 6;
		uint64_t moved = (s >> 6) - cur;
		uint64_t i;

		/* Clear the words the window slides over; a jump past the
		 * whole ring clears each word once. */
		if (moved > (uint64_t)w->mask + 1u)
			moved = (uint64_t)w->mask + 1u;
		for (i = 1; i <= moved; i++)
			w->bits[(cur + i) & w->mask] = 0;
		w->top = s;
	}
	w->bits[(s >> 6) & w->mask] |= UINT64_C(1) << (s & 63);
	return 0;
}
