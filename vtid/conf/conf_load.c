/*
 * Loading a configuration file: bounded reading, one line at a time
 * through the same edit session the shell uses, then validation of the
 * whole.  The loader remembers which line last set each node, so that a
 * problem found only at validation (a must, a missing node) is reported on
 * the line the user has to change.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/secret.h"
#include "vtid/conf/conf_int.h"

struct conf_note {
	char *path;
	int line;
};

struct conf_load_state {
	struct conf_note *notes;
	size_t n, cap;
	struct conf_strs failed; /* paths of edits that failed */
	struct conf_strs scopes; /* blocks in which a line failed */
	bool oom;
};

void conf_load_note(struct conf_load_state *ls, const char *path, int line)
{
	struct conf_note *v;
	size_t cap;

	if (ls->n && ls->notes[ls->n - 1].line == line && strcmp(ls->notes[ls->n - 1].path, path) == 0)
		return;
	if (ls->n == ls->cap) {
		cap = ls->cap ? 2 * ls->cap : 64;
		v = realloc(ls->notes, cap * sizeof(*v));
		if (!v) {
			ls->oom = true;
			return;
		}
		ls->notes = v;
		ls->cap = cap;
	}
	ls->notes[ls->n].path = strdup(path);
	if (!ls->notes[ls->n].path) {
		ls->oom = true;
		return;
	}
	ls->notes[ls->n++].line = line;
}

void conf_load_failed(struct conf_load_state *ls, const char *path)
{
	if (path)
		conf_strs_add(&ls->failed, path);
}

static void conf_load_state_free(struct conf_load_state *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++)
		free(ls->notes[i].path);
	free(ls->notes);
	conf_strs_free(&ls->failed);
	conf_strs_free(&ls->scopes);
}

/* The last line that set a node at or below path; failing that, below
 * its parent, and so on up.  For a missing node: the line that made the
 * nearest entry holding it (the "tunnel aws1" line). */
static int conf_load_line_of(const struct conf_load_state *ls, const char *path, bool missing)
{
	char *p = path ? strdup(path) : NULL, *up;
	int best = 0;
	size_t i;

	while (p && *p && !best) {
		for (i = 0; i < ls->n; i++) {
			if (missing) {
				if (strcmp(ls->notes[i].path, p) == 0 &&
				    (!best || ls->notes[i].line < best))
					best = ls->notes[i].line;
			} else if (ls->notes[i].line > best && conf_path_within(ls->notes[i].path, p)) {
				best = ls->notes[i].line;
			}
		}
		up = conf_path_parent(p);
		free(p);
		p = up;
	}
	free(p);
	return best;
}

/* One diagnostic per line of msg, without the shell's "% ". */
static void conf_load_diag_lines(struct conf_diags *d, int line, const char *msg)
{
	const char *end;

	while (*msg) {
		end = strchr(msg, '\n');
		if (!end)
			end = msg + strlen(msg);
		if (end > msg) {
			if (msg[0] == '%' && msg[1] == ' ')
				msg += 2;
			conf_diags_addf(d, NULL, line, "%.*s", (int)(end - msg), msg);
		}
		msg = *end ? end + 1 : end;
	}
}

static void conf_load_cli(struct ly_ctx *ctx, const char *text, unsigned flags,
			  struct lyd_node **tree, struct conf_diags *d)
{
	struct conf_load_state ls = {0};
	struct conf_edit e;
	struct conf_diags vd = {0};
	struct strbuf out = STRBUF_INIT, lerr = STRBUF_INIT;
	char line[CMD_MAX_LINE];
	const char *p = text, *end;
	bool skip = false, indented;
	size_t len, i, nfailed;
	int lineno = 0, rc;

