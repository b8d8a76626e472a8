/*
 * Validation that reports every problem, not only the first.
 *
 * Missing mandatory nodes are found in C (conf_check.c), with the instance
 * named.  Everything else is validated by libyang in the relaxed copy of
 * the model (no "mandatory"; conf_ctx.c), which stops at the first invalid
 * node: after each error the offending node is taken out and a fresh copy
 * validated again.  Consequences of a removal (a route to a tunnel taken
 * out, "inside peer" once "inside local" is gone) are not reported.  When
 * nothing is wrong, the tree is validated once more against the real model,
 * which adds the defaults.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/secret.h"
#include "vtid/conf/conf_int.h"

#define CONF_MAX_ROUNDS 64

static bool conf_node_removed(const struct conf_strs *removed, const struct lyd_node *n)
{
	char *p = lyd_path(n, LYD_PATH_STD, NULL, 0);
	bool hit = p && conf_strs_within(removed, p);

	free(p);
	return hit;
}

/* Was a sibling of the node at path taken out, or something below it?
 * Then a constraint between them may fail only because of that. */
static bool conf_neighbour_removed(const struct conf_strs *removed, const char *path)
{
	char *parent, *rp;
	bool hit = false;
	size_t i;

	if (!removed || !path)
		return false;
	parent = conf_path_parent(path);
	for (i = 0; i < removed->n && !hit; i++) {
		if (conf_path_within(removed->v[i], path)) {
			hit = true;
			break;
		}
		rp = conf_path_parent(removed->v[i]);
		hit = rp && parent && strcmp(rp, parent) == 0;
		free(rp);
	}
	free(parent);
	return hit;
}

/* A leafref into an entry we took out is a consequence, not a problem. */
static bool conf_refers_to_removed(const struct conf_strs *removed, const char *msg)
{
	const char *v1 = strchr(msg, '"'), *v2 = v1 ? strchr(v1 + 1, '"') : NULL;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	bool hit = false;
	size_t i;

	if (!v2)
		return false;
	sb_printf(&a, "='%.*s']", (int)(v2 - v1 - 1), v1 + 1);
	sb_printf(&b, "=\"%.*s\"]", (int)(v2 - v1 - 1), v1 + 1);
	for (i = 0; i < removed->n && !hit; i++)
		hit = strstr(removed->v[i], sb_str(&a)) || strstr(removed->v[i], sb_str(&b));
	sb_free(&a);
	sb_free(&b);
	return hit;
}

/* Note the error, and what to take out so validation can go on; false
 * when there is nothing to take out. */
static bool conf_valid_step(const struct ly_ctx *ctx, const struct lyd_node *work,
			    const struct conf_lyerr *ei, struct conf_diags *found,
			    struct conf_strs *removed)
{
	struct strbuf msg = STRBUF_INIT;
	const struct lyd_node *n, *target;
	bool schema, quiet;
	char *path, *tpath;

	path = conf_path_from_err(ei->path, &schema);
	n = path && !schema ? conf_tree_find(work, path) : NULL;
	if (!n) {
		free(path);
		return false;
	}
	quiet = conf_strs_within(removed, path) ||
		(ei->apptag && conf_neighbour_removed(removed, path)) ||
		(ei->msg && strncmp(ei->msg, "Invalid leafref", 15) == 0 &&
		 conf_refers_to_removed(removed, ei->msg));
	if (!quiet) {
		conf_err_describe(ctx, work, path, NULL, ei, &msg);
		conf_diags_add(found, path, 0, sb_str(&msg));
	}
	/* A key goes with its entry; a default would come back, and so would
	 * a node taken out before: take out what holds them. */
	target = n;
	while (lyd_parent(target) &&
	       ((target->schema && lysc_is_key(target->schema)) || (target->flags & LYD_DEFAULT) ||
		conf_node_removed(removed, target)))
		target = lyd_parent(target);
	tpath = lyd_path(target, LYD_PATH_STD, NULL, 0);
	if (tpath)
		conf_strs_add(removed, tpath);
	free(tpath);
	sb_free(&msg);
	free(path);
	return true;
}

