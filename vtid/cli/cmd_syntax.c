/*
 * Syntax strings into slots.  A syntax is parsed each time a line is
 * matched: it is a few dozen bytes, cheaper to scan than a cache is to keep
 * right, and no state outlives the call, so tables built at run time and
 * tables used side by side need no care.
 */
#include "vtid/cli/cmd_impl.h"

#include <errno.h>
#include <string.h>

static bool cmd_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int cmd_syntax_fail(struct strbuf *err, const char *why, const char *tok, size_t len)
{
	if (err) {
		if (tok)
			sb_printf(err, "%s in '%.*s'", why, (int)len, tok);
		else
			sb_add(err, why);
	}
	return -EINVAL;
}

struct cmd_group_state {
	bool open;
	bool seen;
	unsigned count;
	unsigned slots; /* in the open group */
};

/* One token as written, brackets included. */
static int cmd_syntax_token(struct cmd_syntax *syn, struct cmd_group_state *g, const char *tok,
			    size_t len, struct strbuf *err)
{
	const char *p = tok, *why = NULL;
	size_t l = len;
	bool close = false;

	if (l && p[0] == '[') {
		if (g->open)
			return cmd_syntax_fail(err, "nested '['", tok, len);
		g->open = true;
		g->seen = true;
		g->count++;
		g->slots = 0;
		p++;
		l--;
	}
	if (l && p[l - 1] == ']') {
		close = true;
		l--;
	}
	if (l && (p[0] == '[' || p[l - 1] == ']'))
		return cmd_syntax_fail(err, "nested '['", tok, len);
	if (l) {
		if (!g->open && g->seen)
			return cmd_syntax_fail(err, "required token after an optional group", tok,
					       len);
		if (syn->nslots >= CMD_MAX_SLOTS)
			return cmd_syntax_fail(err, "too many tokens", NULL, 0);
		struct cmd_slot *slot = &syn->slot[syn->nslots];

		if (cmd_token_parse(p, l, slot, &why))
			return cmd_syntax_fail(err, why, tok, len);
		slot->group = g->open ? g->count : 0;
		slot->group_first = g->open && g->slots == 0;
		slot->help = syn->nhelp;
		syn->nhelp += slot->kind == CMD_TOK_CHOICE ? slot->nalt : 1;
		if (!g->open)
			syn->nreq++;
		g->slots++;
		syn->nslots++;
	}
	if (close) {
		if (!g->open)
			return cmd_syntax_fail(err, "']' without '['", tok, len);
		if (g->slots == 0)
			return cmd_syntax_fail(err, "empty optional group", tok, len);
		g->open = false;
	}
	return 0;
}

static bool cmd_slot_is_keyword(const struct cmd_slot *s, const char *kw)
{
	return s->kind == CMD_TOK_KEYWORD && s->len == strlen(kw) &&
	       memcmp(s->text, kw, s->len) == 0;
}

int cmd_syntax_parse(const struct cmd_node *node, struct cmd_syntax *syn, struct strbuf *err)
{
	struct cmd_group_state g = {false, false, 0, 0};
	const char *s = node->syntax;
	unsigned i;

	memset(syn, 0, sizeof(*syn));
	syn->node = node;
	if (!s)
		return cmd_syntax_fail(err, "no syntax", NULL, 0);
	while (*s) {
		while (cmd_is_blank(*s))
			s++;
		if (!*s)
			break;
		const char *tok = s;
		int rc;

		while (*s && !cmd_is_blank(*s))
			s++;
		rc = cmd_syntax_token(syn, &g, tok, (size_t)(s - tok), err);
		if (rc)
			return rc;
	}
	if (g.open)
		return cmd_syntax_fail(err, "unclosed '['", NULL, 0);
	if (syn->nreq == 0)
		return cmd_syntax_fail(err, "no required token", NULL, 0);
	for (i = 0; i < syn->nslots; i++) {
		const struct cmd_slot *slot = &syn->slot[i];

		if (slot->kind == CMD_TOK_LINE && i + 1 != syn->nslots)
			return cmd_syntax_fail(err, "LINE must be the last token", slot->text,
					       slot->len);
		if ((node->flags & CMD_F_JSON) && cmd_slot_is_keyword(slot, "json"))
			return cmd_syntax_fail(err, "keyword 'json' in a CMD_F_JSON command", NULL,
					       0);
	}
	/* "no" is the engine's own keyword, given by CMD_F_NO / CMD_F_NOONLY. */
	if (cmd_slot_is_keyword(&syn->slot[0], "no"))
		return cmd_syntax_fail(err, "leading 'no' (use CMD_F_NO or CMD_F_NOONLY)", NULL, 0);
	return 0;
}

const char *cmd_help_line(const char *help, unsigned k, size_t *len)
{
	const char *nl;

	*len = 0;
	if (!help)
		return "";
	while (k--) {
		nl = strchr(help, '\n');
		if (!nl)
			return "";
		help = nl + 1;
	}
	nl = strchr(help, '\n');
	*len = nl ? (size_t)(nl - help) : strlen(help);
	return help;
}

unsigned cmd_help_count(const char *help)
{
	unsigned n = 0;

	if (!help || !*help)
		return 0;
	for (; *help; help++)
		if (*help == '\n' && help[1] != '\0')
			n++;
	return n + 1;
}
