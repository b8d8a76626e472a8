/*
 * Syntax tokens: what kind each is, and whether a typed value fits it.
 * Addresses and prefixes go through common/addr.h so that the shell accepts
 * exactly what the config model accepts.
 */
#include "vtid/cli/cmd_impl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "common/addr.h"

static const struct {
	const char *name;
	enum cmd_tok kind;
} cmd_value_names[] = {
	{"A.B.C.D", CMD_TOK_IPV4},  {"A.B.C.D/M", CMD_TOK_IPV4_PREFIX},
	{"X:X::X:X", CMD_TOK_IPV6}, {"X:X::X:X/M", CMD_TOK_IPV6_PREFIX},
	{"ADDR", CMD_TOK_ADDR},	    {"PREFIX", CMD_TOK_PREFIX},
	{"WORD", CMD_TOK_WORD},	    {"LINE", CMD_TOK_LINE},
};

bool cmd_token_is_value(enum cmd_tok kind)
{
	return kind != CMD_TOK_KEYWORD && kind != CMD_TOK_CHOICE;
}

static bool cmd_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool cmd_is_kw_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || cmd_is_digit(c))
		return true;
	return !first && (c == '-' || c == '_' || c == '.');
}

static bool cmd_is_keyword(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (!cmd_is_kw_char(s[i], i == 0))
			return false;
	return true;
}

