/*
 * The command engine against realistic tables: parsing (abbreviations,
 * ambiguity, values, no-forms, json, optional groups, quoting, bad input),
 * completion, help, and the table checks.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "tests/unit/check_main.h"
#include "tests/unit/cmd_tables.h"
#include "vtid/cli/cmd.h"

/* ---- parsing ------------------------------------------------------------- */

#define OK    CMD_OK
#define UNK   CMD_ERR_UNKNOWN
#define AMB   CMD_ERR_AMBIGUOUS
#define INC   CMD_ERR_INCOMPLETE
#define BAD   CMD_ERR_BAD_VALUE
#define EMPTY CMD_ERR_EMPTY
#define NEG   1
#define JSON  2

struct parse_row {
	enum cmd_mode mode;
	const char *line;
	int status;
	/* OK: the command's syntax, its argv joined by '|' ("~" for NULL) and
	 * NEG / JSON; an error: a text the message must hold. */
	const char *syntax_or_err;
	const char *args;
	unsigned flags;
};

#define PL4 "ip prefix-list WORD seq (1-4294967295) (permit|deny) A.B.C.D/M [ge (0-32)] [le (0-32)]"

static const struct parse_row parse_rows[] = {
	/* abbreviations */
	{CMD_MODE_EXEC, "show ip bgp summary", OK, "show ip bgp summary", "show|ip|bgp|summary", 0},
	{CMD_MODE_EXEC, "sh ip bgp sum", OK, "show ip bgp summary", "show|ip|bgp|summary", 0},
	{CMD_MODE_EXEC, " \t sh   ip bgp\tsum  ", OK, "show ip bgp summary", "show|ip|bgp|summary",
	 0},
	{CMD_MODE_EXEC, "conf t", OK, "configure terminal", "configure|terminal", 0},
	{CMD_MODE_EXEC, "sh int br", OK, "show interface brief", "show|interface|brief", 0},
	{CMD_MODE_EXEC, "sh ips sa", OK, "show ipsec sa", "show|ipsec|sa", 0},
	{CMD_MODE_EXEC, "wr", OK, "write [memory]", "write|~", 0},
	{CMD_MODE_EXEC, "wr mem", OK, "write [memory]", "write|memory", 0},
	/* exact beats prefix: "ip" is not ambiguous with "ipsec" */
	{CMD_MODE_EXEC, "show ip route", OK, "show ip route [(bgp|connected|static)]",
	 "show|ip|route|~", 0},
	{CMD_MODE_EXEC, "sh ip ro b", OK, "show ip route [(bgp|connected|static)]",
	 "show|ip|route|bgp", 0},
	{CMD_MODE_EXEC, "sh ip ro s json", OK, "show ip route [(bgp|connected|static)]",
	 "show|ip|route|static", JSON},
	/* keywords beat values when they match, else the value */
	{CMD_MODE_EXEC, "show interface b", OK, "show interface brief", "show|interface|brief", 0},
	{CMD_MODE_EXEC, "show interface vti1", OK, "show interface WORD@interface",
	 "show|interface|vti1", 0},
	{CMD_MODE_EXEC, "sh ip bgp nei 169.254.12.229", OK, "show ip bgp neighbors ADDR@neighbor",
	 "show|ip|bgp|neighbors|169.254.12.229", 0},
	{CMD_MODE_EXEC, "sh ip bgp nei 2001:db8::1 json", OK, "show ip bgp neighbors ADDR@neighbor",
	 "show|ip|bgp|neighbors|2001:db8::1", JSON},
	/* ambiguity names the word and the keywords it could be */
	{CMD_MODE_EXEC, "sh i", AMB, "% Ambiguous command: sh i (at 'i': interface, ip, ipsec)",
	 NULL, 0},
	{CMD_MODE_EXEC, "t length 5", AMB, "(at 't': terminal, traceroute)", NULL, 0},
	{CMD_MODE_CONFIG, "i", AMB, "(at 'i': interface, ip, ipv6)", NULL, 0},
	{CMD_MODE_BGP, "n 1.2.3.4 remote-as 1", AMB, "(at 'n': neighbor, no)", NULL, 0},
	/* incomplete */
	{CMD_MODE_EXEC, "sh ip bgp", INC, "% Command incomplete: sh ip bgp", NULL, 0},
	{CMD_MODE_EXEC, "show ip", INC, "% Command incomplete: show ip", NULL, 0},
	{CMD_MODE_EXEC, "configure", INC, "% Command incomplete: configure", NULL, 0},
	{CMD_MODE_EXEC, "no", INC, "% Command incomplete: no", NULL, 0},
	{CMD_MODE_TUNNEL, "description", INC, "% Command incomplete: description", NULL, 0},
	/* unknown */
	{CMD_MODE_EXEC, "sh ip bxp sum", UNK, "% Unknown command: sh ip bxp sum (at 'bxp')", NULL,
	 0},
	{CMD_MODE_EXEC, "frobnicate", UNK, "% Unknown command: frobnicate", NULL, 0},
	{CMD_MODE_EXEC, "show ip bgp summary extra", UNK, "(at 'extra')", NULL, 0},
	{CMD_MODE_EXEC, "SHOW ip bgp summary", UNK, "(at 'SHOW')", NULL, 0},
	{CMD_MODE_EXEC, "no configure terminal", UNK, "(at 'configure')", NULL, 0},
	{CMD_MODE_EXEC, "show tunnels aws1 aws2", UNK, "(at 'aws2')", NULL, 0},
	{CMD_MODE_EXEC, "show tunnels json aws1", UNK, "(at 'aws1')", NULL, 0},
	{CMD_MODE_CONFIG, "configure terminal", UNK, "% Unknown command: configure terminal", NULL,
	 0},
	{CMD_MODE_CONFIG, "debug bgp", UNK, "% Unknown command: debug bgp", NULL, 0},
	/* values */
	{CMD_MODE_EXEC, "sh ip bgp nei 300.1.1.1", BAD, "% Invalid value '300.1.1.1' for ADDR",
	 NULL, 0},
	{CMD_MODE_EXEC, "sh ip bgp nei 1.2.3", BAD, "'1.2.3' for ADDR", NULL, 0},
	{CMD_MODE_EXEC, "sh ip bgp nei \"1.2.3.4\"", BAD, "'\"1.2.3.4\"' for ADDR", NULL, 0},
	{CMD_MODE_EXEC, "terminal length 0", OK, "terminal length (0-512)", "terminal|length|0", 0},
	{CMD_MODE_EXEC, "terminal length 512", OK, "terminal length (0-512)", "terminal|length|512",
	 0},
	{CMD_MODE_EXEC, "terminal length 513", BAD, "% Invalid value '513' for (0-512)", NULL, 0},
	{CMD_MODE_EXEC, "terminal length -1", BAD, "'-1' for (0-512)", NULL, 0},
	{CMD_MODE_EXEC, "terminal length +5", BAD, "'+5' for (0-512)", NULL, 0},
	{CMD_MODE_EXEC, "terminal length 05", BAD, "'05' for (0-512)", NULL, 0},
	{CMD_MODE_EXEC, "terminal length 0x10", BAD, "'0x10' for (0-512)", NULL, 0},
	{CMD_MODE_EXEC, "terminal length 18446744073709551621", BAD, "for (0-512)", NULL, 0},
	{CMD_MODE_CONFIG, "router bgp 65016", OK, "router bgp (1-4294967295)", "router|bgp|65016",
	 0},
	{CMD_MODE_CONFIG, "ro b 4294967295", OK, "router bgp (1-4294967295)",
	 "router|bgp|4294967295", 0},
	{CMD_MODE_CONFIG, "router bgp 4294967296", BAD, "'4294967296' for (1-4294967295)", NULL, 0},
	{CMD_MODE_CONFIG, "router bgp 0", BAD, "'0' for (1-4294967295)", NULL, 0},
	{CMD_MODE_CONFIG, "router bgp aws", BAD, "'aws' for (1-4294967295)", NULL, 0},
	{CMD_MODE_TUNNEL, "mtu auto", OK, "mtu (auto|off)", "mtu|auto", 0},
	{CMD_MODE_TUNNEL, "mtu o", OK, "mtu (auto|off)", "mtu|off", 0},
	{CMD_MODE_TUNNEL, "mtu 1400", OK, "mtu (68-9000)", "mtu|1400", 0},
	{CMD_MODE_TUNNEL, "mtu 50", BAD, "'50' for (68-9000)", NULL, 0},
	{CMD_MODE_TUNNEL, "mtu x", BAD, "'x' for (68-9000)", NULL, 0},
	{CMD_MODE_TUNNEL, "inside 169.254.10.2/30", OK, "inside A.B.C.D/M",
	 "inside|169.254.10.2/30", 0},
	{CMD_MODE_TUNNEL, "inside 169.254.10.2", BAD, "'169.254.10.2' for A.B.C.D/M", NULL, 0},
	{CMD_MODE_TUNNEL, "inside 169.254.10.2/33", BAD, "for A.B.C.D/M", NULL, 0},
	{CMD_MODE_TUNNEL, "inside 169.254.010.2/30", BAD, "for A.B.C.D/M", NULL, 0},
	{CMD_MODE_TUNNEL, "remote 2001:db8::5", OK, "remote ADDR", "remote|2001:db8::5", 0},
	{CMD_MODE_BGP_AF_V6, "network 2001:db8::/32", OK, "network X:X::X:X/M",
	 "network|2001:db8::/32", 0},
	{CMD_MODE_BGP_AF_V6, "network 10.0.0.0/8", BAD, "'10.0.0.0/8' for X:X::X:X/M", NULL, 0},
	{CMD_MODE_BGP_AF_V4, "network 10.16.16.0/24", OK, "network A.B.C.D/M",
	 "network|10.16.16.0/24", 0},
	{CMD_MODE_BGP_AF_V4, "maximum-paths 65", BAD, "'65' for (1-64)", NULL, 0},
	/* no forms */
	{CMD_MODE_EXEC, "no debug bgp", OK, "debug bgp", "debug|bgp", NEG},
	{CMD_MODE_EXEC, "debug bgp", OK, "debug bgp", "debug|bgp", 0},
	{CMD_MODE_CONFIG, "no router bgp", OK, "router bgp (1-4294967295)", "router|bgp|~", NEG},
	{CMD_MODE_CONFIG, "no router bgp 65016", OK, "router bgp (1-4294967295)",
	 "router|bgp|65016", NEG},
	{CMD_MODE_CONFIG, "no ip prefix-list PL seq 5", OK, PL4,
	 "ip|prefix-list|PL|seq|5|~|~|~|~|~|~", NEG},
	{CMD_MODE_CONFIG, "no ip prefix-list PL", INC, "% Command incomplete", NULL, 0},
	{CMD_MODE_TUNNEL, "no description", OK, "description LINE", "description|~", NEG},
	{CMD_MODE_TUNNEL, "no mtu", OK, "mtu", "mtu", NEG},
	{CMD_MODE_TUNNEL, "mtu", INC, "% Command incomplete: mtu", NULL, 0},
	{CMD_MODE_TUNNEL, "no mtu auto", OK, "mtu (auto|off)", "mtu|auto", NEG},
	{CMD_MODE_TUNNEL, "no shut", OK, "shutdown", "shutdown", NEG},
	{CMD_MODE_TUNNEL, "no exit", UNK, "(at 'exit')", NULL, 0},
	{CMD_MODE_BGP, "no neighbor 169.254.12.229", OK, "neighbor ADDR@neighbor",
	 "neighbor|169.254.12.229", NEG},
	{CMD_MODE_BGP, "neighbor 169.254.12.229", INC, "% Command incomplete", NULL, 0},
	/* addresses and prefixes reach the command in one spelling */
	{CMD_MODE_BGP, "neighbor FD00:0:0::01 remote-as 1", OK,
	 "neighbor ADDR@neighbor remote-as (1-4294967295)", "neighbor|fd00::1|remote-as|1", 0},
	{CMD_MODE_BGP, "no nei 169.254.12.229 remote-as", OK,
	 "neighbor ADDR@neighbor remote-as (1-4294967295)", "neighbor|169.254.12.229|remote-as|~",
	 NEG},
	{CMD_MODE_BGP, "no timers bgp", OK, "timers bgp (0-65535) (0-65535)", "timers|bgp|~|~",
	 NEG},
	{CMD_MODE_BGP, "timers bgp 10", INC, "% Command incomplete: timers bgp 10", NULL, 0},
	{CMD_MODE_BGP, "no show ip bgp summary", UNK, "(at 'show')", NULL, 0},
	/* json */
	{CMD_MODE_EXEC, "sh ip bgp sum json", OK, "show ip bgp summary", "show|ip|bgp|summary",
	 JSON},
	{CMD_MODE_EXEC, "sh ip bgp sum j", OK, "show ip bgp summary", "show|ip|bgp|summary", JSON},
	{CMD_MODE_EXEC, "show tunnels json", OK, "show tunnels [WORD@tunnel]", "show|tunnels|~",
	 JSON},
	{CMD_MODE_EXEC, "show tunnels aws1 json", OK, "show tunnels [WORD@tunnel]",
	 "show|tunnels|aws1", JSON},
	{CMD_MODE_EXEC, "show tunnels \"json\"", OK, "show tunnels [WORD@tunnel]",
	 "show|tunnels|json", 0},
	{CMD_MODE_EXEC, "conf t json", UNK, "(at 'json')", NULL, 0},
	{CMD_MODE_CONFIG, "no router bgp 1 json", UNK, "(at 'json')", NULL, 0},
	/* anymode: show commands from the exec table in every mode */
	{CMD_MODE_CONFIG, "sh ip bgp sum", OK, "show ip bgp summary", "show|ip|bgp|summary", 0},
	{CMD_MODE_BGP, "show ip bgp summary json", OK, "show ip bgp summary", "show|ip|bgp|summary",
	 JSON},
	{CMD_MODE_BGP_AF_V6, "sh tun aws1", OK, "show tunnels [WORD@tunnel]", "show|tunnels|aws1",
	 0},
	/* hidden commands parse */
	{CMD_MODE_EXEC, "show ip bgp internals", OK, "show ip bgp internals",
	 "show|ip|bgp|internals", 0},
	/* optional groups: declared order, each may be left out */
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 permit 10.0.0.0/8", OK, PL4,
	 "ip|prefix-list|PL|seq|5|permit|10.0.0.0/8|~|~|~|~", 0},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 permit 10.0.0.0/8 le 24", OK, PL4,
	 "ip|prefix-list|PL|seq|5|permit|10.0.0.0/8|~|~|le|24", 0},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 10 deny 10.0.0.0/8 ge 16 le 24", OK, PL4,
	 "ip|prefix-list|PL|seq|10|deny|10.0.0.0/8|ge|16|le|24", 0},
	{CMD_MODE_CONFIG, "ip pre PL s 5 p 10.0.0.0/8 g 16", OK, PL4,
	 "ip|prefix-list|PL|seq|5|permit|10.0.0.0/8|ge|16|~|~", 0},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 permit 10.0.0.0/8 le 24 ge 16", UNK, "(at 'ge')",
	 NULL, 0},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 permit 10.0.0.0/8 ge", INC,
	 "% Command incomplete", NULL, 0},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 permit 10.0.0.0/8 ge 33", BAD, "'33' for (0-32)",
	 NULL, 0},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 allow 10.0.0.0/8", UNK, "(at 'allow')", NULL, 0},
	{CMD_MODE_CONFIG, "ipv6 prefix-list PL seq 5 permit 2001:db8::/32 le 64", OK,
	 "ipv6 prefix-list WORD seq (1-4294967295) (permit|deny) X:X::X:X/M [ge (0-128)] [le "
	 "(0-128)]",
	 "ipv6|prefix-list|PL|seq|5|permit|2001:db8::/32|~|~|le|64", 0},
	{CMD_MODE_BGP, "address-family ipv6 uni", OK, "address-family (ipv4|ipv6) unicast",
	 "address-family|ipv6|unicast", 0},
	/* words, quoting and LINE */
	{CMD_MODE_CONFIG, "hostname \"edge router\"", OK, "hostname WORD", "hostname|edge router",
	 0},
	{CMD_MODE_EXEC, "show tunnels \"a \\\"b\\\" \\\\c\"", OK, "show tunnels [WORD@tunnel]",
	 "show|tunnels|a \"b\" \\c", 0},
	{CMD_MODE_EXEC, "show tunnels \"a\\nb\"", OK, "show tunnels [WORD@tunnel]",
	 "show|tunnels|a\\nb", 0},
	{CMD_MODE_EXEC, "show tunnels caf\xc3\xa9", OK, "show tunnels [WORD@tunnel]",
	 "show|tunnels|caf\xc3\xa9", 0},
	{CMD_MODE_EXEC, "show tunnels \"\"", BAD, "% Invalid value '\"\"' for WORD", NULL, 0},
	{CMD_MODE_EXEC, "show tunnels \"unterminated", INC, "(unterminated quote)", NULL, 0},
	{CMD_MODE_EXEC, "show tunnels \"a\"b", UNK, "% Invalid quoting at '\"a\"b'", NULL, 0},
	{CMD_MODE_EXEC, "show tun\"nels", UNK, "(at 'tun\"nels')", NULL, 0},
	{CMD_MODE_TUNNEL, "description  Link to AWS   tunnel 1  ", OK, "description LINE",
	 "description|Link to AWS   tunnel 1", 0},
	{CMD_MODE_TUNNEL, "description \"quoted, with  blanks\"", OK, "description LINE",
	 "description|quoted, with  blanks", 0},
	{CMD_MODE_TUNNEL, "description to \"site b\" ! not a comment", OK, "description LINE",
	 "description|to \"site b\" ! not a comment", 0},
	{CMD_MODE_TUNNEL, "description json", OK, "description LINE", "description|json", 0},
	{CMD_MODE_TUNNEL, "no description old text", OK, "description LINE", "description|old text",
	 NEG},
	{CMD_MODE_BGP, "neighbor 169.254.12.229 description AWS tunnel 1", OK,
	 "neighbor ADDR@neighbor description LINE",
	 "neighbor|169.254.12.229|description|AWS tunnel 1", 0},
	/* comments and blank lines */
	{CMD_MODE_EXEC, "", EMPTY, "", NULL, 0},
	{CMD_MODE_EXEC, " \t ", EMPTY, "", NULL, 0},
	{CMD_MODE_CONFIG, "!", EMPTY, "", NULL, 0},
	{CMD_MODE_CONFIG, "  ! router bgp 1", EMPTY, "", NULL, 0},
	{CMD_MODE_CONFIG, "# vtid.conf", EMPTY, "", NULL, 0},
	/* bytes that have no place in a command */
	{CMD_MODE_EXEC, "show ip bgp summary\n", UNK,
	 "% Invalid control character 0x0a at column 20", NULL, 0},
	{CMD_MODE_TUNNEL, "description a\rb", UNK, "control character 0x0d", NULL, 0},
	{CMD_MODE_EXEC, "show \x1b[1mip", UNK, "control character 0x1b", NULL, 0},
	{CMD_MODE_EXEC, "show\x7f", UNK, "control character 0x7f", NULL, 0},
	{CMD_MODE_EXEC, "\xff\xfe", UNK, "% Unknown command: \xff\xfe", NULL, 0},
};

