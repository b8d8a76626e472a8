/*
 * Inside the configuration layer: the bindings between commands and YANG
 * nodes, path helpers, and the diagnostics the loader and the validator
 * share.  vtid/conf/conf.h is the contract; nothing here is for other
 * modules.
 */
#ifndef VT_CONF_CONF_INT_H
#define VT_CONF_CONF_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <libyang/libyang.h>

#include "common/strbuf.h"
#include "vtid/cli/cmd.h"
#include "vtid/conf/conf.h"

/* The model's text, generated from vtid/yang/vtid.yang at build time. */
extern const char conf_yang_text[];

/* ---- bindings: a command's slots <-> YANG leaves (conf_bind.c) ------------- */

#define CONF_BIND_LEAVES 4

/*
 * A leaf a command sets: path is relative to the command's entry, e.g.
 * "timers/hold".  The value is argv[slot], or the fixed value when slot is
 * CONF_FIXED; a fixed NULL value means "removed when this command sets its
 * other leaves" (psk and psk-file exclude each other).
 */
struct conf_leaf {
	const char *path;
	int slot;
	const char *value;
};
#define CONF_FIXED (-1)

enum conf_bind_flags {
	CONF_B_ANCHOR = 1u << 0,   /* "no" deletes the entry itself */
	CONF_B_LEAFLIST = 1u << 1, /* leaf[0] is a leaf-list: a line adds one value */
	CONF_B_NOFALSE = 1u << 2,  /* boolean without default: "no" sets false, shown as "no ..." */
	CONF_B_SECRET = 1u << 3,   /* the value is never shown */
	CONF_B_REPLACE = 1u << 4,  /* leaves whose optional slot is not given are removed */
	CONF_B_BLOCK = 1u << 5,    /* enters mode `enter`; rendered as a block */
	CONF_B_NEEDS = 1u << 6,    /* the neighbor (entry's first list instance) must exist */
};

/*
 * What one command edits.  entry is the list entry or container it
 * addresses, relative to the node of mode `base` (the command's own mode
 * when 0; the root for CMD_MODE_CONFIG), as steps "name" or
 * "name[key=V]..." where V is $N (slot N), $afi (the address family of the
 * mode) or a 'literal'.  NULL: the mode's node itself.
 */
struct conf_bind {
	enum cmd_mode base;
	const char *entry;
	struct conf_leaf leaf[CONF_BIND_LEAVES];
	unsigned flags;
	enum cmd_mode enter;  /* CONF_B_BLOCK: the mode entered */
	const char *close;    /* CONF_B_BLOCK: the line that ends the block */
};

/* The generic command function of bound commands, and the others of the
 * table (conf_cmds_mode.c). */
int conf_bind_cmd(struct cmd_call *call);
int conf_cmd_enter(struct cmd_call *call);
int conf_cmd_router_bgp(struct cmd_call *call);
int conf_cmd_no_prefix_list(struct cmd_call *call);
int conf_cmd_exit(struct cmd_call *call);
int conf_cmd_end(struct cmd_call *call);
int conf_cmd_commit(struct cmd_call *call);
int conf_cmd_abort(struct cmd_call *call);
/* Leave the modes below `mode` (their paths are dropped). */
void conf_edit_leave_to(struct conf_edit *e, enum cmd_mode mode);
/* Apply the binding of call to the candidate: set (or with "no", remove)
 * its leaves.  Messages go to call->out.  *entry_out, if given, receives
 * the entry node (NULL when it was removed). */
int conf_bind_apply(struct conf_edit *e, const struct cmd_call *call, struct lyd_node **entry_out);

/* "ipv4-unicast" for CMD_MODE_BGP_AF_V4, "ipv6-unicast" for _V6, else NULL. */
const char *conf_mode_afi(enum cmd_mode m);
/* The mode a binding's paths are relative to. */
enum cmd_mode conf_bind_base(const struct cmd_node *cmd);

/* ---- command syntax, as the renderer and error words need it ------------- */

/* Write the words of cmd's syntax with argv filled in.  With upto_leaf,
 * stop before the first slot that takes a leaf's value (the "field
 * words" of errors).  Optional groups whose values are NULL are left out.
 * Returns -EINVAL when a required value is missing. */
