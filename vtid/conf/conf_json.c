/*
 * JSON (RFC 7951) in and out.  Input is parsed by libyang without
 * validation, then validated like a command file; only the line numbers
 * of parse errors are known (libyang keeps none in the tree).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/secret.h"
#include "vtid/conf/conf_int.h"

/* Stands for a PSK while the tree is printed; swapped for the mask after.
 * It satisfies the PSK's type, which the mask on purpose does not. */
#define CONF_PSK_STANDIN "vtid-masked-psk-8c1f0b47d2e6"
#define CONF_PSK_MASK "********"

/* Does line `line` of text mention a PSK?  Then libyang's message, which
 * may quote a stretch of the line, is not shown. */
static bool conf_json_line_secret(const char *text, int line)
{
	const char *p = text, *end;
	int n;

	for (n = 1; n < line && p; n++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return false;
	end = strchr(p, '\n');
	for (; *p && (!end || p < end); p++)
		if (strncmp(p, "\"psk\"", 5) == 0 || strncmp(p, "\"vtid:psk\"", 10) == 0)
			return true;
	return false;
}

static void conf_json_parse_error(struct ly_ctx *ctx, const char *text,
				  const struct conf_lyerr *ei, struct conf_diags *d)
{
	struct strbuf msg = STRBUF_INIT;
	const char *m = ei->msg ? ei->msg : "syntax error";
	int line = conf_line_from_err(ei->path);
	char *path;
	bool schema = true;
	char a[64], b[64];

	path = conf_path_from_err(ei->path, &schema);
	if (path && !schema && ei->vecode == LYVE_DATA) {
		conf_err_describe(ctx, NULL, path, NULL, ei, &msg);
	} else if (sscanf(m, "Node \"%63[^\"]\" not found as a child of \"%63[^\"]\" node", a, b) ==
		   2) {
		sb_printf(&msg, "JSON: unknown field \"%s\" in %s", a, b);
	} else if (sscanf(m, "No module named \"%63[^\"]\"", a) == 1) {
		sb_printf(&msg, "JSON: unknown module \"%s\" (top-level names are \"%s:...\")", a,
			  CONF_MODULE);
	} else if (conf_json_line_secret(text, line)) {
		sb_add(&msg, "JSON: syntax error (not shown: the line holds a PSK)");
	} else {
		/* libyang quotes the rest of the input: keep its first line. */
		const char *nl = strchr(m, '\n'), *q = strchr(m, '"'), *q2;

		if (nl && q && q < nl && (q2 = strrchr(m, '"')) > nl)
			sb_printf(&msg, "JSON: %.*s...%s", (int)(nl - m), m, q2);
		else
			sb_printf(&msg, "JSON: %s", m);
	}
	conf_diags_add(d, NULL, line, sb_str(&msg));
	sb_free(&msg);
	free(path);
}

void conf_json_load(struct ly_ctx *ctx, const char *text, unsigned flags,
		    struct lyd_node **tree, struct conf_diags *d)
{
	struct lyd_node *t = NULL;
	struct conf_lyerr ei;

	if (lyd_parse_data_mem(ctx, text, LYD_JSON, LYD_PARSE_ONLY | LYD_PARSE_STRICT, 0, &t) !=
	    LY_SUCCESS) {
		conf_lyerr_take(ctx, &ei);
		conf_json_parse_error(ctx, text, &ei, d);
		conf_lyerr_free(&ei);
		lyd_free_all(t);
		return;
	}
	if (conf_valid_run(ctx, &t, flags, NULL, NULL, d) != 0) {
		lyd_free_all(t);
		return;
	}
	*tree = t;
}

int conf_render_json(const struct lyd_node *tree, unsigned flags, struct strbuf *out)
{
	struct lyd_node *dup = NULL;
	struct ly_set *set = NULL;
	char *text = NULL, *p, *hit;
	uint32_t i, opts = LYD_PRINT_WITHSIBLINGS;
	int r = 0;

	if (!tree) {
		sb_add(out, "{}\n");
		return out->err ? -ENOMEM : 0;
	}
	if (lyd_dup_siblings(tree, NULL, LYD_DUP_RECURSIVE, &dup) != LY_SUCCESS) {
		conf_ly_clear(LYD_CTX(tree));
		return -ENOMEM;
	}
	if (!(flags & CONF_RENDER_SECRETS) &&
	    lyd_find_xpath(dup, "/" CONF_MODULE ":tunnels/tunnel/psk", &set) == LY_SUCCESS) {
		for (i = 0; i < set->count; i++)
			if (lyd_change_term(set->dnodes[i], CONF_PSK_STANDIN) != LY_SUCCESS)
				r = -EINVAL;
		ly_set_free(set, NULL);
	}
	opts |= (flags & CONF_RENDER_DEFAULTS) ? LYD_PRINT_WD_ALL : LYD_PRINT_WD_TRIM;
	if (r == 0 && lyd_print_mem(&text, lyd_first_sibling(dup), LYD_JSON, opts) != LY_SUCCESS)
		r = -ENOMEM;
	conf_ly_clear(LYD_CTX(tree));
	lyd_free_all(dup);
	if (r == 0 && text) {
		for (p = text; (hit = strstr(p, "\"" CONF_PSK_STANDIN "\"")); p = hit + strlen(CONF_PSK_STANDIN) + 2) {
			sb_addn(out, p, (size_t)(hit - p));
			sb_add(out, "\"" CONF_PSK_MASK "\"");
		}
		sb_add(out, p);
	}
	if (text)
		secret_free(text, strlen(text) + 1);
	if (r == 0 && out->err)
		r = -ENOMEM;
	return r;
}
