/*
 * Configuration files, in the command language or JSON: whatever the
 * bytes, loading must neither crash nor leak; what loads must render, load
 * again to the same tree and render the same text.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "vtid/conf/conf.h"

static struct ly_ctx *fuzz_ctx;

static void fuzz_conf_roundtrip(struct lyd_node *t)
{
	struct strbuf text = STRBUF_INIT, again = STRBUF_INIT, err = STRBUF_INIT;
	struct lyd_node *t2 = NULL;

	FUZZ_CHECK(conf_render(t, CONF_RENDER_SECRETS, &text) == 0);
	FUZZ_CHECK(conf_load_text(fuzz_ctx, "render", sb_str(&text), &t2, &err) == 0);
	FUZZ_CHECK((!t && !t2) || (t && t2 && lyd_compare_siblings(t, t2, LYD_COMPARE_FULL_RECURSION) ==
					     LY_SUCCESS));
	FUZZ_CHECK(conf_render(t2, CONF_RENDER_SECRETS, &again) == 0);
	FUZZ_CHECK(strcmp(sb_str(&text), sb_str(&again)) == 0);
	lyd_free_all(t2);
	sb_free(&text);
	sb_free(&again);
	sb_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct lyd_node *t = NULL;

	if (!fuzz_ctx) {
		/* Kept for the whole run (libFuzzer has no teardown). */
		fuzz_ctx = conf_ctx_new(&err);
		FUZZ_CHECK(fuzz_ctx != NULL);
		sb_reset(&err);
	}
	if (conf_load_mem(fuzz_ctx, "fuzz", (const char *)data, size, &t, &err) == 0) {
		FUZZ_CHECK(err.len == 0);
		fuzz_conf_roundtrip(t);
	} else {
		FUZZ_CHECK(t == NULL && err.len > 0);
	}
	lyd_free_all(t);
	sb_free(&err);
	return 0;
}
