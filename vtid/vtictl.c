/*
 * vtictl: the shell.  `-c CMD` (repeatable) runs commands in one session;
 * otherwise an interactive shell on a terminal, or the lines of stdin.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vtid/vtictl.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vtictl [-S SOCKET] [-c COMMAND]...\n"
		"  -S SOCKET   vtid's control socket (default %s)\n"
		"  -c COMMAND  run COMMAND; several run in order in one session, stopping\n"
		"              at the first that fails\n"
		"  -V          print the version and exit\n"
		"Without -c: an interactive shell on a terminal, else the lines of stdin.\n",
		CTL_DEFAULT_SOCKET);
}

/* Each line in order; stop at the first failure. */
static int run_lines(struct vtictl *v, char **lines, size_t n)
{
	for (size_t i = 0; i < n && !v->closed; i++) {
		int ret = vtictl_run(v, lines[i]);

		if (ret != 0)
			return 1;
	}
	return vtictl_finish(v) == 0 ? 0 : 1;
}

static int run_stdin(struct vtictl *v)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = 0;

	while (!v->closed && (n = getline(&line, &cap, stdin)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (line[strspn(line, " \t")] == '\0')
			continue;
		if (vtictl_run(v, line) != 0) {
			ret = 1;
			break;
		}
	}
	free(line);
	if (ret == 0 && vtictl_finish(v) != 0)
		ret = 1;
	return ret;
}

int main(int argc, char **argv)
{
	const char *path = CTL_DEFAULT_SOCKET;
	char **cmds = calloc((size_t)argc + 1, sizeof(*cmds));
	size_t ncmds = 0;
	struct vtictl v;
	int c, ret;

	if (!cmds)
		return 1;
	while ((c = getopt(argc, argv, "S:c:Vh")) != -1) {
		switch (c) {
		case 'S':
			path = optarg;
			break;
		case 'c':
			cmds[ncmds++] = optarg;
			break;
		case 'V':
			printf("vtictl %s\n", PACKAGE_VERSION);
			free(cmds);
			return 0;
		case 'h':
			usage(stdout);
			free(cmds);
			return 0;
		default:
			usage(stderr);
			free(cmds);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "vtictl: unexpected argument %s (quote a command with -c)\n",
			argv[optind]);
		free(cmds);
		return 2;
	}
	if (vtictl_connect(&v, path) < 0) {
		free(cmds);
		return 1;
	}
	if (ncmds)
		ret = run_lines(&v, cmds, ncmds);
	else if (isatty(STDIN_FILENO))
		ret = vtictl_interactive(&v);
	else
		ret = run_stdin(&v);
	vtictl_close(&v);
	free(cmds);
	return ret;
}
