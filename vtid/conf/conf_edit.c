/*
 * Editing sessions: a candidate tree, the mode the session is in, and one
 * line at a time through the command engine.  A line that does not parse in
 * the current mode is tried in the parent modes, as FRR's loader and vtysh
 * do, so a config file needs no "exit" between blocks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/conf/conf_int.h"

#define CONF_MAX_EXTRA 7

int conf_edit_begin(struct conf_edit *e, struct ly_ctx *ctx, const struct lyd_node *base)
{
	int m;

	e->ctx = ctx;
	e->candidate = NULL;
	if (base && lyd_dup_siblings(base, NULL, LYD_DUP_RECURSIVE, &e->candidate) != LY_SUCCESS) {
		conf_ly_clear(ctx);
		e->candidate = NULL;
		return -ENOMEM;
	}
	for (m = 0; m < CMD_MODE__COUNT; m++)
		e->mode_path[m] = NULL;
	e->mode = CMD_MODE_CONFIG;
	e->dirty = false;
	e->line = 0;
	e->load = NULL;
	return 0;
}

void conf_edit_end(struct conf_edit *e)
{
	int m;

	lyd_free_all(e->candidate);
	e->candidate = NULL;
	for (m = 0; m < CMD_MODE__COUNT; m++) {
		free(e->mode_path[m]);
		e->mode_path[m] = NULL;
	}
	e->mode = CMD_MODE_EXEC;
	e->dirty = false;
}

static bool conf_mode_within(enum cmd_mode inner, enum cmd_mode outer)
{
	int guard;

	for (guard = 0; guard < CMD_MODE__COUNT; guard++) {
		if (inner == outer)
			return true;
		if (inner == CMD_MODE_EXEC)
			return false;
		inner = cmd_mode_info(inner)->parent;
	}
	return false;
}

void conf_edit_leave_to(struct conf_edit *e, enum cmd_mode mode)
{
	int m;

	for (m = 0; m < CMD_MODE__COUNT; m++) {
		if (!conf_mode_within(mode, (enum cmd_mode)m)) {
			free(e->mode_path[m]);
			e->mode_path[m] = NULL;
		}
	}
	e->mode = mode;
}

/* The engine's messages quote the line; a line setting a PSK must not be
 * quoted back (nor logged by whoever prints our errors). */
static bool conf_line_has_secret(const char *line)
{
	char w[2][8];
	int n;

	n = sscanf(line, " %7s %7s", w[0], w[1]);
	if (n >= 1 && strcmp(w[0], "no") == 0) {
		if (n < 2)
			return false;
		memmove(w[0], w[1], sizeof(w[0]));
	}
	return n >= 1 && w[0][0] && strncmp("psk", w[0], strlen(w[0])) == 0;
}

static void conf_err_lines(struct strbuf *err, const char *text)
{
	size_t n = strlen(text);

	if (!n)
		return;
	sb_add(err, text);
	if (text[n - 1] != '\n')
		sb_addc(err, '\n');
}

int conf_edit_line(struct conf_edit *e, const struct cmd_table *extra, size_t nextra,
		   const char *line, struct strbuf *out, struct strbuf *err)
{
	struct cmd_table tables[1 + CONF_MAX_EXTRA];
	struct strbuf perr = STRBUF_INIT, cout = STRBUF_INIT;
	struct cmd_match m;
	enum cmd_mode mode = e->mode, try_mode;
	const struct conf_bind *b;
	size_t i, n = 1;
	int rc, rc2;

	tables[0] = conf_cmd_table;
	for (i = 0; i < nextra && i < CONF_MAX_EXTRA; i++)
		tables[n++] = extra[i];

	rc = cmd_parse(tables, n, mode, line, &m, &perr);
	try_mode = mode;
	while (rc == CMD_ERR_UNKNOWN && try_mode > CMD_MODE_CONFIG) {
		try_mode = cmd_mode_info(try_mode)->parent;
		rc2 = cmd_parse(tables, n, try_mode, line, &m, NULL);
		if (rc2 == 0)
			rc = 0;
		else if (rc2 != CMD_ERR_UNKNOWN)
			break;
	}
	if (rc) {
		if (rc != CMD_ERR_EMPTY) {
			if (conf_line_has_secret(line))
				sb_add(err, "% Invalid psk line (not shown: it holds a secret)\n");
			else
				conf_err_lines(err, sb_str(&perr));
		}
		sb_free(&perr);
		return rc;
	}
	sb_free(&perr);
	if (try_mode != mode)
		conf_edit_leave_to(e, try_mode);

	m.call.ctx = e;
	m.call.out = &cout;
	rc = m.call.cmd->fn(&m.call);
	b = m.call.cmd->fn == conf_bind_cmd ? m.call.cmd->data : NULL;
	if (b && (b->flags & CONF_B_SECRET))
		conf_argv_wipe(&m.call);
	cmd_match_free(&m);
	if (e->ctx)
		conf_ly_clear(e->ctx); /* warnings, if any: nobody reads them */
	if (rc < 0)
		conf_err_lines(err, sb_str(&cout));
	else
		sb_add(out, sb_str(&cout));
	sb_free(&cout);
	return rc;
}
