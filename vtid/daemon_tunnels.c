/*
 * The tunnel manager's hooks: a configured tunnel gets its IKE and
 * dataplane parts here, and the IPsec runtime is made for the first one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "vtid/daemon.h"
#include "vtid/ipsec.h"
#include "vtid/tunnel_mgr.h"

/* auto: the kernel's XFRM and tunnel interfaces where it has them and lets
 * vtid use them, else ESP in user space; said once, with the reason, when
 * the IPsec runtime is made. */
enum dp_kind vtid_daemon_dp_kind(const struct vtid_daemon *d)
{
	struct strbuf why = STRBUF_INIT;
	int rc;

	if (strcmp(d->dataplane, "kernel") == 0)
		return DP_KERNEL;
	if (strcmp(d->dataplane, "user") == 0)
		return DP_USER;
	rc = dp_kern_probe(&why);
	sb_trim_nl(&why);
	if (rc == 1)
		log_notice(LOGM_MAIN, "dataplane auto: kernel (XFRM, tunnel interfaces and ESP "
				      "available)");
	else
		log_notice(LOGM_MAIN, "dataplane auto: user space, as the kernel cannot: %s",
			   rc < 0 ? strerror(-rc) : sb_str(&why));
	sb_free(&why);
	return rc == 1 ? DP_KERNEL : DP_USER;
}

static void hook_start(void *ctx, struct tunnel *t)
{
	struct vtid_daemon *d = ctx;
	struct strbuf err = STRBUF_INIT;
	int ret = 0;

	if (!d->loop)
		return; /* no event loop: configuration only (tests, -n) */
	if (!d->ipsec) {
		d->ipsec = vtid_ipsec_new(d->loop, vtid_daemon_dp_kind(d), &err);
		if (!d->ipsec)
			ret = -EIO;
		else
			vtid_daemon_ipsec_hooks(d);
	}
	if (ret == 0)
		ret = tunnel_rt_start(d->ipsec, t, &t->rt, &err);
	if (ret < 0) {
		sb_trim_nl(&err);
		snprintf(t->start_error, sizeof(t->start_error), "%s", sb_str(&err));
		log_fault(LOGM_MAIN, "tunnel %s: not started: %s", t->conf->name, sb_str(&err));
	}
	sb_free(&err);
}

static void hook_stop(void *ctx, struct tunnel *t)
{
	(void)ctx;
	tunnel_rt_stop(t->rt);
}

void vtid_daemon_tunnel_hooks(struct vtid_daemon *d)
{
	static const struct tunnel_hooks hooks = {.start = hook_start, .stop = hook_stop};

	tunnel_mgr_set_hooks(d->tunnels, &hooks, d);
}