static void args_join(const struct cmd_call *c, struct strbuf *sb)
{
	int i;

	for (i = 0; i < c->argc; i++) {
		if (i)
			sb_addc(sb, '|');
		sb_add(sb, c->argv[i] ? c->argv[i] : "~");
	}
}

static const struct parse_row *parse_row_check(const struct parse_row *r)
{
	struct strbuf err = STRBUF_INIT, args = STRBUF_INIT;
	struct cmd_match m;
	int rc;

	rc = cmd_parse(test_tables, 2, r->mode, r->line, &m, &err);
	ck_assert_msg(rc == r->status, "'%s': status %d, want %d (%s)", r->line, rc, r->status,
		      sb_str(&err));
	if (rc == CMD_OK) {
		args_join(&m.call, &args);
		ck_assert_str_eq(m.call.cmd->syntax, r->syntax_or_err);
		ck_assert_str_eq(sb_str(&args), r->args);
		ck_assert_int_eq(m.call.negated, !!(r->flags & NEG));
		ck_assert_int_eq(m.call.json, !!(r->flags & JSON));
		ck_assert_str_eq(sb_str(&err), "");
		ck_assert_ptr_null(m.call.ctx);
	} else {
		ck_assert_msg(strstr(sb_str(&err), r->syntax_or_err),
			      "'%s': message '%s' lacks '%s'", r->line, sb_str(&err),
			      r->syntax_or_err);
		ck_assert_ptr_null(m.call.cmd);
		ck_assert_ptr_null(m.words);
		if (rc == CMD_ERR_EMPTY)
			ck_assert_str_eq(sb_str(&err), "");
	}
	cmd_match_free(&m);
	cmd_match_free(&m); /* twice is harmless */
	sb_free(&err);
	sb_free(&args);
	return r;
}

