/*
 * A whole line into one command call: the matcher runs over every word,
 * then exactly one command must be complete.
 */
#include "vtid/cli/cmd_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/addr.h"
#include "common/secret.h"

/* The full keyword a choice word stands for: the alternative spelled out,
 * else the one it is a prefix of (the matcher made sure there is one). */
static const char *cmd_choice_resolve(const struct cmd_slot *slot, const char *v, size_t *len)
{
	const char *alt, *prefix = NULL;
	size_t alen, plen = 0, vlen = strlen(v);
	unsigned i;

	for (i = 0; i < slot->nalt; i++) {
		alt = cmd_token_alt(slot, i, &alen);
		if (vlen > alen || memcmp(alt, v, vlen) != 0)
			continue;
		if (vlen == alen) {
			*len = alen;
			return alt;
		}
		if (!prefix) {
			prefix = alt;
			plen = alen;
		}
	}
	*len = plen;
	return prefix ? prefix : v;
}

/* The text of slot k as handed to the command, or NULL if not given. */
static const char *cmd_arg_text(const struct cmd_syntax *syn, const struct cmd_state *st,
				const struct cmd_words *ws, unsigned k, char *canon, size_t canon_len,
				size_t *len)
{
	const struct cmd_slot *slot = &syn->slot[k];
	const struct cmd_word *w;

	if (st->word[k] < 0)
		return NULL;
	w = &ws->w[st->word[k]];
	if (slot->kind == CMD_TOK_KEYWORD) {
		*len = slot->len;
		return slot->text;
	}
	if (slot->kind == CMD_TOK_CHOICE)
		return cmd_choice_resolve(slot, w->val, len);
	/* A LINE is the rest of the line as typed, unless it is one quoted
	 * word: then it is the text inside the quotes. */
	if (slot->kind == CMD_TOK_LINE && ((size_t)st->word[k] + 1 < ws->n || !w->quoted)) {
		*len = ws->last - w->start;
		return ws->line + w->start;
	}
	if (cmd_value_canon(slot, w->val, canon, canon_len)) {
		*len = strlen(canon);
		return canon;
	}
	*len = strlen(w->val);
	return w->val;
}

static int cmd_match_fill(const struct cmd_syntax *syn, const struct cmd_state *st,
			  const struct cmd_words *ws, struct cmd_match *out)
{
	const char *text[CMD_MAX_SLOTS];
	char canon[CMD_MAX_SLOTS][VT_PREFIX_STRLEN];
	size_t len[CMD_MAX_SLOTS], total = 0;
	unsigned k;
	char *p;

	for (k = 0; k < syn->nslots; k++) {
		len[k] = 0;
		text[k] = cmd_arg_text(syn, st, ws, k, canon[k], sizeof(canon[k]), &len[k]);
		if (text[k])
			total += len[k] + 1;
	}
	out->words_size = total ? total : 1;
	out->words = malloc(out->words_size);
	if (!out->words)
		return -ENOMEM;
	p = out->words;
	for (k = 0; k < syn->nslots; k++) {
		if (!text[k])
			continue;
		memcpy(p, text[k], len[k]);
		p[len[k]] = '\0';
		out->call.argv[k] = p;
		p += len[k] + 1;
	}
	out->call.cmd = syn->node;
	out->call.negated = st->flags & CMD_ST_NEG;
	out->call.json = st->flags & CMD_ST_JSON;
	out->call.argc = (int)syn->nslots;
	return 0;
}

static int cmd_parse_finish(const struct cmd_engine *e, const struct cmd_words *ws,
			    struct cmd_match *out, struct strbuf *err)
{
	const struct cmd_state *chosen = NULL;
	int linelen = (int)(ws->last - ws->first);
	const char *line = ws->line + ws->first;
	size_t i, ncmds = 0;
	uint32_t last = UINT32_MAX;
	int best = 0;

	/* A command matched in full beats a "no" form that only fits by
	 * leaving values out: "no mtu" is the NOONLY "mtu", not "mtu (68-9000)". */
	for (i = 0; i < e->nst; i++) {
		int a = cmd_state_accepts(&e->syn[e->st[i].cmd], &e->st[i]);

		if (a > best)
			best = a;
	}
	for (i = 0; best && i < e->nst; i++) {
		if (cmd_state_accepts(&e->syn[e->st[i].cmd], &e->st[i]) != best)
			continue;
		if (!chosen)
			chosen = &e->st[i];
		if (e->st[i].cmd != last)
			ncmds++;
		last = e->st[i].cmd;
	}
	if (!chosen) {
		if (err)
			sb_printf(err, "%% Command incomplete: %.*s", linelen, line);
		return CMD_ERR_INCOMPLETE;
	}
	if (ncmds > 1) {
		/* Equal readings of one line by two commands: a table that
		 * cmd_table_check could not see through, such as WORD next to
		 * LINE.  Refuse rather than guess. */
		if (err)
			sb_printf(err, "%% Ambiguous command: %.*s (%zu commands match)", linelen,
				  line, ncmds);
		return CMD_ERR_AMBIGUOUS;
	}
	if (cmd_match_fill(&e->syn[chosen->cmd], chosen, ws, out)) {
		if (err)
			sb_add(err, "% Out of memory");
		return -ENOMEM;
	}
	return 0;
}

int cmd_parse(const struct cmd_table *tables, size_t ntables, enum cmd_mode mode, const char *line,
	      struct cmd_match *out, struct strbuf *err)
{
	struct cmd_engine e;
	struct cmd_words ws;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = cmd_words_split(&ws, line, false, err);
	if (rc)
		return rc;
	rc = cmd_engine_init(&e, tables, ntables, mode);
	if (rc) {
		if (err)
			sb_add(err, "% Out of memory");
	} else {
		rc = cmd_engine_walk(&e, &ws, ws.n, err);
		if (rc == 0)
			rc = cmd_parse_finish(&e, &ws, out, err);
		cmd_engine_free(&e);
	}
	cmd_words_free(&ws);
	return rc;
}

void cmd_match_free(struct cmd_match *m)
{
	if (!m)
		return;
	secret_free(m->words, m->words ? m->words_size : 0);
	memset(m, 0, sizeof(*m));
}
