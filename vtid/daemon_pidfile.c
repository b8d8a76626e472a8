/*
 * The pid file: written once we are the daemon, refused when it names a
 * vtid that is still alive.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vtid/daemon.h"

/* Is pid a running vtid?  A recycled pid of another program is not. */
static bool pid_is_vtid(long pid)
{
	char path[64], buf[256];
	FILE *f;
	size_t n;
	bool yes = false;

	if (pid <= 0 || pid == getpid() || (kill((pid_t)pid, 0) < 0 && errno != EPERM))
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	f = fopen(path, "re");
	if (!f)
		return true; /* no /proc to ask: assume the worst */
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0'; /* argv[0] ends at its own NUL */
	yes = strcmp(basename(buf), "vtid") == 0 || strcmp(basename(buf), "lt-vtid") == 0;
	return yes;
}

int vtid_pidfile_create(const char *path, struct strbuf *err)
{
	char buf[32], *dir, *copy;
	long pid = 0;
	FILE *f;
	int fd, len;

	f = fopen(path, "re");
	if (f) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
		if (pid_is_vtid(pid)) {
			sb_printf(err, "vtid is already running (pid %ld, from %s)\n", pid, path);
			return -EEXIST;
		}
	}
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	dir = dirname(copy);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		sb_printf(err, "cannot create %s: %s\n", dir, strerror(errno));
		free(copy);
		return -errno;
	}
	free(copy);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		sb_printf(err, "cannot write the pid file %s: %s\n", path, strerror(errno));
		return -errno;
	}
	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)len) != len) {
		sb_printf(err, "cannot write the pid file %s\n", path);
		close(fd);
		unlink(path);
		return -EIO;
	}
	close(fd);
	return 0;
}

void vtid_pidfile_remove(const char *path)
{
	char buf[32];
	long pid = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return;
	/* Only our own: a second vtid that was refused must not remove it. */
	if (fgets(buf, sizeof(buf), f) && sscanf(buf, "%ld", &pid) == 1 && pid == (long)getpid())
		unlink(path);
	fclose(f);
}
