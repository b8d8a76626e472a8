/*
 * Editing through bindings: a bound command's slots become YANG paths and
 * values, set on (or removed from) the candidate with libyang.  libyang
 * checks each value against its type as it is set, so a bad value is
 * reported on the line that typed it; constraints between nodes wait for
 * validation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/secret.h"
#include "vtid/conf/conf_int.h"

const char *conf_mode_afi(enum cmd_mode m)
{
	if (m == CMD_MODE_BGP_AF_V4)
		return "ipv4-unicast";
	if (m == CMD_MODE_BGP_AF_V6)
		return "ipv6-unicast";
	return NULL;
}

enum cmd_mode conf_bind_base(const struct cmd_node *cmd)
{
	const struct conf_bind *b = cmd->data;

	return b && b->base ? b->base : cmd->mode;
}

void conf_tree_remove(struct lyd_node **tree, struct lyd_node *node)
{
	struct lyd_node *parent;

	/* Containers without presence left empty go too: an emptied
	 * configuration is no configuration (NULL). */
	while (node) {
		parent = lyd_parent(node);
		if (node == *tree)
			*tree = node->next;
		lyd_free_tree(node);
		if (*tree)
			*tree = lyd_first_sibling(*tree);
		if (!parent || lyd_child(parent) || !lysc_is_np_cont(parent->schema))
			break;
		node = parent;
	}
}

struct lyd_node *conf_tree_find(const struct lyd_node *tree, const char *path)
{
	struct lyd_node *n = NULL;

	if (!tree || !path)
		return NULL;
	if (lyd_find_path(tree, path, 0, &n) != LY_SUCCESS)
		n = NULL;
	conf_ly_clear(LYD_CTX(tree));
	return n;
}

void conf_argv_wipe(struct cmd_call *call)
{
	int i;

	/* argv points into the match's own malloc'd copy of the words. */
	for (i = 0; i < call->argc && i < CMD_MAX_SLOTS; i++)
		if (call->argv[i])
			secret_wipe((char *)call->argv[i], strlen(call->argv[i]));
}

/* The absolute path of cmd's entry with argv filled in; with first_list,
 * only up to the first list instance.  -ENOENT outside the base mode. */
static int conf_bind_entry(const struct conf_edit *e, const struct cmd_node *cmd,
			   const char *const *argv, bool first_list, struct strbuf *sb)
{
	const struct conf_bind *b = cmd->data;
	enum cmd_mode base = conf_bind_base(cmd);
	const char *p = b->entry, *v;
	struct conf_step st;
	bool root = base == CMD_MODE_CONFIG;
	unsigned i;
	int r;

	if (!root) {
		if (!e->mode_path[base])
			return -ENOENT;
		sb_add(sb, e->mode_path[base]);
	}
	while (p && (r = conf_step_next(&p, &st)) > 0) {
		sb_add(sb, root ? "/" CONF_MODULE ":" : "/");
		root = false;
		sb_addn(sb, st.name, st.nlen);
		for (i = 0; i < st.npred; i++) {
			const struct conf_pred *pr = &st.pred[i];
			char lit[64];

			if (pr->kind == CONF_PRED_LIT) {
				if (pr->vlen >= sizeof(lit))
					return -EINVAL;
				memcpy(lit, pr->val, pr->vlen);
				lit[pr->vlen] = '\0';
				v = lit;
			} else if (pr->kind == CONF_PRED_AFI) {
				v = conf_mode_afi(cmd->mode);
			} else {
				v = pr->slot < CMD_MAX_SLOTS ? argv[pr->slot] : NULL;
			}
			if (!v || conf_path_add_pred(sb, pr->key, pr->klen, v))
				return -EINVAL;
		}
		if (first_list && st.npred)
			break;
	}
	return sb->err ? -ENOMEM : 0;
}

static void conf_bind_join(struct strbuf *out, const char *entry, const char *leaf)
{
	sb_reset(out);
	if (*entry)
		sb_printf(out, "%s/%s", entry, leaf);
	else
		sb_printf(out, "/%s:%s", CONF_MODULE, leaf);
}

