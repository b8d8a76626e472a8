/*
 * The matcher.  Every command of the mode starts as a state; each word moves
 * the states that accept it one slot on.  Among all the ways the word can be
 * read, only the best kind survives: a keyword spelled out beats a keyword
 * prefix, which beats a typed value (range, address), which beats a bare
 * WORD or LINE.  That is what makes "ip" pick "ip" over "ipv6", and "summary"
 * the keyword rather than a neighbour named "summary", as in vtysh.  A prefix
 * must stand for one keyword only, across every command still in the race.
 */
#include "vtid/cli/cmd_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool cmd_node_in_mode(const struct cmd_node *n, enum cmd_mode mode)
{
	return n->mode == mode || (n->flags & CMD_F_ANYMODE);
}

static int cmd_engine_push(struct cmd_engine *e, const struct cmd_state *s)
{
	struct cmd_state *st, *nx;

	if (e->nnx == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 64;

		st = realloc(e->st, cap * sizeof(*st));
		if (!st)
			return -ENOMEM;
		e->st = st;
		nx = realloc(e->nx, cap * sizeof(*nx));
		if (!nx)
			return -ENOMEM;
		e->nx = nx;
		e->cap = cap;
	}
	e->nx[e->nnx++] = *s;
	return 0;
}

/* States of one command are pushed together, so a duplicate (same place,
 * other words) can only be among the last ones; the first one is kept. */
static int cmd_engine_push_unique(struct cmd_engine *e, const struct cmd_state *s)
{
	size_t i;

	for (i = e->nnx; i > 0 && e->nx[i - 1].cmd == s->cmd; i--)
		if (e->nx[i - 1].pos == s->pos && e->nx[i - 1].flags == s->flags)
			return 0;
	return cmd_engine_push(e, s);
}

static void cmd_engine_swap(struct cmd_engine *e)
{
	struct cmd_state *t = e->st;

	e->st = e->nx;
	e->nst = e->nnx;
	e->nx = t;
	e->nnx = 0;
}

int cmd_engine_init(struct cmd_engine *e, const struct cmd_table *tables, size_t ntables,
		    enum cmd_mode mode)
{
	struct cmd_state s;
	size_t t, i, n = 0;
	int rc = 0;

	memset(e, 0, sizeof(*e));
	for (t = 0; t < ntables; t++)
		for (i = 0; i < tables[t].count; i++)
			n += cmd_node_in_mode(&tables[t].nodes[i], mode);
	if (n == 0)
		return 0;
	e->syn = malloc(n * sizeof(*e->syn));
	if (!e->syn)
		return -ENOMEM;
	memset(&s, 0, sizeof(s));
	memset(s.word, 0xff, sizeof(s.word));
	for (t = 0; t < ntables && rc == 0; t++) {
		for (i = 0; i < tables[t].count && rc == 0; i++) {
			const struct cmd_node *node = &tables[t].nodes[i];

			if (!cmd_node_in_mode(node, mode))
				continue;
			/* A node with a broken syntax is skipped here;
			 * cmd_table_check is where it is reported. */
			if (cmd_syntax_parse(node, &e->syn[e->nsyn], NULL))
				continue;
			s.cmd = (uint32_t)e->nsyn++;
			if (!(node->flags & CMD_F_NOONLY)) {
				s.pos = 0;
				s.flags = 0;
				rc = cmd_engine_push(e, &s);
			}
			if (rc == 0 && (node->flags & (CMD_F_NO | CMD_F_NOONLY))) {
				s.pos = -1;
				s.flags = CMD_ST_NEG;
				rc = cmd_engine_push(e, &s);
			}
		}
	}
	if (rc) {
		cmd_engine_free(e);
		return rc;
	}
	cmd_engine_swap(e);
	return 0;
}

void cmd_engine_free(struct cmd_engine *e)
{
	free(e->syn);
	free(e->st);
	free(e->nx);
	memset(e, 0, sizeof(*e));
}

static void cmd_state_step(const struct cmd_syntax *syn, const struct cmd_state *from,
			   const struct cmd_target *t, size_t word, struct cmd_state *to)
{
	*to = *from;
	if (from->flags & CMD_ST_LINE)
		return;
	switch (t->kind) {
	case CMD_TGT_NO:
		to->pos = 0;
		break;
	case CMD_TGT_JSON:
		to->flags |= CMD_ST_JSON;
		break;
	case CMD_TGT_SLOT:
		to->word[t->slot] = (int16_t)word;
		to->pos = (int8_t)(t->slot + 1);
		if (syn->slot[t->slot].kind == CMD_TOK_LINE)
			to->flags |= CMD_ST_LINE;
		break;
	}
}

#define CMD_NAMES_MAX 8

/* Distinct names met at one word, for the ambiguity check and messages. */
struct cmd_names {
	const char *s[CMD_NAMES_MAX];
	size_t len[CMD_NAMES_MAX];
	size_t n;     /* kept */
	size_t total; /* distinct, kept or not */
};