START_TEST(test_parse_rows)
{
	parse_row_check(&parse_rows[_i]);
}
END_TEST

/* Every error message names the word it stumbled on. */
START_TEST(test_parse_names_word)
{
	static const struct {
		const char *line;
		const char *word;
	} rows[] = {
		{"show ip bgp neighbors zz", "'zz'"},
		{"show iq", "'iq'"},
		{"sh i bgp", "'i'"},
		{"terminal length 9999", "'9999'"},
	};
	struct strbuf err = STRBUF_INIT;
	struct cmd_match m;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		sb_reset(&err);
		ck_assert_int_lt(cmd_parse(test_tables, 2, CMD_MODE_EXEC, rows[i].line, &m, &err),
				 0);
		ck_assert_msg(strstr(sb_str(&err), rows[i].word), "%s: %s", rows[i].line,
			      sb_str(&err));
	}
	sb_free(&err);
}
END_TEST

START_TEST(test_parse_appends_err)
{
	struct strbuf err = STRBUF_INIT;
	struct cmd_match m;

	sb_add(&err, "vtid.conf:3: ");
	ck_assert_int_eq(cmd_parse(test_tables, 2, CMD_MODE_EXEC, "bogus", &m, &err), UNK);
	ck_assert_str_eq(sb_str(&err), "vtid.conf:3: % Unknown command: bogus");
	sb_free(&err);
}
END_TEST

