/*
 * The event loop: the epoll set, file-descriptor watchers and the pass that
 * runs I/O, then due timers, then deferred work.
 */
#include "common/evloop.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "common/evloop_internal.h"
#include "common/log.h"

#define EV_DEFER_CAP_DEFAULT 64
#define EV_BATCH	     64 /* epoll events taken per pass */

uint64_t ev_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

struct ev_loop *ev_loop_new(void)
{
	struct ev_loop *loop = calloc(1, sizeof(*loop));

	if (!loop)
		return NULL;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		log_fault(LOGM_EV, "epoll_create1: %s", strerror(errno));
		free(loop);
		return NULL;
	}
	loop->defer_cap = EV_DEFER_CAP_DEFAULT;
	loop->sigfd = -1;
	sigemptyset(&loop->sigmask);
	return loop;
}

void ev_loop_free(struct ev_loop *loop)
{
	struct ev_defer *d, *next;
	size_t fd;

	if (!loop)
		return;
	ev_signals_close(loop);
	/* An io whose fd is still in the epoll set is one its owner keeps
	 * alive, so it is safe to mark stopped.  When the fd was closed
	 * already, the owner may have freed the io too: leave it alone. */
	for (fd = 0; fd < loop->nslots; fd++) {
		struct ev_io *io = loop->slots[fd].io;

		if (io && epoll_ctl(loop->epfd, EPOLL_CTL_DEL, (int)fd, NULL) == 0)
			io->active = false;
	}
	ev_timers_forget(loop);
	for (d = loop->defer_head; d; d = next) {
		next = d->next;
		d->next = NULL;
		d->queued = false;
	}
	close(loop->epfd);
	free(loop->slots);
	free(loop);
}

void ev_loop_break(struct ev_loop *loop)
{
	loop->stop = true;
}

void ev_loop_set_defer_cap(struct ev_loop *loop, unsigned cap)
{
	loop->defer_cap = cap ? cap : 1;
}

/* ---- file descriptors ---------------------------------------------------- */

static uint32_t ev_epoll_mask(unsigned events)
{
	uint32_t m = 0;

	if (events & EV_READ)
		m |= EPOLLIN | EPOLLRDHUP;
	if (events & EV_WRITE)
		m |= EPOLLOUT;
	return m;
}

static int ev_slots_reserve(struct ev_loop *loop, int fd)
{
	size_t n = loop->nslots ? loop->nslots : 64;
	struct ev_io_slot *s;

	if ((size_t)fd < loop->nslots)
		return 0;
	while (n <= (size_t)fd)
		n *= 2;
	s = realloc(loop->slots, n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	memset(s + loop->nslots, 0, (n - loop->nslots) * sizeof(*s));
	loop->slots = s;
	loop->nslots = n;
	return 0;
}

int ev_io_start(struct ev_loop *loop, struct ev_io *io, int fd, unsigned events, ev_io_cb cb,
		void *arg)
{
	struct epoll_event ev;
	struct ev_io_slot *slot;
	int rc;

	if (!loop || !io || !cb || (events & ~(EV_READ | EV_WRITE | EV_ERROR)))
		return -EINVAL;
	if (fd < 0)
		return -EBADF;
	if (io->active)
		ev_io_stop(io);
	rc = ev_slots_reserve(loop, fd);
	if (rc)
		return rc;
	slot = &loop->slots[fd];
	memset(&ev, 0, sizeof(ev));
	ev.events = ev_epoll_mask(events);
	ev.data.u64 = ((uint64_t)(slot->gen + 1) << 32) | (uint32_t)fd;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	slot->gen++;
	slot->io = io;
	io->loop = loop;
	io->fd = fd;
	io->events = events;
	io->cb = cb;
	io->arg = arg;
	io->active = true;
	return 0;
}

int ev_io_modify(struct ev_io *io, unsigned events)
{
	struct epoll_event ev;
	struct ev_loop *loop = io->loop;

	if (!io->active || (events & ~(EV_READ | EV_WRITE | EV_ERROR)))
		return -EINVAL;
	memset(&ev, 0, sizeof(ev));
	ev.events = ev_epoll_mask(events);
	ev.data.u64 = ((uint64_t)loop->slots[io->fd].gen << 32) | (uint32_t)io->fd;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, io->fd, &ev) < 0)
		return -errno;
	io->events = events;
	return 0;
}

