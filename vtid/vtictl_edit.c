/*
 * vtictl's interactive shell (libedit): prompt from the session's mode,
 * history, TAB completion and `?` help, both answered by the daemon.
 */
#include <histedit.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/secret.h"
#include "vtid/cli/cmd.h"
#include "vtid/vtictl.h"

#define HISTORY_SIZE 1000

static struct vtictl *edit_conn; /* libedit callbacks have no argument of ours */
static char edit_host[HOST_NAME_MAX + 1];

static char *edit_prompt(EditLine *el)
{
	static char prompt[HOST_NAME_MAX + 64];
	const struct cmd_mode_info *mi = cmd_mode_info((enum cmd_mode)edit_conn->mode);

	(void)el;
	snprintf(prompt, sizeof(prompt), "%s%s# ", edit_host, mi ? mi->prompt : "");
	return prompt;
}

/* The line from its start to the cursor, NUL-terminated (free it). */
static char *edit_line_to_cursor(EditLine *el)
{
	const LineInfo *li = el_line(el);
	size_t n = (size_t)(li->cursor - li->buffer);
	char *s = malloc(n + 1);

	if (s) {
		memcpy(s, li->buffer, n);
		s[n] = '\0';
	}
	return s;
}

static unsigned char edit_help(EditLine *el, int ch)
{
	struct vtictl_reply r;
	char *line = edit_line_to_cursor(el);

	(void)ch;
	if (!line || vtictl_request(edit_conn, CTL_T_HELP, line, &r) < 0) {
		free(line);
		return CC_EOF;
	}
	free(line);
	fputc('\n', stdout);
	if (r.len == 0)
		fputs("% There is no matched command.\n", stdout);
	else
		fwrite(r.text, 1, r.len, stdout);
	fflush(stdout);
	vtictl_reply_free(&r);
	return CC_REDISPLAY;
}

static void edit_list(const char *text)
{
	size_t width = 0, col = 0, n;
	const char *p;

	for (p = text; *p; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		if (n > width)
			width = n;
	}
	fputc('\n', stdout);
	for (p = text; *p; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		if (col && col + width + 2 > 78) {
			fputc('\n', stdout);
			col = 0;
		}
		fprintf(stdout, "%-*.*s", (int)(width + 2), (int)n, p);
		col += width + 2;
	}
	fputc('\n', stdout);
	fflush(stdout);
}

static unsigned char edit_complete(EditLine *el, int ch)
{
	struct vtictl_reply r;
	char *line = edit_line_to_cursor(el);
	const char *word, *first, *p;
	size_t wlen, common, count = 0;
	unsigned char ret = CC_REFRESH;

	(void)ch;
	if (!line || vtictl_request(edit_conn, CTL_T_COMPLETE, line, &r) < 0) {
		free(line);
		return CC_EOF;
	}
	word = strrchr(line, ' ');
	word = word ? word + 1 : line;
	wlen = strlen(word);
	/* Candidates are whole words starting with the typed part: how much
	 * do they all share? */
	first = r.text;
	common = strcspn(first, "\n");
	for (p = r.text; *p; count++) {
		size_t n = strcspn(p, "\n"), k = 0;

		while (k < common && k < n && p[k] == first[k])
			k++;
		common = k;
		p += n + (p[n] == '\n');
	}
	if (count == 0) {
		ret = CC_REFRESH_BEEP;
	} else if (count == 1 && common >= wlen) {
		char *ins = strndup(first + wlen, common - wlen);

		if (ins) {
			el_insertstr(el, ins);
			el_insertstr(el, " ");
		}
		free(ins);
	} else if (common > wlen) {
		char *ins = strndup(first + wlen, common - wlen);

		if (ins)
			el_insertstr(el, ins);
		free(ins);
	} else {
		edit_list(r.text);
		ret = CC_REDISPLAY;
	}
	vtictl_reply_free(&r);
	free(line);
	return ret;
}

/* A line that sets a PSK ("psk ...", "no psk ...", abbreviated as "ps ...")
 * is run but never written to the history file. */
static bool vtictl_line_has_secret(const char *line)
{
	const char *w = line + strspn(line, " \t");

	if (strncmp(w, "no", 2) == 0 && (w[2] == ' ' || w[2] == '\t'))
		w += 2 + strspn(w + 2, " \t");
	return strncmp(w, "ps", 2) == 0;
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	char *path;

	if (!home || !*home || asprintf(&path, "%s/.vtictl_history", home) < 0)
		return NULL;
	return path;
}

int vtictl_interactive(struct vtictl *v)
{
	char *hpath = history_path();
	EditLine *el;
	History *hist;
	HistEvent ev;
	const char *line;
	int count, ret = 0;
	char *dot;

	edit_conn = v;
	if (gethostname(edit_host, sizeof(edit_host) - 1) < 0)
		strcpy(edit_host, "vtid");
	dot = strchr(edit_host, '.');
	if (dot)
		*dot = '\0';
	hist = history_init();
	el = el_init("vtictl", stdin, stdout, stderr);
	if (!hist || !el) {
		fprintf(stderr, "vtictl: cannot start the line editor\n");
		free(hpath);
		return 1;
	}
	history(hist, &ev, H_SETSIZE, HISTORY_SIZE);
	history(hist, &ev, H_SETUNIQUE, 1);
	if (hpath)
		history(hist, &ev, H_LOAD, hpath);
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_SIGNAL, 1);
	el_set(el, EL_PROMPT, edit_prompt);
	el_set(el, EL_HIST, history, hist);
	el_set(el, EL_ADDFN, "vt-complete", "Complete the word", edit_complete);
	el_set(el, EL_ADDFN, "vt-help", "Show what may come next", edit_help);
	el_set(el, EL_BIND, "^I", "vt-complete", NULL);
	el_set(el, EL_BIND, "?", "vt-help", NULL);
	el_source(el, NULL);

	while (!v->closed) {
		char *copy;
		size_t n;

		line = el_gets(el, &count);
		if (!line) {
			/* ^D: leave config mode the way `end` does, else quit. */
			fputc('\n', stdout);
			if (v->mode == CMD_MODE_EXEC)
				break;
			if (vtictl_run(v, "end") < 0)
				ret = 1;
			continue;
		}
		n = strcspn(line, "\r\n");
		copy = strndup(line, n);
		if (!copy)
			break;
		if (copy[strspn(copy, " \t")] != '\0') {
			if (!vtictl_line_has_secret(copy))
				history(hist, &ev, H_ENTER, copy);
			if (vtictl_run(v, copy) < 0)
				ret = 1;
		}
		secret_strfree(copy);
	}
	if (hpath) {
		mode_t old = umask(077);

		history(hist, &ev, H_SAVE, hpath);
		umask(old);
	}
	free(hpath);
	el_end(el);
	history_end(hist);
	return ret;
}