START_TEST(test_parse_long_line)
{
	struct strbuf err = STRBUF_INIT;
	struct cmd_match m;
	char *line = malloc(CMD_MAX_LINE + 2);
	size_t pre = strlen("show tunnels ");

	/* Exactly CMD_MAX_LINE characters: fine. */
	memcpy(line, "show tunnels ", pre);
	memset(line + pre, 'x', CMD_MAX_LINE - pre);
	line[CMD_MAX_LINE] = '\0';
	ck_assert_int_eq(cmd_parse(test_tables, 2, CMD_MODE_EXEC, line, &m, &err), OK);
	ck_assert_uint_eq(strlen(m.call.argv[2]), CMD_MAX_LINE - pre);
	cmd_match_free(&m);
	/* One more: refused, without echoing the line. */
	line[CMD_MAX_LINE] = 'x';
	line[CMD_MAX_LINE + 1] = '\0';
	ck_assert_int_eq(cmd_parse(test_tables, 2, CMD_MODE_EXEC, line, &m, &err), UNK);
	ck_assert_str_eq(sb_str(&err), "% Line too long (more than 4096 characters)");
	ck_assert_ptr_null(m.words);
	free(line);
	sb_free(&err);
}
END_TEST

/* Many words, each alone harmless. */
START_TEST(test_parse_many_words)
{
	struct strbuf err = STRBUF_INIT, line = STRBUF_INIT;
	struct cmd_match m;

	sb_add(&line, "description");
	while (line.len + 2 <= CMD_MAX_LINE)
		sb_add(&line, " a");
	ck_assert_int_eq(cmd_parse(test_tables, 2, CMD_MODE_TUNNEL, sb_str(&line), &m, &err), OK);
	ck_assert_uint_eq(strlen(m.call.argv[1]), line.len - strlen("description "));
	cmd_match_free(&m);
	sb_reset(&line);
	sb_add(&line, "show");
	while (line.len + 2 <= CMD_MAX_LINE)
		sb_add(&line, " i");
	ck_assert_int_eq(cmd_parse(test_tables, 2, CMD_MODE_EXEC, sb_str(&line), &m, &err), AMB);
	sb_free(&line);
	sb_free(&err);
}
END_TEST

