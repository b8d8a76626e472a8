/*
 * Start-up checks of a command table.  A table is code, so a fault in it is
 * ours: callers run this once (and in their unit tests) so that a typo in a
 * syntax string fails loudly instead of making a command silently vanish.
 */
#include "vtid/cli/cmd_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool cmd_slot_same(const struct cmd_slot *a, const struct cmd_slot *b)
{
	if (a->kind != b->kind || a->group != b->group || a->group_first != b->group_first)
		return false;
	switch (a->kind) {
	case CMD_TOK_KEYWORD:
	case CMD_TOK_CHOICE:
		return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
	case CMD_TOK_RANGE:
		return a->min == b->min && a->max == b->max;
	default:
		return true; /* values differing only in their source read the same */
	}
}

static bool cmd_syntax_same(const struct cmd_syntax *a, const struct cmd_syntax *b)
{
	unsigned k;

	if (a->nslots != b->nslots || a->nreq != b->nreq)
		return false;
	for (k = 0; k < a->nslots; k++)
		if (!cmd_slot_same(&a->slot[k], &b->slot[k]))
			return false;
	return true;
}

/* Can the two nodes be typed the same way: both plain, or both negated? */
static bool cmd_forms_overlap(const struct cmd_node *a, const struct cmd_node *b)
{
	unsigned neg = CMD_F_NO | CMD_F_NOONLY;

	if (!(a->flags & CMD_F_NOONLY) && !(b->flags & CMD_F_NOONLY))
		return true;
	return (a->flags & neg) && (b->flags & neg);
}

static int cmd_check_help(const struct cmd_syntax *syn, struct strbuf *err)
{
	unsigned k, n = cmd_help_count(syn->node->help);
	size_t len;

	if (n != syn->nhelp) {
		sb_printf(err, "%u help lines for %u", n, syn->nhelp);
		return -EINVAL;
	}
	for (k = 0; k < n; k++) {
		cmd_help_line(syn->node->help, k, &len);
		if (len == 0) {
			sb_printf(err, "help line %u is empty", k + 1);
			return -EINVAL;
		}
	}
	return 0;
}

/* What is wrong with entry i (given the entries before it), into why. */
static int cmd_check_node(const struct cmd_table *t, struct cmd_syntax *syn, size_t i,
			  struct strbuf *why)
{
	const struct cmd_node *n = &t->nodes[i];
	size_t j;

	if ((unsigned)n->mode >= CMD_MODE__COUNT) {
		sb_printf(why, "bad mode %d", (int)n->mode);
		return -EINVAL;
	}
	if (cmd_syntax_parse(n, &syn[i], why) || cmd_check_help(&syn[i], why))
		return -EINVAL;
	for (j = 0; j < i; j++) {
		if (t->nodes[j].mode == n->mode && cmd_forms_overlap(&t->nodes[j], n) &&
		    cmd_syntax_same(&syn[j], &syn[i])) {
			sb_printf(why, "same syntax as entry %zu in mode %s", j,
				  cmd_mode_info(n->mode)->name);
			return -EINVAL;
		}
	}
	return 0;
}

int cmd_table_check(const struct cmd_table *t, struct strbuf *err)
{
	struct strbuf why = STRBUF_INIT;
	struct cmd_syntax *syn;
	size_t i;
	int rc = 0;

	if (t->count == 0)
		return 0;
	if (!t->nodes) {
		sb_add(err, "command table without nodes");
		return -EINVAL;
	}
	syn = calloc(t->count, sizeof(*syn));
	if (!syn) {
		sb_add(err, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < t->count && rc == 0; i++) {
		rc = cmd_check_node(t, syn, i, &why);
		if (rc)
			sb_printf(err, "command table entry %zu '%s': %s", i,
				  t->nodes[i].syntax ? t->nodes[i].syntax : "(null)", sb_str(&why));
	}
	sb_free(&why);
	free(syn);
	return rc;
}
