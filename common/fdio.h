/*
 * Writing a whole buffer to a file or a socket.
 */
#ifndef VT_COMMON_FDIO_H
#define VT_COMMON_FDIO_H

#include <stddef.h>

/*
 * Write all n bytes of p to fd, going on after short writes and EINTR.
 * A socket is written with MSG_NOSIGNAL, so a peer that has gone away
 * gives -EPIPE rather than SIGPIPE.  Returns 0 or a negative errno; on
 * an error some of the bytes may have been written.
 */
int fd_write_all(int fd, const void *p, size_t n);

#endif
