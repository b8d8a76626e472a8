/*
 * Checks in C.  Some the model cannot express (what a proposal string
 * means, IPv6 host bits, the common /126, PSK files on disk); some it does
 * express, but libyang reports them without saying which instance is wrong
 * (a missing mandatory node) or in words no user would write (unique).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>

#include "common/addr.h"
#include "ike/proposal.h"
#include "vtid/conf/conf_int.h"

#define CONF_SCHEMA_DEPTH 8

static void conf_diag_node(struct conf_diags *d, const struct lyd_node *n, const char *value,
			   const char *reason)
{
	struct strbuf msg = STRBUF_INIT;
	char *path = lyd_path(n, LYD_PATH_STD, NULL, 0);

	if (!path) {
		d->oom = true;
		return;
	}
	conf_err_compose(path, value, reason, &msg);
	conf_diags_add(d, path, 0, sb_str(&msg));
	sb_free(&msg);
	free(path);
}

/* ---- unique ---------------------------------------------------------------- */

/* The data node of leaf schema s inside list instance inst, or NULL. */
static struct lyd_node *conf_unique_leaf(const struct lyd_node *inst, const struct lysc_node *s)
{
	const struct lysc_node *chain[CONF_SCHEMA_DEPTH];
	struct lyd_node *n = (struct lyd_node *)inst, *c;
	int k = 0;

	for (; s && s != inst->schema && k < CONF_SCHEMA_DEPTH; s = s->parent)
		if (s->nodetype & (LYS_CONTAINER | LYS_LEAF))
			chain[k++] = s;
	if (s != inst->schema)
		return NULL;
	while (k-- > 0) {
		if (lyd_find_sibling_val(lyd_child(n), chain[k], NULL, 0, &c) != LY_SUCCESS)
			return NULL;
		n = c;
	}
	return n;
}

struct conf_uval {
	const char *v;
	size_t idx;   /* instance order */
	size_t first; /* the instance that has the value first */
	struct lyd_node *inst, *leaf;
};

static int conf_uval_by_value(const void *pa, const void *pb)
{
	const struct conf_uval *a = pa, *b = pb;
	int c = strcmp(a->v, b->v);

	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

static int conf_uval_by_idx(const void *pa, const void *pb)
{
	const struct conf_uval *a = pa, *b = pb;

	return (a->idx > b->idx) - (a->idx < b->idx);
}

/* One unique leaf over the instances from first: sorted by value, so a
 * long list costs n log n; reported in the order of the instances. */
static void conf_unique_one(const struct lyd_node *first, const struct lysc_node *s,
			    struct conf_diags *d, struct conf_strs *removed)
{
	struct strbuf why = STRBUF_INIT;
	struct conf_uval *u = NULL, *nu;
	const struct lyd_node *x;
	struct lyd_node *leaf;
	size_t n = 0, cap = 0, i;
	char *p;

	for (x = first; x && x->schema == first->schema; x = x->next) {
		leaf = conf_unique_leaf(x, s);
		if (!leaf || lyd_is_default(leaf))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			nu = realloc(u, cap * sizeof(*u));
			if (!nu) {
				d->oom = true;
				free(u);
				return;
			}
			u = nu;
		}
		u[n].v = lyd_get_value(leaf);
		u[n].idx = n;
		u[n].first = n;
		u[n].inst = (struct lyd_node *)x;
		u[n].leaf = leaf;
		n++;
	}
	if (n > 1)
		qsort(u, n, sizeof(*u), conf_uval_by_value);
	for (i = 1; i < n; i++)
		if (strcmp(u[i].v, u[i - 1].v) == 0)
			u[i].first = u[i - 1].first;
	if (n > 1)
		qsort(u, n, sizeof(*u), conf_uval_by_idx);
	for (i = 0; i < n; i++) {
		if (u[i].first == i)
			continue;
		p = lyd_path(u[u[i].first].inst, LYD_PATH_STD, NULL, 0);
		sb_reset(&why);
		sb_add(&why, "is already used by ");
		conf_words_of_path(p ? p : "", &why);
		free(p);
		conf_diag_node(d, u[i].leaf, u[i].v, sb_str(&why));
		p = lyd_path(u[i].leaf, LYD_PATH_STD, NULL, 0);
		if (p)
			conf_strs_add(removed, p);
		free(p);
	}
	/* Take the duplicates out only now: the values above point into them. */
	for (i = 0; i < n; i++)
		if (u[i].first != i)
			lyd_free_tree(u[i].leaf);
	free(u);
	sb_free(&why);
}

static void conf_unique_list(const struct lyd_node *first, struct conf_diags *d,
			     struct conf_strs *removed)
{
	const struct lysc_node_list *sl = (const struct lysc_node_list *)first->schema;
	LY_ARRAY_COUNT_TYPE k;