void ev_io_stop(struct ev_io *io)
{
	struct ev_loop *loop;

	if (!io || !io->active)
		return;
	loop = io->loop;
	io->active = false;
	/* The slot may belong to a newer io if the owner closed the fd without
	 * stopping and the number was reused; then it is not ours to clear. */
	if ((size_t)io->fd < loop->nslots && loop->slots[io->fd].io == io) {
		loop->slots[io->fd].io = NULL;
		epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	}
}

bool ev_io_active(const struct ev_io *io)
{
	return io->active;
}

static void ev_io_dispatch(struct ev_loop *loop, const struct epoll_event *ev)
{
	uint32_t fd = (uint32_t)ev->data.u64;
	uint32_t gen = (uint32_t)(ev->data.u64 >> 32);
	unsigned revents = 0;
	struct ev_io *io;

	if (fd >= loop->nslots || loop->slots[fd].gen != gen || !loop->slots[fd].io)
		return;
	io = loop->slots[fd].io;
	if (ev->events & (EPOLLIN | EPOLLPRI | EPOLLRDHUP))
		revents |= EV_READ;
	if (ev->events & EPOLLOUT)
		revents |= EV_WRITE;
	/* On hang-up or error, also report what the owner waits for, so its
	 * read() or write() meets the EOF or the error. */
	if (ev->events & (EPOLLERR | EPOLLHUP))
		revents |= EV_ERROR | (io->events & (EV_READ | EV_WRITE));
	revents &= io->events | EV_ERROR;
	if (revents)
		io->cb(io, revents, io->arg);
}

/* ---- the pass -------------------------------------------------------------- */

static void ev_defers_run(struct ev_loop *loop)
{
	unsigned n;

	for (n = 0; n < loop->defer_cap && loop->defer_head; n++) {
		struct ev_defer *d = loop->defer_head;

		loop->defer_head = d->next;
		if (!loop->defer_head)
			loop->defer_tail = NULL;
		d->next = NULL;
		d->queued = false;
		if (d->cb)
			d->cb(d, d->arg);
	}
}

int ev_loop_run_once(struct ev_loop *loop, int max_wait_ms)
{
	struct epoll_event evs[EV_BATCH];
	int timeout, n, i;

	if (loop->defer_head) {
		timeout = 0;
	} else {
		timeout = ev_timers_timeout_ms(loop);
		if (max_wait_ms >= 0 && (timeout < 0 || max_wait_ms < timeout))
			timeout = max_wait_ms;
	}
	n = epoll_wait(loop->epfd, evs, EV_BATCH, timeout);
	if (n < 0) {
		if (errno != EINTR)
			return -errno;
		n = 0;
	}
	for (i = 0; i < n; i++)
		ev_io_dispatch(loop, &evs[i]);
	ev_timers_run(loop);
	ev_defers_run(loop);
	return 0;
}

int ev_loop_run(struct ev_loop *loop)
{
	int rc;

	loop->stop = false;
	while (!loop->stop) {
		rc = ev_loop_run_once(loop, -1);
		if (rc) {
			log_fault(LOGM_EV, "epoll_wait: %s", strerror(-rc));
			return rc;
		}
	}
	return 0;
}

/* ---- deferred work ---------------------------------------------------------- */

void ev_defer_init(struct ev_defer *d, struct ev_loop *loop, ev_defer_cb cb, void *arg)
{
	d->loop = loop;
	d->next = NULL;
	d->queued = false;
	d->cb = cb;
	d->arg = arg;
}

void ev_defer_schedule(struct ev_defer *d)
{
	struct ev_loop *loop = d->loop;

	if (d->queued || !loop)
		return;
	d->next = NULL;
	d->queued = true;
	if (loop->defer_tail)
		loop->defer_tail->next = d;
	else
		loop->defer_head = d;
	loop->defer_tail = d;
}

void ev_defer_cancel(struct ev_defer *d)
{
	struct ev_loop *loop = d->loop;
	struct ev_defer **pp, *prev = NULL;

	if (!d->queued || !loop)
		return;
	for (pp = &loop->defer_head; *pp; prev = *pp, pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			if (loop->defer_tail == d)
				loop->defer_tail = prev;
			break;
		}
	}
	d->next = NULL;
	d->queued = false;
}

bool ev_defer_queued(const struct ev_defer *d)
{
	return d->queued;
}