/* base, in the relaxed context, with the removals so far. */
static struct lyd_node *conf_valid_copy(const char *json, const struct conf_strs *removed,
					bool *oom)
{
	struct ly_ctx *rctx = conf_ctx_relaxed();
	struct lyd_node *work = NULL;
	size_t i;

	if (!rctx || lyd_parse_data_mem(rctx, json, LYD_JSON, LYD_PARSE_ONLY | LYD_PARSE_STRICT, 0,
					&work) != LY_SUCCESS) {
		if (rctx)
			conf_ly_clear(rctx);
		lyd_free_all(work);
		*oom = true;
		return NULL;
	}
	for (i = 0; i < removed->n && work; i++)
		conf_tree_remove(&work, conf_tree_find(work, removed->v[i]));
	return work;
}

/* Validate base in the relaxed context until it passes; problems go to found. */
static void conf_valid_relaxed(const struct ly_ctx *ctx, const struct lyd_node *base,
			       struct conf_strs *removed, struct conf_diags *found, bool *oom)
{
	struct ly_ctx *rctx = conf_ctx_relaxed();
	struct lyd_node *work;
	struct conf_lyerr ei;
	char *json = NULL;
	int round;

	if (!base)
		return;
	if (lyd_print_mem(&json, base, LYD_JSON, LYD_PRINT_WITHSIBLINGS | LYD_PRINT_SHRINK) !=
	    LY_SUCCESS) {
		conf_ly_clear(ctx);
		*oom = true;
		return;
	}
	for (round = 0; round < CONF_MAX_ROUNDS; round++) {
		work = conf_valid_copy(json, removed, oom);
		if (!work || lyd_validate_all(&work, rctx, LYD_VALIDATE_PRESENT, NULL) == LY_SUCCESS) {
			lyd_free_all(work);
			break;
		}
		conf_lyerr_take(rctx, &ei);
		if (!conf_valid_step(ctx, work, &ei, found, removed)) {
			conf_diags_addf(found, NULL, 0, "the configuration is not valid: %s",
					ei.msg ? ei.msg : "unknown error");
			round = CONF_MAX_ROUNDS;
		}
		conf_lyerr_free(&ei);
		lyd_free_all(work);
	}
	/* libyang keeps warnings of successful calls too. */
	conf_ly_clear(rctx);
	if (json)
		secret_free(json, strlen(json) + 1);
}

/* What the command language cannot say, made so it need not: a neighbor's
 * settings for an address family without the speaker's entry for it get
 * that entry, and list entries holding nothing but their keys (a
 * neighbor's empty address family, a prefix list without entries) go.
 * Then rendering and loading give back the same tree. */
static void conf_valid_normalize(struct lyd_node **tree)
{
	static const char *const empty[] = {
		"/" CONF_MODULE ":bgp/neighbor/address-family",
		"/" CONF_MODULE ":prefix-lists/prefix-list",
	};
	struct strbuf path = STRBUF_INIT;
	struct ly_set *set = NULL;
	size_t k;
	uint32_t i;

	for (k = 0; k < sizeof(empty) / sizeof(empty[0]); k++) {
		if (!*tree || lyd_find_xpath(*tree, empty[k], &set) != LY_SUCCESS)
			continue;
		for (i = 0; i < set->count; i++)
			if (!lyd_child_no_keys(set->dnodes[i]))
				conf_tree_remove(tree, set->dnodes[i]);
		ly_set_free(set, NULL);
		set = NULL;
	}
	if (*tree && lyd_find_xpath(*tree, "/" CONF_MODULE ":bgp/neighbor/address-family/afi",
				    &set) == LY_SUCCESS) {
		for (i = 0; i < set->count; i++) {
			sb_reset(&path);
			sb_add(&path, "/" CONF_MODULE ":bgp/address-family");
			conf_path_add_pred(&path, "afi", 3, lyd_get_value(set->dnodes[i]));
			lyd_new_path(*tree, NULL, sb_str(&path), NULL, LYD_NEW_PATH_UPDATE, NULL);
		}
		ly_set_free(set, NULL);
	}
	if (*tree)
		conf_ly_clear(LYD_CTX(*tree));
	sb_free(&path);
}

