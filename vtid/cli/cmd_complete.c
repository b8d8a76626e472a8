/*
 * Tab completion and `?` help.  Both run the matcher over the words before
 * the one being typed, then list what the surviving states could take next.
 * Hidden commands take part in the matching (so that help never shows a
 * reading the parser would refuse) but are never listed.
 */
#include "vtid/cli/cmd_impl.h"

#include <stdlib.h>
#include <string.h>

struct cmd_entry {
	size_t name, nlen; /* offsets in the pool */
	size_t help, hlen;
	const char *s; /* the name, once the pool is final */
};

struct cmd_offer {
	struct cmd_words ws;
	struct cmd_engine e;
	const struct cmd_word *partial; /* the word being typed, or NULL */
	struct strbuf pool;		/* entry texts are copied: value sources may reuse memory */
	struct cmd_entry *ent;
	size_t n, cap;
	bool failed;
};

static bool cmd_offer_begin(struct cmd_offer *o, const struct cmd_table *tables, size_t ntables,
			    enum cmd_mode mode, const char *line)
{
	size_t nwalk;
	int rc;

	memset(o, 0, sizeof(*o));
	sb_init(&o->pool);
	rc = cmd_words_split(&o->ws, line, true, NULL);
	if (rc == CMD_ERR_EMPTY && o->ws.first == o->ws.last)
		rc = 0; /* a blank line: everything may begin */
	if (rc)
		return false;
	nwalk = o->ws.n;
	if (!o->ws.trailing_blank && nwalk > 0)
		o->partial = &o->ws.w[--nwalk];
	if (cmd_engine_init(&o->e, tables, ntables, mode))
		return false;
	return cmd_engine_walk(&o->e, &o->ws, nwalk, NULL) == 0;
}

static void cmd_offer_end(struct cmd_offer *o)
{
	cmd_engine_free(&o->e);
	cmd_words_free(&o->ws);
	sb_free(&o->pool);
	free(o->ent);
}

static void cmd_offer_add(struct cmd_offer *o, const char *name, size_t nlen, const char *help,
			  size_t hlen)
{
	struct cmd_entry *ent;

	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 32;

		ent = realloc(o->ent, cap * sizeof(*ent));
		if (!ent) {
			o->failed = true;
			return;
		}
		o->ent = ent;
		o->cap = cap;
	}
	ent = &o->ent[o->n];
	ent->name = o->pool.len;
	ent->nlen = nlen;
	sb_addn(&o->pool, name, nlen);
	ent->help = o->pool.len;
	ent->hlen = hlen;
	sb_addn(&o->pool, help, hlen);
	if (o->pool.err)
		o->failed = true;
	else
		o->n++;
}

static const char *cmd_pool_at(const struct cmd_offer *o, size_t off)
{
	return o->pool.s + off;
}

static int cmd_entry_cmp(const void *a, const void *b)
{
	const struct cmd_entry *x = a, *y = b;
	size_t n = x->nlen < y->nlen ? x->nlen : y->nlen;
	int c = memcmp(x->s, y->s, n);

	if (c)
		return c;
	return x->nlen < y->nlen ? -1 : x->nlen > y->nlen;
}

/* Sort by name and drop repeated names; returns the width of the longest. */
static size_t cmd_offer_sort(struct cmd_offer *o)
{
	size_t i, k = 0, width = 0;

	if (o->n == 0)
		return 0;
	for (i = 0; i < o->n; i++)
		o->ent[i].s = cmd_pool_at(o, o->ent[i].name);
	qsort(o->ent, o->n, sizeof(*o->ent), cmd_entry_cmp);
	for (i = 0; i < o->n; i++) {
		if (k > 0 && cmd_entry_cmp(&o->ent[k - 1], &o->ent[i]) == 0)
			continue;
		o->ent[k++] = o->ent[i];
		if (o->ent[i].nlen > width)
			width = o->ent[i].nlen;
	}
	o->n = k;
	return width;
}

static bool cmd_prefix_of(const char *p, const char *s, size_t slen)
{
	size_t plen = strlen(p);

	return plen <= slen && memcmp(p, s, plen) == 0;
}

/* A source value fit for a completion line: one word, printable. */
static bool cmd_value_printable(const char *v)
{
	const unsigned char *p = (const unsigned char *)v;

	if (!*p)
		return false;
	for (; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '"')
			return false;
	return true;
}

