/*
 * The YANG context.  The model is compiled into the binary (conf_yang_text,
 * generated from vtid/yang/vtid.yang), so a daemon never runs with a model
 * that differs from the one its code was written against.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/conf/conf_int.h"

/* The model without its "mandatory" statements, in a context of its own:
 * libyang checks mandatory nodes before the constraints of their siblings
 * and names only the schema node, so validation runs there, and missing
 * nodes are found by conf_check_mandatory() with their instances named.
 * Shared by every context conf_ctx_new() makes. */
static struct ly_ctx *conf_relaxed;
static unsigned conf_relaxed_refs;

void conf_ly_clear(const struct ly_ctx *ctx)
{
	ly_err_clean((struct ly_ctx *)ctx, NULL);
}

struct ly_ctx *conf_ctx_relaxed(void)
{
	return conf_relaxed;
}

static int conf_relaxed_get(struct strbuf *err)
{
	static const char stmt[] = "mandatory true;";
	struct ly_ctx *ctx = NULL;
	char *text, *p;

	if (conf_relaxed_refs++)
		return 0;
	text = strdup(conf_yang_text);
	if (!text)
		goto fail;
	for (p = text; (p = strstr(p, stmt)); p += sizeof(stmt) - 1)
		memset(p, ' ', sizeof(stmt) - 1);
	if (ly_ctx_new(NULL, LY_CTX_NO_YANGLIBRARY | LY_CTX_DISABLE_SEARCHDIRS, &ctx) != LY_SUCCESS ||
	    lys_parse_mem(ctx, text, LYS_IN_YANG, NULL) != LY_SUCCESS) {
		free(text);
		goto fail;
	}
	free(text);
	conf_ly_clear(ctx);
	conf_relaxed = ctx;
	return 0;
fail:
	if (ctx)
		ly_ctx_destroy(ctx);
	conf_relaxed_refs--;
	sb_add(err, "cannot load the YANG model (relaxed copy)\n");
	return -ENOMEM;
}

static void conf_relaxed_put(void)
{
	if (conf_relaxed_refs && --conf_relaxed_refs == 0) {
		ly_ctx_destroy(conf_relaxed);
		conf_relaxed = NULL;
	}
}

struct ly_ctx *conf_ctx_new(struct strbuf *err)
{
	struct ly_ctx *ctx = NULL;
	const struct ly_err_item *ei;

	/* Errors are turned into the user's words by this module; libyang
	 * must not print its own (they may hold a PSK).  The option is
	 * process-wide: vtid has no other user of libyang. */
	ly_log_options(LY_LOSTORE);
	if (ly_ctx_new(NULL, LY_CTX_NO_YANGLIBRARY | LY_CTX_DISABLE_SEARCHDIRS, &ctx) != LY_SUCCESS) {
		sb_add(err, "cannot create the YANG context (out of memory)\n");
		return NULL;
	}
	if (lys_parse_mem(ctx, conf_yang_text, LYS_IN_YANG, NULL) != LY_SUCCESS) {
		ei = ly_err_last(ctx);
		sb_printf(err, "cannot load the YANG model %s: %s\n", CONF_MODULE,
			  ei && ei->msg ? ei->msg : "unknown error");
		conf_ly_clear(ctx);
		ly_ctx_destroy(ctx);
		return NULL;
	}
	conf_ly_clear(ctx);
	if (conf_relaxed_get(err)) {
		ly_ctx_destroy(ctx);
		return NULL;
	}
	return ctx;
}

void conf_ctx_free(struct ly_ctx *ctx)
{
	if (ctx) {
		ly_ctx_destroy(ctx);
		conf_relaxed_put();
	}
}