/* Two commands that read one line equally well: refused, not guessed. */
START_TEST(test_parse_equal_readings)
{
	static const struct cmd_node nodes[] = {
		{CMD_MODE_EXEC, "echo WORD", "Echo\nA word", NULL, NULL, 0},
		{CMD_MODE_EXEC, "echo LINE", "Echo\nText", NULL, NULL, 0},
		{CMD_MODE_EXEC, "ping (1-10)", "Ping\nCount", NULL, NULL, 0},
		{CMD_MODE_EXEC, "ping WORD", "Ping\nName", NULL, NULL, 0},
	};
	static const struct cmd_node nodes2[] = {
		{CMD_MODE_EXEC, "ping (1-10)", "Ping\nCount", NULL, NULL, CMD_F_NO},
		{CMD_MODE_EXEC, "ping WORD", "Ping\nName", NULL, NULL, CMD_F_NO},
	};
	const struct cmd_table t = {nodes, 4}, t2 = {nodes2, 2};
	struct strbuf err = STRBUF_INIT;
	struct cmd_match m;

	ck_assert_int_eq(cmd_parse(&t, 1, CMD_MODE_EXEC, "echo hi", &m, &err), AMB);
	ck_assert_str_eq(sb_str(&err), "% Ambiguous command: echo hi (2 commands match)");
	/* Only the LINE takes two words. */
	ck_assert_int_eq(cmd_parse(&t, 1, CMD_MODE_EXEC, "echo hi there", &m, NULL), OK);
	ck_assert_str_eq(m.call.cmd->syntax, "echo LINE");
	cmd_match_free(&m);
	/* A typed value beats a bare word. */
	ck_assert_int_eq(cmd_parse(&t, 1, CMD_MODE_EXEC, "ping 5", &m, NULL), OK);
	ck_assert_str_eq(m.call.cmd->syntax, "ping (1-10)");
	cmd_match_free(&m);
	ck_assert_int_eq(cmd_parse(&t, 1, CMD_MODE_EXEC, "ping 50", &m, NULL), OK);
	ck_assert_str_eq(m.call.cmd->syntax, "ping WORD");
	cmd_match_free(&m);
	sb_reset(&err);
	/* Two "no" forms that both fit only by leaving their value out. */
	ck_assert_int_eq(cmd_parse(&t2, 1, CMD_MODE_EXEC, "no ping", &m, &err), AMB);
	ck_assert_str_eq(sb_str(&err), "% Ambiguous command: no ping (2 commands match)");
	ck_assert_int_eq(cmd_parse(&t2, 1, CMD_MODE_EXEC, "no ping 5", &m, NULL), OK);
	ck_assert_str_eq(m.call.cmd->syntax, "ping (1-10)");
	cmd_match_free(&m);
	sb_free(&err);
}
END_TEST

/* "json" belongs to the plain form only. */
START_TEST(test_parse_json_not_negated)
{
	static const struct cmd_node nodes[] = {
		{CMD_MODE_EXEC, "debug ike", "Debugging functions\nIKE", NULL, NULL,
		 CMD_F_NO | CMD_F_JSON},
	};
	const struct cmd_table t = {nodes, 1};
	struct strbuf err = STRBUF_INIT;
	struct cmd_match m;

	ck_assert_int_eq(cmd_parse(&t, 1, CMD_MODE_EXEC, "debug ike json", &m, NULL), OK);
	ck_assert(m.call.json && !m.call.negated);
	cmd_match_free(&m);
	ck_assert_int_eq(cmd_parse(&t, 1, CMD_MODE_EXEC, "no debug ike json", &m, &err), UNK);
	ck_assert_str_eq(sb_str(&err), "% Unknown command: no debug ike json (at 'json')");
	sb_free(&err);
}
END_TEST

/* Tables are independent: the same node pointer-free syntax in two
 * tables, and tables built on the stack, parse side by side. */
START_TEST(test_parse_tables_side_by_side)
{
	struct cmd_node a[1] = {{CMD_MODE_EXEC, "alpha WORD", "A\nW", NULL, NULL, 0}};
	struct cmd_node b[1] = {{CMD_MODE_EXEC, "beta (1-5)", "B\nN", NULL, NULL, 0}};
	struct cmd_table ta = {a, 1}, tb = {b, 1};
	struct cmd_match m;

	ck_assert_int_eq(cmd_parse(&ta, 1, CMD_MODE_EXEC, "al x", &m, NULL), OK);
	cmd_match_free(&m);
	ck_assert_int_eq(cmd_parse(&tb, 1, CMD_MODE_EXEC, "al x", &m, NULL), UNK);
	/* Same memory, new syntax: nothing stale. */
	a[0].syntax = "alpha (1-5)";
	ck_assert_int_eq(cmd_parse(&ta, 1, CMD_MODE_EXEC, "al x", &m, NULL), BAD);
	ck_assert_int_eq(cmd_parse(&ta, 1, CMD_MODE_EXEC, "al 3", &m, NULL), OK);
	cmd_match_free(&m);
	ck_assert_int_eq(cmd_parse(NULL, 0, CMD_MODE_EXEC, "al 3", &m, NULL), UNK);
	ck_assert_int_eq(cmd_parse(&ta, 1, CMD_MODE_EXEC, NULL, &m, NULL), EMPTY);
}
END_TEST

/* ---- completion ------------------------------------------------------------ */

struct complete_row {
	enum cmd_mode mode;
	const char *line;
	const char *want; /* candidates joined by ' ' */
};

