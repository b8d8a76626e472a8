/*
 * Fuzz harness for the command engine: a line typed at vtictl or read from
 * vtid.conf, against the test tables of tests/unit/cmd_tables.c.
 *
 * Byte 0 picks the mode (low 3 bits) and, with bit 7 set, "word mode": each
 * further byte picks a word from a dictionary of keywords, abbreviations
 * and values, so that even random input builds lines that get deep into
 * the matcher.  Otherwise the rest is the line itself, up to its first NUL.
 *
 * Beyond not crashing: a match's argv is sane, messages are given for
 * errors, completion and help count their lines, and a match written back
 * out in full (keywords spelled out, words quoted) parses to the same call.
 */
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/cmd_tables.h"
#include "vtid/cli/cmd.h"
#include "vtid/cli/cmd_impl.h"

static const char *const fc_dict[] = {
	"show",
	"sh",
	"ip",
	"ipv6",
	"i",
	"bgp",
	"b",
	"summary",
	"sum",
	"neighbors",
	"nei",
	"route",
	"interface",
	"brief",
	"ipsec",
	"sa",
	"tunnels",
	"tunnel",
	"json",
	"j",
	"no",
	"configure",
	"conf",
	"terminal",
	"t",
	"length",
	"debug",
	"write",
	"memory",
	"router",
	"prefix-list",
	"seq",
	"permit",
	"deny",
	"p",
	"ge",
	"le",
	"g",
	"description",
	"mtu",
	"auto",
	"off",
	"shutdown",
	"remote",
	"inside",
	"neighbor",
	"remote-as",
	"timers",
	"address-family",
	"ipv4",
	"unicast",
	"network",
	"maximum-paths",
	"exit",
	"end",
	"hostname",
	"aws1",
	"65016",
	"64512",
	"0",
	"4294967295",
	"4294967296",
	"1400",
	"24",
	"33",
	"10.0.0.0/8",
	"169.254.12.229",
	"2001:db8::1",
	"2001:db8::/32",
	"1.2.3",
	"\"quoted words\"",
	"\"q \\\"x\\\"\"",
	"\"open",
	"\"\"",
	"!",
	"#",
	"a\"b",
	"-1",
	"+5",
	"\xc3\xa9",
	"x",
};

#define FC_NDICT (sizeof(fc_dict) / sizeof(fc_dict[0]))

static void fc_build_line(const uint8_t *data, size_t size, bool words, struct strbuf *line)
{
	size_t i;

	if (!words) {
		sb_addn(line, (const char *)data, strnlen((const char *)data, size));
		return;
	}
	for (i = 0; i < size; i++) {
		if (i)
			sb_addc(line, data[i] & 0x80 ? '\t' : ' ');
		sb_add(line, fc_dict[data[i] % FC_NDICT]);
	}
}

static size_t fc_count_lines(const struct strbuf *sb)
{
	size_t n = 0, i;

	for (i = 0; i < sb->len; i++)
		n += sb->s[i] == '\n';
	FUZZ_CHECK(sb->len == 0 || sb->s[sb->len - 1] == '\n');
	return n;
}

static void fc_check_match(const struct cmd_match *m)
{
	struct cmd_syntax syn;
	int i;

	FUZZ_CHECK(m->call.cmd != NULL);
	FUZZ_CHECK(cmd_syntax_parse(m->call.cmd, &syn, NULL) == 0);
	FUZZ_CHECK(m->call.argc == (int)syn.nslots);
	FUZZ_CHECK(!m->call.json || (m->call.cmd->flags & CMD_F_JSON));
	FUZZ_CHECK(!m->call.negated || (m->call.cmd->flags & (CMD_F_NO | CMD_F_NOONLY)));
	FUZZ_CHECK(m->call.negated || !(m->call.cmd->flags & CMD_F_NOONLY));
	for (i = 0; i < CMD_MAX_SLOTS; i++) {
		const char *a = m->call.argv[i];

		if (i >= m->call.argc) {
			FUZZ_CHECK(a == NULL);
			continue;
		}
		/* Required slots are given, except values a "no" leaves out. */
		if (!a) {
			FUZZ_CHECK(syn.slot[i].group || m->call.negated);
			continue;
		}
		FUZZ_CHECK(strlen(a) <= CMD_MAX_LINE);
		if (syn.slot[i].kind == CMD_TOK_KEYWORD)
			FUZZ_CHECK(strlen(a) == syn.slot[i].len &&
				   memcmp(a, syn.slot[i].text, syn.slot[i].len) == 0);
		else if (syn.slot[i].kind != CMD_TOK_CHOICE)
			FUZZ_CHECK(a[0] != '\0' && cmd_value_ok(&syn.slot[i], a));
	}
}

