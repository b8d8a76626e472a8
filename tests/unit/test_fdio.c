/*
 * fd_write_all: a file gets every byte; a socket whose peer has gone gives
 * -EPIPE, and the test process is not killed by SIGPIPE.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/fdio.h"
#include "tests/unit/check_main.h"

START_TEST(test_file_gets_everything)
{
	char path[] = "/tmp/test_fdio.XXXXXX", back[300000];
	static char text[sizeof(back)];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + i % 26);
	ck_assert_int_eq(fd_write_all(fd, text, sizeof(text)), 0);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	ck_assert_int_eq(read(fd, back, sizeof(back)), (ssize_t)sizeof(back));
	ck_assert(memcmp(text, back, sizeof(back)) == 0);
	close(fd);
}
END_TEST

START_TEST(test_socket_peer_gone)
{
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[1]);
	ck_assert_int_eq(fd_write_all(sv[0], "x", 1), -EPIPE);
	close(sv[0]);
}
END_TEST

START_TEST(test_bad_fd)
{
	ck_assert_int_eq(fd_write_all(-1, "x", 1), -EBADF);
}
END_TEST

static Suite *fdio_suite(void)
{
	Suite *s = suite_create("fdio");
	TCase *tc = tcase_create("write_all");

	tcase_add_test(tc, test_file_gets_everything);
	tcase_add_test(tc, test_socket_peer_gone);
	tcase_add_test(tc, test_bad_fd);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(fdio_suite());
}