static const struct complete_row complete_rows[] = {
	{CMD_MODE_EXEC, "", "configure debug no show terminal traceroute write"},
	{CMD_MODE_EXEC, "sh", "show"},
	{CMD_MODE_EXEC, "show ", "interface ip ipsec tunnels"},
	{CMD_MODE_EXEC, "show ip", "ip ipsec"},
	{CMD_MODE_EXEC, "show ip ", "bgp route"},
	{CMD_MODE_EXEC, "sh ip bgp ", "neighbors summary"}, /* not the hidden one */
	{CMD_MODE_EXEC, "sh ip bgp i", ""},
	{CMD_MODE_EXEC, "show ip bgp neighbors ", "169.254.12.229 169.254.13.1 2001:db8::1"},
	{CMD_MODE_EXEC, "show ip bgp neighbors 169.254.1", "169.254.12.229 169.254.13.1"},
	{CMD_MODE_EXEC, "show ip bgp summary ", "json"},
	{CMD_MODE_EXEC, "show ip bgp summary", "summary"},
	{CMD_MODE_EXEC, "show ip bgp summary json ", ""},
	{CMD_MODE_EXEC, "show ip route ", "bgp connected json static"},
	{CMD_MODE_EXEC, "show interface ", "brief eth0 vti1 vti2"},
	{CMD_MODE_EXEC, "show interface v", "vti1 vti2"},
	{CMD_MODE_EXEC, "show tunnels ", "aws1 aws2 json"},
	{CMD_MODE_EXEC, "show tunnels a", "aws1 aws2"},
	{CMD_MODE_EXEC, "show tunnels aws1 ", "json"},
	{CMD_MODE_EXEC, "show tunnels \"a", ""},
	{CMD_MODE_EXEC, "conf t ", ""},
	{CMD_MODE_EXEC, "no ", "debug"},
	{CMD_MODE_EXEC, "terminal length ", ""}, /* a range: help shows it */
	{CMD_MODE_EXEC, "t ", ""},		 /* ambiguous so far */
	{CMD_MODE_EXEC, "xyzzy ", ""},
	{CMD_MODE_EXEC, "! sh", ""},
	{CMD_MODE_EXEC, "show\a", ""},
	{CMD_MODE_CONFIG, "i", "interface ip ipv6"},
	{CMD_MODE_CONFIG, "s", "show"},
	{CMD_MODE_CONFIG, "no ", "hostname ip ipv6 router tunnel"},
	{CMD_MODE_CONFIG, "tunnel ", "aws1 aws2"},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 ", "deny permit"},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 permit 10.0.0.0/8 ", "ge le"},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 permit 10.0.0.0/8 ge 8 ", "le"},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 permit 10.0.0.0/8 ge ", ""},
	{CMD_MODE_TUNNEL, "mtu ", "auto off"},
	{CMD_MODE_TUNNEL, "no ", "description mtu shutdown"},
	{CMD_MODE_TUNNEL, "description some ", ""},
	{CMD_MODE_BGP, "n", "neighbor no"},
	{CMD_MODE_BGP, "neighbor 169.254.12.229 ", "description remote-as"},
	{CMD_MODE_BGP, "address-family ", "ipv4 ipv6"},
	{CMD_MODE_BGP_AF_V4, "e", "exit-address-family"},
};

START_TEST(test_complete_rows)
{
	const struct complete_row *r = &complete_rows[_i];
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT;
	const char *p;
	size_t n, lines = 0;

	for (p = r->want; *p; p++)
		sb_addc(&want, *p == ' ' ? '\n' : *p);
	if (*r->want) {
		sb_addc(&want, '\n');
		lines = 1;
		for (p = r->want; *p; p++)
			lines += *p == ' ';
	}
	n = cmd_complete(test_tables, 2, r->mode, r->line, test_values, NULL, &out);
	ck_assert_msg(strcmp(sb_str(&out), sb_str(&want)) == 0, "'%s': got '%s' want '%s'", r->line,
		      sb_str(&out), sb_str(&want));
	ck_assert_uint_eq(n, lines);
	sb_free(&out);
	sb_free(&want);
}
END_TEST

START_TEST(test_complete_no_values_fn)
{
	struct strbuf out = STRBUF_INIT;

	ck_assert_uint_eq(
		cmd_complete(test_tables, 2, CMD_MODE_EXEC, "show tunnels ", NULL, NULL, &out), 1);
	ck_assert_str_eq(sb_str(&out), "json\n");
	sb_free(&out);
}
END_TEST

/* ---- help ------------------------------------------------------------------ */

struct help_row {
	enum cmd_mode mode;
	const char *line;
	const char *want;
};

static const struct help_row help_rows[] = {
	{CMD_MODE_EXEC, "show ip bgp ",
	 "  neighbors  Detailed information on TCP and BGP neighbor connections\n"
	 "  summary    Summary of BGP neighbor status\n"},
	{CMD_MODE_EXEC, "show ip bgp su", "  summary  Summary of BGP neighbor status\n"},
	{CMD_MODE_EXEC, "show ip bgp summary ", "  json  Print the output as JSON\n  <cr>\n"},
	{CMD_MODE_EXEC, "show ip bgp summary", "  summary  Summary of BGP neighbor status\n"},
	{CMD_MODE_EXEC, "show tunnels ",
	 "  WORD  Tunnel name\n  json  Print the output as JSON\n  <cr>\n"},
	{CMD_MODE_EXEC, "show ip bgp neighbors 169.2", "  ADDR  Neighbor address\n"},
	{CMD_MODE_EXEC, "show ip bgp neighbors zz", ""},
	{CMD_MODE_EXEC, "no ", "  debug  Debugging functions\n"},
	{CMD_MODE_EXEC, "",
	 "  configure   Configuration from vty interface\n"
	 "  debug       Debugging functions\n"
	 "  no          Negate a command or restore its default\n"
	 "  show        Show running system information\n"
	 "  terminal    Set terminal line parameters\n"
	 "  traceroute  Trace route to destination\n"
	 "  write       Write running configuration to memory or terminal\n"},
	{CMD_MODE_EXEC, "write ", "  memory  Write configuration to the file\n  <cr>\n"},
	{CMD_MODE_EXEC, "bogus ", ""},
	{CMD_MODE_CONFIG, "router bgp ", "  (1-4294967295)  AS number\n"},
	{CMD_MODE_CONFIG, "router bgp 6", "  (1-4294967295)  AS number\n"},
	{CMD_MODE_CONFIG, "router bgp x", ""},
	{CMD_MODE_CONFIG, "router bgp 65016 ", "  <cr>\n"},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 permit 10.0.0.0/8 ",
	 "  ge  Minimum prefix length\n  le  Maximum prefix length\n  <cr>\n"},
	{CMD_MODE_CONFIG, "ip prefix-list PL seq 5 permit 10.0.0.0/8 ge ", "  (0-32)  Length\n"},
	{CMD_MODE_CONFIG, "no router bgp ", "  (1-4294967295)  AS number\n  <cr>\n"},
	{CMD_MODE_TUNNEL, "no mtu ",
	 "  (68-9000)  MTU in bytes\n"
	 "  auto       From the negotiated cipher\n"
	 "  off        Leave the MTU alone\n"
	 "  <cr>\n"},
	{CMD_MODE_TUNNEL, "mtu ",
	 "  (68-9000)  MTU in bytes\n"
	 "  auto       From the negotiated cipher\n"
	 "  off        Leave the MTU alone\n"},
	{CMD_MODE_TUNNEL, "description some text ", "  LINE  Characters\n  <cr>\n"},
	{CMD_MODE_TUNNEL, "inside 10.", "  A.B.C.D/M  Local /30 address\n"},
	{CMD_MODE_BGP, "neighbor 1.2.3.4 ",
	 "  description  Neighbor specific description\n"
	 "  remote-as    Specify a BGP neighbor\n"},
	{CMD_MODE_BGP, "address-family ", "  ipv4  Address Family\n  ipv6  Address Family\n"},
};