int cmd_u32_parse(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	/* More than ten digits cannot fit; the bound also keeps v from wrapping. */
	if (len == 0 || len > 10 || (s[0] == '0' && len > 1))
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (!cmd_is_digit(s[i]))
			return -EINVAL;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static int cmd_range_parse(const char *s, size_t len, struct cmd_slot *slot, const char **why)
{
	const char *dash = memchr(s, '-', len);

	if (!dash || cmd_u32_parse(s, (size_t)(dash - s), &slot->min) ||
	    cmd_u32_parse(dash + 1, len - (size_t)(dash - s) - 1, &slot->max)) {
		*why = "bad range (expected (MIN-MAX) in decimal, at most 4294967295)";
		return -EINVAL;
	}
	if (slot->min > slot->max) {
		*why = "range with MIN above MAX";
		return -EINVAL;
	}
	slot->kind = CMD_TOK_RANGE;
	return 0;
}

static int cmd_choice_parse(const char *s, size_t len, struct cmd_slot *slot, const char **why)
{
	size_t i, j, alen, blen;

	slot->kind = CMD_TOK_CHOICE;
	slot->nalt = 1;
	for (i = 0; i < len; i++)
		if (s[i] == '|')
			slot->nalt++;
	for (i = 0; i < slot->nalt; i++) {
		const char *a = cmd_token_alt(slot, (unsigned)i, &alen);

		if (!cmd_is_keyword(a, alen)) {
			*why = "choice alternatives must be lower-case keywords";
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			const char *b = cmd_token_alt(slot, (unsigned)j, &blen);

			if (alen == blen && memcmp(a, b, alen) == 0) {
				*why = "choice with the same alternative twice";
				return -EINVAL;
			}
		}
	}
	return 0;
}

static int cmd_value_parse(const char *tok, size_t len, struct cmd_slot *slot, const char **why)
{
	const char *at = memchr(tok, '@', len);
	size_t nlen = at ? (size_t)(at - tok) : len;
	size_t i;

	slot->len = nlen;
	if (at) {
		slot->src = at + 1;
		slot->srclen = len - nlen - 1;
		if (!cmd_is_keyword(slot->src, slot->srclen)) {
			*why = "bad value source after '@'";
			return -EINVAL;
		}
	}
	for (i = 0; i < sizeof(cmd_value_names) / sizeof(cmd_value_names[0]); i++) {
		if (strlen(cmd_value_names[i].name) == nlen &&
		    memcmp(cmd_value_names[i].name, tok, nlen) == 0) {
			slot->kind = cmd_value_names[i].kind;
			if (slot->kind == CMD_TOK_LINE && at) {
				*why = "LINE cannot take a value source";
				return -EINVAL;
			}
			return 0;
		}
	}
	*why = "unknown value token";
	return -EINVAL;
}

int cmd_token_parse(const char *tok, size_t len, struct cmd_slot *slot, const char **why)
{
	memset(slot, 0, sizeof(*slot));
	slot->text = tok;
	slot->len = len;
	if (len == 0) {
		*why = "empty token";
		return -EINVAL;
	}
	if (tok[0] == '(') {
		if (len < 3 || tok[len - 1] != ')') {
			*why = "unclosed '('";
			return -EINVAL;
		}
		if (memchr(tok + 1, '|', len - 2))
			return cmd_choice_parse(tok + 1, len - 2, slot, why);
		return cmd_range_parse(tok + 1, len - 2, slot, why);
	}
	if (tok[0] >= 'A' && tok[0] <= 'Z')
		return cmd_value_parse(tok, len, slot, why);
	if (!cmd_is_keyword(tok, len)) {
		*why = "bad keyword (lower case letters, digits, '-', '_', '.')";
		return -EINVAL;
	}
	slot->kind = CMD_TOK_KEYWORD;
	return 0;
}

const char *cmd_token_alt(const struct cmd_slot *slot, unsigned i, size_t *len)
{
	/* A choice's text is "(a|b|c)"; walk to the i-th alternative. */
	const char *p = slot->text + 1, *end = slot->text + slot->len - 1;
	const char *bar;

	for (;;) {
		bar = memchr(p, '|', (size_t)(end - p));
		if (i == 0 || !bar) {
			*len = (size_t)((bar ? bar : end) - p);
			return p;
		}
		p = bar + 1;
		i--;
	}
}

/* Addresses and prefixes reach commands in one spelling (inet_ntop's), so
 * "FD00:0::1" and "fd00::1" name the same neighbor.  A prefix keeps its
 * host bits: "inside local 169.254.12.38/30" means the address. */
bool cmd_value_canon(const struct cmd_slot *slot, const char *v, char *buf, size_t len)
{
	static const int family[] = {
		[CMD_TOK_IPV4] = AF_INET, [CMD_TOK_IPV6] = AF_INET6, [CMD_TOK_ADDR] = AF_UNSPEC,
		[CMD_TOK_IPV4_PREFIX] = AF_INET, [CMD_TOK_IPV6_PREFIX] = AF_INET6,
		[CMD_TOK_PREFIX] = AF_UNSPEC,
	};
	char addr[VT_ADDR_STRLEN], fmt[VT_ADDR_STRLEN];
	const char *slash = NULL;
	struct vt_addr a;
	size_t alen;
	int n;

	switch (slot->kind) {
	case CMD_TOK_IPV4_PREFIX:
	case CMD_TOK_IPV6_PREFIX:
	case CMD_TOK_PREFIX:
		slash = strchr(v, '/');
		if (!slash)
			return false;
		/* fall through */
	case CMD_TOK_IPV4:
	case CMD_TOK_IPV6:
	case CMD_TOK_ADDR:
		alen = slash ? (size_t)(slash - v) : strlen(v);
		if (alen >= sizeof(addr))
			return false;
		memcpy(addr, v, alen);
		addr[alen] = '\0';
		if (vt_addr_parse(addr, family[slot->kind], &a) != 0)
			return false;
		n = snprintf(buf, len, "%s%s", vt_addr_fmt(&a, fmt, sizeof(fmt)), slash ? slash : "");
		return n > 0 && (size_t)n < len;
	default:
		return false;
	}
}

bool cmd_value_ok(const struct cmd_slot *slot, const char *v)
{
	struct vt_addr a;
	struct vt_prefix p;
	uint32_t n;

	switch (slot->kind) {
	case CMD_TOK_RANGE:
		return cmd_u32_parse(v, strlen(v), &n) == 0 && n >= slot->min && n <= slot->max;
	case CMD_TOK_IPV4:
		return vt_addr_parse(v, AF_INET, &a) == 0;
	case CMD_TOK_IPV6:
		return vt_addr_parse(v, AF_INET6, &a) == 0;
	case CMD_TOK_ADDR:
		return vt_addr_parse(v, AF_UNSPEC, &a) == 0;
	case CMD_TOK_IPV4_PREFIX:
		return vt_prefix_parse(v, AF_INET, VT_PREFIX_NEED_LEN, &p) == 0;
	case CMD_TOK_IPV6_PREFIX:
		return vt_prefix_parse(v, AF_INET6, VT_PREFIX_NEED_LEN, &p) == 0;
	case CMD_TOK_PREFIX:
		return vt_prefix_parse(v, AF_UNSPEC, VT_PREFIX_NEED_LEN, &p) == 0;
	case CMD_TOK_WORD:
	case CMD_TOK_LINE:
		return v[0] != '\0';
	case CMD_TOK_KEYWORD:
	case CMD_TOK_CHOICE:
		break;
	}
	return false;
}

static bool cmd_only_chars(const char *v, const char *set)
{
	return v[strspn(v, set)] == '\0';
}

#define CMD_V4_CHARS "0123456789."
#define CMD_V6_CHARS "0123456789abcdefABCDEF:."

bool cmd_value_could_be(const struct cmd_slot *slot, const char *v)
{
	uint32_t n;

	/* Only the characters are checked: help for "10.1" should still show
	 * A.B.C.D; the full check comes when the word is complete. */
	switch (slot->kind) {
	case CMD_TOK_RANGE:
		if (v[0] == '\0')
			return true;
		return cmd_u32_parse(v, strlen(v), &n) == 0 && n <= slot->max;
	case CMD_TOK_IPV4:
		return cmd_only_chars(v, CMD_V4_CHARS);
	case CMD_TOK_IPV4_PREFIX:
		return cmd_only_chars(v, CMD_V4_CHARS "/");
	case CMD_TOK_IPV6:
	case CMD_TOK_ADDR:
		return cmd_only_chars(v, CMD_V6_CHARS);
	case CMD_TOK_IPV6_PREFIX:
	case CMD_TOK_PREFIX:
		return cmd_only_chars(v, CMD_V6_CHARS "/");
	case CMD_TOK_WORD:
	case CMD_TOK_LINE:
		return true;
	case CMD_TOK_KEYWORD:
	case CMD_TOK_CHOICE:
		break;
	}
	return false;
}
