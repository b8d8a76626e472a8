/*
 * The control socket: listening, accepting, credentials, and the
 * per-connection buffers.  Requests are answered one at a time and in
 * order; while a response is being written nothing more is read, so a
 * client that does not read its replies only stalls itself.
 */
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/evloop.h"
#include "common/log.h"
#include "vtid/ctl/ctl_conn.h"
#include "vtid/ctl/ctl_server.h"
#include "vtid/daemon.h"

static int mkdir_parents(const char *path, struct strbuf *err)
{
	char *copy = strdup(path), *dir;
	struct stat st;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	dir = dirname(copy);
	if (stat(dir, &st) == 0)
		goto out;
	ret = mkdir_parents(dir, err);
	if (ret == 0 && mkdir(dir, 0755) < 0 && errno != EEXIST) {
		ret = -errno;
		sb_printf(err, "cannot create %s: %s\n", dir, strerror(errno));
	}
out:
	free(copy);
	return ret;
}

/* A socket file left by a vtid that died is replaced; a live one is not. */
static int stale_socket_remove(const struct sockaddr_un *sun, struct strbuf *err)
{
	struct stat st;
	int fd, ret;

	if (lstat(sun->sun_path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode)) {
		sb_printf(err, "%s exists and is not a socket\n", sun->sun_path);
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	if (ret == 0) {
		sb_printf(err, "another vtid is serving %s\n", sun->sun_path);
		return -EADDRINUSE;
	}
	if (unlink(sun->sun_path) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

static void ctl_server_accept(struct ev_io *io, unsigned revents, void *arg)
{
	struct ctl_server *srv = arg;
	int fd;

	(void)io;
	(void)revents;
	for (;;) {
		fd = accept4(srv->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_fault(LOGM_CTL, "accept on %s: %s", srv->path, strerror(errno));
			return;
		}
		ctl_conn_accept(srv, fd);
	}
}

struct ctl_server *ctl_server_new(struct vtid_daemon *d, const char *path, struct strbuf *err)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct ctl_server *srv;
	struct group *gr;
	struct stat st;
	mode_t old;
	int ret;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		sb_printf(err, "socket path too long: %s\n", path);
		return NULL;
	}
	strcpy(sun.sun_path, path);
	srv = calloc(1, sizeof(*srv));
	if (!srv || !(srv->path = strdup(path))) {
		sb_add(err, "out of memory\n");
		free(srv);
		return NULL;
	}
	srv->d = d;
	srv->fd = -1;
	gr = getgrnam("vtid");
	if (gr) {
		srv->have_gid = true;
		srv->gid = gr->gr_gid;
	}
	ret = mkdir_parents(path, err);
	if (ret == 0)
		ret = stale_socket_remove(&sun, err);
	if (ret < 0)
		goto fail;
	srv->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (srv->fd < 0)
		goto fail_errno;
	/* The umask makes the socket 0660 from its first moment. */
	old = umask(0117);
	ret = bind(srv->fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (ret < 0)
		goto fail_errno;
	srv->bound = true;
	if (chmod(path, 0660) < 0 || lstat(path, &st) < 0)
		goto fail_errno;
	srv->ino = st.st_ino;
	if (srv->have_gid && chown(path, (uid_t)-1, srv->gid) < 0)
		log_warn(LOGM_CTL, "cannot give %s to group vtid: %s", path, strerror(errno));
	if (listen(srv->fd, CTL_MAX_CONNECTIONS) < 0)
		goto fail_errno;
	if (d->loop) {
		ret = ev_io_start(d->loop, &srv->io, srv->fd, EV_READ, ctl_server_accept, srv);
		if (ret < 0) {
			sb_printf(err, "cannot watch %s: %s\n", path, strerror(-ret));
			goto fail;
		}
	}
	log_info(LOGM_CTL, "listening on %s", path);
	return srv;
fail_errno:
	sb_printf(err, "control socket %s: %s\n", path, strerror(errno));
fail:
	ctl_server_free(srv);
	return NULL;
}

void ctl_server_free(struct ctl_server *srv)
{
	struct stat st;

	if (!srv)
		return;
	while (srv->conns)
		ctl_conn_close(srv->conns);
	ev_io_stop(&srv->io);
	if (srv->fd >= 0)
		close(srv->fd);
	/* Only the socket we made: a newer vtid may own the path by now. */
	if (srv->bound && lstat(srv->path, &st) == 0 && st.st_ino == srv->ino)
		unlink(srv->path);
	free(srv->path);
	free(srv);
}

size_t ctl_server_connections(const struct ctl_server *srv)
{
	return srv->nconns;
}