/* The first instance of the leaf (-list) at path whose value is v (any
 * value when v is NULL), or NULL. */
static struct lyd_node *conf_leaf_find(const struct lyd_node *tree, const char *path,
				       const char *v)
{
	const char *slash = strrchr(path, '/'), *name;
	struct lyd_node *parent, *n;
	char *ppath;

	if (!slash || slash == path)
		return conf_tree_find(tree, path);
	ppath = strndup(path, (size_t)(slash - path));
	parent = ppath ? conf_tree_find(tree, ppath) : NULL;
	free(ppath);
	name = slash + 1;
	for (n = parent ? lyd_child(parent) : NULL; n; n = n->next)
		if (n->schema && strcmp(n->schema->name, name) == 0 &&
		    (!v || strcmp(lyd_get_value(n), v) == 0))
			return n;
	return NULL;
}

static void conf_leaf_remove_all(struct conf_edit *e, const char *path, const char *v)
{
	struct lyd_node *n;

	while ((n = conf_leaf_find(e->candidate, path, v))) {
		conf_tree_remove(&e->candidate, n);
		e->dirty = true;
	}
}

/* The name of a path's last step ("" if none). */
static void conf_path_last(const char *path, struct conf_step *last)
{
	struct conf_step st;
	const char *p = path;

	memset(last, 0, sizeof(*last));
	last->name = "";
	while (p && conf_step_next(&p, &st) > 0)
		*last = st;
}

static void conf_bind_note(struct conf_edit *e, const struct lyd_node *n)
{
	char *p;

	if (!e->load || !n)
		return;
	p = lyd_path(n, LYD_PATH_STD, NULL, 0);
	if (p)
		conf_load_note(e->load, p, e->line);
	free(p);
}

/* libyang refused the value: say so in the user's words. */
static int conf_bind_fail(struct conf_edit *e, const char *entry, const char *leafpath,
			  const char *value, struct strbuf *out)
{
	struct conf_lyerr ly, *ei = &ly;
	const char *path = leafpath;
	struct conf_step a, b;
	struct strbuf msg = STRBUF_INIT;
	char *loc;
	bool schema;

	/* When libyang names another node than the leaf, it is a key of the
	 * entry that is wrong. */
	conf_lyerr_take(e->ctx, &ly);
	loc = conf_path_from_err(ly.path, &schema);
	if (loc && leafpath) {
		conf_path_last(loc, &a);
		conf_path_last(leafpath, &b);
		if (a.nlen != b.nlen || memcmp(a.name, b.name, a.nlen) != 0)
			path = NULL;
	}
	if (!path) {
		path = entry;
		value = NULL;
	}
	conf_err_describe(e->ctx, e->candidate, path, value, ei, &msg);
	sb_printf(out, "%% %s\n", sb_str(&msg));
	if (e->load)
		conf_load_failed(e->load, leafpath ? leafpath : entry);
	sb_free(&msg);
	free(loc);
	conf_lyerr_free(&ly);
	return CMD_ERR_BAD_VALUE;
}

static int conf_bind_new(struct conf_edit *e, const char *path, const char *value)
{
	struct lyd_node *first = NULL;

	if (lyd_new_path(e->candidate, e->ctx, path, value, LYD_NEW_PATH_UPDATE, &first) !=
	    LY_SUCCESS)
		return -EINVAL;
	if (!e->candidate && first) {
		while (lyd_parent(first))
			first = lyd_parent(first);
		e->candidate = first;
	}
	if (e->candidate)
		e->candidate = lyd_first_sibling(e->candidate);
	e->dirty = true;
	return 0;
}

static int conf_bind_unset(struct conf_edit *e, const struct cmd_call *call, const char *entry,
			   struct strbuf *path)
{
	const struct conf_bind *b = call->cmd->data;
	const struct conf_leaf *l;
	struct lyd_node *n;
	int i, r;