START_TEST(test_help_rows)
{
	const struct help_row *r = &help_rows[_i];
	struct strbuf out = STRBUF_INIT;
	size_t n, lines = 0;
	const char *p;

	for (p = r->want; *p; p++)
		lines += *p == '\n';
	n = cmd_help(test_tables, 2, r->mode, r->line, &out);
	ck_assert_msg(strcmp(sb_str(&out), r->want) == 0, "'%s': got\n%swant\n%s", r->line,
		      sb_str(&out), r->want);
	ck_assert_uint_eq(n, lines);
	sb_free(&out);
}
END_TEST

/* ---- table checks ------------------------------------------------------------ */

START_TEST(test_check_good_tables)
{
	struct strbuf err = STRBUF_INIT;

	ck_assert_int_eq(cmd_table_check(&test_exec_table, &err), 0);
	ck_assert_int_eq(cmd_table_check(&test_conf_table, &err), 0);
	ck_assert_str_eq(sb_str(&err), "");
	sb_free(&err);
}
END_TEST

struct check_row {
	const char *syntax;
	const char *help;
	unsigned flags;
	const char *why; /* in the message; NULL: the entry is fine */
};

static const struct check_row check_rows[] = {
	{"show ip", "Show\nIP", 0, NULL},
	{"show ip", "Show\nIP\n", 0, NULL},
	{"Show ip", "Show\nIP", 0, "unknown value token in 'Show'"},
	{"show IP", "Show\nIP", 0, "unknown value token"},
	{"show ip!", "Show\nIP", 0, "bad keyword"},
	{"x (5-1)", "X\nN", 0, "range with MIN above MAX"},
	{"x (1-4294967296)", "X\nN", 0, "bad range"},
	{"x (01-5)", "X\nN", 0, "bad range"},
	{"x (1-)", "X\nN", 0, "bad range"},
	{"x (a-b)", "X\nN", 0, "bad range"},
	{"x (1-5", "X\nN", 0, "unclosed '('"},
	{"x (a|a)", "X\nA\nA", 0, "same alternative twice"},
	{"x (a|B)", "X\nA\nB", 0, "lower-case keywords"},
	{"x (a|)", "X\nA\nB", 0, "lower-case keywords"},
	{"x WORD@", "X\nW", 0, "bad value source"},
	{"x WORD@Tunnel", "X\nW", 0, "bad value source"},
	{"x LINE@text", "X\nL", 0, "LINE cannot take a value source"},
	{"x [y", "X\nY", 0, "unclosed '['"},
	{"x y]", "X\nY", 0, "']' without '['"},
	{"x []", "X", 0, "empty optional group"},
	{"x [ ]", "X", 0, "empty optional group"},
	{"x [[y]]", "X\nY", 0, "nested '['"},
	{"x [y] z", "X\nY\nZ", 0, "required token after an optional group"},
	{"[x]", "X", 0, "no required token"},
	{"", "", 0, "no required token"},
	{"x [ y z ] [w]", "X\nY\nZ\nW", 0, NULL},
	{"x LINE y", "X\nL\nY", 0, "LINE must be the last token"},
	{"x [LINE] [y]", "X\nL\nY", 0, "LINE must be the last token"},
	{"x [y LINE]", "X\nY\nL", 0, NULL},
	{"x y", "X", 0, "1 help lines for 2"},
	{"x y", "X\nY\nZ", 0, "3 help lines for 2"},
	{"x (a|b)", "X\nA", 0, "2 help lines for 3"},
	{"x y", "X\n\n", 0, "help line 2 is empty"},
	{"x y", NULL, 0, "0 help lines for 2"},
	{"no x", "No\nX", CMD_F_NO, "leading 'no'"},
	{"x [json]", "X\nJ", CMD_F_JSON, "keyword 'json' in a CMD_F_JSON command"},
	{"x [json]", "X\nJ", 0, NULL},
	{NULL, "X", 0, "no syntax"},
	{"a b c d e f g h i j k l m n o p q r s t u v w x y",
	 "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm"
	 "\nn\no\np\nq\nr\ns\nt\nu\nv\nw\nx\ny",
	 0, "too many tokens"},
};

START_TEST(test_check_rows)
{
	const struct check_row *r = &check_rows[_i];
	const struct cmd_node node = {CMD_MODE_EXEC, r->syntax, r->help, NULL, NULL, r->flags};
	const struct cmd_table t = {&node, 1};
	struct strbuf err = STRBUF_INIT;
	int rc = cmd_table_check(&t, &err);

	if (!r->why) {
		ck_assert_msg(rc == 0, "'%s': %s", r->syntax, sb_str(&err));
	} else {
		ck_assert_int_eq(rc, -EINVAL);
		ck_assert_msg(strstr(sb_str(&err), r->why), "'%s': '%s' lacks '%s'", r->syntax,
			      sb_str(&err), r->why);
		ck_assert_msg(strstr(sb_str(&err), "entry 0"), "%s", sb_str(&err));
	}
	sb_free(&err);
}
END_TEST

