/*
 * Data paths in the user's words.  The command table already says which
 * command sets which node, so a path is matched against the bindings: the
 * blocks it passes through give the context ("tunnel aws1"), the command
 * that sets the node gives the field ("inside local").  Messages then speak
 * the language the user typed, not libyang's.
 */
#include <stdlib.h>
#include <string.h>

#include "vtid/conf/conf_int.h"

#define CONF_MAX_STEPS 16

struct conf_match {
	const struct conf_step *st;
	int n;
	const char *argv[CMD_MAX_SLOTS];
	char *pool; /* storage for argv values */
	size_t used;
};

static const char *conf_match_keep(struct conf_match *m, const char *v, size_t len)
{
	char *p = m->pool + m->used;

	memcpy(p, v, len);
	p[len] = '\0';
	m->used += len + 1;
	return p;
}

static const struct conf_pred *conf_pred_find(const struct conf_step *st, const char *key,
					      size_t klen)
{
	unsigned i;

	for (i = 0; i < st->npred; i++)
		if (st->pred[i].klen == klen && memcmp(st->pred[i].key, key, klen) == 0)
			return &st->pred[i];
	return NULL;
}

/* Match the binding path `bpath` against data steps from pos; fills argv
 * from its slot predicates.  Returns the number of steps matched, or -1. */
static int conf_match_path(struct conf_match *m, const struct cmd_node *cmd, const char *bpath,
			   int pos)
{
	struct conf_step bs;
	const struct conf_pred *dp;
	const char *p = bpath, *afi;
	int k = 0, r = 0;
	unsigned i;

	while (p && (r = conf_step_next(&p, &bs)) > 0) {
		if (pos + k >= m->n)
			return -1;
		if (bs.nlen != m->st[pos + k].nlen ||
		    memcmp(bs.name, m->st[pos + k].name, bs.nlen) != 0)
			return -1;
		for (i = 0; i < bs.npred; i++) {
			dp = conf_pred_find(&m->st[pos + k], bs.pred[i].key, bs.pred[i].klen);
			if (!dp)
				return -1;
			if (bs.pred[i].kind == CONF_PRED_LIT) {
				if (dp->vlen != bs.pred[i].vlen ||
				    memcmp(dp->val, bs.pred[i].val, dp->vlen) != 0)
					return -1;
			} else if (bs.pred[i].kind == CONF_PRED_AFI) {
				afi = conf_mode_afi(cmd->mode);
				if (!afi || strlen(afi) != dp->vlen || memcmp(afi, dp->val, dp->vlen))
					return -1;
			} else if (bs.pred[i].slot < CMD_MAX_SLOTS) {
				m->argv[bs.pred[i].slot] = conf_match_keep(m, dp->val, dp->vlen);
				if (!conf_slot_fits(cmd->syntax, bs.pred[i].slot,
						    m->argv[bs.pred[i].slot]))
					return -1;
			}
		}
		k++;
	}
	return r < 0 ? -1 : k;
}

enum conf_hit { CONF_HIT_NONE, CONF_HIT_ENTRY, CONF_HIT_LEAF };

/* Does cmd address the data steps [pos, n)?  With fixed, only leaves with
 * fixed values count (a second pass: "mtu auto" after "mtu (1280-9000)"). */
static enum conf_hit conf_match_cmd(struct conf_match *m, const struct cmd_node *cmd, int pos,
				    bool fixed)
{
	const struct conf_bind *b = cmd->data;
	const struct conf_step *last;
	int k = 0, j, i;

	memset(m->argv, 0, sizeof(m->argv));
	m->used = 0;
	if (b->entry && (k = conf_match_path(m, cmd, b->entry, pos)) < 0)
		return CONF_HIT_NONE;
	if (pos + k == m->n)
		return b->entry ? CONF_HIT_ENTRY : CONF_HIT_NONE;
	/* A key of the entry stands for the entry. */
	last = k ? &m->st[pos + k - 1] : NULL;
	if (last && pos + k + 1 == m->n &&
	    conf_pred_find(last, m->st[pos + k].name, m->st[pos + k].nlen))
		return CONF_HIT_ENTRY;
	for (i = 0; i < CONF_BIND_LEAVES && b->leaf[i].path; i++) {
		if ((b->leaf[i].slot == CONF_FIXED) != fixed)
			continue;
		if (b->leaf[i].slot == CONF_FIXED && !b->leaf[i].value)
			continue;
		j = conf_match_path(m, cmd, b->leaf[i].path, pos + k);
		if (j > 0 && pos + k + j == m->n)
			return CONF_HIT_LEAF;
	}
	return CONF_HIT_NONE;
}

static int conf_bind_nvalues(const struct conf_bind *b)
{
	int i, n = 0;

	for (i = 0; i < CONF_BIND_LEAVES && b->leaf[i].path; i++)
		n += b->leaf[i].slot >= 0;
	return n;
}

