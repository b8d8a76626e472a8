/*
 * Configuration: the YANG model (vtid/yang/vtid.yang, compiled into the
 * binary), loading files in the shell's command language or in JSON
 * (RFC 7951) into a validated libyang data tree, rendering a tree back to
 * the command language, and the config-mode commands of the shell.
 *
 * The shell and the file loader share one mechanism: struct conf_edit holds
 * a candidate tree and the current mode; every line goes through the command
 * engine (vtid/cli/cmd.h) with conf_cmd_table, whose commands edit the
 * candidate.  Nothing here touches the running system: applying a tree is
 * the daemon's job (vtid/nb.h).
 */
#ifndef VT_CONF_CONF_H
#define VT_CONF_CONF_H

#include <stdbool.h>

#include <libyang/libyang.h>

#include "common/strbuf.h"
#include "vtid/cli/cmd.h"

#define CONF_MODULE "vtid"
#define CONF_DEFAULT_PATH "/etc/vtid/vtid.conf"

/* ---- the YANG context ------------------------------------------------------ */

/* A libyang context with the vtid module loaded (compiled into the
 * binary).  libyang's own logging is turned off process-wide: its messages
 * may quote a PSK, and this module words every error itself.  Returns NULL
 * with a message in err. */
struct ly_ctx *conf_ctx_new(struct strbuf *err);
void conf_ctx_free(struct ly_ctx *ctx);

/* ---- whole files ---------------------------------------------------------- */

/*
 * Load and validate a file.  The format is detected from the first
 * non-blank character: '{' is JSON, anything else the command language.
 * On success *tree is a validated tree (NULL for an empty config) and 0 is
 * returned.  On failure returns -EINVAL (-EFBIG for a file over
 * CONF_MAX_FILE, -errno for I/O, -ENOMEM) and err holds one line per
 * problem, all of them, in line order: "FILE:LINE: what is wrong", naming
 * the field in the shell's words, e.g.
 *   vtid.conf:9: tunnel aws1: esp lifetime 30000: esp lifetime must be shorter than ike lifetime
 * (":LINE" is left out where no line is known: JSON after parsing.)  A PSK
 * file referenced by the config must exist, be a regular file and not be
 * readable by everyone.  No message ever holds a PSK.
 */
int conf_load_file(struct ly_ctx *ctx, const char *path, struct lyd_node **tree,
		   struct strbuf *err);
/* The same for text in memory; name is used in messages in place of FILE.
 * PSK files are not looked at (conf_validate does). */
int conf_load_text(struct ly_ctx *ctx, const char *name, const char *text,
		   struct lyd_node **tree, struct strbuf *err);
/* The same for len bytes that may hold anything (NUL bytes are refused
 * with their line number); what the fuzzer drives. */
int conf_load_mem(struct ly_ctx *ctx, const char *name, const char *buf, size_t len,
		  struct lyd_node **tree, struct strbuf *err);
/* Files larger than this are refused. */
#define CONF_MAX_FILE (4u << 20)

/* Full validation of a tree (after edits), PSK files included.  On success
 * *tree is replaced by the validated tree: defaults added, and what the
 * command language cannot say normalized away (a neighbor's address family
 * gets the speaker's entry for it; a neighbor's empty address family and a
 * prefix list without entries go; a tree of defaults only becomes NULL),
 * so that load(render(T)) == T.  0, or -EINVAL with one user-worded line
 * per problem in err, without line numbers:
 * "tunnel aws2: mark 100 is already used by tunnel aws1". */
int conf_validate(struct ly_ctx *ctx, struct lyd_node **tree, struct strbuf *err);