static void cmd_names_add(struct cmd_names *nm, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		if (nm->len[i] == len && memcmp(nm->s[i], s, len) == 0)
			return;
	nm->total++;
	if (nm->n < CMD_NAMES_MAX) {
		nm->s[nm->n] = s;
		nm->len[nm->n++] = len;
	}
}

static int cmd_names_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

/* Sorted, so that messages do not depend on the order of the tables. */
static void cmd_names_print(struct cmd_names *nm, const char *sep, struct strbuf *err)
{
	size_t i, j;

	for (i = 1; i < nm->n; i++) {
		const char *s = nm->s[i];
		size_t len = nm->len[i];

		for (j = i; j > 0 && cmd_names_cmp(nm->s[j - 1], nm->len[j - 1], s, len) > 0; j--) {
			nm->s[j] = nm->s[j - 1];
			nm->len[j] = nm->len[j - 1];
		}
		nm->s[j] = s;
		nm->len[j] = len;
	}
	for (i = 0; i < nm->n; i++)
		sb_printf(err, "%s%.*s", i ? sep : "", (int)nm->len[i], nm->s[i]);
	if (nm->total > nm->n)
		sb_add(err, sep[0] == ',' ? ", ..." : " ...");
}

/* The best class of the word over every state, and the names that have it
 * (keywords for PARTIAL, value tokens for BAD). */
static enum cmd_class cmd_engine_best(const struct cmd_engine *e, const struct cmd_word *w,
				      struct cmd_names *nm)
{
	enum cmd_class best = CMD_CLASS_NONE, c;
	struct cmd_target_iter it;
	struct cmd_target t;
	const char *name;
	size_t i, len;

	for (i = 0; i < e->nst; i++) {
		const struct cmd_syntax *syn = &e->syn[e->st[i].cmd];

		memset(&it, 0, sizeof(it));
		while (cmd_target_next(syn, &e->st[i], &it, &t)) {
			c = cmd_target_classify(syn, &t, w);
			if (c > best) {
				best = c;
				memset(nm, 0, sizeof(*nm));
			}
			if (c == best && (c == CMD_CLASS_PARTIAL || c == CMD_CLASS_BAD)) {
				name = cmd_target_name(syn, &t, &len);
				cmd_names_add(nm, name, len);
			}
		}
	}
	return best;
}

static void cmd_engine_report(const struct cmd_words *ws, size_t i, enum cmd_class best,
			      struct cmd_names *nm, struct strbuf *err)
{
	const struct cmd_word *w = &ws->w[i];
	int linelen = (int)(ws->last - ws->first);
	const char *line = ws->line + ws->first;
	int wlen = (int)(w->end - w->start);
	const char *word = ws->line + w->start;

	if (best == CMD_CLASS_BAD) {
		sb_printf(err, "%% Invalid value '%.*s' for ", wlen, word);
		cmd_names_print(nm, " or ", err);
	} else if (best == CMD_CLASS_PARTIAL) {
		sb_printf(err, "%% Ambiguous command: %.*s (at '%.*s': ", linelen, line, wlen,
			  word);
		cmd_names_print(nm, ", ", err);
		sb_addc(err, ')');
	} else {
		sb_printf(err, "%% Unknown command: %.*s", linelen, line);
		if (ws->n > 1)
			sb_printf(err, " (at '%.*s')", wlen, word);
	}
}

int cmd_engine_walk(struct cmd_engine *e, const struct cmd_words *ws, size_t n, struct strbuf *err)
{
	struct cmd_target_iter it;
	struct cmd_names nm;
	struct cmd_target t;
	struct cmd_state s;
	size_t i, k;
	int rc;

	for (i = 0; i < n; i++) {
		enum cmd_class best;

		memset(&nm, 0, sizeof(nm));
		best = cmd_engine_best(e, &ws->w[i], &nm);
		if (best <= CMD_CLASS_BAD || (best == CMD_CLASS_PARTIAL && nm.total > 1)) {
			if (err)
				cmd_engine_report(ws, i, best, &nm, err);
			if (best == CMD_CLASS_BAD)
				return CMD_ERR_BAD_VALUE;
			return best == CMD_CLASS_PARTIAL ? CMD_ERR_AMBIGUOUS : CMD_ERR_UNKNOWN;
		}
		e->nnx = 0;
		for (k = 0; k < e->nst; k++) {
			const struct cmd_syntax *syn = &e->syn[e->st[k].cmd];

			memset(&it, 0, sizeof(it));
			while (cmd_target_next(syn, &e->st[k], &it, &t)) {
				if (cmd_target_classify(syn, &t, &ws->w[i]) != best)
					continue;
				cmd_state_step(syn, &e->st[k], &t, i, &s);
				rc = cmd_engine_push_unique(e, &s);
				if (rc) {
					if (err)
						sb_add(err, "% Out of memory");
					return rc;
				}
			}
		}
		cmd_engine_swap(e);
	}
	return 0;
}
