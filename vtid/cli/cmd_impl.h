/*
 * Inside the command engine: parsed syntax strings, typed-line words, and
 * the matcher that walks words through the commands of a mode.  Nothing
 * here is for other modules; vtid/cli/cmd.h is the contract.
 */
#ifndef VT_CLI_CMD_IMPL_H
#define VT_CLI_CMD_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "vtid/cli/cmd.h"

/* ---- tokens of a syntax string (cmd_token.c) ------------------------------ */

enum cmd_tok {
	CMD_TOK_KEYWORD,
	CMD_TOK_CHOICE,
	CMD_TOK_RANGE,
	CMD_TOK_IPV4,
	CMD_TOK_IPV4_PREFIX,
	CMD_TOK_IPV6,
	CMD_TOK_IPV6_PREFIX,
	CMD_TOK_ADDR,
	CMD_TOK_PREFIX,
	CMD_TOK_WORD,
	CMD_TOK_LINE,
};

struct cmd_slot {
	enum cmd_tok kind;
	const char *text; /* in the syntax string: "show", "(1-5)", "WORD" (no @src) */
	size_t len;
	const char *src; /* the name after '@', or NULL */
	size_t srclen;
	unsigned group;	   /* 0 for a required slot, else the optional group's number */
	bool group_first;  /* first slot of its optional group */
	unsigned nalt;	   /* choices: number of alternatives */
	uint32_t min, max; /* ranges */
	unsigned help;	   /* index of the slot's (first) help line */
};

/* Classify one syntax token (brackets already stripped).  0 or -EINVAL
 * with the reason in *why. */
int cmd_token_parse(const char *tok, size_t len, struct cmd_slot *slot, const char **why);
/* Alternative i of a choice. */
const char *cmd_token_alt(const struct cmd_slot *slot, unsigned i, size_t *len);
/* Does the typed value v satisfy the value slot? */
bool cmd_value_ok(const struct cmd_slot *slot, const char *v);
/* The canonical spelling of an address or prefix value into buf; false
 * for other kinds (then the value is handed over as typed). */
bool cmd_value_canon(const struct cmd_slot *slot, const char *v, char *buf, size_t len);
/* Could v, typed so far, still become a valid value for the slot? */
bool cmd_value_could_be(const struct cmd_slot *slot, const char *v);
/* Strict decimal u32: digits only, no sign, no leading zero. */
int cmd_u32_parse(const char *s, size_t len, uint32_t *out);
bool cmd_token_is_value(enum cmd_tok kind);

/* ---- parsed syntax (cmd_syntax.c) ---------------------------------------- */

struct cmd_syntax {
	const struct cmd_node *node;
	unsigned nslots;
	unsigned nreq;	/* slots before the first optional group */
	unsigned nhelp; /* help lines the slots need */
	struct cmd_slot slot[CMD_MAX_SLOTS];
};

/* 0 or -EINVAL with a message (without the node's name) in err, if given. */
int cmd_syntax_parse(const struct cmd_node *node, struct cmd_syntax *syn, struct strbuf *err);
/* Help line k of a help string ("" past its end). */
const char *cmd_help_line(const char *help, unsigned k, size_t *len);
/* Number of help lines (a final '\n' does not open another). */
unsigned cmd_help_count(const char *help);

/* ---- words of a typed line (cmd_words.c) --------------------------------- */

struct cmd_word {
	const char *val;   /* unescaped, NUL-terminated */
	size_t start, end; /* the word as typed: line[start, end) */
	bool quoted;
};

struct cmd_words {
	const char *line;
	size_t len;   /* of the line */
	size_t first; /* the line without blanks around it: [first, last) */
	size_t last;
	struct cmd_word *w;
	size_t n;
	bool trailing_blank; /* the line ends in a blank (or has no word) */
	bool open_quote;     /* the last word's quote is still open (partial only) */
	char *buf;
	size_t buf_size; /* wiped before it is freed: a line may hold a PSK */
};

/*
 * Split a line into words.  Returns 0, CMD_ERR_EMPTY for a blank or comment
 * line, or an error with a message in err (if given): line too long,
 * control character, bad quoting.  With partial, an open quote on the last
 * word is allowed (completion of a line being typed).
 */
int cmd_words_split(struct cmd_words *ws, const char *line, bool partial, struct strbuf *err);
void cmd_words_free(struct cmd_words *ws);

/* ---- the matcher (cmd_match.c) -------------------------------------------- */

enum cmd_class {
	CMD_CLASS_NONE = 0,
	CMD_CLASS_BAD,	   /* a value was expected, but this one fails its check */
	CMD_CLASS_WORD,	   /* matches WORD or LINE */
	CMD_CLASS_VALUE,   /* matches a typed value: range, address, prefix */
	CMD_CLASS_PARTIAL, /* prefix of a keyword */
	CMD_CLASS_EXACT,   /* a keyword as spelled */
};

enum {
	CMD_ST_NEG = 1u << 0,  /* "no" form */
	CMD_ST_JSON = 1u << 1, /* trailing "json" given: nothing may follow */
	CMD_ST_LINE = 1u << 2, /* inside a LINE: it takes every further word */
};

/* One way a command may go on after the words so far. */
struct cmd_state {
	uint32_t cmd; /* index in cmd_engine.syn */
	int8_t pos;   /* next slot; -1 while the "no" is still to come */
	uint8_t flags;
	int16_t word[CMD_MAX_SLOTS]; /* the word given for each slot, or -1 */
};

enum cmd_target_kind {
	CMD_TGT_SLOT,
	CMD_TGT_NO,
	CMD_TGT_JSON,
};

/* Something that may come next in a state. */
struct cmd_target {
	enum cmd_target_kind kind;
	unsigned slot;
	const char *kw; /* keyword text (choice alternative, "no", "json"); NULL for values */
	size_t kwlen;
	const char *help; /* its help line */
	size_t helplen;
};

struct cmd_target_iter {
	bool started;
	unsigned q;
	unsigned alt;
	bool json_done;
};

struct cmd_engine {
	struct cmd_syntax *syn;
	size_t nsyn;
	struct cmd_state *st, *nx;
	size_t nst, nnx, cap;
};

int cmd_engine_init(struct cmd_engine *e, const struct cmd_table *tables, size_t ntables,
		    enum cmd_mode mode);
void cmd_engine_free(struct cmd_engine *e);
/* Feed words [0, n) of ws.  0, or a cmd_status with a message in err (if
 * given) naming the offending word. */
int cmd_engine_walk(struct cmd_engine *e, const struct cmd_words *ws, size_t n, struct strbuf *err);
/* 0: the words so far are not a whole command; CMD_ACCEPT_OMITTED: they are
 * a "no" form leaving out trailing values; CMD_ACCEPT_FULL: they are. */
enum { CMD_ACCEPT_OMITTED = 1, CMD_ACCEPT_FULL = 2 };
int cmd_state_accepts(const struct cmd_syntax *syn, const struct cmd_state *st);
bool cmd_target_next(const struct cmd_syntax *syn, const struct cmd_state *st,
		     struct cmd_target_iter *it, struct cmd_target *t);
enum cmd_class cmd_target_classify(const struct cmd_syntax *syn, const struct cmd_target *t,
				   const struct cmd_word *w);
/* The display name of a target: the keyword, or the value token ("WORD"). */
const char *cmd_target_name(const struct cmd_syntax *syn, const struct cmd_target *t, size_t *len);

#define CMD_HELP_NO   "Negate a command or restore its default"
#define CMD_HELP_JSON "Print the output as JSON"

#endif
