/*
 * nb: validate -> prepare -> apply (or abort) over every module.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/daemon.h"
#include "vtid/nb_impl.h"

/* A sorted set of "key\tvalue" strings: routes and prefix lists until
 * their module exists, compared by key, changed when the value differs. */
struct nb_set {
	char **v;
	size_t n;
};

struct nb_global {
	enum log_level level;
	bool syslog;
	bool debug[LOGM__COUNT];
	char dataplane[8];
	char router_id[VT_ADDR_STRLEN];
};

struct nb_state {
	struct nb_global global;
	struct nb_set routes, plists;
};

static void nb_global_default(struct nb_global *g)
{
	memset(g, 0, sizeof(*g));
	g->level = LOG_LVL_NOTICE;
	strcpy(g->dataplane, "auto");
}

struct nb_state *nb_state_new(void)
{
	struct nb_state *st = calloc(1, sizeof(*st));

	if (st)
		nb_global_default(&st->global);
	return st;
}

static void nb_set_clear(struct nb_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

void nb_state_free(struct nb_state *st)
{
	if (!st)
		return;
	nb_set_clear(&st->routes);
	nb_set_clear(&st->plists);
	free(st);
}

static int nb_set_add(struct nb_set *s, struct strbuf *sb)
{
	char **v = realloc(s->v, (s->n + 1) * sizeof(*v));

	if (!v || sb->err)
		return -ENOMEM;
	s->v = v;
	s->v[s->n] = sb_steal(sb);
	if (!s->v[s->n])
		return -ENOMEM;
	s->n++;
	return 0;
}

static int nb_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int global_read(const struct lyd_node *tree, struct nb_global *g)
{
	const struct lyd_node *gl = nb_top(tree, "global");
	const struct lyd_node *lg = nb_child(gl, "logging"), *c;
	const char *v;
	enum log_module m;

	nb_global_default(g);
	if ((v = nb_leaf(lg, "level")) && log_level_parse(v, &g->level) < 0)
		return -EINVAL;
	g->syslog = nb_leaf_bool(lg, "syslog", false);
	if (lg) {
		LY_LIST_FOR(lyd_child(lg), c) {
			if (!nb_is(c, "debug"))
				continue;
			if (log_module_parse(lyd_get_value(c), &m) < 0)
				return -EINVAL;
			g->debug[m] = true;
		}
	}
	nb_leaf_copy(gl, "dataplane", g->dataplane, sizeof(g->dataplane));
	if (!g->dataplane[0])
		strcpy(g->dataplane, "auto");
	nb_leaf_copy(gl, "router-id", g->router_id, sizeof(g->router_id));
	return 0;
}

/* The set of one string per `item` entry under the top container `top`,
 * sorted so two sets diff in one pass. */
static int nb_set_read(const struct lyd_node *tree, const char *top, const char *item,
		       void (*fmt)(const struct lyd_node *, struct strbuf *), struct nb_set *s)
{
	const struct lyd_node *c = nb_top(tree, top), *n;
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	if (c) {
		LY_LIST_FOR(lyd_child(c), n) {
			if (!nb_is(n, item))
				continue;
			sb_reset(&sb);
			fmt(n, &sb);
			if ((ret = nb_set_add(s, &sb)) < 0)
				break;
		}
	}
	sb_free(&sb);
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), nb_str_cmp);
	return ret;
}

static void route_fmt(const struct lyd_node *r, struct strbuf *sb)
{
	sb_printf(sb, "%s via %s\tdistance %s", nb_leaf(r, "prefix"), nb_leaf(r, "tunnel"),
		  nb_leaf(r, "distance") ? nb_leaf(r, "distance") : "1");
}

static void plist_fmt(const struct lyd_node *pl, struct strbuf *sb)
{
	const struct lyd_node *e;

	sb_printf(sb, "%s\t", nb_leaf(pl, "name"));
	LY_LIST_FOR(lyd_child(pl), e) {
		if (!nb_is(e, "entry"))
			continue;
		sb_printf(sb, "seq %s %s %s ge %s le %s; ", nb_leaf(e, "seq"), nb_leaf(e, "action"),
			  nb_leaf(e, "prefix"), nb_leaf(e, "ge") ? nb_leaf(e, "ge") : "-",
			  nb_leaf(e, "le") ? nb_leaf(e, "le") : "-");
	}
}

/* Log what differs between two sets by key; count it in res. */
static void nb_set_diff(const char *what, const struct nb_set *old, const struct nb_set *new,
			struct nb_result *res)
{
	size_t i = 0, j = 0;

	while (i < old->n || j < new->n) {
		size_t ko = i < old->n ? strcspn(old->v[i], "\t") : 0;
		size_t kn = j < new->n ? strcspn(new->v[j], "\t") : 0;
		int c;

		if (i == old->n)
			c = 1;
		else if (j == new->n)
			c = -1;
		else
			c = strncmp(old->v[i], new->v[j], ko > kn ? ko : kn);
		if (c < 0) {
			log_notice(LOGM_MAIN, "%s %.*s removed", what, (int)ko, old->v[i++]);
			res->removed++;
		} else if (c > 0) {
			log_notice(LOGM_MAIN, "%s %.*s added", what, (int)kn, new->v[j++]);
			res->added++;
		} else {
			if (strcmp(old->v[i], new->v[j]) != 0) {
				log_notice(LOGM_MAIN, "%s %.*s changed", what, (int)kn, new->v[j]);
				res->changed++;
			}
			i++;
			j++;
		}
	}
}

