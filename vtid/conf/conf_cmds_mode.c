/*
 * The commands that move between modes, and the two whose meaning a
 * binding cannot say: `router bgp N` when BGP already has another AS, and
 * `no ip prefix-list NAME [seq N]`.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/conf/conf_int.h"

int conf_cmd_enter(struct cmd_call *call)
{
	struct conf_edit *e = call->ctx;
	const struct conf_bind *b = call->cmd->data;
	struct lyd_node *entry;
	char *path;
	int r;

	r = conf_bind_apply(e, call, &entry);
	if (r || call->negated)
		return r;
	if (!entry) {
		sb_add(call->out, "% Cannot enter the mode (internal error)\n");
		return -EINVAL;
	}
	path = lyd_path(entry, LYD_PATH_STD, NULL, 0);
	if (!path) {
		sb_add(call->out, "% Out of memory\n");
		return -ENOMEM;
	}
	conf_edit_leave_to(e, call->cmd->mode);
	e->mode_path[b->enter] = path;
	e->mode = b->enter;
	return 0;
}

int conf_cmd_router_bgp(struct cmd_call *call)
{
	struct conf_edit *e = call->ctx;
	const struct lyd_node *as;
	const char *have;

	as = conf_tree_find(e->candidate, "/" CONF_MODULE ":bgp/local-as");
	have = as ? lyd_get_value(as) : NULL;
	if (have && call->argv[2] && strcmp(have, call->argv[2]) != 0) {
		if (call->negated)
			sb_printf(call->out, "%% BGP is configured with AS %s, not %s\n", have,
				  call->argv[2]);
		else
			sb_printf(call->out, "%% BGP is already configured with AS %s\n", have);
		return -EEXIST;
	}
	return conf_cmd_enter(call);
}

int conf_cmd_no_prefix_list(struct cmd_call *call)
{
	struct conf_edit *e = call->ctx;
	struct strbuf path = STRBUF_INIT;
	struct lyd_node *list, *entry = NULL;
	int r = 0;

	if (!call->argv[2]) {
		sb_add(call->out, "% Command incomplete: which prefix-list?\n");
		return CMD_ERR_INCOMPLETE;
	}
	sb_add(&path, "/" CONF_MODULE ":prefix-lists/prefix-list");
	if (conf_path_add_pred(&path, "name", 4, call->argv[2])) {
		sb_add(call->out, "% Invalid prefix-list name\n");
		r = CMD_ERR_BAD_VALUE;
		goto out;
	}
	list = conf_tree_find(e->candidate, sb_str(&path));
	if (list && call->argv[4]) {
		sb_add(&path, "/entry");
		conf_path_add_pred(&path, "seq", 3, call->argv[4]);
		entry = conf_tree_find(e->candidate, sb_str(&path));
		if (!entry)
			goto out;
		conf_tree_remove(&e->candidate, entry);
		if (lyd_child_no_keys(list))
			list = NULL; /* other entries remain */
	}
	if (list)
		conf_tree_remove(&e->candidate, list);
	e->dirty = true;
out:
	sb_free(&path);
	return r;
}

/* Commit through the owner's hook; on success the session leaves config
 * mode (leave) or stays (commit).  Without a hook (a file being loaded)
 * there is nothing to commit. */
static int conf_commit(struct conf_edit *e, struct strbuf *out, bool leave)
{
	int r;

	if (!e->commit)
		return 0;
	r = e->commit(e, out);
	if (r < 0)
		return r;
	if (leave)
		conf_edit_end(e);
	return 0;
}

int conf_cmd_exit(struct cmd_call *call)
{
	struct conf_edit *e = call->ctx;

	switch (e->mode) {
	case CMD_MODE_CONFIG:
		return conf_commit(e, call->out, true);
	case CMD_MODE_BGP_AF_V4:
	case CMD_MODE_BGP_AF_V6:
		conf_edit_leave_to(e, CMD_MODE_BGP);
		return 0;
	default:
		conf_edit_leave_to(e, CMD_MODE_CONFIG);
		return 0;
	}
}

int conf_cmd_end(struct cmd_call *call)
{
	struct conf_edit *e = call->ctx;

	if (!e->commit) {
		conf_edit_leave_to(e, CMD_MODE_CONFIG);
		return 0;
	}
	return conf_commit(e, call->out, true);
}

int conf_cmd_commit(struct cmd_call *call)
{
	return conf_commit(call->ctx, call->out, false);
}

int conf_cmd_abort(struct cmd_call *call)
{
	struct conf_edit *e = call->ctx;

	if (!e->commit) {
		sb_add(call->out, "% abort is for the shell, not for a configuration file\n");
		return -EINVAL;
	}
	conf_edit_end(e);
	return 0;
}
