/*
 * nb: applying a new configuration to the running daemon, in FRR's
 * northbound spirit.
 *
 *   validate  read the new tree into plain structs (tunnel_conf, BGP
 *             neighbors, ...; PSK files are read here) and diff them, per
 *             object, against what the modules hold now
 *   prepare   each module checks its part and reserves what it needs (the
 *             tunnel manager assigns marks / if-ids); any may refuse
 *   apply     each module is handed only what was added, changed or removed
 *   abort     when validate or prepare fails: nothing is applied
 *
 * Global settings (logging, debug switches) apply at once.  Static routes
 * and prefix lists are diffed and logged; their module comes later.
 */
#ifndef VT_VTID_NB_H
#define VT_VTID_NB_H

#include <stdbool.h>

#include <libyang/libyang.h>

#include "common/log.h"
#include "common/strbuf.h"

struct vtid_daemon;

/* What nb last applied that no module keeps (globals, routes, prefix lists). */
struct nb_state;

struct nb_state *nb_state_new(void);
void nb_state_free(struct nb_state *st);

/* Summary of the last commit, for the caller's message. */
struct nb_result {
	unsigned added, changed, removed;
};

/*
 * Make tree (validated by conf_validate / conf_load_*; NULL = empty) the
 * configuration of d's modules.  0 on success; otherwise -errno with the
 * reasons in err, and nothing was applied.  tree is not kept.
 */
int nb_commit(struct vtid_daemon *d, const struct lyd_node *tree, struct nb_result *res,
	      struct strbuf *err);

/* Shutdown: every module removes what it created. */
void nb_remove_all(struct vtid_daemon *d);

#endif
