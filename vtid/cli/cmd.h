/*
 * The command engine.  Commands are declared once, as tables of struct
 * cmd_node; parsing, unique-prefix abbreviation, tab completion and `?` help
 * all come from those tables.  The engine knows nothing of YANG, the daemon
 * or the socket: callers give it tables and a mode, it gives back a match.
 *
 * Syntax strings (space-separated tokens):
 *   keyword           literal, lower case; matches any unique prefix
 *   A.B.C.D           IPv4 address          A.B.C.D/M    IPv4 prefix
 *   X:X::X:X          IPv6 address          X:X::X:X/M   IPv6 prefix
 *   ADDR              IPv4 or IPv6 address  PREFIX       IPv4 or IPv6 prefix
 *   (1-65535)         unsigned integer in the range (up to 4294967295)
 *   (a|b|c)           one of the keywords (each matches by unique prefix)
 *   WORD              any single word
 *   LINE              the rest of the line (must be last)
 *   WORD@src          a word whose completions come from a value source,
 *                     e.g. WORD@tunnel, ADDR@neighbor (see cmd_values_fn)
 *   [tok tok ...]     optional group, only at the end of the syntax; groups
 *                     may follow each other: "x (1-5) [ge (0-32)] [le (0-32)]"
 *
 * Every token, keyword or value, is one "slot"; call->argv[i] is the text of
 * slot i as typed for values (addresses and prefixes in their one canonical
 * spelling, "fd00::1" for "FD00:0::1", host bits kept), the full keyword for
 * keywords and choices,
 * or NULL for a slot in an optional group that was not given.
 *
 * Matching, as in vtysh: a word that matches a keyword (spelled out, or as a
 * prefix unique among every keyword that may come there) is that keyword,
 * even where another command takes a value; a keyword spelled out beats
 * longer ones it is a prefix of ("ip" vs "ipv6"); a typed value (range,
 * address) beats WORD/LINE.  "no" and "json" are the engine's own keywords
 * (CMD_F_NO, CMD_F_JSON): a syntax must not spell them.  A word in double
 * quotes ("a \"b\" c") is only ever a WORD or LINE value.  A LINE is the
 * rest of the line as typed, ends trimmed (or the text of one quoted word).
 */
#ifndef VT_CLI_CMD_H
#define VT_CLI_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"

#define CMD_MAX_SLOTS 24
#define CMD_MAX_LINE 4096

enum cmd_mode {
	CMD_MODE_EXEC = 0,
	CMD_MODE_CONFIG,
	CMD_MODE_TUNNEL,
	CMD_MODE_BGP,
	CMD_MODE_BGP_AF_V4,
	CMD_MODE_BGP_AF_V6,
	CMD_MODE__COUNT,
};

struct cmd_mode_info {
	const char *name;   /* "exec", "config", "config-tunnel", "config-router", "config-router-af" */
	const char *prompt; /* suffix in the prompt: "", "(config)", "(config-tunnel)", ... */
	enum cmd_mode parent; /* CMD_MODE_EXEC for exec itself */
};
const struct cmd_mode_info *cmd_mode_info(enum cmd_mode m); /* NULL if m is not a mode */

enum cmd_flags {
	CMD_F_NO = 1u << 0,      /* has a "no" form; trailing value slots may be left out */
	CMD_F_ANYMODE = 1u << 1, /* exec command usable in every mode (show ...) */
	CMD_F_JSON = 1u << 2,    /* accepts a trailing "json" keyword (call->json) */
	CMD_F_HIDDEN = 1u << 3,  /* parsed but not offered by completion or help */
	CMD_F_NOONLY = 1u << 4,  /* exists only in its "no" form */
};

struct cmd_call;
typedef int (*cmd_fn)(struct cmd_call *call);