int conf_syntax_words(const struct cmd_node *cmd, const char *const *argv, bool upto_leaf,
		      struct strbuf *out);
/* Is slot `slot` inside an optional group? */
bool conf_slot_optional(const char *syntax, int slot);
/* Does value v fit slot `slot` of the syntax (by family, range, choice)? */
bool conf_slot_fits(const char *syntax, int slot, const char *v);

/* ---- paths (conf_path.c) ------------------------------------------------- */

#define CONF_STEP_PREDS 3

enum conf_pred_kind { CONF_PRED_LIT, CONF_PRED_SLOT, CONF_PRED_AFI };

struct conf_pred {
	const char *key; /* "." for a leaf-list value */
	size_t klen;
	enum conf_pred_kind kind;
	int slot;
	const char *val; /* literal, without quotes */
	size_t vlen;
};

struct conf_step {
	const char *name; /* without a module prefix */
	size_t nlen;
	unsigned npred;
	struct conf_pred pred[CONF_STEP_PREDS];
};

/* Read the next step of a path at *p (a leading '/' is skipped); 1 and
 * *p advanced, 0 at the end, -EINVAL when malformed. */
int conf_step_next(const char **p, struct conf_step *st);
/* Append "[key='value']" choosing a quote the value lacks; -EINVAL if it
 * has both. */
int conf_path_add_pred(struct strbuf *sb, const char *key, size_t klen, const char *v);
/* The data path libyang names in an error item ("Data location \"...\"").
 * Returns a malloc'd copy, or NULL; *schema is set when only a schema
 * location is given. */
char *conf_path_from_err(const char *errpath, bool *schema);
/* The line number libyang's parser names in an error item, or 0. */
int conf_line_from_err(const char *errpath);
/* Walks a data path a character at a time, keeping track of predicates
 * ("[key='v']", a quoted value may hold brackets). */
struct conf_path_scan {
	char quote;
	int depth;
};
/* Feed the next character: true when it lies outside every predicate (it
 * belongs to a step name or is a '/'), false inside one or for a bracket. */
bool conf_path_scan_outside(struct conf_path_scan *ps, char c);
/* The parent of a data path, malloc'd ("" for a top-level node), or NULL. */
char *conf_path_parent(const char *path);
/* Is path p equal to or below (inside) the path `top`? */
bool conf_path_within(const char *p, const char *top);

/* ---- diagnostics -------------------------------------------------------- */

/* One problem: the data path it is about (may be NULL) and the words. */
struct conf_diag {
	char *path;
	char *msg;
	int line; /* filled by the loader, 0 = unknown */
	unsigned seq;
	bool missing; /* about a node that is not there */
};

struct conf_diags {
	struct conf_diag *v;
	size_t n, cap;
	bool oom;
};

/* A list of strings (paths). */
struct conf_strs {
	char **v;
	size_t n, cap;
	bool oom;
};
void conf_strs_add(struct conf_strs *s, const char *str);
void conf_strs_free(struct conf_strs *s);
/* Is p within (at or below) one of the paths? */
bool conf_strs_within(const struct conf_strs *s, const char *p);

