/*
 * The loop's insides, shared by evloop.c, evtimer.c and evsignal.c only.
 */
#ifndef VT_COMMON_EVLOOP_INTERNAL_H
#define VT_COMMON_EVLOOP_INTERNAL_H

#include <signal.h>

#include "common/evloop.h"

/* epoll hands back (fd, generation); the io is looked up here each time, so
 * an io stopped (or freed) by an earlier callback in the same batch is never
 * called, and a new io that reuses the fd number does not get the old
 * event. */
struct ev_io_slot {
	struct ev_io *io; /* NULL when no io watches this fd */
	uint32_t gen;
};

struct ev_signal_handler {
	ev_signal_cb cb;
	void *arg;
};

struct ev_loop {
	int epfd;
	bool stop;

	struct ev_io_slot *slots; /* indexed by fd */
	size_t nslots;

	struct ev_timer **heap; /* min-heap on (expires_ms, seq) */
	size_t heap_len;
	size_t heap_cap;
	uint64_t timer_seq;

	struct ev_defer *defer_head;
	struct ev_defer *defer_tail;
	unsigned defer_cap;

	int sigfd; /* -1 until the first ev_signal_add */
	sigset_t sigmask;
	struct ev_io sig_io;
	struct ev_signal_handler sig[NSIG];
};

/* evtimer.c */
int ev_timers_timeout_ms(const struct ev_loop *loop); /* -1: no timer */
void ev_timers_run(struct ev_loop *loop);
void ev_timers_forget(struct ev_loop *loop);

/* evsignal.c */
void ev_signals_close(struct ev_loop *loop);

#endif
