/*
 * A command's syntax string read back into words: the renderer prints a
 * command from it with values from the tree, and error messages name a
 * field with the words the user would type.  Token classes follow
 * vtid/cli/cmd.h; only what printing needs is looked at here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/conf/conf_int.h"

struct conf_tok {
	const char *s;
	size_t len;   /* without a "@src" suffix */
	unsigned group; /* 0: required, else the optional group's number */
};

static int conf_syntax_split(const char *syn, struct conf_tok *t, int max)
{
	unsigned group = 0, ngroups = 0;
	int n = 0;
	const char *at;

	while (*syn && n < max) {
		while (*syn == ' ')
			syn++;
		if (*syn == '[') {
			group = ++ngroups;
			syn++;
			continue;
		}
		if (*syn == ']') {
			group = 0;
			syn++;
			continue;
		}
		if (!*syn)
			break;
		t[n].s = syn;
		while (*syn && *syn != ' ' && *syn != ']')
			syn++;
		t[n].len = (size_t)(syn - t[n].s);
		at = memchr(t[n].s, '@', t[n].len);
		if (at)
			t[n].len = (size_t)(at - t[n].s);
		t[n].group = group;
		n++;
	}
	return n;
}

static bool conf_tok_is_value(const struct conf_tok *t)
{
	return t->s[0] == '(' || (t->s[0] >= 'A' && t->s[0] <= 'Z');
}

static bool conf_tok_is(const struct conf_tok *t, const char *name)
{
	return t->len == strlen(name) && memcmp(t->s, name, t->len) == 0;
}

static bool conf_slot_is_leaf(const struct conf_bind *b, int slot)
{
	int i;

	if (!b)
		return false;
	for (i = 0; i < CONF_BIND_LEAVES && b->leaf[i].path; i++)
		if (b->leaf[i].slot == slot)
			return true;
	return false;
}

/* Free text as the engine reads it back: raw unless a quote or blanks at
 * its ends would change it, else one quoted word (\" and \\ escaped). */
static void conf_value_add(struct strbuf *out, const struct conf_tok *t, const char *v)
{
	bool line = conf_tok_is(t, "LINE"), word = conf_tok_is(t, "WORD");
	size_t n = strlen(v);
	bool quote = false;

	if (line)
		quote = !n || strchr(v, '"') || v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' ||
			v[n - 1] == '\t';
	else if (word)
		quote = !n || v[0] == '"' || strpbrk(v, " \t");
	if (!quote) {
		sb_add(out, v);
		return;
	}
	sb_addc(out, '"');
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			sb_addc(out, '\\');
		sb_addc(out, *v);
	}
	sb_addc(out, '"');
}

int conf_syntax_words(const struct cmd_node *cmd, const char *const *argv, bool upto_leaf,
		      struct strbuf *out)
{
	struct conf_tok t[CMD_MAX_SLOTS];
	int n = conf_syntax_split(cmd->syntax, t, CMD_MAX_SLOTS), i, j;
	bool first = true, skip;

	for (i = 0; i < n; i++) {
		if (upto_leaf && conf_slot_is_leaf(cmd->data, i))
			break;
		if (t[i].group) {
			/* An optional group is printed whole or not at all; one of
			 * keywords only (e.g. [warning-only]) when a leaf gave its
			 * slot a value. */
			bool values = false, any = false;

			skip = false;
			for (j = i; j < n && t[j].group == t[i].group; j++) {
				values |= conf_tok_is_value(&t[j]);
				any |= argv[j] != NULL;
				if (conf_tok_is_value(&t[j]) && !argv[j])
					skip = true;
			}
			if (!values && !any)
				skip = true;
			if (skip) {
				i = j - 1;
				continue;
			}
		}
		if (!first)
			sb_addc(out, ' ');
		first = false;
		if (!conf_tok_is_value(&t[i])) {
			sb_addn(out, t[i].s, t[i].len);
		} else if (argv[i]) {
			conf_value_add(out, &t[i], argv[i]);
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

static bool conf_range_fits(const struct conf_tok *t, const char *v)
{
	unsigned long lo, hi, x;
	char *end;

	if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 10)
		return false;
	lo = strtoul(t->s + 1, &end, 10);
	if (*end != '-')
		return false;
	hi = strtoul(end + 1, NULL, 10);
	x = strtoul(v, NULL, 10);
	return x >= lo && x <= hi;
}

static bool conf_choice_fits(const struct conf_tok *t, const char *v)
{
	const char *p = t->s + 1, *end = t->s + t->len - 1, *bar;
	size_t n = strlen(v);

	while (p < end) {
		bar = memchr(p, '|', (size_t)(end - p));
		if (!bar)
			bar = end;
		if ((size_t)(bar - p) == n && memcmp(p, v, n) == 0)
			return true;
		p = bar + 1;
	}
	return false;
}

bool conf_slot_fits(const char *syntax, int slot, const char *v)
{
	struct conf_tok t[CMD_MAX_SLOTS];
	int n = conf_syntax_split(syntax, t, CMD_MAX_SLOTS);

	if (slot < 0 || slot >= n || !v)
		return false;
	if (t[slot].s[0] == '(')
		return memchr(t[slot].s, '|', t[slot].len) ? conf_choice_fits(&t[slot], v)
							    : conf_range_fits(&t[slot], v);
	if (t[slot].len >= 7 && memcmp(t[slot].s, "A.B.C.D", 7) == 0)
		return !strchr(v, ':');
	if (t[slot].len >= 8 && memcmp(t[slot].s, "X:X::X:X", 8) == 0)
		return strchr(v, ':') != NULL;
	if (!conf_tok_is_value(&t[slot]))
		return t[slot].len == strlen(v) && memcmp(t[slot].s, v, t[slot].len) == 0;
	return true;
}

bool conf_slot_optional(const char *syntax, int slot)
{
	struct conf_tok t[CMD_MAX_SLOTS];
	int n = conf_syntax_split(syntax, t, CMD_MAX_SLOTS);

	return slot >= 0 && slot < n && t[slot].group != 0;
}