enum conf_render_flags {
	CONF_RENDER_SECRETS = 1u << 0, /* print inline PSKs; otherwise "psk ********" */
	CONF_RENDER_DEFAULTS = 1u << 1, /* also print values equal to their default */
};
/*
 * Render a tree in the command language, FRR style: top-level commands,
 * then one indented block per tunnel / router bgp / address-family, closed
 * by "exit" / "exit-address-family", blocks separated by "!".  Values equal
 * to their defaults are left out.  Rendering and loading round-trip:
 * load(render(T)) == T for T as conf_load_* and conf_validate give it, and
 * render(load(render(T))) == render(T).  Without
 * CONF_RENDER_SECRETS an inline PSK renders as "psk ********", which the
 * loader refuses; `write memory` renders with secrets.
 */
int conf_render(const struct lyd_node *tree, unsigned flags, struct strbuf *out);
/* RFC 7951 JSON of the tree (secrets masked unless CONF_RENDER_SECRETS). */
int conf_render_json(const struct lyd_node *tree, unsigned flags, struct strbuf *out);

/* ---- editing (shell sessions and the file loader) --------------------------- */

struct conf_edit;
/* Called when the shell leaves config mode (end, exit from config, commit):
 * the daemon validates and applies the candidate.  0 on success; on failure
 * err says why and the edit stays in config mode with its candidate. */
typedef int (*conf_commit_fn)(struct conf_edit *e, struct strbuf *err);

struct conf_edit {
	struct ly_ctx *ctx;
	struct lyd_node *candidate; /* owned; may be NULL (empty config) */
	enum cmd_mode mode;
	/* Data path of the node each mode level edits, e.g. for CMD_MODE_TUNNEL
	 * "/vtid:tunnels/tunnel[name='aws1']"; NULL where not entered. */
	char *mode_path[CMD_MODE__COUNT];
	bool dirty;         /* candidate differs from what it was copied from */
	conf_commit_fn commit;  /* NULL for file loading */
	void *owner;        /* the daemon's session, for exec commands */
	int line;           /* line number being processed (file loading), 0 otherwise */
	struct conf_load_state *load; /* private to vtid/conf: the file loader's notes */
};

/* Start editing a copy of base (may be NULL); mode becomes CMD_MODE_CONFIG.
 * e must be fresh (zeroed) or ended; commit and owner are left as they are. */
int conf_edit_begin(struct conf_edit *e, struct ly_ctx *ctx, const struct lyd_node *base);
/* Drop the candidate and the mode paths; mode becomes CMD_MODE_EXEC.
 * `end`, and `exit` from config mode, call it after a successful commit;
 * `abort` calls it without committing. */
void conf_edit_end(struct conf_edit *e);

/* The config-mode commands (CMD_MODE_CONFIG and below, including the
 * mode-entering ones).  cmd_call.ctx is a struct conf_edit.  In every
 * config mode:
 *   exit    one mode up; from config mode: commit, then leave (as end)
 *   end     commit, then conf_edit_end() (mode exec)
 *   commit  commit and stay
 *   abort   conf_edit_end() without committing
 * A refused commit leaves the session where it was.  Without a commit hook
 * (a file being loaded) exit and end only move between modes, never below
 * config mode, and abort is an error. */
extern const struct cmd_table conf_cmd_table;

/*
 * Run one line in config mode the way a config file is read: if it does not
 * parse in the current mode, try the parent modes in turn (leaving the
 * inner mode), as FRR's loader does.  extra: more tables (the daemon's exec
 * commands; at most 7), searched in every mode for CMD_F_ANYMODE commands.
 * Output (if any) goes to out; errors to err, vtysh style, one
 * "% ...\n" line each ("% tunnel aws1: interface 1vti: an interface name
 * is ...").  A line that sets a PSK is never quoted back.  Returns 0, or a
 * cmd_status / -errno.
 */
int conf_edit_line(struct conf_edit *e, const struct cmd_table *extra, size_t nextra,
		   const char *line, struct strbuf *out, struct strbuf *err);

/* Completion values the config knows: "tunnel" (names), "neighbor"
 * (addresses), "prefix-list" (names), from the given tree (the candidate
 * when editing).  Fits cmd_values_fn with arg = the tree; the strings
 * belong to the tree. */
size_t conf_values(const char *src, const char *const **values, void *tree_arg);

#endif
