/*
 * The ESP anti-replay window (RFC 4303 §3.4.3), with optional 64-bit
 * extended sequence numbers (ESN, RFC 4303 Appendix A).
 *
 * The bitmap is a ring of 64-bit words (RFC 6479): moving the window right
 * clears only the words it passes over, never shifts the whole bitmap, so a
 * packet costs O(1) and a jump costs O(words moved) at most.
 *
 * Checking and recording are split on purpose: replay_check() runs before
 * the ICV is verified (a cheap reject of old and duplicate packets), and
 * replay_update() only after it verified.  Recording before verification
 * would let anyone who can send a packet with a forged ICV move the window
 * far to the right and make the peer's genuine packets look too old.
 *
 * Sequence number 0 is never valid (the sender starts at 1).  The struct is
 * a plain value: no allocation, copy or zero it as you like, then init.
 */
#ifndef VT_DP_REPLAY_H
#define VT_DP_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#define REPLAY_WINDOW_MIN     64u
#define REPLAY_WINDOW_MAX     4096u
#define REPLAY_WINDOW_DEFAULT 1024u
/* One spare word beyond the largest window, rounded to a power of two so
 * the ring index is a mask. */
#define REPLAY_WORDS_MAX 128u

struct replay_window {
	uint64_t top;  /* highest sequence number recorded; 0 = none yet */
	uint32_t size; /* window in packets, a multiple of 64 */
	uint32_t mask; /* ring words - 1 */
	bool esn;
	uint64_t bits[REPLAY_WORDS_MAX];
};

/*
 * size is rounded up to a multiple of 64.  Returns -EINVAL (and leaves the
 * window unusable) if size is outside REPLAY_WINDOW_MIN..MAX.
 */
int replay_init(struct replay_window *w, uint32_t size, bool esn);

/*
 * May a packet carrying the 32-bit sequence number seq (as on the wire) be
 * new?  On 0 stores in *seq64 the full sequence number it stands for (with
 * ESN: the high half inferred as RFC 4303 Appendix A2.2 says; the ICV is
 * computed over it).  Never changes the window.
 *   -EINVAL  sequence number 0 (or, with ESN, one before the first)
 *   -ERANGE  left of the window: too old to tell
 *   -EEXIST  already received
 */
int replay_check(const struct replay_window *w, uint32_t seq, uint64_t *seq64);

/*
 * Record seq64 (from replay_check) once its ICV verified.  Checks again, as
 * another packet may have moved the window since: same errors as above.
 */
int replay_update(struct replay_window *w, uint64_t seq64);

#endif