/* Does the tree say anything a default does not?  (A tree that does not
 * is no configuration: NULL, which renders and loads back the same.) */
static bool conf_tree_says_nothing(const struct lyd_node *tree)
{
	const struct lyd_node *top, *n;

	LY_LIST_FOR(tree, top) {
		LYD_TREE_DFS_BEGIN(top, n) {
			if ((n->schema->nodetype & LYD_NODE_TERM) && !lyd_is_default(n))
				return false;
			if (n->schema->nodetype == LYS_CONTAINER && !lysc_is_np_cont(n->schema))
				return false;
			LYD_TREE_DFS_END(top, n);
		}
	}
	return true;
}

/* Nothing left to report: the real model must agree, and adds the
 * defaults; *tree becomes work.  Returns the number of problems. */
static size_t conf_valid_final(const struct ly_ctx *ctx, struct lyd_node **tree,
			       struct lyd_node **work, struct conf_diags *d)
{
	struct conf_lyerr ei;

	conf_valid_normalize(work);
	if (*work && lyd_validate_all(work, ctx, LYD_VALIDATE_PRESENT, NULL) != LY_SUCCESS) {
		conf_lyerr_take(ctx, &ei);
		conf_diags_addf(d, NULL, 0, "the configuration is not valid: %s",
				ei.msg ? ei.msg : "unknown error");
		conf_lyerr_free(&ei);
		return 1;
	}
	if (conf_tree_says_nothing(*work)) {
		lyd_free_all(*work);
		*work = NULL;
	}
	lyd_free_all(*tree);
	*tree = *work;
	*work = NULL;
	return 0;
}

int conf_valid_run(const struct ly_ctx *ctx, struct lyd_node **tree, unsigned flags,
		   const struct conf_strs *failed, const struct conf_strs *scopes,
		   struct conf_diags *d)
{
	struct lyd_node *base = NULL, *work = NULL;
	struct conf_diags found = {0};
	struct conf_strs removed = {0};
	bool oom = false;
	size_t i, n;

	if (!*tree)
		return 0;
	if (lyd_dup_siblings(*tree, NULL, LYD_DUP_RECURSIVE, &base) != LY_SUCCESS) {
		conf_ly_clear(ctx);
		d->oom = true;
		return -ENOMEM;
	}
	conf_check_mandatory(ctx, base, &found);
	for (i = 0; i < found.n; i++)
		found.v[i].missing = true;
	conf_check_unique(ctx, &base, &found, &removed);
	conf_check_values(ctx, &base, flags, &found);
	conf_valid_relaxed(ctx, base, &removed, &found, &oom);

	for (i = 0; i < found.n; i++) {
		if (conf_strs_within(failed, found.v[i].path) ||
		    (found.v[i].missing && (conf_strs_within(scopes, found.v[i].path) ||
					    conf_neighbour_removed(failed, found.v[i].path))))
			continue;
		conf_diags_add(d, found.v[i].path, 0, found.v[i].msg);
		if (d->n)
			d->v[d->n - 1].missing = found.v[i].missing;
	}
	n = found.n;
	if (n == 0 && !oom) {
		if (lyd_dup_siblings(*tree, NULL, LYD_DUP_RECURSIVE, &work) != LY_SUCCESS)
			oom = true;
		else
			n = conf_valid_final(ctx, tree, &work, d);
	}
	conf_ly_clear(ctx);
	if (oom || found.oom || removed.oom)
		d->oom = true;
	lyd_free_all(work);
	lyd_free_all(base);
	conf_diags_free(&found);
	conf_strs_free(&removed);
	if (d->oom)
		return -ENOMEM;
	return n ? -EINVAL : 0;
}

int conf_validate(struct ly_ctx *ctx, struct lyd_node **tree, struct strbuf *err)
{
	struct conf_diags d = {0};
	size_t i;
	int r;

	r = conf_valid_run(ctx, tree, CONF_V_FILES, NULL, NULL, &d);
	for (i = 0; i < d.n; i++)
		sb_printf(err, "%s\n", d.v[i].msg);
	if (r == -ENOMEM && !d.n)
		sb_add(err, "out of memory while validating the configuration\n");
	conf_diags_free(&d);
	return r;
}
