/*
 * The one event loop: epoll for file descriptors, a monotonic-clock timer
 * heap, signals through signalfd, and deferred work with a cap per pass.
 *
 * Every handle (ev_io, ev_timer, ev_defer) is embedded in the object that
 * owns it; the loop never allocates one.  Stopping or cancelling a handle
 * that is not active is a no-op, so teardown code may call it twice.
 * Callbacks may start, stop, re-arm or free any handle, their own included.
 */
#ifndef VT_COMMON_EVLOOP_H
#define VT_COMMON_EVLOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ev_loop;

/* ---- file descriptors ---------------------------------------------------- */

enum { EV_READ = 1u << 0, EV_WRITE = 1u << 1, EV_ERROR = 1u << 2 };

struct ev_io;
typedef void (*ev_io_cb)(struct ev_io *io, unsigned revents, void *arg);

struct ev_io {
	/* private */
	struct ev_loop *loop;
	int fd;
	unsigned events;
	bool active;
	ev_io_cb cb;
	void *arg;
};

/* Watch fd for events (EV_READ|EV_WRITE).  EV_ERROR is always reported; on
 * hang-up or error the watched events are reported with it, so the owner's
 * read() or write() meets the EOF or the error.  Starting an active io
 * restarts it.  Returns 0 or -errno (-EEXIST: another io watches fd). */
int ev_io_start(struct ev_loop *loop, struct ev_io *io, int fd, unsigned events,
		ev_io_cb cb, void *arg);
int ev_io_modify(struct ev_io *io, unsigned events);
void ev_io_stop(struct ev_io *io); /* safe when not started */
bool ev_io_active(const struct ev_io *io);

/* ---- timers (monotonic clock, milliseconds) ----------------------------- */

struct ev_timer;
typedef void (*ev_timer_cb)(struct ev_timer *t, void *arg);

struct ev_timer {
	/* private */
	struct ev_loop *loop;
	uint64_t expires_ms;
	uint64_t seq; /* ties broken by arming order */
	size_t heap_index; /* SIZE_MAX when not armed */
	ev_timer_cb cb;
	void *arg;
};

/* Bind a timer to its loop and callback; it starts disarmed. */
void ev_timer_init(struct ev_timer *t, struct ev_loop *loop, ev_timer_cb cb, void *arg);
/* Arm (or re-arm) to fire once, delay_ms from now. */
void ev_timer_arm(struct ev_timer *t, uint64_t delay_ms);
/* Disarm; safe to call on a disarmed or never-armed (but initialised) timer. */
void ev_timer_cancel(struct ev_timer *t);
bool ev_timer_armed(const struct ev_timer *t);
/* Milliseconds until it fires; 0 when due or not armed. */
uint64_t ev_timer_remaining_ms(const struct ev_timer *t);

/* ---- signals -------------------------------------------------------------- */

typedef void (*ev_signal_cb)(int signo, void *arg);

/* Block signo for the process and deliver it through the loop's signalfd.
 * One callback per signal; a second call replaces it.  Returns 0 or -errno. */
int ev_signal_add(struct ev_loop *loop, int signo, ev_signal_cb cb, void *arg);

/* ---- deferred work -------------------------------------------------------- */

struct ev_defer;
typedef void (*ev_defer_cb)(struct ev_defer *d, void *arg);

struct ev_defer {
	/* private */
	struct ev_loop *loop;
	struct ev_defer *next;
	bool queued;
	ev_defer_cb cb;
	void *arg;
};

void ev_defer_init(struct ev_defer *d, struct ev_loop *loop, ev_defer_cb cb, void *arg);
/* Queue to run after the current pass's I/O; no-op if already queued.  At
 * most ev_loop_set_defer_cap() items run per pass (default 64); the rest wait
 * for the next pass, which then does not block in epoll_wait. */
void ev_defer_schedule(struct ev_defer *d);
void ev_defer_cancel(struct ev_defer *d); /* safe when not queued */
bool ev_defer_queued(const struct ev_defer *d);

/* ---- the loop ------------------------------------------------------------- */

struct ev_loop *ev_loop_new(void);
/* Frees the loop; handles still active are never called again, and are
 * marked inactive (an io only if its fd is still open) so that a later stop
 * or cancel is a no-op.  Blocked signals stay blocked. */
void ev_loop_free(struct ev_loop *loop);
/* Run until ev_loop_break(); returns 0, or -errno if epoll fails. */
int ev_loop_run(struct ev_loop *loop);
/* One pass: wait at most max_wait_ms (-1: until something happens), run what
 * is ready.  For tests and for embedding.  Returns 0 or -errno. */
int ev_loop_run_once(struct ev_loop *loop, int max_wait_ms);
void ev_loop_break(struct ev_loop *loop);
void ev_loop_set_defer_cap(struct ev_loop *loop, unsigned cap); /* 0 is taken as 1 */

/* CLOCK_MONOTONIC in milliseconds. */
uint64_t ev_now_ms(void);

#endif
