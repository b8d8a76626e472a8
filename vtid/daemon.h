/*
 * The daemon: one struct holding the YANG context, the running
 * configuration, the modules and the control server, and its lifecycle
 * (start, reload, shutdown).
 *
 * A daemon can live without an event loop or socket (tests and the fuzz
 * harness): vtid_daemon_init() + vtid_daemon_fini() give a working running
 * configuration that sessions can edit and commit.
 */
#ifndef VT_VTID_DAEMON_H
#define VT_VTID_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <libyang/libyang.h>

#include "common/strbuf.h"
#include "vtid/dp/dp.h"

#define VTID_DEFAULT_PIDFILE "/run/vtid/vtid.pid"

struct ev_loop;
struct nb_state;
struct tunnel_mgr;
struct bgp_mgr;
struct ctl_server;
struct vtid_ipsec;

struct vtid_daemon {
	struct ev_loop *loop; /* NULL without one */
	struct ly_ctx *ly;
	struct lyd_node *running; /* validated; NULL = empty configuration */
	uint64_t running_gen;     /* bumped whenever running changes */
	char *conf_path;          /* -f; NULL: write memory / reload refused */
	char *pid_path, *sock_path;
	struct nb_state *nb;
	struct tunnel_mgr *tunnels;
	struct bgp_mgr *bgp;
	struct ctl_server *ctl;
	struct vtid_ipsec *ipsec; /* made when the first tunnel starts */
	char dataplane[8];	  /* configured: auto, kernel, user */
	time_t started;
	bool verbose;   /* -v: the config's logging settings are not applied */
	bool log_syslog; /* current log target */
};

/* Context, empty running configuration, modules.  0 or -errno (err says). */
int vtid_daemon_init(struct vtid_daemon *d, const char *conf_path, struct strbuf *err);
/* Sessions closed, modules told to remove everything, all freed. */
void vtid_daemon_fini(struct vtid_daemon *d);

/* Read and validate conf_path into *tree (NULL = empty), applying nothing.
 * At start a missing file is an empty configuration (with a notice); on
 * reload it is an error.  0 or -errno with every problem in err. */
int vtid_daemon_read(struct vtid_daemon *d, bool startup, struct lyd_node **tree,
		     struct strbuf *err);

/* Read conf_path; apply it through nb.  At start a missing file is an
 * empty configuration (with a notice); on reload it is an error.  On any
 * failure the running configuration stays and err holds every problem. */
int vtid_daemon_load(struct vtid_daemon *d, bool startup, struct strbuf *err);

/* Apply a validated tree (copied; the caller keeps its own) and make it the
 * running configuration.  0 or -errno with err. */
int vtid_daemon_commit(struct vtid_daemon *d, const struct lyd_node *tree, struct strbuf *err);

/* Start / stop a configured tunnel's IKE and dataplane parts (the tunnel
 * manager's hooks; vtid/daemon_tunnels.c).  Without an event loop (tests)
 * tunnels stay configured only. */
void vtid_daemon_tunnel_hooks(struct vtid_daemon *d);

/* The dataplane kind the configuration asks for (auto: user for now). */
enum dp_kind vtid_daemon_dp_kind(const struct vtid_daemon *d);
/* Tunnel state changes from the IPsec runtime go to BGP (vtid/bgp_fib.c). */
void vtid_daemon_ipsec_hooks(struct vtid_daemon *d);
/* The BGP speaker runs on the loop and installs routes (vtid/bgp_fib.c). */
void vtid_daemon_bgp_attach(struct vtid_daemon *d);

/* The pid file: refuse (-EEXIST, err says) when it names a live vtid. */
int vtid_pidfile_create(const char *path, struct strbuf *err);
void vtid_pidfile_remove(const char *path);

/* Run the loop with signals (TERM/INT stop, HUP reloads) until stopped. */
int vtid_daemon_run(struct vtid_daemon *d);

/* Save the running configuration, secrets included, to conf_path: a temp
 * file in the same directory, fsync, rename, mode 0600, one FILE.bak kept. */
int vtid_daemon_write(struct vtid_daemon *d, struct strbuf *err);

#endif