static void fc_add_quoted(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_addc(sb, '\\');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}

/* The match written out in full parses back to the same call.  A LINE is
 * left out of the check: it is raw text, quotes and all. */
static void fc_check_roundtrip(const struct cmd_table *tables, enum cmd_mode mode,
			       const struct cmd_match *m)
{
	struct strbuf line = STRBUF_INIT;
	struct cmd_syntax syn;
	struct cmd_match again;
	int i;

	FUZZ_CHECK(cmd_syntax_parse(m->call.cmd, &syn, NULL) == 0);
	if (m->call.negated)
		sb_add(&line, "no");
	for (i = 0; i < m->call.argc; i++) {
		const char *a = m->call.argv[i];

		if (!a)
			continue;
		if (syn.slot[i].kind == CMD_TOK_LINE)
			goto out;
		if (line.len)
			sb_addc(&line, ' ');
		if (syn.slot[i].kind == CMD_TOK_WORD)
			fc_add_quoted(&line, a);
		else
			sb_add(&line, a);
	}
	if (m->call.json)
		sb_add(&line, " json");
	if (line.err || line.len > CMD_MAX_LINE)
		goto out;
	FUZZ_CHECK(cmd_parse(tables, 2, mode, sb_str(&line), &again, NULL) == CMD_OK);
	FUZZ_CHECK(again.call.cmd == m->call.cmd);
	FUZZ_CHECK(again.call.negated == m->call.negated && again.call.json == m->call.json);
	for (i = 0; i < m->call.argc; i++) {
		FUZZ_CHECK(!again.call.argv[i] == !m->call.argv[i]);
		FUZZ_CHECK(!m->call.argv[i] || strcmp(again.call.argv[i], m->call.argv[i]) == 0);
	}
	cmd_match_free(&again);
out:
	sb_free(&line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf line = STRBUF_INIT, err = STRBUF_INIT, out = STRBUF_INIT;
	enum cmd_mode mode;
	struct cmd_match m;
	size_t n;
	int rc;

	if (size == 0)
		return 0;
	mode = (enum cmd_mode)((data[0] & 7) % CMD_MODE__COUNT);
	fc_build_line(data + 1, size - 1, data[0] & 0x80, &line);
	if (line.err)
		goto out;

	rc = cmd_parse(test_tables, 2, mode, sb_str(&line), &m, &err);
	FUZZ_CHECK(rc == CMD_OK || rc == CMD_ERR_UNKNOWN || rc == CMD_ERR_AMBIGUOUS ||
		   rc == CMD_ERR_INCOMPLETE || rc == CMD_ERR_BAD_VALUE || rc == CMD_ERR_EMPTY);
	if (rc == CMD_OK) {
		FUZZ_CHECK(err.len == 0);
		fc_check_match(&m);
		fc_check_roundtrip(test_tables, mode, &m);
	} else {
		FUZZ_CHECK(m.call.cmd == NULL && m.words == NULL);
		FUZZ_CHECK((rc == CMD_ERR_EMPTY) == (err.len == 0));
		FUZZ_CHECK(err.len == 0 || err.s[0] == '%');
		FUZZ_CHECK(!memchr(sb_str(&err), '\n', err.len));
	}
	cmd_match_free(&m);

	n = cmd_complete(test_tables, 2, mode, sb_str(&line), test_values, NULL, &out);
	FUZZ_CHECK(n == fc_count_lines(&out));
	sb_reset(&out);
	n = cmd_help(test_tables, 2, mode, sb_str(&line), &out);
	FUZZ_CHECK(n == fc_count_lines(&out));
out:
	sb_free(&line);
	sb_free(&err);
	sb_free(&out);
	return 0;
}
