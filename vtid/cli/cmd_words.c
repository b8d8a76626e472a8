/*
 * A typed line into words.  The line comes from a user or a config file, so
 * it is measured with a bound before anything else, and control characters
 * are refused outright: a newline smuggled into a description would become a
 * command of its own when the config is written out and read back.
 */
#include "vtid/cli/cmd_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/secret.h"

static bool cmd_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int cmd_words_check(const char *line, size_t len, struct strbuf *err)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			if (err)
				sb_printf(err, "%% Invalid control character 0x%02x at column %zu",
					  c, i + 1);
			return CMD_ERR_UNKNOWN;
		}
	}
	return 0;
}

/* A double-quoted word starting at line[*i]; \" and \\ are its escapes. */
static int cmd_words_quoted(struct cmd_words *ws, size_t *i, char **out, bool partial,
			    struct strbuf *err)
{
	const char *line = ws->line;
	size_t p = *i + 1, start = *i;

	while (p < ws->last) {
		if (line[p] == '\\' && p + 1 < ws->last &&
		    (line[p + 1] == '"' || line[p + 1] == '\\')) {
			*(*out)++ = line[p + 1];
			p += 2;
		} else if (line[p] == '"') {
			p++;
			if (p < ws->last && !cmd_is_blank(line[p])) {
				while (p < ws->last && !cmd_is_blank(line[p]))
					p++;
				if (err)
					sb_printf(err, "%% Invalid quoting at '%.*s'",
						  (int)(p - start), line + start);
				return CMD_ERR_UNKNOWN;
			}
			*i = p;
			return 0;
		} else {
			*(*out)++ = line[p++];
		}
	}
	if (!partial) {
		if (err)
			sb_printf(err, "%% Command incomplete: %.*s (unterminated quote)",
				  (int)(ws->last - ws->first), line + ws->first);
		return CMD_ERR_INCOMPLETE;
	}
	ws->open_quote = true;
	*i = p;
	return 0;
}

int cmd_words_split(struct cmd_words *ws, const char *line, bool partial, struct strbuf *err)
{
	size_t len, i, maxw;
	char *out;
	int rc;

	memset(ws, 0, sizeof(*ws));
	if (!line)
		line = "";
	len = strnlen(line, CMD_MAX_LINE + 1);
	if (len > CMD_MAX_LINE) {
		if (err)
			sb_printf(err, "%% Line too long (more than %d characters)", CMD_MAX_LINE);
		return CMD_ERR_UNKNOWN;
	}
	rc = cmd_words_check(line, len, err);
	if (rc)
		return rc;
	ws->line = line;
	ws->len = len;
	for (i = 0; i < len && cmd_is_blank(line[i]); i++)
		;
	ws->first = i;
	for (i = len; i > ws->first && cmd_is_blank(line[i - 1]); i--)
		;
	ws->last = i;
	ws->trailing_blank = true;
	if (ws->first == ws->last || line[ws->first] == '!' || line[ws->first] == '#')
		return CMD_ERR_EMPTY;
	ws->trailing_blank = ws->last < len;

	maxw = (ws->last - ws->first) / 2 + 1;
	ws->w = calloc(maxw, sizeof(*ws->w));
	ws->buf_size = ws->last - ws->first + maxw;
	ws->buf = malloc(ws->buf_size);
	if (!ws->w || !ws->buf) {
		cmd_words_free(ws);
		if (err)
			sb_add(err, "% Out of memory");
		return -ENOMEM;
	}
	out = ws->buf;
	i = ws->first;
	while (i < ws->last) {
		struct cmd_word *w = &ws->w[ws->n];

		while (cmd_is_blank(line[i]))
			i++;
		w->start = i;
		w->val = out;
		if (line[i] == '"') {
			w->quoted = true;
			rc = cmd_words_quoted(ws, &i, &out, partial, err);
			if (rc) {
				cmd_words_free(ws);
				return rc;
			}
		} else {
			while (i < ws->last && !cmd_is_blank(line[i]))
				*out++ = line[i++];
		}
		*out++ = '\0';
		w->end = i;
		ws->n++;
	}
	if (ws->open_quote)
		ws->trailing_blank = false;
	return 0;
}

void cmd_words_free(struct cmd_words *ws)
{
	free(ws->w);
	secret_free(ws->buf, ws->buf ? ws->buf_size : 0);
	ws->w = NULL;
	ws->buf = NULL;
	ws->n = 0;
}
