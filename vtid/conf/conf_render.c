/*
 * Rendering a tree in the command language.  The command table is walked
 * in order, mode by mode; each bound command prints a line for every
 * instance of its entry whose leaves are set and differ from their
 * defaults.  Consecutive commands about the same list print per instance,
 * in the tree's order ("neighbor X ..." lines of X together, as FRR prints
 * them), so that loading the text builds the lists in the same order.
 * Blocks are closed by their "exit" and separated by "!".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/conf/conf_int.h"

#define CONF_PSK_MASK "********"

struct conf_render {
	const struct lyd_node *tree;
	unsigned flags;
	struct strbuf *out;
	const struct lyd_node *mode_node[CMD_MODE__COUNT];
	unsigned nlines;
};

/* Separators of one level: "!" after top-level groups and blocks, " !"
 * between the parts of a block. */
struct conf_level {
	int indent;
	bool pending; /* lines printed since the last "!" */
	bool any;     /* anything printed in this block */
};

#define CONF_STEP_MAX 8

struct conf_walk {
	struct conf_render *r;
	struct conf_level *lv;
	const struct cmd_node *cmd;
	const char *argv[CMD_MAX_SLOTS];
	size_t first, end; /* the group: rows [first, end) of the table */
};

static bool conf_name_is(const struct lyd_node *n, const char *name, size_t len)
{
	return n->schema && strlen(n->schema->name) == len && memcmp(n->schema->name, name, len) == 0;
}

static const struct lyd_node *conf_children(const struct conf_render *r,
					    const struct lyd_node *parent)
{
	return parent ? lyd_child(parent) : (r->tree ? lyd_first_sibling(r->tree) : NULL);
}

static const char *conf_key_value(const struct lyd_node *n, const char *key, size_t klen)
{
	const struct lyd_node *c;

	for (c = lyd_child(n); c && c->schema && lysc_is_key(c->schema); c = c->next)
		if (conf_name_is(c, key, klen))
			return lyd_get_value(c);
	return NULL;
}

/* Do the predicates of cmd's entry hold for instance x (reached from base
 * by as many steps)?  Fills argv from slot predicates. */
static bool conf_entry_matches(const struct cmd_node *cmd, const struct lyd_node *x,
			       const char **argv)
{
	const struct conf_bind *b = cmd->data;
	struct conf_step st[CONF_STEP_MAX];
	const struct lyd_node *n = x;
	const char *p = b->entry, *v, *afi;
	int k = 0, i;
	unsigned j;

	while (p && k < CONF_STEP_MAX && conf_step_next(&p, &st[k]) > 0)
		k++;
	for (i = k - 1; i >= 0; i--, n = lyd_parent(n)) {
		if (!n || !conf_name_is(n, st[i].name, st[i].nlen))
			return false;
		for (j = 0; j < st[i].npred; j++) {
			v = conf_key_value(n, st[i].pred[j].key, st[i].pred[j].klen);
			if (!v)
				return false;
			if (st[i].pred[j].kind == CONF_PRED_LIT) {
				if (strlen(v) != st[i].pred[j].vlen ||
				    memcmp(v, st[i].pred[j].val, st[i].pred[j].vlen) != 0)
					return false;
			} else if (st[i].pred[j].kind == CONF_PRED_AFI) {
				afi = conf_mode_afi(cmd->mode);
				if (!afi || strcmp(v, afi) != 0)
					return false;
			} else if (st[i].pred[j].slot < CMD_MAX_SLOTS) {
				argv[st[i].pred[j].slot] = v;
			}
		}
	}
	return true;
}

/* The first instance of leaf path lp ("a/b") under entry; *holder gets
 * the node that holds it. */
static const struct lyd_node *conf_leaf_at(const struct conf_render *r,
					   const struct lyd_node *entry, const char *lp,
					   const struct lyd_node **holder)
{
	const struct lyd_node *cur = entry, *c;
	struct conf_step st;
	const char *p = lp;

	while (conf_step_next(&p, &st) > 0) {
		for (c = conf_children(r, cur); c; c = c->next)
			if (conf_name_is(c, st.name, st.nlen))
				break;
		if (!*p) {
			*holder = cur;
			return c;
		}
		if (!c)
			return NULL;
		cur = c;
	}
	return NULL;
}