static bool global_eq(const struct nb_global *a, const struct nb_global *b)
{
	return a->level == b->level && a->syslog == b->syslog &&
	       memcmp(a->debug, b->debug, sizeof(a->debug)) == 0 &&
	       strcmp(a->dataplane, b->dataplane) == 0 && strcmp(a->router_id, b->router_id) == 0;
}

static void global_apply(struct vtid_daemon *d, const struct nb_global *old,
			 const struct nb_global *g)
{
	if (global_eq(old, g))
		return;
	if (strcmp(old->dataplane, g->dataplane) != 0) {
		snprintf(d->dataplane, sizeof(d->dataplane), "%s", g->dataplane);
		if (d->ipsec)
			log_notice(LOGM_MAIN, "dataplane %s: takes effect when vtid restarts",
				   g->dataplane);
	}
	if (d->verbose)
		return; /* -v: the command line decides about logging */
	if (g->syslog != d->log_syslog) {
		log_init("vtid", g->syslog ? LOG_TO_SYSLOG : LOG_TO_STDERR, g->level);
		d->log_syslog = g->syslog;
	}
	log_set_level(g->level);
	for (int m = 0; m < LOGM__COUNT; m++)
		if (old->debug[m] != g->debug[m])
			log_set_debug((enum log_module)m, g->debug[m]);
}

int nb_commit(struct vtid_daemon *d, const struct lyd_node *tree, struct nb_result *res,
	      struct strbuf *err)
{
	struct nb_state *st = d->nb;
	struct nb_global g;
	struct nb_set routes = {0}, plists = {0};
	struct tunnel_plan tplan = {0};
	struct nb_bgp_plan bplan = {0};
	struct bgp_plist **bpl = NULL;
	size_t bgp_adds = 0, n_bpl = 0;
	int ret;

	*res = (struct nb_result){0};
	/* validate: everything read and diffed before anything is touched */
	ret = global_read(tree, &g);
	if (ret < 0)
		sb_add(err, "global: a value in the configuration tree does not parse\n");
	if (ret == 0)
		ret = nb_set_read(tree, "routes", "route", route_fmt, &routes);
	if (ret == 0)
		ret = nb_set_read(tree, "prefix-lists", "prefix-list", plist_fmt, &plists);
	if (ret == 0)
		ret = nb_tunnel_plan(tree, d->tunnels, &tplan, err);
	if (ret == 0)
		ret = nb_bgp_plan_build(tree, d->bgp, &bplan, err);
	if (ret == 0 && (ret = nb_bgp_plists_read(tree, &bpl, &n_bpl)) < 0)
		sb_add(err, "prefix-list: a value in the configuration tree does not parse\n");
	/* prepare */
	if (ret == 0)
		ret = tunnel_mgr_prepare(d->tunnels, &tplan, err);
	for (size_t i = 0; ret == 0 && i < bplan.n; i++)
		bgp_adds += bplan.changes[i].op == BGP_OP_ADD;
	if (ret == 0)
		ret = bgp_mgr_reserve(d->bgp, bgp_adds);
	if (ret < 0) {
		/* abort */
		if (ret == -ENOMEM)
			sb_add(err, "out of memory while preparing the configuration\n");
		log_notice(LOGM_MAIN, "configuration not applied: %s",
			   ret == -ENOMEM ? "out of memory" : "refused");
		goto out;
	}
	/* apply */
	global_apply(d, &st->global, &g);
	st->global = g;
	for (size_t i = 0; i < tplan.n; i++) {
		if (tplan.changes[i].op == TUNNEL_OP_ADD)
			res->added++;
		else if (tplan.changes[i].op == TUNNEL_OP_CHANGE)
			res->changed++;
		else
			res->removed++;
	}
	tunnel_mgr_apply(d->tunnels, &tplan);
	for (size_t i = 0; i < bplan.n; i++) {
		if (bplan.changes[i].op == BGP_OP_ADD)
			res->added++;
		else if (bplan.changes[i].op == BGP_OP_CHANGE)
			res->changed++;
		else
			res->removed++;
	}
	res->changed += bplan.instance_changed;
	/* lists first: a neighbor added now finds the lists it names */
	bgp_mgr_set_plists(d->bgp, bpl, n_bpl);
	bpl = NULL;
	n_bpl = 0;
	nb_bgp_plan_apply(d->bgp, &bplan);
	nb_set_diff("route", &st->routes, &routes, res);
	nb_set_diff("prefix-list", &st->plists, &plists, res);
	nb_set_clear(&st->routes);
	nb_set_clear(&st->plists);
	st->routes = routes;
	st->plists = plists;
	routes = (struct nb_set){0};
	plists = (struct nb_set){0};
out:
	for (size_t i = 0; i < n_bpl; i++)
		bgp_plist_free(bpl[i]);
	free(bpl);
	tunnel_plan_free(&tplan);
	nb_bgp_plan_free(&bplan);
	nb_set_clear(&routes);
	nb_set_clear(&plists);
	return ret;
}

void nb_remove_all(struct vtid_daemon *d)
{
	if (d->tunnels)
		tunnel_mgr_clear(d->tunnels);
	if (d->bgp)
		bgp_mgr_clear(d->bgp);
	if (d->nb) {
		nb_set_clear(&d->nb->routes);
		nb_set_clear(&d->nb->plists);
	}
}
