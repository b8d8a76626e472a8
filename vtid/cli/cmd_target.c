/*
 * What a state may take next (its targets), how well a word fits one, and
 * whether a state is a whole command.  Optional groups may only be begun in
 * declared order, each may be skipped, and once begun a group is required
 * to its end; "no" and "json" are targets of their own.
 */
#include "vtid/cli/cmd_impl.h"

#include <string.h>

/* Inside the required slots or an optional group already begun, the next
 * slot is fixed; elsewhere any later group may begin. */
static bool cmd_pos_fixed(const struct cmd_syntax *syn, unsigned p)
{
	if (p < syn->nreq)
		return true;
	return p < syn->nslots && !syn->slot[p].group_first;
}

int cmd_state_accepts(const struct cmd_syntax *syn, const struct cmd_state *st)
{
	unsigned p;

	if (st->flags & (CMD_ST_JSON | CMD_ST_LINE))
		return CMD_ACCEPT_FULL;
	if (st->pos <= 0)
		return 0;
	p = (unsigned)st->pos;
	if (!cmd_pos_fixed(syn, p))
		return CMD_ACCEPT_FULL;
	if (!(st->flags & CMD_ST_NEG) || p >= syn->nreq)
		return 0;
	/* "no" forms may leave out trailing values, not keywords. */
	for (; p < syn->nreq; p++)
		if (syn->slot[p].kind == CMD_TOK_KEYWORD)
			return 0;
	return CMD_ACCEPT_OMITTED;
}

static void cmd_target_slot(const struct cmd_syntax *syn, unsigned q, unsigned alt,
			    struct cmd_target *t)
{
	const struct cmd_slot *slot = &syn->slot[q];

	t->kind = CMD_TGT_SLOT;
	t->slot = q;
	t->kw = NULL;
	t->kwlen = 0;
	if (slot->kind == CMD_TOK_KEYWORD) {
		t->kw = slot->text;
		t->kwlen = slot->len;
	} else if (slot->kind == CMD_TOK_CHOICE) {
		t->kw = cmd_token_alt(slot, alt, &t->kwlen);
	}
	t->help = cmd_help_line(syn->node->help, slot->help + alt, &t->helplen);
}

static void cmd_target_virtual(enum cmd_target_kind kind, const char *kw, const char *help,
			       struct cmd_target *t)
{
	t->kind = kind;
	t->slot = 0;
	t->kw = kw;
	t->kwlen = strlen(kw);
	t->help = help;
	t->helplen = strlen(help);
}

bool cmd_target_next(const struct cmd_syntax *syn, const struct cmd_state *st,
		     struct cmd_target_iter *it, struct cmd_target *t)
{
	unsigned limit;
	bool fixed;

	if (st->flags & CMD_ST_JSON)
		return false;
	if (st->flags & CMD_ST_LINE) {
		if (it->started)
			return false;
		it->started = true;
		cmd_target_slot(syn, syn->nslots - 1, 0, t);
		return true;
	}
	if (st->pos < 0) {
		if (it->started)
			return false;
		it->started = true;
		cmd_target_virtual(CMD_TGT_NO, "no", CMD_HELP_NO, t);
		return true;
	}
	fixed = cmd_pos_fixed(syn, (unsigned)st->pos);
	limit = fixed ? (unsigned)st->pos + 1 : syn->nslots;
	if (!it->started) {
		it->started = true;
		it->q = (unsigned)st->pos;
		it->alt = 0;
	}
	for (; it->q < limit; it->q++, it->alt = 0) {
		const struct cmd_slot *slot = &syn->slot[it->q];
		unsigned nalt = slot->kind == CMD_TOK_CHOICE ? slot->nalt : 1;

		if (!fixed && !slot->group_first)
			continue;
		if (it->alt < nalt) {
			cmd_target_slot(syn, it->q, it->alt++, t);
			return true;
		}
	}
	if (!fixed && !it->json_done && (syn->node->flags & CMD_F_JSON) &&
	    !(st->flags & CMD_ST_NEG)) {
		it->json_done = true;
		cmd_target_virtual(CMD_TGT_JSON, "json", CMD_HELP_JSON, t);
		return true;
	}
	return false;
}

enum cmd_class cmd_target_classify(const struct cmd_syntax *syn, const struct cmd_target *t,
				   const struct cmd_word *w)
{
	const struct cmd_slot *slot;

	if (t->kw) {
		size_t len = strlen(w->val);

		if (w->quoted)
			return CMD_CLASS_NONE;
		if (len > t->kwlen || memcmp(w->val, t->kw, len) != 0)
			return CMD_CLASS_NONE;
		return len == t->kwlen ? CMD_CLASS_EXACT : CMD_CLASS_PARTIAL;
	}
	slot = &syn->slot[t->slot];
	if (slot->kind == CMD_TOK_WORD || slot->kind == CMD_TOK_LINE)
		return cmd_value_ok(slot, w->val) ? CMD_CLASS_WORD : CMD_CLASS_BAD;
	/* Quotes are for words with blanks; a quoted number is no number. */
	if (w->quoted || !cmd_value_ok(slot, w->val))
		return CMD_CLASS_BAD;
	return CMD_CLASS_VALUE;
}

const char *cmd_target_name(const struct cmd_syntax *syn, const struct cmd_target *t, size_t *len)
{
	if (t->kw) {
		*len = t->kwlen;
		return t->kw;
	}
	*len = syn->slot[t->slot].len;
	return syn->slot[t->slot].text;
}