/* The default of a leaf not in the tree (a tree not validated yet). */
static const char *conf_leaf_default(const struct conf_render *r, const struct lyd_node *entry,
				     const char *lp)
{
	const struct ly_ctx *ctx = LYD_CTX(r->tree);
	const struct lys_module *mod = ly_ctx_get_module_implemented(ctx, CONF_MODULE);
	const struct lysc_node *s = entry ? entry->schema : NULL;
	const struct lysc_node_leaf *leaf;
	struct conf_step st;
	const char *p = lp;

	while (conf_step_next(&p, &st) > 0) {
		s = lys_find_child(s, mod, st.name, st.nlen, 0, 0);
		if (!s)
			return NULL;
	}
	if (!s || s->nodetype != LYS_LEAF)
		return NULL;
	leaf = (const struct lysc_node_leaf *)s;
	return leaf->dflt ? lyd_value_get_canonical(ctx, leaf->dflt) : NULL;
}

static void conf_render_line(struct conf_walk *w, const char *const *argv, bool no)
{
	struct strbuf *out = w->r->out;
	size_t mark = out->len;

	sb_printf(out, "%*s%s", w->lv->indent, "", no ? "no " : "");
	if (conf_syntax_words(w->cmd, argv, false, out) != 0) {
		/* A required value is missing: there is nothing to say. */
		out->len = mark;
		if (out->s)
			out->s[mark] = '\0';
		return;
	}
	sb_addc(out, '\n');
	w->r->nlines++;
	w->lv->pending = true;
	w->lv->any = true;
}

static void conf_render_leaflist(struct conf_walk *w, const struct lyd_node *entry)
{
	const struct conf_leaf *l = &((const struct conf_bind *)w->cmd->data)->leaf[0];
	const char *argv[CMD_MAX_SLOTS], *name = strrchr(l->path, '/');
	const struct lyd_node *n, *holder = NULL;

	name = name ? name + 1 : l->path;
	memcpy(argv, w->argv, sizeof(argv));
	for (n = conf_leaf_at(w->r, entry, l->path, &holder); n; n = n->next) {
		if (!conf_name_is(n, name, strlen(name)))
			continue;
		argv[l->slot] = lyd_get_value(n);
		if (conf_slot_fits(w->cmd->syntax, l->slot, argv[l->slot]))
			conf_render_line(w, argv, false);
	}
}

/* Print w->cmd for one entry, when what it sets is there. */
static void conf_render_entry(struct conf_walk *w, const struct lyd_node *entry)
{
	const struct conf_bind *b = w->cmd->data;
	bool all = w->r->flags & CONF_RENDER_DEFAULTS, any = false, no = false;
	const char *argv[CMD_MAX_SLOTS], *v;
	const struct lyd_node *n, *holder;
	const struct conf_leaf *l;
	int i;

	for (i = 0; i < CMD_MAX_SLOTS; i++)
		if (w->argv[i] && !conf_slot_fits(w->cmd->syntax, i, w->argv[i]))
			return; /* a key of another family: another command's line */
	if (b->flags & CONF_B_LEAFLIST) {
		conf_render_leaflist(w, entry);
		return;
	}
	memcpy(argv, w->argv, sizeof(argv));
	for (i = 0; i < CONF_BIND_LEAVES && b->leaf[i].path; i++) {
		l = &b->leaf[i];
		if (l->slot == CONF_FIXED && !l->value)
			continue;
		n = conf_leaf_at(w->r, entry, l->path, &holder);
		v = n ? lyd_get_value(n) : NULL;
		if (l->slot == CONF_FIXED) {
			if (!v)
				return;
			if ((b->flags & CONF_B_NOFALSE) && strcmp(v, "false") == 0)
				no = true;
			else if (strcmp(v, l->value) != 0)
				return;
			if (all || !lyd_is_default(n))
				any = true;
			continue;
		}
		if (v && !conf_slot_fits(w->cmd->syntax, l->slot, v))
			return;
		if (v && (all || !lyd_is_default(n))) {
			argv[l->slot] = v;
			any = true;
		} else if (!conf_slot_optional(w->cmd->syntax, l->slot)) {
			argv[l->slot] = v ? v : conf_leaf_default(w->r, entry, l->path);
		}
		if ((b->flags & CONF_B_SECRET) && argv[l->slot] &&
		    !(w->r->flags & CONF_RENDER_SECRETS))
			argv[l->slot] = CONF_PSK_MASK;
	}
	if (!any && !(b->flags & (CONF_B_ANCHOR | CONF_B_BLOCK)))
		return;
	conf_render_line(w, argv, no);
}

static void conf_render_mode(struct conf_render *r, enum cmd_mode mode, int indent);