	memset(&e, 0, sizeof(e));
	if (conf_edit_begin(&e, ctx, NULL)) {
		d->oom = true;
		return;
	}
	e.load = &ls;
	while (*p) {
		end = strchr(p, '\n');
		len = end ? (size_t)(end - p) : strlen(p);
		lineno++;
		if (len && p[len - 1] == '\r')
			len--;
		indented = len && (p[0] == ' ' || p[0] == '\t');
		if (skip && indented)
			goto next;
		skip = false;
		if (len >= CMD_MAX_LINE) {
			conf_diags_addf(d, NULL, lineno,
					"the line is too long (%zu characters; at most %d)", len,
					CMD_MAX_LINE - 1);
			skip = !indented;
			goto next;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		e.line = lineno;
		sb_reset(&lerr);
		nfailed = ls.failed.n;
		rc = conf_edit_line(&e, NULL, 0, line, &out, &lerr);
		secret_wipe(line, len);
		if (rc < 0 && rc != CMD_ERR_EMPTY) {
			conf_load_diag_lines(d, lineno, sb_str(&lerr));
			/* A line that did not parse may have meant to set anything
			 * in its block: what is missing there is not news. */
			if (ls.failed.n == nfailed && e.mode > CMD_MODE_CONFIG &&
			    e.mode_path[e.mode])
				conf_strs_add(&ls.scopes, e.mode_path[e.mode]);
			skip = !indented;
		}
		sb_reset(&out);
next:
		if (!end)
			break;
		p = end + 1;
	}
	sb_free(&out);
	sb_free(&lerr);
	if (conf_valid_run(ctx, &e.candidate, flags, &ls.failed, &ls.scopes, &vd) == 0 && !d->n) {
		*tree = e.candidate;
		e.candidate = NULL;
	}
	for (i = 0; i < vd.n; i++)
		conf_diags_add(d, vd.v[i].path, conf_load_line_of(&ls, vd.v[i].path, vd.v[i].missing), vd.v[i].msg);
	if (vd.oom || ls.oom || ls.failed.oom || ls.scopes.oom)
		d->oom = true;
	conf_diags_free(&vd);
	conf_edit_end(&e);
	conf_load_state_free(&ls);
}

static int conf_load_buf(struct ly_ctx *ctx, const char *name, const char *buf, size_t len,
			 unsigned flags, struct lyd_node **tree, struct strbuf *err)
{
	struct conf_diags d = {0};
	const char *nul, *s;
	char *text;
	size_t i;
	int line;

	*tree = NULL;
	if (len > CONF_MAX_FILE) {
		sb_printf(err, "%s: the file is too large (%zu bytes; at most %u)\n", name, len,
			  CONF_MAX_FILE);
		return -EFBIG;
	}
	nul = memchr(buf, '\0', len);
	if (nul) {
		for (line = 1, s = buf; s < nul; s++)
			line += *s == '\n';
		sb_printf(err, "%s:%d: a NUL byte: this is not a text file\n", name, line);
		return -EINVAL;
	}
	text = malloc(len + 1);
	if (!text) {
		sb_printf(err, "%s: out of memory\n", name);
		return -ENOMEM;
	}
	memcpy(text, buf, len);
	text[len] = '\0';
	for (s = text; *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'; s++)
		;
	if (*s == '{')
		conf_json_load(ctx, text, flags, tree, &d);
	else
		conf_load_cli(ctx, text, flags, tree, &d);
	secret_free(text, len + 1);
	if (d.oom && !d.n)
		conf_diags_add(&d, NULL, 0, "out of memory");
	conf_diags_sort(&d);
	for (i = 0; i < d.n; i++) {
		if (d.v[i].line > 0)
			sb_printf(err, "%s:%d: %s\n", name, d.v[i].line, d.v[i].msg);
		else
			sb_printf(err, "%s: %s\n", name, d.v[i].msg);
	}
	i = d.n;
	if (d.oom) {
		conf_diags_free(&d);
		lyd_free_all(*tree);
		*tree = NULL;
		return -ENOMEM;
	}
	conf_diags_free(&d);
	if (i) {
		lyd_free_all(*tree);
		*tree = NULL;
		return -EINVAL;
	}
	return 0;
}

int conf_load_mem(struct ly_ctx *ctx, const char *name, const char *buf, size_t len,
		  struct lyd_node **tree, struct strbuf *err)
{
	return conf_load_buf(ctx, name, buf, len, 0, tree, err);
}

int conf_load_text(struct ly_ctx *ctx, const char *name, const char *text,
		   struct lyd_node **tree, struct strbuf *err)
{
	return conf_load_buf(ctx, name, text, strlen(text), 0, tree, err);
}

int conf_load_file(struct ly_ctx *ctx, const char *path, struct lyd_node **tree,
		   struct strbuf *err)
{
	struct stat st;
	size_t len = 0;
	char *buf;
	ssize_t n;
	int fd, r;

	*tree = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		sb_printf(err, "%s: %s\n", path, strerror(errno));
		return r;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		sb_printf(err, "%s: not a regular file\n", path);
		close(fd);
		return -EINVAL;
	}
	/* One byte more than allowed tells a file that is too large. */
	buf = malloc(CONF_MAX_FILE + 1);
	if (!buf) {
		close(fd);
		sb_printf(err, "%s: out of memory\n", path);
		return -ENOMEM;
	}
	while (len <= CONF_MAX_FILE) {
		n = read(fd, buf + len, CONF_MAX_FILE + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			sb_printf(err, "%s: %s\n", path, strerror(errno));
			close(fd);
			secret_free(buf, len);
			return r;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	r = conf_load_buf(ctx, path, buf, len, CONF_V_FILES, tree, err);
	secret_free(buf, len);
	return r;
}
