/*
 * Running the daemon: signals and the loop.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "common/evloop.h"
#include "common/log.h"
#include "vtid/daemon.h"

static void on_stop(int signo, void *arg)
{
	struct vtid_daemon *d = arg;

	log_notice(LOGM_MAIN, "%s: shutting down", strsignal(signo));
	ev_loop_break(d->loop);
}

static void on_reload(int signo, void *arg)
{
	struct vtid_daemon *d = arg;
	struct strbuf err = STRBUF_INIT;

	(void)signo;
	log_notice(LOGM_MAIN, "SIGHUP: reloading %s", d->conf_path ? d->conf_path : "(none)");
	/* Failures were logged line by line by the loader. */
	(void)vtid_daemon_load(d, false, &err);
	sb_free(&err);
}

int vtid_daemon_run(struct vtid_daemon *d)
{
	int ret;

	signal(SIGPIPE, SIG_IGN);
	if ((ret = ev_signal_add(d->loop, SIGTERM, on_stop, d)) < 0 ||
	    (ret = ev_signal_add(d->loop, SIGINT, on_stop, d)) < 0 ||
	    (ret = ev_signal_add(d->loop, SIGHUP, on_reload, d)) < 0) {
		log_fault(LOGM_MAIN, "cannot watch signals: %s", strerror(-ret));
		return ret;
	}
	log_notice(LOGM_MAIN, "vtid started");
	ret = ev_loop_run(d->loop);
	if (ret < 0)
		log_fault(LOGM_MAIN, "event loop: %s", strerror(-ret));
	return ret;
}