static void cmd_complete_source(struct cmd_offer *o, const struct cmd_slot *slot,
				const char *prefix, cmd_values_fn values_fn, void *values_arg)
{
	const char *const *values = NULL;
	char src[64];
	size_t i, n;

	if (!values_fn || !slot->src || slot->srclen >= sizeof(src))
		return;
	memcpy(src, slot->src, slot->srclen);
	src[slot->srclen] = '\0';
	n = values_fn(src, &values, values_arg);
	for (i = 0; values && i < n; i++)
		if (values[i] && cmd_value_printable(values[i]) &&
		    cmd_prefix_of(prefix, values[i], strlen(values[i])))
			cmd_offer_add(o, values[i], strlen(values[i]), "", 0);
}

size_t cmd_complete(const struct cmd_table *tables, size_t ntables, enum cmd_mode mode,
		    const char *line, cmd_values_fn values_fn, void *values_arg, struct strbuf *out)
{
	struct cmd_target_iter it;
	struct cmd_target t;
	struct cmd_offer o;
	const char *prefix;
	size_t i, count = 0;

	if (!cmd_offer_begin(&o, tables, ntables, mode, line))
		goto out;
	/* Nothing completes inside quotes. */
	if (o.partial && o.partial->quoted)
		goto out;
	prefix = o.partial ? o.partial->val : "";
	for (i = 0; i < o.e.nst; i++) {
		const struct cmd_syntax *syn = &o.e.syn[o.e.st[i].cmd];

		if (syn->node->flags & CMD_F_HIDDEN)
			continue;
		memset(&it, 0, sizeof(it));
		while (cmd_target_next(syn, &o.e.st[i], &it, &t)) {
			if (t.kw && cmd_prefix_of(prefix, t.kw, t.kwlen))
				cmd_offer_add(&o, t.kw, t.kwlen, "", 0);
			else if (!t.kw)
				cmd_complete_source(&o, &syn->slot[t.slot], prefix, values_fn,
						    values_arg);
		}
	}
	cmd_offer_sort(&o);
	for (i = 0; i < o.n; i++)
		sb_printf(out, "%.*s\n", (int)o.ent[i].nlen, o.ent[i].s);
	count = o.n;
out:
	cmd_offer_end(&o);
	return count;
}

/* Should help for the word being typed list this target? */
static bool cmd_help_fits(const struct cmd_syntax *syn, const struct cmd_target *t,
			  const struct cmd_word *partial)
{
	const struct cmd_slot *slot;

	if (!partial)
		return true;
	if (t->kw)
		return !partial->quoted && cmd_prefix_of(partial->val, t->kw, t->kwlen);
	slot = &syn->slot[t->slot];
	if (partial->quoted)
		return slot->kind == CMD_TOK_WORD || slot->kind == CMD_TOK_LINE;
	return cmd_value_could_be(slot, partial->val);
}

size_t cmd_help(const struct cmd_table *tables, size_t ntables, enum cmd_mode mode,
		const char *line, struct strbuf *out)
{
	struct cmd_target_iter it;
	struct cmd_target t;
	struct cmd_offer o;
	const char *name;
	size_t i, nlen, width, count = 0;
	bool cr = false;

	if (!cmd_offer_begin(&o, tables, ntables, mode, line))
		goto out;
	for (i = 0; i < o.e.nst; i++) {
		const struct cmd_syntax *syn = &o.e.syn[o.e.st[i].cmd];

		if (syn->node->flags & CMD_F_HIDDEN)
			continue;
		if (!o.partial && cmd_state_accepts(syn, &o.e.st[i]))
			cr = true;
		memset(&it, 0, sizeof(it));
		while (cmd_target_next(syn, &o.e.st[i], &it, &t)) {
			if (!cmd_help_fits(syn, &t, o.partial))
				continue;
			name = cmd_target_name(syn, &t, &nlen);
			cmd_offer_add(&o, name, nlen, t.help, t.helplen);
		}
	}
	width = cmd_offer_sort(&o);
	for (i = 0; i < o.n; i++) {
		const struct cmd_entry *en = &o.ent[i];

		if (en->hlen)
			sb_printf(out, "  %-*.*s  %.*s\n", (int)width, (int)en->nlen, en->s,
				  (int)en->hlen, cmd_pool_at(&o, en->help));
		else
			sb_printf(out, "  %.*s\n", (int)en->nlen, en->s);
	}
	if (cr)
		sb_add(out, "  <cr>\n");
	count = o.n + cr;
out:
	cmd_offer_end(&o);
	return count;
}
