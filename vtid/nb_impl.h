/*
 * Inside nb: reading the validated libyang tree into plain structs.  Only
 * vtid/nb*.c include this; modules never see libyang nodes.
 */
#ifndef VT_VTID_NB_IMPL_H
#define VT_VTID_NB_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include <libyang/libyang.h>

#include "common/strbuf.h"
#include "vtid/bgp_mgr.h"
#include "vtid/nb.h"
#include "vtid/tunnel_mgr.h"

/* ---- tree access (nb_tree.c) ----------------------------------------------- */

/* First child of node named name (NULL if none).  With node NULL: the
 * top-level sibling of tree named name. */
const struct lyd_node *nb_child(const struct lyd_node *node, const char *name);
const struct lyd_node *nb_top(const struct lyd_node *tree, const char *name);
/* Canonical value of the leaf node/name; NULL when absent. */
const char *nb_leaf(const struct lyd_node *node, const char *name);
/* The value parsed as an unsigned number; dflt when absent.  -EINVAL when
 * present but not a number up to max. */
int nb_leaf_u32(const struct lyd_node *node, const char *name, uint32_t max, uint32_t dflt,
		uint32_t *out);
bool nb_leaf_bool(const struct lyd_node *node, const char *name, bool dflt);
/* Copy the leaf into buf (truncating); "" when absent. */
void nb_leaf_copy(const struct lyd_node *node, const char *name, char *buf, size_t len);
bool nb_is(const struct lyd_node *node, const char *name);

/* "A.B.C.D/M" keeping the host bits (inside addresses). */
int nb_addr_len_parse(const char *s, int family, struct vt_addr *addr, uint8_t *len);

/* ---- the builders ------------------------------------------------------------ */

/* One tunnel list entry -> conf (PSK read from psk-file).  0 or -errno
 * with "tunnel NAME: ..." in err. */
int nb_tunnel_build(const struct lyd_node *tunnel, struct tunnel_conf **out,
		    struct strbuf *err);
/* Diff every tunnel of tree against the manager's table into plan. */
int nb_tunnel_plan(const struct lyd_node *tree, const struct tunnel_mgr *tm,
		   struct tunnel_plan *plan, struct strbuf *err);

/* The BGP part of the change set. */
struct nb_bgp_change {
	enum bgp_op op;
	struct bgp_neighbor_conf conf; /* address set for every op */
};

struct nb_bgp_plan {
	bool instance_changed;
	struct bgp_instance_conf inst;
	struct nb_bgp_change *changes;
	size_t n;
};

int nb_bgp_plan_build(const struct lyd_node *tree, const struct bgp_mgr *bm,
		      struct nb_bgp_plan *plan, struct strbuf *err);
void nb_bgp_plan_apply(struct bgp_mgr *bm, struct nb_bgp_plan *plan);
void nb_bgp_plan_free(struct nb_bgp_plan *plan);
/* The prefix lists of tree as speaker lists (*out NULL when none). */
int nb_bgp_plists_read(const struct lyd_node *tree, struct bgp_plist ***out, size_t *n_out);

#endif
