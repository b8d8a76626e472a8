/*
 * common/evloop: timer order and cancellation, callbacks that change other
 * handles, io readiness, a stopped io with a pending event, signals through
 * signalfd, and the deferred-work cap.  No upper bounds on time: a slow
 * machine may only make the tests slower.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/evloop.h"
#include "tests/unit/check_main.h"

static struct ev_loop *loop;

static void setup(void)
{
	loop = ev_loop_new();
	ck_assert_ptr_nonnull(loop);
}

static void teardown(void)
{
	ev_loop_free(loop);
	loop = NULL;
}

/* Run passes until *done or a generous pass limit (a hang is a failure,
 * not a wait). */
static void run_until(const bool *done)
{
	int i;

	for (i = 0; i < 2000 && !*done; i++)
		ck_assert_int_eq(ev_loop_run_once(loop, 50), 0);
	ck_assert(*done);
}

/* ---- timers --------------------------------------------------------------- */

#define N_ORDER 64

struct fired {
	int order[N_ORDER * 20];
	uint64_t expires[N_ORDER * 20];
	uint64_t seq[N_ORDER * 20];
	int n;
	bool done;
	int want;
};

static struct fired fired;

struct idx_timer {
	struct ev_timer t;
	int id;
};

static void record_cb(struct ev_timer *t, void *arg)
{
	struct idx_timer *it = arg;

	ck_assert(!ev_timer_armed(t));
	ck_assert_uint_eq(t->heap_index, SIZE_MAX);
	fired.order[fired.n] = it->id;
	fired.expires[fired.n] = t->expires_ms;
	fired.seq[fired.n] = t->seq;
	fired.n++;
	if (fired.n == fired.want)
		fired.done = true;
}

START_TEST(test_timer_equal_delay_fires_in_arming_order)
{
	struct idx_timer ts[N_ORDER];
	int i;

	memset(&fired, 0, sizeof(fired));
	fired.want = N_ORDER;
	for (i = 0; i < N_ORDER; i++) {
		ts[i].id = i;
		ev_timer_init(&ts[i].t, loop, record_cb, &ts[i]);
		ck_assert_uint_eq(ts[i].t.heap_index, SIZE_MAX);
		ev_timer_arm(&ts[i].t, 5);
	}
	run_until(&fired.done);
	for (i = 0; i < N_ORDER; i++)
		ck_assert_int_eq(fired.order[i], i);
}
END_TEST

START_TEST(test_timer_different_delays)
{
	static const uint64_t delays[] = {40, 0, 20, 0, 10, 30};
	struct idx_timer ts[6];
	int want[6], i, j;

	memset(&fired, 0, sizeof(fired));
	fired.want = 6;
	for (i = 0; i < 6; i++) {
		ts[i].id = i;
		ev_timer_init(&ts[i].t, loop, record_cb, &ts[i]);
		ev_timer_arm(&ts[i].t, delays[i]);
	}
	/* The expected order is (expires, seq) as armed; with no delay between
	 * the arms it is {1, 3, 4, 2, 5, 0}, but a preempted test must not
	 * fail, so sort what was actually armed. */
	for (i = 0; i < 6; i++) {
		for (j = i; j > 0; j--) {
			const struct ev_timer *x = &ts[want[j - 1]].t, *y = &ts[i].t;

			if (x->expires_ms < y->expires_ms ||
			    (x->expires_ms == y->expires_ms && x->seq < y->seq))
				break;
			want[j] = want[j - 1];
		}
		want[j] = i;
	}
	run_until(&fired.done);
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(fired.order[i], want[i]);
	ck_assert_int_ne(fired.order[0], 0); /* the 40 ms one is never first */
}
END_TEST

/* Many timers, random delays and cancels: what fires is exactly what was
 * not cancelled, in (expires, seq) order. */