	LY_ARRAY_FOR(sl->uniques, k)
		conf_unique_one(first, &sl->uniques[k][0]->node, d, removed);
}

static void conf_unique_walk(const struct lyd_node *sib, struct conf_diags *d,
			     struct conf_strs *removed)
{
	const struct lyd_node *n;

	for (n = sib; n; n = n->next) {
		if (!n->schema)
			continue;
		if ((n->schema->nodetype & LYS_LIST) &&
		    (n == sib || !n->prev->schema || n->prev->schema != n->schema) &&
		    ((const struct lysc_node_list *)n->schema)->uniques)
			conf_unique_list(n, d, removed);
		if (n->schema->nodetype & LYD_NODE_INNER)
			conf_unique_walk(lyd_child(n), d, removed);
	}
}

void conf_check_unique(const struct ly_ctx *ctx, struct lyd_node **work, struct conf_diags *d,
		       struct conf_strs *removed)
{
	(void)ctx;
	if (*work)
		conf_unique_walk(lyd_first_sibling(*work), d, removed);
}

/* ---- values ---------------------------------------------------------------- */

static void conf_check_each(const struct lyd_node *tree, const char *xpath,
			    void (*fn)(const struct lyd_node *n, unsigned flags, struct conf_diags *d),
			    unsigned flags, struct conf_diags *d)
{
	struct ly_set *set = NULL;
	uint32_t i;

	if (lyd_find_xpath(tree, xpath, &set) != LY_SUCCESS) {
		conf_ly_clear(LYD_CTX(tree));
		return;
	}
	for (i = 0; i < set->count; i++)
		fn(set->dnodes[i], flags, d);
	ly_set_free(set, NULL);
}

static void conf_check_proposal(const struct lyd_node *n, unsigned flags, struct conf_diags *d)
{
	struct ike_proposal p;
	char why[256];
	enum ike_proto proto = strcmp(lyd_parent(n)->schema->name, "esp") == 0 ? IKE_PROTO_ESP
										: IKE_PROTO_IKE;

	(void)flags;
	why[0] = '\0';
	if (ike_proposal_parse(lyd_get_value(n), proto, &p, why, sizeof(why)) != 0)
		conf_diag_node(d, n, lyd_get_value(n), why[0] ? why : "is not a valid proposal");
}

static void conf_check_psk_file(const struct lyd_node *n, unsigned flags, struct conf_diags *d)
{
	const char *f = lyd_get_value(n);
	char why[160];
	struct stat st;

	if (!(flags & CONF_V_FILES))
		return;
	if (stat(f, &st) < 0) {
		snprintf(why, sizeof(why), errno == ENOENT ? "does not exist" : "cannot be read: %s",
			 strerror(errno));
		conf_diag_node(d, n, f, why);
	} else if (!S_ISREG(st.st_mode)) {
		conf_diag_node(d, n, f, "is not a regular file");
	} else if (st.st_mode & (S_IROTH | S_IWOTH)) {
		snprintf(why, sizeof(why), "is %s by everyone (mode %04o); chmod 600 it",
			 (st.st_mode & S_IROTH) ? "readable" : "writable",
			 (unsigned)(st.st_mode & 07777));
		conf_diag_node(d, n, f, why);
	}
}

static void conf_check_v6_prefix(const struct lyd_node *n, unsigned flags, struct conf_diags *d)
{
	struct vt_prefix p;
	const char *v = lyd_get_value(n);

	(void)flags;
	if (!strchr(v, ':'))
		return;
	if (vt_prefix_parse(v, AF_INET6, VT_PREFIX_NEED_LEN | VT_PREFIX_STRICT, &p) != 0)
		conf_diag_node(d, n, v,
			       "the prefix has host bits set: the address must be the first of "
			       "the prefix, e.g. 2001:db8::/32");
}

static void conf_check_peer_v6(const struct lyd_node *n, unsigned flags, struct conf_diags *d)
{
	const struct lyd_node *local;
	struct vt_prefix p;
	struct vt_addr a;

	(void)flags;
	for (local = lyd_first_sibling(n); local; local = local->next)
		if (local->schema && strcmp(local->schema->name, "local-v6") == 0)
			break;
	if (!local)
		return;
	if (vt_prefix_parse(lyd_get_value(local), AF_INET6, VT_PREFIX_NEED_LEN, &p) != 0 ||
	    vt_addr_parse(lyd_get_value(n), AF_INET6, &a) != 0)
		return;
	if (!vt_prefix_contains_addr(&p, &a))
		conf_diag_node(d, n, lyd_get_value(n),
			       "inside ipv6 peer must be in the same /126 as inside ipv6 local");
}

