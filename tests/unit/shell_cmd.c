/*
 * Shell commands for the namespace tests (tests/unit/shell_cmd.h).
 */
#include "tests/unit/shell_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

int shell_cmd_vrun(char *cmd, size_t n, const char *fmt, va_list ap)
{
	char buf[SHELL_CMD_MAX];
	int rc;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (cmd && n)
		snprintf(cmd, n, "%s", buf);
	rc = system(buf);
	return rc != -1 && WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}