START_TEST(test_timer_heap_stress)
{
	enum { N = 1000 };
	static struct idx_timer ts[N];
	uint64_t rnd = 12345;
	bool cancelled[N];
	int i, live = 0;

	memset(&fired, 0, sizeof(fired));
	for (i = 0; i < N; i++) {
		rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
		ts[i].id = i;
		ev_timer_init(&ts[i].t, loop, record_cb, &ts[i]);
		ev_timer_arm(&ts[i].t, (rnd >> 33) % 40);
	}
	for (i = 0; i < N; i++) {
		rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
		cancelled[i] = (rnd >> 40) % 3 == 0;
		if (cancelled[i])
			ev_timer_cancel(&ts[i].t);
		else if ((rnd >> 20) % 5 == 0)
			ev_timer_arm(&ts[i].t, (rnd >> 45) % 40); /* re-arm while armed */
		live += !cancelled[i];
	}
	fired.want = live;
	run_until(&fired.done);
	ck_assert_int_eq(fired.n, live);
	for (i = 0; i < fired.n; i++) {
		ck_assert(!cancelled[fired.order[i]]);
		if (i > 0) {
			ck_assert(fired.expires[i] >= fired.expires[i - 1]);
			if (fired.expires[i] == fired.expires[i - 1])
				ck_assert(fired.seq[i] > fired.seq[i - 1]);
		}
	}
	/* Nothing left, nothing fires later. */
	ck_assert_int_eq(ev_loop_run_once(loop, 60), 0);
	ck_assert_int_eq(fired.n, live);
}
END_TEST

static int count_cb_calls;

static void count_cb(struct ev_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	count_cb_calls++;
}

START_TEST(test_timer_cancel_twice)
{
	struct ev_timer t, zeroed;

	count_cb_calls = 0;
	ev_timer_init(&t, loop, count_cb, NULL);
	ev_timer_cancel(&t); /* never armed */
	ck_assert(!ev_timer_armed(&t));
	ev_timer_arm(&t, 0);
	ck_assert(ev_timer_armed(&t));
	ev_timer_cancel(&t);
	ev_timer_cancel(&t);
	ck_assert(!ev_timer_armed(&t));
	ck_assert_uint_eq(t.heap_index, SIZE_MAX);
	ck_assert_uint_eq(ev_timer_remaining_ms(&t), 0);
	ck_assert_int_eq(ev_loop_run_once(loop, 20), 0);
	ck_assert_int_eq(count_cb_calls, 0);

	/* After it fired, cancel is a no-op too. */
	ev_timer_arm(&t, 0);
	ck_assert_int_eq(ev_loop_run_once(loop, 20), 0);
	ck_assert_int_eq(count_cb_calls, 1);
	ev_timer_cancel(&t);
	ev_timer_cancel(&t);

	/* A zeroed timer that was never initialised does no harm either. */
	memset(&zeroed, 0, sizeof(zeroed));
	ev_timer_cancel(&zeroed);
}
END_TEST

START_TEST(test_timer_remaining)
{
	struct ev_timer t;
	uint64_t left;

	ev_timer_init(&t, loop, count_cb, NULL);
	ev_timer_arm(&t, 100000);
	left = ev_timer_remaining_ms(&t);
	ck_assert_uint_gt(left, 0);
	ck_assert_uint_le(left, 100000);
	/* Re-arming moves it, never duplicates it. */
	ev_timer_arm(&t, 200000);
	ck_assert_uint_gt(ev_timer_remaining_ms(&t), 100000);
	ev_timer_cancel(&t);
	ck_assert_uint_eq(ev_timer_remaining_ms(&t), 0);
}
END_TEST

struct rearm {
	struct ev_timer t;
	int calls;
	int passes_seen;
};

static void rearm_cb(struct ev_timer *t, void *arg)
{
	struct rearm *r = arg;

	r->calls++;
	if (r->calls < 4)
		ev_timer_arm(t, 0);
}

START_TEST(test_timer_rearm_from_callback)
{
	struct rearm r = {.calls = 0};
	int pass;

	ev_timer_init(&r.t, loop, rearm_cb, &r);
	ev_timer_arm(&r.t, 0);
	/* Delay 0 from its own callback waits for the next pass: one call
	 * per pass, never a spin inside one. */
	for (pass = 1; pass <= 4; pass++) {
		ck_assert_int_eq(ev_loop_run_once(loop, 100), 0);
		ck_assert_int_eq(r.calls, pass);
	}
	ck_assert(!ev_timer_armed(&r.t));
	ck_assert_int_eq(ev_loop_run_once(loop, 10), 0);
	ck_assert_int_eq(r.calls, 4);
}
END_TEST

