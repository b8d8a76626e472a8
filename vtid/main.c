/*
 * vtid: command line, start-up order, shutdown.
 *
 * Start-up goes from what can fail without side effects to what has them:
 * read and validate the configuration, daemonize, pid file, control socket,
 * and only then apply the configuration.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/evloop.h"
#include "common/log.h"
#include "vtid/conf/conf.h"
#include "vtid/ctl/ctl_proto.h"
#include "vtid/ctl/ctl_server.h"
#include "vtid/daemon.h"
#include "vtid/kroute.h"
#include "vtid/nb.h"

struct vtid_opts {
	const char *conf_path, *pid_path, *sock_path;
	bool check_only, daemonize, verbose;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vtid [-f FILE] [-n] [-d] [-p PIDFILE] [-S SOCKET] [-v] [-V] [-h]\n"
		"  -f FILE     configuration file (default %s)\n"
		"  -n          check the configuration and exit\n"
		"  -d          run in the background (default: foreground, for systemd)\n"
		"  -p PIDFILE  pid file (default %s)\n"
		"  -S SOCKET   control socket (default %s)\n"
		"  -v          debug logging to stderr\n"
		"  -V          print the version and exit\n"
		"  -h          this help\n",
		CONF_DEFAULT_PATH, VTID_DEFAULT_PIDFILE, CTL_DEFAULT_SOCKET);
}

/* Paths are kept absolute: the daemon changes to / and reloads later. */
static char *path_absolute(const char *p)
{
	char cwd[4096];
	char *out;

	if (p[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return strdup(p);
	if (asprintf(&out, "%s/%s", cwd, p) < 0)
		return NULL;
	return out;
}

static void print_lines(FILE *f, const struct strbuf *sb)
{
	const char *s = sb_str(sb);

	fputs(s, f);
	if (sb->len && s[sb->len - 1] != '\n')
		fputc('\n', f);
}

static int check_config(const char *path)
{
	struct strbuf err = STRBUF_INIT;
	struct lyd_node *tree = NULL;
	struct ly_ctx *ctx;
	int ret;

	ctx = conf_ctx_new(&err);
	if (!ctx) {
		print_lines(stderr, &err);
		sb_free(&err);
		return 1;
	}
	ret = conf_load_file(ctx, path, &tree, &err);
	if (ret == 0) {
		printf("%s: configuration OK\n", path);
	} else {
		if (err.len == 0)
			sb_printf(&err, "%s: %s", path, strerror(-ret));
		print_lines(stderr, &err);
	}
	lyd_free_all(tree);
	conf_ctx_free(ctx);
	sb_free(&err);
	return ret == 0 ? 0 : 1;
}

/* Fork; the parent waits for the child to say whether it started (one
 * byte on a pipe) so that `vtid -d` fails visibly.  Returns the pipe's
 * write end in the child, or -1 on error. */
static int daemonize(void)
{
	int p[2];
	char c = '1';
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			c = '1';
		_exit(c == '0' ? 0 : 1);
	}
	close(p[0]);
	setsid();
	if (chdir("/") < 0)
		return -1;
	return p[1];
}

static void daemonize_done(int fd, bool ok, bool keep_stderr)
{
	int null;

	if (fd < 0)
		return;
	if (ok) {
		null = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			if (!keep_stderr)
				dup2(null, STDERR_FILENO);
			close(null);
		}
	}
	(void)!write(fd, ok ? "0" : "1", 1);
	close(fd);
}

static int parse_args(int argc, char **argv, struct vtid_opts *o)
{
	int c;

	*o = (struct vtid_opts){
		.conf_path = CONF_DEFAULT_PATH,
		.pid_path = VTID_DEFAULT_PIDFILE,
		.sock_path = CTL_DEFAULT_SOCKET,
	};
	while ((c = getopt(argc, argv, "f:ndp:S:vVh")) != -1) {
		switch (c) {
		case 'f':
			o->conf_path = optarg;
			break;
		case 'n':
			o->check_only = true;
			break;
		case 'd':
			o->daemonize = true;
			break;
		case 'p':
			o->pid_path = optarg;
			break;
		case 'S':
			o->sock_path = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "vtid: unexpected argument %s\n", argv[optind]);
		usage(stderr);
		return -EINVAL;
	}
	return 0;
}

static int vtid_start(struct vtid_daemon *d, const struct vtid_opts *o, struct strbuf *err)
{
	struct lyd_node *tree = NULL;
	int ret, fd = -1;

	d->verbose = o->verbose;
	d->pid_path = path_absolute(o->pid_path);
	d->sock_path = path_absolute(o->sock_path);
	if (!d->pid_path || !d->sock_path)
		return -ENOMEM;
	ret = vtid_daemon_read(d, true, &tree, err);
	if (ret < 0)
		return ret;
	if (o->daemonize) {
		fd = daemonize();
		if (fd < 0) {
			sb_printf(err, "cannot daemonize: %s\n", strerror(errno));
			lyd_free_all(tree);
			return -errno;
		}
		if (!o->verbose) {
			log_init("vtid", LOG_TO_SYSLOG, log_get_level());
			d->log_syslog = true;
		}
	}
	ret = vtid_pidfile_create(d->pid_path, err);
	if (ret == 0) {
		d->loop = ev_loop_new();
		if (!d->loop)
			ret = -ENOMEM;
		else
			vtid_daemon_bgp_attach(d);
	}
	if (ret == 0) {
		d->ctl = ctl_server_new(d, d->sock_path, err);
		if (!d->ctl)
			ret = -EADDRINUSE;
	}
	/* Routes a vtid that died left behind go before ours come; only now,
	 * when the pid file says no other vtid runs here. */
	if (ret == 0)
		kroute_purge_stale();
	if (ret == 0)
		ret = vtid_daemon_commit(d, tree, err);
	lyd_free_all(tree);
	if (ret == 0)
		log_notice(LOGM_MAIN, "configuration loaded from %s", d->conf_path);
	daemonize_done(fd, ret == 0, o->verbose);
	return ret;
}

int main(int argc, char **argv)
{
	struct strbuf err = STRBUF_INIT;
	struct vtid_daemon d;
	struct vtid_opts o;
	struct ev_loop *loop;
	char *conf_path;
	int ret;

	if (parse_args(argc, argv, &o) < 0)
		return 2;
	if (o.check_only)
		return check_config(o.conf_path);
	log_init("vtid", LOG_TO_STDERR, o.verbose ? LOG_LVL_DEBUG : LOG_LVL_NOTICE);
	conf_path = path_absolute(o.conf_path);
	if (!conf_path || vtid_daemon_init(&d, conf_path, &err) < 0) {
		fprintf(stderr, "vtid: cannot start: ");
		print_lines(stderr, &err);
		free(conf_path);
		sb_free(&err);
		return 1;
	}
	free(conf_path);
	ret = vtid_start(&d, &o, &err);
	if (ret < 0) {
		print_lines(stderr, &err);
		fprintf(stderr, "vtid: not started\n");
	} else {
		ret = vtid_daemon_run(&d);
		log_notice(LOGM_MAIN, "vtid stopped");
	}
	sb_free(&err);
	if (d.pid_path)
		vtid_pidfile_remove(d.pid_path);
	/* Sessions, socket, the modules' objects; the loop goes last, as the
	 * socket's watchers are stopped on it. */
	loop = d.loop;
	vtid_daemon_fini(&d);
	if (loop)
		ev_loop_free(loop);
	return ret < 0 ? 1 : 0;
}