static void conf_render_block(struct conf_walk *w, const struct lyd_node *entry)
{
	const struct conf_bind *b = w->cmd->data;
	struct conf_render *r = w->r;
	struct conf_level *lv = w->lv;
	unsigned before = r->nlines;
	size_t mark = r->out->len;

	if (lv->indent == 0 ? lv->pending : lv->any)
		sb_printf(r->out, "%*s!\n", lv->indent, "");
	conf_render_entry(w, entry);
	if (r->nlines == before) {
		r->out->len = mark;
		if (r->out->s)
			r->out->s[mark] = '\0';
		return;
	}
	r->mode_node[b->enter] = entry;
	conf_render_mode(r, b->enter, lv->indent + 1);
	r->mode_node[b->enter] = NULL;
	sb_printf(r->out, "%*s%s\n", lv->indent, "", b->close);
	if (lv->indent == 0)
		sb_add(r->out, "!\n");
	lv->pending = false;
	lv->any = true;
}

/* One instance of the group's entry: every row of the group whose
 * predicates it satisfies prints its line (or block). */
static void conf_render_instance(struct conf_walk *w, const struct lyd_node *x)
{
	const struct cmd_node *c;
	const struct conf_bind *b;
	struct conf_walk m;
	size_t k;

	for (k = w->first; k < w->end; k++) {
		c = &conf_cmd_table.nodes[k];
		b = c->data;
		if (!b || (c->flags & CMD_F_NOONLY))
			continue;
		m = *w;
		m.cmd = c;
		memset(m.argv, 0, sizeof(m.argv));
		if (b->entry && !conf_entry_matches(c, x, m.argv))
			continue;
		if (b->flags & CONF_B_BLOCK)
			conf_render_block(&m, x);
		else
			conf_render_entry(&m, x);
	}
}

/* Visit, in tree order, the instances the steps at p name from parent
 * (NULL: the root); predicates are left to conf_entry_matches(). */
static void conf_walk_shape(struct conf_walk *w, const struct lyd_node *parent, const char *p)
{
	struct conf_step st;
	const struct lyd_node *c;

	if (!p || conf_step_next(&p, &st) <= 0) {
		conf_render_instance(w, parent);
		return;
	}
	for (c = conf_children(w->r, parent); c; c = c->next)
		if (conf_name_is(c, st.name, st.nlen) &&
		    (parent || strcmp(c->schema->module->name, CONF_MODULE) == 0))
			conf_walk_shape(w, c, p);
}

/* Do two entries name the same nodes, predicates aside? */
static bool conf_same_shape(const char *a, const char *b)
{
	struct conf_step sa, sb;
	int ra, rb;

	if (!a || !b)
		return !a && !b;
	for (;;) {
		ra = conf_step_next(&a, &sa);
		rb = conf_step_next(&b, &sb);
		if (ra <= 0 || rb <= 0)
			return ra == rb;
		if (sa.nlen != sb.nlen || memcmp(sa.name, sb.name, sa.nlen) != 0)
			return false;
	}
}

static bool conf_renders(const struct cmd_node *c, enum cmd_mode mode)
{
	return c->mode == mode && c->data && !(c->flags & CMD_F_NOONLY);
}

static void conf_render_mode(struct conf_render *r, enum cmd_mode mode, int indent)
{
	struct conf_level lv = {indent, false, false};
	const struct cmd_node *c, *d;
	const struct conf_bind *b, *db;
	enum cmd_mode base;
	struct conf_walk w;
	size_t i, j;

	for (i = 0; i < conf_cmd_table.count; i = j) {
		j = i + 1;
		c = &conf_cmd_table.nodes[i];
		if (!conf_renders(c, mode))
			continue;
		b = c->data;
		base = conf_bind_base(c);
		if (base != CMD_MODE_CONFIG && !r->mode_node[base])
			continue;
		/* The rows that address the same list print per instance, in
		 * the tree's order: all "neighbor X ..." lines of X together. */
		for (; j < conf_cmd_table.count && conf_cmd_table.nodes[j].mode == mode; j++) {
			d = &conf_cmd_table.nodes[j];
			if (!conf_renders(d, mode))
				continue;
			db = d->data;
			if (conf_bind_base(d) != base || !conf_same_shape(db->entry, b->entry) ||
			    (db->flags & CONF_B_BLOCK) != (b->flags & CONF_B_BLOCK))
				break;
		}
		memset(&w, 0, sizeof(w));
		w.r = r;
		w.lv = &lv;
		w.cmd = c;
		w.first = i;
		w.end = j;
		conf_walk_shape(&w, base == CMD_MODE_CONFIG ? NULL : r->mode_node[base], b->entry);
	}
	if (indent == 0 && lv.pending)
		sb_add(r->out, "!\n");
}

int conf_render(const struct lyd_node *tree, unsigned flags, struct strbuf *out)
{
	struct conf_render r;

	memset(&r, 0, sizeof(r));
	r.tree = tree;
	r.flags = flags;
	r.out = out;
	if (tree)
		conf_render_mode(&r, CMD_MODE_CONFIG, 0);
	return out->err ? -ENOMEM : 0;
}