struct pair {
	struct ev_timer a;
	struct ev_timer *b; /* heap-allocated, freed by a's callback */
	int a_calls;
	int b_calls;
};

static void pair_b_cb(struct ev_timer *t, void *arg)
{
	struct pair *p = arg;

	(void)t;
	p->b_calls++;
}

static void pair_a_cb(struct ev_timer *t, void *arg)
{
	struct pair *p = arg;

	(void)t;
	p->a_calls++;
	ev_timer_cancel(p->b);
	free(p->b);
	p->b = NULL;
}

START_TEST(test_timer_cancel_other_from_callback)
{
	struct pair p = {.a_calls = 0};
	struct ev_timer c;

	count_cb_calls = 0;
	p.b = malloc(sizeof(*p.b));
	ck_assert_ptr_nonnull(p.b);
	ev_timer_init(&p.a, loop, pair_a_cb, &p);
	ev_timer_init(p.b, loop, pair_b_cb, &p);
	ev_timer_init(&c, loop, count_cb, NULL);
	/* All three due in the same pass; a runs first and frees b. */
	ev_timer_arm(&p.a, 0);
	ev_timer_arm(p.b, 0);
	ev_timer_arm(&c, 0);
	ck_assert_int_eq(ev_loop_run_once(loop, 50), 0);
	ck_assert_int_eq(p.a_calls, 1);
	ck_assert_int_eq(p.b_calls, 0);
	ck_assert_int_eq(count_cb_calls, 1);
}
END_TEST

struct delay_probe {
	struct ev_timer t;
	uint64_t fired_at;
	bool done;
};

static void delay_cb(struct ev_timer *t, void *arg)
{
	struct delay_probe *d = arg;

	(void)t;
	d->fired_at = ev_now_ms();
	d->done = true;
}

START_TEST(test_timer_fires_after_delay)
{
	struct delay_probe d = {.done = false};
	uint64_t start = ev_now_ms();

	ev_timer_init(&d.t, loop, delay_cb, &d);
	ev_timer_arm(&d.t, 30);
	run_until(&d.done);
	ck_assert_uint_ge(d.fired_at - start, 30);
}
END_TEST

static void break_cb(struct ev_timer *t, void *arg)
{
	(void)t;
	ev_loop_break(arg);
}

START_TEST(test_loop_run_and_break)
{
	struct ev_timer t;
	uint64_t start = ev_now_ms();

	ev_timer_init(&t, loop, break_cb, loop);
	ev_timer_arm(&t, 20);
	ck_assert_int_eq(ev_loop_run(loop), 0);
	ck_assert_uint_ge(ev_now_ms() - start, 20);
}
END_TEST

/* ---- file descriptors ------------------------------------------------------- */

struct io_probe {
	struct ev_io io;
	int calls;
	unsigned revents;
};

static void io_probe_cb(struct ev_io *io, unsigned revents, void *arg)
{
	struct io_probe *p = arg;
	char buf[64];

	p->calls++;
	p->revents = revents;
	if (revents & EV_READ) {
		/* Drain, so a level-triggered fd goes quiet. */
		while (read(io->fd, buf, sizeof(buf)) > 0)
			;
	}
}

static void make_pair(int sv[2])
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
}

START_TEST(test_io_readiness)
{
	struct io_probe p = {.calls = 0};
	int sv[2];

	make_pair(sv);
	ck_assert(!ev_io_active(&p.io));
	ck_assert_int_eq(ev_io_start(loop, &p.io, sv[0], EV_READ, io_probe_cb, &p), 0);
	ck_assert(ev_io_active(&p.io));
	/* Nothing to read: the pass times out without a call. */
	ck_assert_int_eq(ev_loop_run_once(loop, 10), 0);
	ck_assert_int_eq(p.calls, 0);

	ck_assert_int_eq(write(sv[1], "ping", 4), 4);
	ck_assert_int_eq(ev_loop_run_once(loop, 1000), 0);
	ck_assert_int_eq(p.calls, 1);
	ck_assert_uint_eq(p.revents, EV_READ);

	/* Writable right away once asked for. */
	ck_assert_int_eq(ev_io_modify(&p.io, EV_READ | EV_WRITE), 0);
	ck_assert_int_eq(ev_loop_run_once(loop, 1000), 0);
	ck_assert_int_eq(p.calls, 2);
	ck_assert_uint_eq(p.revents, EV_WRITE);

	/* Stopped: no more calls; stop twice is fine. */
	ev_io_stop(&p.io);
	ev_io_stop(&p.io);
	ck_assert(!ev_io_active(&p.io));
	ck_assert_int_eq(ev_io_modify(&p.io, EV_READ), -EINVAL);
	ck_assert_int_eq(write(sv[1], "x", 1), 1);
	ck_assert_int_eq(ev_loop_run_once(loop, 10), 0);
	ck_assert_int_eq(p.calls, 2);

	/* Restart, then the peer goes away: EOF is reported as readable. */
	ck_assert_int_eq(ev_io_start(loop, &p.io, sv[0], EV_READ, io_probe_cb, &p), 0);
	close(sv[1]);
	ck_assert_int_eq(ev_loop_run_once(loop, 1000), 0);
	ck_assert_int_eq(p.calls, 3);
	ck_assert(p.revents & EV_READ);
	ev_io_stop(&p.io);
	close(sv[0]);
}
END_TEST

