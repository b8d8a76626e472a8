/*
 * Writing a whole buffer to a file or a socket.
 */
#include <errno.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/fdio.h"

int fd_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	bool sock = true;

	while (n) {
		ssize_t w = sock ? send(fd, c, n, MSG_NOSIGNAL) : write(fd, c, n);

		/* Only send() can keep SIGPIPE away; files need write(). */
		if (w < 0 && errno == ENOTSOCK && sock) {
			sock = false;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}
