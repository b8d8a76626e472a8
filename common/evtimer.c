/*
 * Timers: a binary min-heap of pointers keyed on (expires_ms, seq).  Each
 * timer knows its own index, so cancel and re-arm are O(log n) without a
 * search.  seq grows with every arm, so timers due at the same millisecond
 * fire in the order they were armed.
 */
#include "common/evloop.h"

#include <limits.h>
#include <stdlib.h>

#include "common/evloop_internal.h"
#include "common/log.h"

static bool ev_timer_before(const struct ev_timer *a, const struct ev_timer *b)
{
	if (a->expires_ms != b->expires_ms)
		return a->expires_ms < b->expires_ms;
	return a->seq < b->seq;
}

static void ev_heap_put(struct ev_loop *loop, size_t i, struct ev_timer *t)
{
	loop->heap[i] = t;
	t->heap_index = i;
}

static void ev_heap_up(struct ev_loop *loop, size_t i)
{
	struct ev_timer *t = loop->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!ev_timer_before(t, loop->heap[parent]))
			break;
		ev_heap_put(loop, i, loop->heap[parent]);
		i = parent;
	}
	ev_heap_put(loop, i, t);
}

static void ev_heap_down(struct ev_loop *loop, size_t i)
{
	struct ev_timer *t = loop->heap[i];
	size_t n = loop->heap_len;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && ev_timer_before(loop->heap[c + 1], loop->heap[c]))
			c++;
		if (!ev_timer_before(loop->heap[c], t))
			break;
		ev_heap_put(loop, i, loop->heap[c]);
		i = c;
	}
	ev_heap_put(loop, i, t);
}

static void ev_heap_remove(struct ev_loop *loop, struct ev_timer *t)
{
	size_t i = t->heap_index;
	struct ev_timer *last = loop->heap[--loop->heap_len];

	t->heap_index = SIZE_MAX;
	if (last == t)
		return;
	ev_heap_put(loop, i, last);
	ev_heap_down(loop, i);
	ev_heap_up(loop, last->heap_index);
}

void ev_timer_init(struct ev_timer *t, struct ev_loop *loop, ev_timer_cb cb, void *arg)
{
	t->loop = loop;
	t->expires_ms = 0;
	t->seq = 0;
	t->heap_index = SIZE_MAX;
	t->cb = cb;
	t->arg = arg;
}

bool ev_timer_armed(const struct ev_timer *t)
{
	return t->heap_index != SIZE_MAX && t->loop;
}

void ev_timer_cancel(struct ev_timer *t)
{
	struct ev_loop *loop = t->loop;

	/* The identity check also makes a zeroed, never-initialised timer a
	 * no-op instead of a heap corruption. */
	if (t->heap_index == SIZE_MAX || !loop || t->heap_index >= loop->heap_len ||
	    loop->heap[t->heap_index] != t)
		return;
	ev_heap_remove(loop, t);
}

void ev_timer_arm(struct ev_timer *t, uint64_t delay_ms)
{
	struct ev_loop *loop = t->loop;
	uint64_t now;

	if (!loop) {
		log_fault(LOGM_EV, "timer armed before ev_timer_init");
		return;
	}
	ev_timer_cancel(t);
	if (loop->heap_len == loop->heap_cap) {
		size_t cap = loop->heap_cap ? loop->heap_cap * 2 : 16;
		struct ev_timer **h = realloc(loop->heap, cap * sizeof(*h));

		if (!h) {
			log_fault(LOGM_EV, "timer heap: out of memory, timer not armed");
			return;
		}
		loop->heap = h;
		loop->heap_cap = cap;
	}
	now = ev_now_ms();
	t->expires_ms = delay_ms > UINT64_MAX - now ? UINT64_MAX : now + delay_ms;
	t->seq = loop->timer_seq++;
	loop->heap_len++;
	ev_heap_put(loop, loop->heap_len - 1, t);
	ev_heap_up(loop, loop->heap_len - 1);
}

uint64_t ev_timer_remaining_ms(const struct ev_timer *t)
{
	uint64_t now;

	if (!ev_timer_armed(t))
		return 0;
	now = ev_now_ms();
	return t->expires_ms > now ? t->expires_ms - now : 0;
}

int ev_timers_timeout_ms(const struct ev_loop *loop)
{
	uint64_t now, top;

	if (loop->heap_len == 0)
		return -1;
	top = loop->heap[0]->expires_ms;
	now = ev_now_ms();
	if (top <= now)
		return 0;
	return top - now > INT_MAX ? INT_MAX : (int)(top - now);
}

/* Only timers armed before this pass run in it: one that re-arms itself
 * with delay 0 waits for the next pass instead of spinning here.  Any such
 * new timer sorts after every old one that is due, so stopping at the first
 * new one skips nothing. */
void ev_timers_run(struct ev_loop *loop)
{
	uint64_t now = ev_now_ms();
	uint64_t first_new = loop->timer_seq;

	while (loop->heap_len > 0) {
		struct ev_timer *t = loop->heap[0];

		if (t->expires_ms > now || t->seq >= first_new)
			break;
		ev_heap_remove(loop, t);
		if (t->cb)
			t->cb(t, t->arg);
	}
}

void ev_timers_forget(struct ev_loop *loop)
{
	size_t i;

	for (i = 0; i < loop->heap_len; i++)
		loop->heap[i]->heap_index = SIZE_MAX;
	loop->heap_len = 0;
	free(loop->heap);
	loop->heap = NULL;
	loop->heap_cap = 0;
}