	if (b->flags & CONF_B_ANCHOR) {
		n = conf_tree_find(e->candidate, entry);
		if (n) {
			conf_tree_remove(&e->candidate, n);
			e->dirty = true;
		}
		return 0;
	}
	for (i = 0; i < CONF_BIND_LEAVES && b->leaf[i].path; i++) {
		l = &b->leaf[i];
		if (l->slot == CONF_FIXED && !l->value)
			continue;
		conf_bind_join(path, entry, l->path);
		if (b->flags & CONF_B_NOFALSE) {
			r = conf_bind_new(e, sb_str(path), "false");
			if (r)
				return conf_bind_fail(e, entry, sb_str(path), "false", call->out);
			conf_bind_note(e, conf_leaf_find(e->candidate, sb_str(path), NULL));
			continue;
		}
		conf_leaf_remove_all(e, sb_str(path),
				     (b->flags & CONF_B_LEAFLIST) && l->slot >= 0 ? call->argv[l->slot]
										  : NULL);
	}
	/* A list entry left with only its keys would not show in the
	 * rendering: take it away too. */
	if (*entry && b->entry && (n = conf_tree_find(e->candidate, entry)) &&
	    (n->schema->nodetype & LYS_LIST) && !lyd_child_no_keys(n))
		conf_tree_remove(&e->candidate, n);
	return 0;
}

static int conf_bind_set(struct conf_edit *e, const struct cmd_call *call, const char *entry,
			 struct strbuf *path)
{
	const struct conf_bind *b = call->cmd->data;
	const struct conf_leaf *l;
	struct lyd_node *n;
	const char *v;
	int i;

	if (b->entry && (n = conf_tree_find(e->candidate, entry)) == NULL) {
		if (conf_bind_new(e, entry, NULL))
			return conf_bind_fail(e, entry, NULL, NULL, call->out);
	}
	conf_bind_note(e, conf_tree_find(e->candidate, entry));
	for (i = 0; i < CONF_BIND_LEAVES && b->leaf[i].path; i++) {
		l = &b->leaf[i];
		v = l->slot >= 0 ? call->argv[l->slot] : l->value;
		conf_bind_join(path, entry, l->path);
		if (!v) {
			if (l->slot == CONF_FIXED || (b->flags & CONF_B_REPLACE))
				conf_leaf_remove_all(e, sb_str(path), NULL);
			continue;
		}
		if (conf_bind_new(e, sb_str(path), v))
			return conf_bind_fail(e, entry, sb_str(path), v, call->out);
		conf_bind_note(e, conf_leaf_find(e->candidate, sb_str(path),
						 (b->flags & CONF_B_LEAFLIST) ? v : NULL));
	}
	return 0;
}

int conf_bind_apply(struct conf_edit *e, const struct cmd_call *call, struct lyd_node **entry_out)
{
	const struct conf_bind *b = call->cmd->data;
	struct strbuf entry = STRBUF_INIT, path = STRBUF_INIT;
	int r;

	if (entry_out)
		*entry_out = NULL;
	r = conf_bind_entry(e, call->cmd, call->argv, false, &entry);
	if (r == -EINVAL) {
		sb_add(call->out, "% Command incomplete, or a name with both kinds of quotes\n");
		r = CMD_ERR_INCOMPLETE;
		goto out;
	}
	if (r) {
		sb_add(call->out, r == -ENOMEM ? "% Out of memory\n" : "% Not in the right mode\n");
		goto out;
	}
	if ((b->flags & CONF_B_NEEDS) && (!call->negated || (b->flags & CONF_B_NOFALSE))) {
		r = conf_bind_entry(e, call->cmd, call->argv, true, &path);
		if (r == 0 && !conf_tree_find(e->candidate, sb_str(&path))) {
			sb_printf(call->out, "%% neighbor %s is not configured; first: neighbor %s "
					     "remote-as AS\n", call->argv[1], call->argv[1]);
			r = -ENOENT;
			goto out;
		}
	}
	r = call->negated ? conf_bind_unset(e, call, sb_str(&entry), &path)
			  : conf_bind_set(e, call, sb_str(&entry), &path);
	if (r == 0 && entry_out)
		*entry_out = conf_tree_find(e->candidate, sb_str(&entry));
out:
	sb_free(&entry);
	sb_free(&path);
	return r;
}

int conf_bind_cmd(struct cmd_call *call)
{
	return conf_bind_apply(call->ctx, call, NULL);
}