START_TEST(test_io_bad_args)
{
	struct io_probe p = {.calls = 0}, q = {.calls = 0};
	int sv[2];

	make_pair(sv);
	ck_assert_int_eq(ev_io_start(loop, &p.io, -1, EV_READ, io_probe_cb, &p), -EBADF);
	ck_assert_int_eq(ev_io_start(loop, &p.io, sv[0], 0x100, io_probe_cb, &p), -EINVAL);
	ck_assert_int_eq(ev_io_start(loop, &p.io, sv[0], EV_READ, io_probe_cb, &p), 0);
	/* A second io on the same fd is refused, and the first keeps working. */
	ck_assert_int_eq(ev_io_start(loop, &q.io, sv[0], EV_READ, io_probe_cb, &q), -EEXIST);
	ck_assert(!ev_io_active(&q.io));
	ck_assert_int_eq(write(sv[1], "x", 1), 1);
	ck_assert_int_eq(ev_loop_run_once(loop, 1000), 0);
	ck_assert_int_eq(p.calls, 1);
	ck_assert_int_eq(q.calls, 0);
	ev_io_stop(&p.io);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* Two readable fds in one epoll batch.  Whichever callback runs first stops
 * and frees the other io, closes its fd, and starts a third io on a new
 * pipe that reuses that fd number.  The stale event must reach neither the
 * freed io nor the new one. */
struct batch {
	struct ev_io *io[2];
	int sv[2][2];
	int calls[2];
	struct io_probe newcomer;
	int pipefd[2];
	bool reused;
};

static struct batch batch;

static void batch_cb(struct ev_io *io, unsigned revents, void *arg)
{
	int me = (int)(intptr_t)arg, other = !me;
	int oldfd;

	(void)revents;
	ck_assert_ptr_eq(io, batch.io[me]);
	batch.calls[me]++;
	if (!batch.io[other])
		return;
	oldfd = batch.io[other]->fd;
	ev_io_stop(batch.io[other]);
	free(batch.io[other]);
	batch.io[other] = NULL;
	close(batch.sv[other][0]);
	ck_assert_int_eq(pipe2(batch.pipefd, O_NONBLOCK | O_CLOEXEC), 0);
	batch.reused = batch.pipefd[0] == oldfd;
	ck_assert_int_eq(ev_io_start(loop, &batch.newcomer.io, batch.pipefd[0], EV_READ,
				     io_probe_cb, &batch.newcomer),
			 0);
}

START_TEST(test_io_stop_pending_in_same_batch)
{
	int i;

	memset(&batch, 0, sizeof(batch));
	for (i = 0; i < 2; i++) {
		make_pair(batch.sv[i]);
		batch.io[i] = calloc(1, sizeof(struct ev_io));
		ck_assert_ptr_nonnull(batch.io[i]);
		ck_assert_int_eq(ev_io_start(loop, batch.io[i], batch.sv[i][0], EV_READ, batch_cb,
					     (void *)(intptr_t)i),
				 0);
		ck_assert_int_eq(write(batch.sv[i][1], "x", 1), 1);
	}
	ck_assert_int_eq(ev_loop_run_once(loop, 1000), 0);
	ck_assert_int_eq(batch.calls[0] + batch.calls[1], 1);
	ck_assert(batch.reused); /* else the test proved less than it claims */
	ck_assert_int_eq(batch.newcomer.calls, 0);

	/* The new io works normally afterwards. */
	ck_assert_int_eq(write(batch.pipefd[1], "y", 1), 1);
	ck_assert_int_eq(ev_loop_run_once(loop, 1000), 0);
	ck_assert_int_eq(batch.newcomer.calls, 1);
	ck_assert_int_eq(batch.calls[0] + batch.calls[1], 2); /* survivor still readable */

	ev_io_stop(&batch.newcomer.io);
	for (i = 0; i < 2; i++) {
		if (batch.io[i]) {
			ev_io_stop(batch.io[i]);
			free(batch.io[i]);
			close(batch.sv[i][0]);
		}
		close(batch.sv[i][1]);
	}
	close(batch.pipefd[0]);
	close(batch.pipefd[1]);
}
END_TEST

/* ---- signals ------------------------------------------------------------------ */

static int sig_seen[3];

static void sig_cb(int signo, void *arg)
{
	sig_seen[(intptr_t)arg] = signo;
}

START_TEST(test_signals)
{
	int i;

	memset(sig_seen, 0, sizeof(sig_seen));
	ck_assert_int_eq(ev_signal_add(loop, SIGUSR1, sig_cb, (void *)(intptr_t)0), 0);
	ck_assert_int_eq(ev_signal_add(loop, SIGUSR2, sig_cb, (void *)(intptr_t)1), 0);
	ck_assert_int_eq(raise(SIGUSR1), 0);
	for (i = 0; i < 100 && !sig_seen[0]; i++)
		ck_assert_int_eq(ev_loop_run_once(loop, 100), 0);
	ck_assert_int_eq(sig_seen[0], SIGUSR1);
	ck_assert_int_eq(sig_seen[1], 0);

	/* A second add replaces the callback. */
	ck_assert_int_eq(ev_signal_add(loop, SIGUSR2, sig_cb, (void *)(intptr_t)2), 0);
	ck_assert_int_eq(raise(SIGUSR2), 0);
	for (i = 0; i < 100 && !sig_seen[2]; i++)
		ck_assert_int_eq(ev_loop_run_once(loop, 100), 0);
	ck_assert_int_eq(sig_seen[2], SIGUSR2);
	ck_assert_int_eq(sig_seen[1], 0);
}
END_TEST

START_TEST(test_signal_bad)
{
	ck_assert_int_eq(ev_signal_add(loop, 0, sig_cb, NULL), -EINVAL);
	ck_assert_int_eq(ev_signal_add(loop, SIGKILL, sig_cb, NULL), -EINVAL);
	ck_assert_int_eq(ev_signal_add(loop, SIGSTOP, sig_cb, NULL), -EINVAL);
	ck_assert_int_eq(ev_signal_add(loop, 10000, sig_cb, NULL), -EINVAL);
}
END_TEST

/* ---- deferred work ------------------------------------------------------------------ */

#define N_DEFER 200

struct defer_item {
	struct ev_defer d;
	int id;
};

static int defer_order[N_DEFER];
static int defer_ran;

static void defer_cb(struct ev_defer *d, void *arg)
{
	struct defer_item *it = arg;

	ck_assert(!ev_defer_queued(d));
	defer_order[defer_ran++] = it->id;
}

START_TEST(test_defer_cap)
{
	static struct defer_item items[N_DEFER];
	int i, before;

	defer_ran = 0;
	ev_loop_set_defer_cap(loop, 64);
	for (i = 0; i < N_DEFER; i++) {
		items[i].id = i;
		ev_defer_init(&items[i].d, loop, defer_cb, &items[i]);
		ev_defer_schedule(&items[i].d);
		ev_defer_schedule(&items[i].d); /* no-op: already queued */
		ck_assert(ev_defer_queued(&items[i].d));
	}
	/* max_wait -1 would block forever if queued work did not force a
	 * zero timeout: a hang here fails the test by its timeout. */
	ck_assert_int_eq(ev_loop_run_once(loop, -1), 0);
	ck_assert_int_eq(defer_ran, 64);
	ck_assert_int_eq(ev_loop_run_once(loop, -1), 0);
	ck_assert_int_eq(defer_ran, 128);
	ck_assert_int_eq(ev_loop_run_once(loop, -1), 0);
	ck_assert_int_eq(defer_ran, 192);
	ck_assert_int_eq(ev_loop_run_once(loop, -1), 0);
	ck_assert_int_eq(defer_ran, 200);
	for (i = 0; i < N_DEFER; i++)
		ck_assert_int_eq(defer_order[i], i);
	before = defer_ran;
	ck_assert_int_eq(ev_loop_run_once(loop, 0), 0);
	ck_assert_int_eq(defer_ran, before);
}
END_TEST

START_TEST(test_defer_default_cap_and_cancel)
{
	static struct defer_item items[100];
	int i;

	defer_ran = 0;
	for (i = 0; i < 100; i++) {
		items[i].id = i;
		ev_defer_init(&items[i].d, loop, defer_cb, &items[i]);
		ev_defer_schedule(&items[i].d);
	}
	/* Cancel the head, one in the middle and the tail; twice each. */
	ev_defer_cancel(&items[0].d);
	ev_defer_cancel(&items[50].d);
	ev_defer_cancel(&items[99].d);
	ev_defer_cancel(&items[99].d);
	ck_assert(!ev_defer_queued(&items[50].d));
	ck_assert_int_eq(ev_loop_run_once(loop, -1), 0);
	ck_assert_int_eq(defer_ran, 64);
	ck_assert_int_eq(ev_loop_run_once(loop, -1), 0);
	ck_assert_int_eq(defer_ran, 97);
	ck_assert_int_eq(defer_order[0], 1);
	ck_assert_int_eq(defer_order[49], 51);
	ck_assert_int_eq(defer_order[96], 98);
	/* The queue works after cancelling its tail. */
	ev_defer_schedule(&items[99].d);
	ck_assert_int_eq(ev_loop_run_once(loop, -1), 0);
	ck_assert_int_eq(defer_order[97], 99);
}
END_TEST

/* ---- teardown ------------------------------------------------------------------------ */

START_TEST(test_free_with_active_handles)
{
	struct ev_loop *l2 = ev_loop_new();
	struct io_probe p = {.calls = 0};
	struct ev_timer t;
	struct ev_defer d;
	int sv[2];

	ck_assert_ptr_nonnull(l2);
	make_pair(sv);
	ck_assert_int_eq(ev_io_start(l2, &p.io, sv[0], EV_READ, io_probe_cb, &p), 0);
	ev_timer_init(&t, l2, count_cb, NULL);
	ev_timer_arm(&t, 1000);
	ev_defer_init(&d, l2, NULL, NULL);
	ev_defer_schedule(&d);
	ev_loop_free(l2);
	/* Owners tearing down after the loop: all no-ops. */
	ck_assert(!ev_io_active(&p.io));
	ck_assert(!ev_timer_armed(&t));
	ck_assert(!ev_defer_queued(&d));
	ev_io_stop(&p.io);
	ev_timer_cancel(&t);
	ev_defer_cancel(&d);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

static Suite *evloop_suite(void)
{
	Suite *s = suite_create("evloop");
	TCase *tc = tcase_create("timers");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_timer_equal_delay_fires_in_arming_order);
	tcase_add_test(tc, test_timer_different_delays);
	tcase_add_test(tc, test_timer_heap_stress);
	tcase_add_test(tc, test_timer_cancel_twice);
	tcase_add_test(tc, test_timer_remaining);
	tcase_add_test(tc, test_timer_rearm_from_callback);
	tcase_add_test(tc, test_timer_cancel_other_from_callback);
	tcase_add_test(tc, test_timer_fires_after_delay);
	tcase_add_test(tc, test_loop_run_and_break);
	suite_add_tcase(s, tc);

	tc = tcase_create("io");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_io_readiness);
	tcase_add_test(tc, test_io_bad_args);
	tcase_add_test(tc, test_io_stop_pending_in_same_batch);
	suite_add_tcase(s, tc);

	tc = tcase_create("signals");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_signals);
	tcase_add_test(tc, test_signal_bad);
	suite_add_tcase(s, tc);

	tc = tcase_create("defer");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_defer_cap);
	tcase_add_test(tc, test_defer_default_cap_and_cancel);
	tcase_add_test(tc, test_free_with_active_handles);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(evloop_suite());
}
