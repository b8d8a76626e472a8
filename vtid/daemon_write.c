/*
 * write memory: save the running configuration to the -f file without ever
 * leaving a half-written file in its place.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fdio.h"
#include "common/log.h"
#include "common/secret.h"
#include "vtid/conf/conf.h"
#include "vtid/daemon.h"

static void fsync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		/* Without it the rename may not survive a crash. */
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

/* FILE.bak becomes the file as it was.  A failure is reported but does not
 * stop the write: saving the configuration matters more than the backup. */
static void backup_make(const char *path, struct strbuf *err)
{
	char bak[4096 + 8];
	int ret = 0;

	if (access(path, F_OK) < 0)
		return;
	snprintf(bak, sizeof(bak), "%s.bak", path);
	if (unlink(bak) < 0 && errno != ENOENT)
		ret = -errno;
	else if (link(path, bak) < 0)
		ret = -errno;
	if (ret < 0) {
		sb_printf(err, "Warning: cannot keep a backup in %s: %s\n", bak, strerror(-ret));
		log_warn(LOGM_MAIN, "cannot keep a backup in %s: %s", bak, strerror(-ret));
	}
}

int vtid_daemon_write(struct vtid_daemon *d, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	char *tmp = NULL;
	int fd = -1, ret;

	if (!d->conf_path) {
		sb_add(err, "% vtid was started without a configuration file; nothing to write to\n");
		return -ENOENT;
	}
	ret = conf_render(d->running, CONF_RENDER_SECRETS, &text);
	if (ret == 0 && text.err)
		ret = -ENOMEM;
	if (ret < 0) {
		sb_printf(err, "%% cannot render the configuration: %s\n", strerror(-ret));
		goto out;
	}
	if (asprintf(&tmp, "%s.tmpXXXXXX", d->conf_path) < 0) {
		tmp = NULL;
		ret = -ENOMEM;
		goto out;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		sb_printf(err, "%% cannot create a file next to %s: %s\n", d->conf_path,
			  strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, 0600) < 0 || (ret = fd_write_all(fd, sb_str(&text), text.len)) < 0 ||
	    fsync(fd) < 0) {
		ret = ret ? ret : -errno;
		sb_printf(err, "%% cannot write %s: %s\n", tmp, strerror(-ret));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		ret = -errno;
		sb_printf(err, "%% cannot write %s: %s\n", tmp, strerror(-ret));
		goto out;
	}
	fd = -1;
	backup_make(d->conf_path, err);
	if (rename(tmp, d->conf_path) < 0) {
		ret = -errno;
		sb_printf(err, "%% cannot replace %s: %s\n", d->conf_path, strerror(errno));
	}
	if (ret == 0) {
		fsync_dir(d->conf_path);
		log_notice(LOGM_MAIN, "configuration written to %s", d->conf_path);
	}
out:
	if (fd >= 0)
		close(fd);
	if (tmp && ret < 0)
		unlink(tmp);
	free(tmp);
	/* The text holds the PSKs. */
	if (text.s)
		secret_wipe(text.s, text.cap);
	sb_free(&text);
	return ret;
}
