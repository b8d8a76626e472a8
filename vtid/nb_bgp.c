/*
 * nb for BGP: tree -> instance settings and neighbor confs, diffed by
 * neighbor address.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/nb_impl.h"

static int afi_index(const char *afi)
{
	if (afi && strcmp(afi, "ipv4-unicast") == 0)
		return BGP_AF_V4;
	if (afi && strcmp(afi, "ipv6-unicast") == 0)
		return BGP_AF_V6;
	return -1;
}

static int neighbor_read(const struct lyd_node *nn, struct bgp_neighbor_conf *c)
{
	const struct lyd_node *timers = nb_child(nn, "timers"), *af;
	const char *v;
	uint32_t x;
	int ret = 0;

	bgp_neighbor_conf_init(c);
	v = nb_leaf(nn, "address");
	if (!v || vt_addr_parse(v, AF_UNSPEC, &c->addr) < 0)
		return -EINVAL;
	ret |= nb_leaf_u32(nn, "remote-as", UINT32_MAX, 0, &c->remote_as);
	nb_leaf_copy(nn, "description", c->description, sizeof(c->description));
	ret |= nb_leaf_u32(timers, "keepalive", UINT16_MAX, 10, &x);
	c->keepalive = (uint16_t)x;
	ret |= nb_leaf_u32(timers, "hold", UINT16_MAX, 30, &x);
	c->hold = (uint16_t)x;
	c->passive = nb_leaf_bool(nn, "passive", false);
	c->shutdown = nb_leaf_bool(nn, "shutdown", false);
	if ((v = nb_leaf(nn, "update-source")))
		ret |= vt_addr_parse(v, AF_UNSPEC, &c->update_source);
	LY_LIST_FOR(lyd_child(nn), af) {
		struct bgp_neighbor_af *a;
		int i;

		if (!nb_is(af, "address-family"))
			continue;
		i = afi_index(nb_leaf(af, "afi"));
		if (i < 0)
			return -EINVAL;
		a = &c->af[i];
		a->configured = true;
		a->activate = nb_leaf_bool(af, "activate", i == BGP_AF_V4);
		ret |= nb_leaf_u32(af, "maximum-prefix", UINT32_MAX, 0, &a->max_prefix);
		a->max_prefix_warn_only = nb_leaf(af, "maximum-prefix-action") != NULL;
		if (nb_leaf(af, "maximum-prefix-out")) {
			a->has_send_limit = true;
			ret |= nb_leaf_u32(af, "maximum-prefix-out", UINT32_MAX, 0, &a->send_limit);
		}
		nb_leaf_copy(af, "prefix-list-in", a->plist_in, sizeof(a->plist_in));
		nb_leaf_copy(af, "prefix-list-out", a->plist_out, sizeof(a->plist_out));
		ret |= nb_leaf_u32(af, "as-path-prepend", 10, 0, &x);
		a->as_path_prepend = (uint8_t)x;
	}
	return ret ? -EINVAL : 0;
}

static int instance_read(const struct lyd_node *tree, const struct lyd_node *bgp,
			 struct bgp_instance_conf *c)
{
	const struct lyd_node *gl = nb_top(tree, "global");
	const struct lyd_node *af, *net;
	const char *v;
	uint32_t x;
	int ret = 0;

	memset(c, 0, sizeof(*c));
	if (!bgp)
		return 0; /* all zero: what the manager holds without BGP */
	for (int i = 0; i < BGP_AF__COUNT; i++)
		c->af[i].maximum_paths = 16;
	c->enabled = true;
	c->no_fib = !nb_leaf_bool(bgp, "fib-install", true);
	ret |= nb_leaf_u32(bgp, "local-as", UINT32_MAX, 0, &c->local_as);
	if ((v = nb_leaf(bgp, "router-id")) || (v = nb_leaf(gl, "router-id")))
		ret |= vt_addr_parse(v, AF_INET, &c->router_id);
	LY_LIST_FOR(lyd_child(bgp), af) {
		int i;

		if (!nb_is(af, "address-family"))
			continue;
		i = afi_index(nb_leaf(af, "afi"));
		if (i < 0)
			return -EINVAL;
		ret |= nb_leaf_u32(af, "maximum-paths", 64, 16, &x);
		c->af[i].maximum_paths = (uint8_t)x;
		LY_LIST_FOR(lyd_child(af), net) {
			struct vt_prefix p;

			if (!nb_is(net, "network"))
				continue;
			if (vt_prefix_parse(lyd_get_value(net), AF_UNSPEC, VT_PREFIX_NEED_LEN, &p) < 0)
				return -EINVAL;
			if (bgp_instance_add_network(c, (enum bgp_afi_idx)i, &p) < 0)
				return -ENOMEM;
		}
	}
	return ret ? -EINVAL : 0;
}