/* Addresses that key a list (a neighbor, a route, a network) must be spelled
 * one way, or "FD00::1" and "fd00::1" would be two neighbors for one
 * address.  The command language writes them so by itself; JSON is told. */
static void conf_check_canonical(const struct lyd_node *n, unsigned flags, struct conf_diags *d)
{
	const char *v = lyd_get_value(n), *slash = strchr(v, '/');
	char addr[VT_ADDR_STRLEN], canon[VT_ADDR_STRLEN], why[160];
	size_t alen = slash ? (size_t)(slash - v) : strlen(v);
	struct vt_addr a;

	(void)flags;
	if (alen >= sizeof(addr))
		return;
	memcpy(addr, v, alen);
	addr[alen] = '\0';
	if (vt_addr_parse(addr, AF_UNSPEC, &a) != 0)
		return; /* the model's pattern reports it */
	vt_addr_fmt(&a, canon, sizeof(canon));
	if (strcmp(addr, canon) != 0) {
		snprintf(why, sizeof(why), "write the address as %s%s", canon, slash ? slash : "");
		conf_diag_node(d, n, v, why);
	}
}

/* One tunnel's inside /30 (network, host order) and its data node. */
struct conf_inside {
	uint32_t net;
	unsigned idx;
	const struct lyd_node *n;
};

