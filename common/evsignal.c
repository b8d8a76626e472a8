/*
 * Signals through one signalfd per loop.  The signal is blocked for the
 * process, so it is never delivered asynchronously and the callback runs
 * as ordinary loop work, free to do anything.
 */
#include "common/evloop.h"

#include <errno.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "common/evloop_internal.h"
#include "common/log.h"

static void ev_signal_read(struct ev_io *io, unsigned revents, void *arg)
{
	struct ev_loop *loop = arg;
	struct signalfd_siginfo si;

	(void)revents;
	for (;;) {
		ssize_t n = read(io->fd, &si, sizeof(si));

		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(si))
			return; /* EAGAIN: drained */
		if (si.ssi_signo < NSIG && loop->sig[si.ssi_signo].cb)
			loop->sig[si.ssi_signo].cb((int)si.ssi_signo, loop->sig[si.ssi_signo].arg);
	}
}

int ev_signal_add(struct ev_loop *loop, int signo, ev_signal_cb cb, void *arg)
{
	sigset_t one, mask, old;
	int fd, rc;

	if (!loop || signo <= 0 || signo >= NSIG || signo == SIGKILL || signo == SIGSTOP)
		return -EINVAL;
	sigemptyset(&one);
	if (sigaddset(&one, signo) < 0)
		return -EINVAL;
	mask = loop->sigmask;
	sigaddset(&mask, signo);

	/* Block first: a signal arriving between the two calls then waits in
	 * the signalfd instead of killing the process. */
	if (sigprocmask(SIG_BLOCK, &one, &old) < 0)
		return -errno;
	fd = signalfd(loop->sigfd, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto undo;
	}
	if (loop->sigfd < 0) {
		rc = ev_io_start(loop, &loop->sig_io, fd, EV_READ, ev_signal_read, loop);
		if (rc) {
			close(fd);
			goto undo;
		}
		loop->sigfd = fd;
	}
	loop->sigmask = mask;
	loop->sig[signo].cb = cb;
	loop->sig[signo].arg = arg;
	return 0;

undo:
	if (!sigismember(&old, signo))
		sigprocmask(SIG_UNBLOCK, &one, NULL);
	log_fault(LOGM_EV, "signal %d: %s", signo, strerror(-rc));
	return rc;
}

/* The signals stay blocked: unblocking them now would let a late SIGTERM
 * kill a process that is shutting down in order. */
void ev_signals_close(struct ev_loop *loop)
{
	if (loop->sigfd < 0)
		return;
	ev_io_stop(&loop->sig_io);
	close(loop->sigfd);
	loop->sigfd = -1;
}
