/*
 * Shell commands for the namespace tests (tests/unit/dp_lab.c,
 * tests/kernel/test_kern_xfrm.c): ip(8) and the like, run with system(3).
 */
#ifndef VT_TESTS_UNIT_SHELL_CMD_H
#define VT_TESTS_UNIT_SHELL_CMD_H

#include <stdarg.h>
#include <stddef.h>

#define SHELL_CMD_MAX 512 /* longer commands are cut */

/* Run the command fmt and ap make: its exit status, or -1 when it did not
 * exit (killed, or no shell).  When cmd is not NULL the command is left
 * there too (n bytes at most, terminated). */
int shell_cmd_vrun(char *cmd, size_t n, const char *fmt, va_list ap);

#endif
