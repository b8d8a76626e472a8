/*
 * libyang's errors in the user's words.  The model's own error-message
 * (every one carries an error-app-tag starting "vtid-") is used as it is;
 * libyang's generic messages are replaced by what the schema says the value
 * may be.  A secret's value, and libyang's messages about it (they quote
 * the value), never appear.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/conf/conf_int.h"

#define CONF_VALUE_SHOWN 64

bool conf_lyerr_take(const struct ly_ctx *ctx, struct conf_lyerr *e)
{
	const struct ly_err_item *ei;

	memset(e, 0, sizeof(*e));
	for (ei = ly_err_first(ctx); ei && ei->level != LY_LLERR; ei = ei->next)
		;
	if (ei) {
		e->msg = ei->msg ? strdup(ei->msg) : NULL;
		e->path = ei->path ? strdup(ei->path) : NULL;
		e->apptag = ei->apptag ? strdup(ei->apptag) : NULL;
		e->vecode = ei->vecode;
	}
	conf_ly_clear(ctx);
	return ei != NULL;
}

void conf_lyerr_free(struct conf_lyerr *e)
{
	free(e->msg);
	free(e->path);
	free(e->apptag);
	memset(e, 0, sizeof(*e));
}

const struct lysc_node *conf_schema_of_path(const struct ly_ctx *ctx, const char *path)
{
	struct strbuf sp = STRBUF_INIT;
	const struct lysc_node *s = NULL;
	struct conf_path_scan ps = {0};
	const char *p;

	/* Strip the predicates: the schema node is the same for every key. */
	for (p = path; p && *p; p++)
		if (conf_path_scan_outside(&ps, *p))
			sb_addc(&sp, *p);
	if (sp.len && !sp.err)
		s = lys_find_path(ctx, NULL, sb_str(&sp), 0);
	conf_ly_clear(ctx);
	sb_free(&sp);
	return s;
}

static void conf_range_add(struct strbuf *out, const struct lysc_range *r, bool is_signed)
{
	LY_ARRAY_COUNT_TYPE i;

	LY_ARRAY_FOR(r->parts, i) {
		if (i)
			sb_add(out, " or ");
		if (is_signed) {
			if (r->parts[i].min_64 == r->parts[i].max_64)
				sb_printf(out, "%" PRId64, r->parts[i].min_64);
			else
				sb_printf(out, "%" PRId64 "..%" PRId64, r->parts[i].min_64,
					  r->parts[i].max_64);
		} else if (r->parts[i].min_u64 == r->parts[i].max_u64) {
			sb_printf(out, "%" PRIu64, r->parts[i].min_u64);
		} else {
			sb_printf(out, "%" PRIu64 "..%" PRIu64, r->parts[i].min_u64,
				  r->parts[i].max_u64);
		}
	}
}

/* What a value of type t may be: "900..86400", "auto or 1280..9000". */
static void conf_type_describe(const struct lysc_type *t, struct strbuf *out)
{
	const struct lysc_type_enum *en;
	const struct lysc_type_union *un;
	const struct lysc_type_num *num;
	LY_ARRAY_COUNT_TYPE i;

	switch (t->basetype) {
	case LY_TYPE_UINT8:
	case LY_TYPE_UINT16:
	case LY_TYPE_UINT32:
	case LY_TYPE_UINT64:
	case LY_TYPE_INT8:
	case LY_TYPE_INT16:
	case LY_TYPE_INT32:
	case LY_TYPE_INT64:
		num = (const struct lysc_type_num *)t;
		if (num->range)
			conf_range_add(out, num->range, t->basetype >= LY_TYPE_INT8);
		else
			sb_add(out, "a number");
		break;
	case LY_TYPE_ENUM:
		en = (const struct lysc_type_enum *)t;
		LY_ARRAY_FOR(en->enums, i)
			sb_printf(out, "%s%s", i ? (i + 1 == LY_ARRAY_COUNT(en->enums) ? " or " : ", ")
						 : "",
				  en->enums[i].name);
		break;
	case LY_TYPE_BOOL:
		sb_add(out, "true or false");
		break;
	case LY_TYPE_UNION:
		un = (const struct lysc_type_union *)t;
		LY_ARRAY_FOR(un->types, i) {
			if (i)
				sb_add(out, " or ");
			conf_type_describe(un->types[i], out);
		}
		break;
	default:
		sb_add(out, "a valid value");
		break;
	}
}

static bool conf_starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "../interface-type = 'vti'" -> "applies only with interface-type vti". */
static void conf_when_reason(const char *msg, struct strbuf *r)
{
	const char *p = strstr(msg, "\"../"), *eq, *q1, *q2;

	if (p) {
		p += 4;
		eq = strstr(p, " = '");
		q1 = eq ? eq + 4 : NULL;
		q2 = q1 ? strchr(q1, '\'') : NULL;
		if (eq && q2 && !memchr(p, '/', (size_t)(eq - p))) {
			sb_printf(r, "applies only with %.*s %.*s", (int)(eq - p), p,
				  (int)(q2 - q1), q1);
			return;
		}
	}
	sb_add(r, "does not apply here");
}