static int conf_inside_cmp(const void *pa, const void *pb)
{
	const struct conf_inside *a = pa, *b = pb;

	if (a->net != b->net)
		return a->net < b->net ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* No two tunnels on one inside /30: sorted by network, a tunnel that shares
 * its /30 with one earlier in the file is the one reported. */
static void conf_check_inside_unique(const struct lyd_node *tree, struct conf_diags *d)
{
	struct ly_set *set = NULL;
	struct conf_inside *v;
	uint32_t i, n = 0;

	if (lyd_find_xpath(tree, "/vtid:tunnels/tunnel/inside/local", &set) != LY_SUCCESS) {
		conf_ly_clear(LYD_CTX(tree));
		return;
	}
	v = calloc(set->count ? set->count : 1, sizeof(*v));
	if (!v) {
		d->oom = true;
		ly_set_free(set, NULL);
		return;
	}
	for (i = 0; i < set->count; i++) {
		struct vt_prefix p;

		if (vt_prefix_parse(lyd_get_value(set->dnodes[i]), AF_INET, VT_PREFIX_NEED_LEN,
				    &p) != 0 ||
		    p.len != 30)
			continue; /* the model reports it */
		v[n].net = ntohl(p.addr.u.v4.s_addr) & ~3u;
		v[n].idx = i;
		v[n].n = set->dnodes[i];
		n++;
	}
	qsort(v, n, sizeof(*v), conf_inside_cmp);
	for (i = 1; i < n; i++)
		if (v[i].net == v[i - 1].net)
			conf_diag_node(d, v[i].n, lyd_get_value(v[i].n),
				       "this inside /30 is already used by another tunnel");
	free(v);
	ly_set_free(set, NULL);
}

void conf_check_values(const struct ly_ctx *ctx, struct lyd_node **work, unsigned flags,
		       struct conf_diags *d)
{
	(void)ctx;
	if (!*work)
		return;
	conf_check_each(*work, "/vtid:tunnels/tunnel/ike/proposal", conf_check_proposal, flags, d);
	conf_check_each(*work, "/vtid:tunnels/tunnel/esp/proposal", conf_check_proposal, flags, d);
	conf_check_each(*work, "/vtid:tunnels/tunnel/psk-file", conf_check_psk_file, flags, d);
	conf_check_each(*work, "/vtid:tunnels/tunnel/inside/peer-v6", conf_check_peer_v6, flags, d);
	conf_check_inside_unique(*work, d);
	conf_check_each(*work, "/vtid:routes/route/prefix", conf_check_v6_prefix, flags, d);
	conf_check_each(*work, "/vtid:prefix-lists/prefix-list/entry/prefix", conf_check_v6_prefix,
			flags, d);
	conf_check_each(*work, "/vtid:bgp/address-family/network", conf_check_v6_prefix, flags, d);
	conf_check_each(*work, "/vtid:bgp/neighbor/address", conf_check_canonical, flags, d);
	conf_check_each(*work, "/vtid:routes/route/prefix", conf_check_canonical, flags, d);
	conf_check_each(*work, "/vtid:bgp/address-family/network", conf_check_canonical, flags, d);
}

/* ---- mandatory nodes ------------------------------------------------------- */

static const struct lyd_node *conf_data_child(const struct lyd_node *parent,
					      const struct lyd_node *tree,
					      const struct lysc_node *s)
{
	const struct lyd_node *c = parent ? lyd_child(parent) : tree;

	for (; c; c = c->next)
		if (c->schema == s)
			return c;
	return NULL;
}

static bool conf_choice_has_data(const struct lyd_node *parent, const struct lyd_node *tree,
				 const struct lysc_node *choice)
{
	const struct lyd_node *c = parent ? lyd_child(parent) : tree;
	const struct lysc_node *s;

	for (; c; c = c->next)
		for (s = c->schema ? c->schema->parent : NULL; s; s = s->parent)
			if (s == choice)
				return true;
	return false;
}

static void conf_missing(struct conf_diags *d, const char *path, const char *words_path)
{
	struct strbuf msg = STRBUF_INIT;

	conf_err_compose(words_path ? words_path : path, NULL, "is missing", &msg);
	conf_diags_add(d, path, 0, sb_str(&msg));
	sb_free(&msg);
}

static void conf_missing_choice(struct conf_diags *d, const char *ppath,
				const struct lysc_node *choice)
{
	struct strbuf path = STRBUF_INIT, msg = STRBUF_INIT;
	const struct lysc_node *cs, *leaf;
	struct conf_words w;
	bool first = true;

	LY_LIST_FOR(lysc_node_child(choice), cs) {
		leaf = cs->nodetype == LYS_CASE ? lysc_node_child(cs) : cs;
		if (!leaf)
			continue;
		sb_reset(&path);
		sb_printf(&path, "%s/%s", ppath, leaf->name);
		conf_words_get(sb_str(&path), &w);
		if (first && w.context.len)
			sb_printf(&msg, "%s: ", sb_str(&w.context));
		sb_printf(&msg, "%s%s", first ? "" : " or ", sb_str(&w.field));
		conf_words_free(&w);
		first = false;
	}
	sb_add(&msg, " is missing");
	sb_reset(&path);
	sb_printf(&path, "%s/%s", ppath, choice->name);
	conf_diags_add(d, sb_str(&path), 0, sb_str(&msg));
	sb_free(&path);
	sb_free(&msg);
}

static void conf_mandatory_walk(const struct lysc_node *schild, const struct lyd_node *parent,
				const struct lyd_node *tree, const char *ppath, bool top,
				struct conf_diags *d);

static void conf_mandatory_into(const struct lysc_node *s, const struct lyd_node *dn,
				const char *ppath, bool top, struct conf_diags *d)
{
	struct strbuf path = STRBUF_INIT;
	char *p = NULL;

	if (dn) {
		p = lyd_path(dn, LYD_PATH_STD, NULL, 0);
		if (!p) {
			d->oom = true;
			return;
		}
	} else {
		sb_printf(&path, top ? "%s/" CONF_MODULE ":%s" : "%s/%s", ppath, s->name);
	}
	conf_mandatory_walk(lysc_node_child(s), dn, NULL, p ? p : sb_str(&path), false, d);
	free(p);
	sb_free(&path);
}

static void conf_mandatory_walk(const struct lysc_node *schild, const struct lyd_node *parent,
				const struct lyd_node *tree, const char *ppath, bool top,
				struct conf_diags *d)
{
	const struct lysc_node *s;
	const struct lyd_node *dn;
	struct strbuf path = STRBUF_INIT;

	LY_LIST_FOR(schild, s) {
		if (s->nodetype & (LYS_RPC | LYS_ACTION | LYS_NOTIF))
			continue;
		switch (s->nodetype) {
		case LYS_LEAF:
			if ((s->flags & LYS_MAND_TRUE) && !conf_data_child(parent, tree, s)) {
				sb_reset(&path);
				sb_printf(&path, "%s/%s", ppath, s->name);
				conf_missing(d, sb_str(&path), NULL);
			}
			break;
		case LYS_CHOICE:
			if ((s->flags & LYS_MAND_TRUE) && !conf_choice_has_data(parent, tree, s))
				conf_missing_choice(d, ppath, s);
			break;
		case LYS_CONTAINER:
			dn = conf_data_child(parent, tree, s);
			if (dn || lysc_is_np_cont(s))
				conf_mandatory_into(s, dn, ppath, top, d);
			break;
		case LYS_LIST:
			for (dn = conf_data_child(parent, tree, s); dn && dn->schema == s; dn = dn->next)
				conf_mandatory_into(s, dn, ppath, top, d);
			break;
		default:
			break;
		}
	}
	sb_free(&path);
}

void conf_check_mandatory(const struct ly_ctx *ctx, const struct lyd_node *tree,
			  struct conf_diags *d)
{
	const struct lys_module *mod = ly_ctx_get_module_implemented(ctx, CONF_MODULE);

	if (!mod || !mod->compiled || !tree)
		return;
	conf_mandatory_walk(mod->compiled->data, NULL, lyd_first_sibling(tree), "", true, d);
}