START_TEST(test_check_duplicates)
{
	static const struct {
		struct cmd_node a, b;
		bool dup;
	} rows[] = {
		{{CMD_MODE_CONFIG, "x WORD", "X\nW", NULL, NULL, 0},
		 {CMD_MODE_CONFIG, "x WORD", "X\nW", NULL, NULL, 0},
		 true},
		{{CMD_MODE_CONFIG, "x WORD", "X\nW", NULL, NULL, 0},
		 {CMD_MODE_CONFIG, "x  WORD@tunnel", "X\nW", NULL, NULL, CMD_F_NO},
		 true},
		{{CMD_MODE_CONFIG, "x (1-5)", "X\nN", NULL, NULL, 0},
		 {CMD_MODE_CONFIG, "x (1-6)", "X\nN", NULL, NULL, 0},
		 false},
		{{CMD_MODE_CONFIG, "x [y]", "X\nY", NULL, NULL, 0},
		 {CMD_MODE_CONFIG, "x y", "X\nY", NULL, NULL, 0},
		 false},
		{{CMD_MODE_CONFIG, "x WORD", "X\nW", NULL, NULL, 0},
		 {CMD_MODE_TUNNEL, "x WORD", "X\nW", NULL, NULL, 0},
		 false},
		/* "shutdown" and a separate "no shutdown" */
		{{CMD_MODE_TUNNEL, "shutdown", "S", NULL, NULL, 0},
		 {CMD_MODE_TUNNEL, "shutdown", "S", NULL, NULL, CMD_F_NOONLY},
		 false},
		{{CMD_MODE_TUNNEL, "shutdown", "S", NULL, NULL, CMD_F_NO},
		 {CMD_MODE_TUNNEL, "shutdown", "S", NULL, NULL, CMD_F_NOONLY},
		 true},
	};
	struct strbuf err = STRBUF_INIT;
	struct cmd_node nodes[3];
	struct cmd_table t = {nodes, 3};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		nodes[0] = (struct cmd_node){CMD_MODE_EXEC, "other", "O", NULL, NULL, 0};
		nodes[1] = rows[i].a;
		nodes[2] = rows[i].b;
		sb_reset(&err);
		if (rows[i].dup) {
			ck_assert_int_eq(cmd_table_check(&t, &err), -EINVAL);
			ck_assert_msg(strstr(sb_str(&err), "entry 2") &&
					      strstr(sb_str(&err), "same syntax as entry 1"),
				      "row %zu: %s", i, sb_str(&err));
		} else {
			ck_assert_msg(cmd_table_check(&t, &err) == 0, "row %zu: %s", i,
				      sb_str(&err));
		}
	}
	sb_free(&err);
}
END_TEST

START_TEST(test_check_bad_mode)
{
	const struct cmd_node node = {CMD_MODE__COUNT, "x", "X", NULL, NULL, 0};
	const struct cmd_table t = {&node, 1};
	struct strbuf err = STRBUF_INIT;

	ck_assert_int_eq(cmd_table_check(&t, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "bad mode"));
	sb_free(&err);
}
END_TEST

/* A broken entry never matches, even if nobody checked the table. */
START_TEST(test_broken_entry_skipped)
{
	const struct cmd_node nodes[] = {
		{CMD_MODE_EXEC, "x (5-1)", "X\nN", NULL, NULL, 0},
		{CMD_MODE_EXEC, "x WORD", "X\nW", NULL, NULL, 0},
	};
	const struct cmd_table t = {nodes, 2};
	struct cmd_match m;

	ck_assert_int_eq(cmd_parse(&t, 1, CMD_MODE_EXEC, "x 3", &m, NULL), OK);
	ck_assert_ptr_eq(m.call.cmd, &nodes[1]);
	cmd_match_free(&m);
}
END_TEST

/* ---- modes --------------------------------------------------------------- */

START_TEST(test_modes)
{
	static const struct {
		enum cmd_mode m;
		const char *name, *prompt;
		enum cmd_mode parent;
	} rows[] = {
		{CMD_MODE_EXEC, "exec", "", CMD_MODE_EXEC},
		{CMD_MODE_CONFIG, "config", "(config)", CMD_MODE_EXEC},
		{CMD_MODE_TUNNEL, "config-tunnel", "(config-tunnel)", CMD_MODE_CONFIG},
		{CMD_MODE_BGP, "config-router", "(config-router)", CMD_MODE_CONFIG},
		{CMD_MODE_BGP_AF_V4, "config-router-af", "(config-router-af)", CMD_MODE_BGP},
		{CMD_MODE_BGP_AF_V6, "config-router-af", "(config-router-af)", CMD_MODE_BGP},
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct cmd_mode_info *mi = cmd_mode_info(rows[i].m);

		ck_assert_ptr_nonnull(mi);
		ck_assert_str_eq(mi->name, rows[i].name);
		ck_assert_str_eq(mi->prompt, rows[i].prompt);
		ck_assert_int_eq(mi->parent, rows[i].parent);
	}
	ck_assert_ptr_null(cmd_mode_info(CMD_MODE__COUNT));
	ck_assert_ptr_null(cmd_mode_info((enum cmd_mode) - 1));
}
END_TEST

static Suite *cmd_suite(void)
{
	Suite *s = suite_create("cmd");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_rows, 0, sizeof(parse_rows) / sizeof(parse_rows[0]));
	tcase_add_test(tc, test_parse_names_word);
	tcase_add_test(tc, test_parse_appends_err);
	tcase_add_test(tc, test_parse_long_line);
	tcase_add_test(tc, test_parse_many_words);
	tcase_add_test(tc, test_parse_equal_readings);
	tcase_add_test(tc, test_parse_json_not_negated);
	tcase_add_test(tc, test_parse_tables_side_by_side);
	suite_add_tcase(s, tc);

	tc = tcase_create("complete");
	tcase_add_loop_test(tc, test_complete_rows, 0,
			    sizeof(complete_rows) / sizeof(complete_rows[0]));
	tcase_add_test(tc, test_complete_no_values_fn);
	suite_add_tcase(s, tc);

	tc = tcase_create("help");
	tcase_add_loop_test(tc, test_help_rows, 0, sizeof(help_rows) / sizeof(help_rows[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_test(tc, test_check_good_tables);
	tcase_add_loop_test(tc, test_check_rows, 0, sizeof(check_rows) / sizeof(check_rows[0]));
	tcase_add_test(tc, test_check_duplicates);
	tcase_add_test(tc, test_check_bad_mode);
	tcase_add_test(tc, test_broken_entry_skipped);
	tcase_add_test(tc, test_modes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(cmd_suite());
}