/* The list a leafref points into: "tunnel" for /vt:tunnels/vt:tunnel/vt:name. */
static void conf_leafref_target(const struct lysc_node *s, const char *msg, struct strbuf *r)
{
	const struct lysc_type_leafref *lr;
	const char *x, *end, *start, *v1, *v2;

	if (!s || !(s->nodetype & LYD_NODE_TERM))
		goto generic;
	lr = (const struct lysc_type_leafref *)((const struct lysc_node_leaf *)s)->type;
	if (lr->basetype != LY_TYPE_LEAFREF || !lr->path)
		goto generic;
	x = lyxp_get_expr(lr->path);
	end = x ? strrchr(x, '/') : NULL;
	if (!end)
		goto generic;
	for (start = end; start > x && start[-1] != '/'; start--)
		;
	if (memchr(start, ':', (size_t)(end - start)))
		start = (const char *)memchr(start, ':', (size_t)(end - start)) + 1;
	/* libyang's message quotes the value: 'Invalid leafref value "x" - ...' */
	v1 = strchr(msg, '"');
	v2 = v1 ? strchr(v1 + 1, '"') : NULL;
	if (v2)
		sb_printf(r, "there is no %.*s %.*s", (int)(end - start), start, (int)(v2 - v1 - 1),
			  v1 + 1);
	else
		sb_printf(r, "there is no such %.*s", (int)(end - start), start);
	return;
generic:
	sb_add(r, "refers to something that does not exist");
}

static void conf_reason(const struct ly_ctx *ctx, const char *path, const struct conf_lyerr *ei,
			bool secret, struct strbuf *r)
{
	const char *msg = ei ? ei->msg : NULL;
	const struct lysc_node *s;

	if (!msg) {
		sb_add(r, "is not valid");
		return;
	}
	if (ei->apptag && conf_starts(ei->apptag, "vtid-")) {
		sb_add(r, msg);
		return;
	}
	if (conf_starts(msg, "Invalid leafref value")) {
		conf_leafref_target(conf_schema_of_path(ctx, path), msg, r);
	} else if (conf_starts(msg, "When condition")) {
		conf_when_reason(msg, r);
	} else if (conf_starts(msg, "Mandatory")) {
		sb_add(r, "is missing");
	} else if (conf_starts(msg, "Duplicate instance")) {
		sb_add(r, "is given twice");
	} else if (conf_starts(msg, "Must condition")) {
		sb_printf(r, "breaks the rule %s", msg + strlen("Must condition "));
	} else if (strstr(msg, "non-string-encoded")) {
		sb_add(r, "must be a JSON string (in quotes)");
	} else if (strstr(msg, "non-number-encoded")) {
		sb_add(r, "must be a JSON number (not in quotes)");
	} else if (strstr(msg, "non-boolean-encoded")) {
		sb_add(r, "must be true or false (not in quotes)");
	} else if (conf_starts(msg, "Unsatisfied") || conf_starts(msg, "Invalid")) {
		s = conf_schema_of_path(ctx, path);
		if (s && (s->nodetype & LYD_NODE_TERM) && !conf_starts(msg, "Unsatisfied pattern") &&
		    !conf_starts(msg, "Unsatisfied length")) {
			sb_add(r, "must be ");
			conf_type_describe(((const struct lysc_node_leaf *)s)->type, r);
		} else {
			sb_add(r, "is not valid here");
		}
	} else {
		sb_add(r, secret ? "is not valid" : msg);
	}
}

static bool conf_reason_is_verb(const char *reason)
{
	static const char *const verbs[] = {"is ", "does ", "has ", "cannot ", "applies "};
	size_t i;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (conf_starts(reason, verbs[i]))
			return true;
	return false;
}

static void conf_compose(const struct conf_words *w, const char *value, const char *reason,
			 struct strbuf *out)
{
	size_t flen = w->field.len;
	bool show = value && w->leaf && !w->secret;

	if (w->context.len)
		sb_printf(out, "%s: ", sb_str(&w->context));
	/* The model's messages often name the field themselves. */
	if (!flen || (!show && strncmp(reason, sb_str(&w->field), flen) == 0 &&
		      (reason[flen] == ':' || reason[flen] == ' '))) {
		sb_add(out, reason);
		return;
	}
	sb_add(out, sb_str(&w->field));
	if (show) {
		if (strlen(value) > CONF_VALUE_SHOWN)
			sb_printf(out, " %.*s...", CONF_VALUE_SHOWN, value);
		else
			sb_printf(out, " %s", value);
	}
	sb_add(out, conf_reason_is_verb(reason) ? " " : ": ");
	sb_add(out, reason);
}

void conf_err_compose(const char *path, const char *value, const char *reason,
		      struct strbuf *out)
{
	struct conf_words w;

	conf_words_get(path, &w);
	conf_compose(&w, value, reason, out);
	conf_words_free(&w);
}

void conf_err_describe(const struct ly_ctx *ctx, const struct lyd_node *tree, const char *path,
		       const char *value, const struct conf_lyerr *ei, struct strbuf *out)
{
	struct strbuf reason = STRBUF_INIT;
	struct conf_words w;
	const struct lyd_node *n;

	conf_words_get(path, &w);
	if (!value && w.leaf && (n = conf_tree_find(tree, path)) && (n->schema->nodetype & LYD_NODE_TERM))
		value = lyd_get_value(n);
	conf_reason(ctx, path, ei, w.secret, &reason);
	conf_compose(&w, value, sb_str(&reason), out);
	conf_words_free(&w);
	sb_free(&reason);
}