static void conf_words_sep(struct strbuf *sb)
{
	if (sb->len)
		sb_add(sb, ": ");
}

/* The words of the block that enters mode (for a command of an inner mode
 * whose paths start at an outer one). */
static void conf_words_block(enum cmd_mode mode, struct strbuf *out)
{
	const struct cmd_node *c;
	const struct conf_bind *b;
	const char *none[CMD_MAX_SLOTS] = {0};
	size_t i;

	for (i = 0; i < conf_cmd_table.count; i++) {
		c = &conf_cmd_table.nodes[i];
		b = c->data;
		if (b && (b->flags & CONF_B_BLOCK) && b->enter == mode) {
			conf_words_sep(out);
			conf_syntax_words(c, none, true, out);
			return;
		}
	}
}

static bool conf_words_try(struct conf_match *m, enum cmd_mode mode, int pos,
			   struct conf_words *w, bool fixed)
{
	const struct cmd_node *c;
	const struct conf_bind *b;
	enum conf_hit hit;
	size_t i;

	for (i = 0; i < conf_cmd_table.count; i++) {
		c = &conf_cmd_table.nodes[i];
		b = c->data;
		if (!b || (b->flags & CONF_B_BLOCK) || (c->flags & CMD_F_NOONLY) ||
		    conf_bind_base(c) != mode)
			continue;
		hit = conf_match_cmd(m, c, pos, fixed);
		if (hit == CONF_HIT_NONE)
			continue;
		if (c->mode != mode)
			conf_words_block(c->mode, &w->context);
		conf_syntax_words(c, m->argv, true, &w->field);
		/* The value is shown when it is the command's only one. */
		w->leaf = hit == CONF_HIT_LEAF && conf_bind_nvalues(b) <= 1;
		w->secret = hit == CONF_HIT_LEAF && (b->flags & CONF_B_SECRET);
		return true;
	}
	return false;
}

static void conf_words_walk(struct conf_match *m, struct conf_words *w)
{
	const struct cmd_node *c;
	const struct conf_bind *b;
	enum cmd_mode mode = CMD_MODE_CONFIG;
	int pos = 0, k, i;
	size_t j;
	bool entered;

	do {
		entered = false;
		for (j = 0; j < conf_cmd_table.count && !entered; j++) {
			c = &conf_cmd_table.nodes[j];
			b = c->data;
			if (!b || !(b->flags & CONF_B_BLOCK) || c->mode != mode)
				continue;
			memset(m->argv, 0, sizeof(m->argv));
			m->used = 0;
			k = conf_match_path(m, c, b->entry, pos);
			if (k <= 0)
				continue;
			if (pos + k == m->n) {
				conf_syntax_words(c, m->argv, true, &w->field);
				return;
			}
			conf_words_sep(&w->context);
			conf_syntax_words(c, m->argv, true, &w->context);
			pos += k;
			mode = b->enter;
			entered = true;
		}
	} while (entered);
	if (conf_words_try(m, mode, pos, w, false) || conf_words_try(m, mode, pos, w, true))
		return;
	/* Not a node any command sets: its names, and keys, as they are. */
	for (i = pos; i < m->n; i++) {
		if (w->field.len)
			sb_addc(&w->field, ' ');
		sb_addn(&w->field, m->st[i].name, m->st[i].nlen);
		for (j = 0; j < m->st[i].npred; j++)
			sb_printf(&w->field, " %.*s", (int)m->st[i].pred[j].vlen,
				  m->st[i].pred[j].val);
	}
}

void conf_words_get(const char *path, struct conf_words *w)
{
	struct conf_step st[CONF_MAX_STEPS];
	struct conf_match m;
	const char *p = path;
	int n = 0, r;

	memset(w, 0, sizeof(*w));
	while (n < CONF_MAX_STEPS && (r = conf_step_next(&p, &st[n])) > 0)
		n++;
	if (!path || n == 0 || *p) {
		sb_add(&w->field, path ? path : "");
		return;
	}
	memset(&m, 0, sizeof(m));
	m.st = st;
	m.n = n;
	m.pool = malloc(strlen(path) + CMD_MAX_SLOTS + 1);
	if (!m.pool) {
		sb_add(&w->field, path);
		return;
	}
	conf_words_walk(&m, w);
	free(m.pool);
}

void conf_words_free(struct conf_words *w)
{
	sb_free(&w->context);
	sb_free(&w->field);
}

void conf_words_of_path(const char *path, struct strbuf *out)
{
	struct conf_words w;

	conf_words_get(path, &w);
	sb_add(out, sb_str(&w.context));
	if (w.context.len && w.field.len)
		sb_add(out, ": ");
	sb_add(out, sb_str(&w.field));
	conf_words_free(&w);
}