struct cmd_node {
	enum cmd_mode mode;
	const char *syntax;
	/* Help for each slot in syntax order, separated by '\n'.  A choice
	 * "(a|b)" takes one line per alternative. */
	const char *help;
	cmd_fn fn;
	const void *data; /* for the table's owner: e.g. a YANG binding */
	unsigned flags;
};

struct cmd_table {
	const struct cmd_node *nodes;
	size_t count;
};

/* Parsed call handed to cmd_fn. */
struct cmd_call {
	const struct cmd_node *cmd;
	bool negated;  /* "no ..." */
	bool json;     /* trailing "json" on a CMD_F_JSON command */
	int argc;      /* number of slots in the syntax */
	const char *argv[CMD_MAX_SLOTS];
	void *ctx;     /* the caller's session */
	struct strbuf *out; /* where the command writes its output */
};

/* Dynamic values for completion: the names behind "@src" ("tunnel",
 * "neighbor", "prefix-list", ...).  Return the count and set *values to an
 * array the engine only reads during the call. */
typedef size_t (*cmd_values_fn)(const char *src, const char *const **values, void *arg);

enum cmd_status {
	CMD_OK = 0,
	CMD_ERR_UNKNOWN = -1,    /* "% Unknown command: ..." */
	CMD_ERR_AMBIGUOUS = -2,  /* "% Ambiguous command: ..." */
	CMD_ERR_INCOMPLETE = -3, /* "% Command incomplete: ..." */
	CMD_ERR_BAD_VALUE = -4,  /* "% Invalid value ... for ..." */
	CMD_ERR_EMPTY = -5,      /* blank line or comment: nothing to do */
};

/* The result of matching one line.  It owns a copy of the line's words;
 * cmd_match_free() releases it. */
struct cmd_match {
	struct cmd_call call;
	char *words; /* storage for argv; wiped when freed (a line may hold a PSK) */
	size_t words_size;
};

/*
 * Match line against the commands of `mode` in the given tables (and the
 * CMD_F_ANYMODE ones from any table).  Only that mode: falling back to the
 * parent modes, as a config file loader does, is the caller's loop.
 * On error returns a cmd_status < 0 and writes a vtysh-style message into
 * err ("% Unknown command: foo bar", with the offending word named).
 * '!' and '#' start comments; a line of only a comment is CMD_ERR_EMPTY.
 * The message is appended to err (which may be NULL) as one line without a
 * trailing newline; CMD_ERR_EMPTY adds none.  A line longer than
 * CMD_MAX_LINE or holding a control character (tab excepted) is
 * CMD_ERR_UNKNOWN; an unclosed quote CMD_ERR_INCOMPLETE; -ENOMEM is
 * possible.  On any error *out is zeroed, so cmd_match_free() is safe.
 */
int cmd_parse(const struct cmd_table *tables, size_t ntables, enum cmd_mode mode,
	      const char *line, struct cmd_match *out, struct strbuf *err);
void cmd_match_free(struct cmd_match *m);

/* Candidates for the last (possibly empty) word of `line`, one per line in
 * out, sorted and unique; values from sources come through values_fn.
 * Returns the count. */
size_t cmd_complete(const struct cmd_table *tables, size_t ntables, enum cmd_mode mode,
		    const char *line, cmd_values_fn values_fn, void *values_arg,
		    struct strbuf *out);

/* `?` help for what may follow `line`: "  token   help text" lines, plus
 * "  <cr>" when the line is already a complete command.  Returns the count. */
size_t cmd_help(const struct cmd_table *tables, size_t ntables, enum cmd_mode mode,
		const char *line, struct strbuf *out);

/* Check a table once at start-up: syntax well-formed, help lines match
 * slots, no two commands of one mode with the same syntax.  Returns 0 or
 * -EINVAL with a message in err naming the bad entry.  (The matcher skips
 * an entry whose syntax does not parse, so an unchecked typo makes a command
 * vanish rather than crash.) */
int cmd_table_check(const struct cmd_table *t, struct strbuf *err);

#endif