void conf_diags_add(struct conf_diags *d, const char *path, int line, const char *msg);
void conf_diags_addf(struct conf_diags *d, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void conf_diags_free(struct conf_diags *d);
/* Sort by line (unknown last), then by order of discovery. */
void conf_diags_sort(struct conf_diags *d);

/* ---- user words for paths (conf_words.c) and errors (conf_errors.c) ------- */

/*
 * The user's words for a data path, from the command table: for
 * /vtid:tunnels/tunnel[name='aws1']/inside/local the context is
 * "tunnel aws1" (the blocks it is in) and the field "inside local" (the
 * command's words before its value).  leaf: the path is a value a command
 * sets (not an entry); secret: that value is never shown.
 */
struct conf_words {
	struct strbuf context;
	struct strbuf field;
	bool leaf;
	bool secret;
};
void conf_words_get(const char *path, struct conf_words *w);
void conf_words_free(struct conf_words *w);
/* Context and field in one: "tunnel aws1: inside local", "tunnel aws1". */
void conf_words_of_path(const char *path, struct strbuf *out);
/* A libyang error, copied out of the context (which the next libyang call
 * may clear). */
struct conf_lyerr {
	char *msg;
	char *path;
	char *apptag;
	LY_VECODE vecode;
};
/* Take the first error stored in ctx and clear the context's errors.
 * Returns false when there was none (e is then empty). */
bool conf_lyerr_take(const struct ly_ctx *ctx, struct conf_lyerr *e);
void conf_lyerr_free(struct conf_lyerr *e);

/*
 * Describe one libyang error about the node at data path `path`
 * (value: the value concerned, or NULL): "tunnel aws1: inside local
 * 169.254.1.2/30: <reason>".  tree (may be NULL) is used to look values up.
 */
void conf_err_describe(const struct ly_ctx *ctx, const struct lyd_node *tree, const char *path,
		       const char *value, const struct conf_lyerr *ei, struct strbuf *out);
/* Compose "<context>: <field> <value>: <reason>" (value may be NULL). */
void conf_err_compose(const char *path, const char *value, const char *reason,
		      struct strbuf *out);
/* The schema node of a data path, or NULL. */
const struct lysc_node *conf_schema_of_path(const struct ly_ctx *ctx, const char *path);

/* ---- validation (conf_valid.c, conf_check.c) ----------------------------- */

enum conf_valid_flags {
	CONF_V_FILES = 1u << 0, /* check psk-files on disk */
};

/* Validate *tree: the C checks, then libyang on the relaxed model, then the
 * real model once nothing is left to report.  On success 0 and *tree is
 * the validated tree (defaults added).  Otherwise -EINVAL, *tree untouched,
 * and every problem found appended to d.  Problems already reported are
 * not repeated: those at or below a path in `failed` (edits that failed),
 * and missing nodes below a path in `scopes` (blocks where a line failed).
 * Both may be NULL. */
int conf_valid_run(const struct ly_ctx *ctx, struct lyd_node **tree, unsigned flags,
		   const struct conf_strs *failed, const struct conf_strs *scopes,
		   struct conf_diags *d);

/* Checks in C (conf_check.c); each problem is added to d.  Unique values
 * are checked here for words a user can act on ("mark 100 is already used
 * by tunnel aws1"); the duplicate is removed from *work (and its path added
 * to removed) so libyang does not report it again.  conf_check_values
 * checks what the model cannot express. */
void conf_check_unique(const struct ly_ctx *ctx, struct lyd_node **work, struct conf_diags *d,
		       struct conf_strs *removed);
void conf_check_values(const struct ly_ctx *ctx, struct lyd_node **work, unsigned flags,
		       struct conf_diags *d);
/* Missing mandatory nodes, with their data paths (libyang names only the
 * schema node).  Adds one diagnostic per missing node. */
void conf_check_mandatory(const struct ly_ctx *ctx, const struct lyd_node *tree,
			  struct conf_diags *d);

/* ---- JSON (conf_json.c) ---------------------------------------------------- */

/* Parse and validate RFC 7951 JSON; on success *tree is set (NULL for
 * "{}"), else problems are added to d. */
void conf_json_load(struct ly_ctx *ctx, const char *text, unsigned flags,
		    struct lyd_node **tree, struct conf_diags *d);

/* ---- the loader's bookkeeping (conf_load.c) ------------------------------ */

/* Note that the current line set the node at path (or failed to). */
void conf_load_note(struct conf_load_state *ls, const char *path, int line);
void conf_load_failed(struct conf_load_state *ls, const char *path);

/* ---- small tree helpers (conf_bind.c) ------------------------------------ */

/* Remove node (NULL: nothing) from *tree, keeping *tree the first
 * top-level sibling (NULL once empty); containers without presence left
 * empty go too. */
void conf_tree_remove(struct lyd_node **tree, struct lyd_node *node);
/* The data node at an absolute path, or NULL. */
struct lyd_node *conf_tree_find(const struct lyd_node *tree, const char *path);
/* Wipe the values of a matched line (they may hold a PSK). */
void conf_argv_wipe(struct cmd_call *call);

/* The model without "mandatory": where constraints are validated (see
 * conf_ctx.c).  Exists while a context made by conf_ctx_new() does. */
struct ly_ctx *conf_ctx_relaxed(void);

/* libyang's errors are stored in the context; take them out. */
void conf_ly_clear(const struct ly_ctx *ctx);

#endif
