/*
 * The daemon object: configuration loading and committing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "vtid/bgp_mgr.h"
#include "vtid/conf/conf.h"
#include "vtid/ctl/ctl_server.h"
#include "vtid/daemon.h"
#include "vtid/ipsec.h"
#include "vtid/nb.h"
#include "vtid/tunnel_mgr.h"

int vtid_daemon_init(struct vtid_daemon *d, const char *conf_path, struct strbuf *err)
{
	memset(d, 0, sizeof(*d));
	d->started = time(NULL);
	if (conf_path && !(d->conf_path = strdup(conf_path)))
		goto nomem;
	d->ly = conf_ctx_new(err);
	if (!d->ly) {
		vtid_daemon_fini(d);
		return -EINVAL;
	}
	d->nb = nb_state_new();
	d->tunnels = tunnel_mgr_new();
	d->bgp = bgp_mgr_new();
	if (!d->nb || !d->tunnels || !d->bgp)
		goto nomem;
	strcpy(d->dataplane, "auto");
	vtid_daemon_tunnel_hooks(d);
	return 0;
nomem:
	sb_add(err, "out of memory\n");
	vtid_daemon_fini(d);
	return -ENOMEM;
}

void vtid_daemon_fini(struct vtid_daemon *d)
{
	ctl_server_free(d->ctl);
	d->ctl = NULL;
	nb_remove_all(d);
	tunnel_mgr_free(d->tunnels);
	vtid_ipsec_free(d->ipsec);
	bgp_mgr_free(d->bgp);
	nb_state_free(d->nb);
	lyd_free_all(d->running);
	if (d->ly)
		conf_ctx_free(d->ly);
	free(d->conf_path);
	free(d->pid_path);
	free(d->sock_path);
	memset(d, 0, sizeof(*d));
}

static bool tree_same(const struct lyd_node *a, const struct lyd_node *b)
{
	if (!a || !b)
		return a == b;
	return lyd_compare_siblings(lyd_first_sibling(a), lyd_first_sibling(b),
				    LYD_COMPARE_FULL_RECURSION | LYD_COMPARE_DEFAULTS) == LY_SUCCESS;
}

int vtid_daemon_commit(struct vtid_daemon *d, const struct lyd_node *tree, struct strbuf *err)
{
	struct lyd_node *copy = NULL;
	struct nb_result res;
	int ret;

	if (tree && lyd_dup_siblings(tree, NULL, LYD_DUP_RECURSIVE | LYD_DUP_WITH_FLAGS, &copy)) {
		sb_add(err, "out of memory copying the configuration\n");
		return -ENOMEM;
	}
	ret = nb_commit(d, copy, &res, err);
	if (ret < 0) {
		lyd_free_all(copy);
		return ret;
	}
	/* Sessions editing a copy of running are stale only when the tree
	 * really changed (a reload of the same file leaves them alone). */
	if (!tree_same(d->running, copy))
		d->running_gen++;
	lyd_free_all(d->running);
	d->running = copy;
	log_info(LOGM_MAIN, "configuration applied: %u added, %u changed, %u removed",
		 res.added, res.changed, res.removed);
	return 0;
}

/* Log each line of err: they are the file's problems, caused by input. */
static void log_lines(const char *prefix, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		if (n)
			log_peer(LOGM_CONF, "%s%.*s", prefix, (int)n, text);
		text += n;
		if (*text)
			text++;
	}
}

int vtid_daemon_read(struct vtid_daemon *d, bool startup, struct lyd_node **tree,
		     struct strbuf *err)
{
	*tree = NULL;
	if (!d->conf_path) {
		sb_add(err, "no configuration file (vtid was started without one)\n");
		return -ENOENT;
	}
	if (startup && access(d->conf_path, F_OK) < 0 && errno == ENOENT) {
		log_notice(LOGM_MAIN, "%s does not exist: starting with an empty configuration",
			   d->conf_path);
		return 0;
	}
	return conf_load_file(d->ly, d->conf_path, tree, err);
}

int vtid_daemon_load(struct vtid_daemon *d, bool startup, struct strbuf *err)
{
	struct lyd_node *tree = NULL;
	size_t mark = err->len;
	int ret;

	ret = vtid_daemon_read(d, startup, &tree, err);
	if (ret == 0)
		ret = vtid_daemon_commit(d, tree, err);
	lyd_free_all(tree);
	if (ret < 0) {
		if (err->len == mark)
			sb_printf(err, "%s: %s\n", d->conf_path, strerror(-ret));
		log_lines(startup ? "" : "reload refused: ", sb_str(err) + mark);
		return ret;
	}
	log_notice(LOGM_MAIN, "configuration %s from %s", startup ? "loaded" : "reloaded",
		   d->conf_path);
	return 0;
}