static int plan_push(struct nb_bgp_plan *plan, enum bgp_op op, const struct bgp_neighbor_conf *c)
{
	struct nb_bgp_change *v = realloc(plan->changes, (plan->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	plan->changes = v;
	v[plan->n].op = op;
	v[plan->n].conf = *c;
	plan->n++;
	return 0;
}

int nb_bgp_plan_build(const struct lyd_node *tree, const struct bgp_mgr *bm,
		      struct nb_bgp_plan *plan, struct strbuf *err)
{
	const struct lyd_node *bgp = nb_top(tree, "bgp"), *nn;
	struct bgp_neighbor_conf c;
	size_t seen = 0;
	int ret;

	memset(plan, 0, sizeof(*plan));
	ret = instance_read(tree, bgp, &plan->inst);
	if (ret < 0) {
		sb_add(err, "router bgp: a value in the configuration tree does not parse\n");
		return ret;
	}
	plan->instance_changed = !bgp_instance_conf_eq(&plan->inst, bgp_mgr_instance(bm));
	if (bgp) {
		LY_LIST_FOR(lyd_child(bgp), nn) {
			const struct bgp_neighbor *cur;

			if (!nb_is(nn, "neighbor"))
				continue;
			if (neighbor_read(nn, &c) < 0) {
				sb_printf(err, "neighbor %s: a value in the configuration tree "
					       "does not parse\n", nb_leaf(nn, "address"));
				return -EINVAL;
			}
			cur = bgp_mgr_find(bm, &c.addr);
			if (cur)
				seen++;
			if (cur && bgp_neighbor_conf_eq(&cur->conf, &c))
				continue;
			ret = plan_push(plan, cur ? BGP_OP_CHANGE : BGP_OP_ADD, &c);
			if (ret < 0)
				return ret;
		}
	}
	if (seen == bgp_mgr_count(bm))
		return 0;
	for (size_t i = 0; i < bgp_mgr_count(bm); i++) {
		const struct bgp_neighbor *cur = bgp_mgr_at(bm, i);
		bool found = false;

		if (bgp) {
			LY_LIST_FOR(lyd_child(bgp), nn) {
				struct vt_addr a;
				const char *v = nb_leaf(nn, "address");

				if (nb_is(nn, "neighbor") && v && vt_addr_parse(v, AF_UNSPEC, &a) == 0 &&
				    vt_addr_eq(&a, &cur->conf.addr))
					found = true;
			}
		}
		if (!found && (ret = plan_push(plan, BGP_OP_REMOVE, &cur->conf)) < 0)
			return ret;
	}
	return 0;
}

void nb_bgp_plan_apply(struct bgp_mgr *bm, struct nb_bgp_plan *plan)
{
	bool enabled = plan->inst.enabled;

	/* Neighbors go before the instance is removed and after it is added,
	 * so the speaker never sees a neighbor without an instance.  (The
	 * manager takes plan->inst, which is empty afterwards.) */
	if (plan->instance_changed && enabled)
		bgp_mgr_set_instance(bm, &plan->inst);
	for (size_t i = 0; i < plan->n; i++)
		bgp_mgr_neighbor_apply(bm, plan->changes[i].op, &plan->changes[i].conf.addr,
				       &plan->changes[i].conf);
	if (plan->instance_changed && !enabled)
		bgp_mgr_set_instance(bm, &plan->inst);
}

void nb_bgp_plan_free(struct nb_bgp_plan *plan)
{
	bgp_instance_conf_clear(&plan->inst);
	free(plan->changes);
	memset(plan, 0, sizeof(*plan));
}

/* The prefix lists of the tree as the speaker takes them. */
int nb_bgp_plists_read(const struct lyd_node *tree, struct bgp_plist ***out, size_t *n_out)
{
	const struct lyd_node *top = nb_top(tree, "prefix-lists"), *pl, *e;
	struct bgp_plist **v = NULL;
	size_t n = 0;

	*out = NULL;
	*n_out = 0;
	if (!top)
		return 0;
	LY_LIST_FOR(lyd_child(top), pl) {
		struct bgp_plist_entry *ents = NULL, *grown;
		struct bgp_plist **vg;
		size_t k = 0;
		int ret = 0;

		if (!nb_is(pl, "prefix-list"))
			continue;
		LY_LIST_FOR(lyd_child(pl), e) {
			struct bgp_plist_entry *x;
			const char *act = nb_leaf(e, "action"), *pfx = nb_leaf(e, "prefix");
			uint32_t u;

			if (!nb_is(e, "entry"))
				continue;
			grown = realloc(ents, (k + 1) * sizeof(*ents));
			if (!grown) {
				ret = -ENOMEM;
				break;
			}
			ents = grown;
			x = &ents[k++];
			memset(x, 0, sizeof(*x));
			ret |= nb_leaf_u32(e, "seq", UINT32_MAX, 0, &x->seq);
			x->permit = act && strcmp(act, "permit") == 0;
			if (!pfx || vt_prefix_parse(pfx, AF_UNSPEC, VT_PREFIX_NEED_LEN, &x->prefix) < 0)
				ret = -EINVAL;
			ret |= nb_leaf_u32(e, "ge", 128, 0, &u);
			x->ge = (uint8_t)u;
			ret |= nb_leaf_u32(e, "le", 128, 0, &u);
			x->le = (uint8_t)u;
			if (ret)
				break;
		}
		vg = ret ? NULL : realloc(v, (n + 1) * sizeof(*v));
		if (vg) {
			v = vg;
			v[n] = bgp_plist_new(nb_leaf(pl, "name"), ents, k);
			n += v[n] != NULL;
		}
		free(ents);
		if (!vg) {
			for (size_t i = 0; i < n; i++)
				bgp_plist_free(v[i]);
			free(v);
			return ret ? (ret == -ENOMEM ? -ENOMEM : -EINVAL) : -ENOMEM;
		}
	}
	*out = v;
	*n_out = n;
	return 0;
}
