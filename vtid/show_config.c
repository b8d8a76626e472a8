/*
 * show running-config, show version, show logging.
 */
#include "config.h"

#include <stdbool.h>
#include <time.h>

#include "common/jsonw.h"
#include "common/log.h"
#include "vtid/conf/conf.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/exec_cmds.h"

int exec_show_running(struct cmd_call *call)
{
	struct vtid_daemon *d = ctl_session_of(call)->d;
	int ret;

	exec_json_mark(call);

	if (call->json)
		return conf_render_json(d->running, 0, call->out);
	ret = conf_render(d->running, 0, call->out);
	if (ret == 0 && call->out->len == 0)
		sb_add(call->out, "! the configuration is empty\n");
	return ret;
}

int exec_show_version(struct cmd_call *call)
{
	struct vtid_daemon *d = ctl_session_of(call)->d;
	char buf[32];
	time_t up = time(NULL) - d->started;
	struct jsonw w;

	exec_json_mark(call);

	if (call->json) {
		jw_init(&w, call->out, true);
		jw_obj_begin(&w);
		jw_kv_str(&w, "name", PACKAGE_NAME);
		jw_kv_str(&w, "version", PACKAGE_VERSION);
		jw_kv_str(&w, "started", exec_time_fmt(d->started, buf, sizeof(buf)));
		jw_kv_uint(&w, "uptime_seconds", (uint64_t)(up > 0 ? up : 0));
		jw_kv_str(&w, "config_file", d->conf_path);
		return exec_json_end(call, &w);
	}
	sb_printf(call->out, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	sb_printf(call->out, "started %s, up %lldd %02lld:%02lld:%02lld\n",
		  exec_time_fmt(d->started, buf, sizeof(buf)), (long long)up / 86400,
		  (long long)up / 3600 % 24, (long long)up / 60 % 60, (long long)up % 60);
	sb_printf(call->out, "configuration file %s\n", d->conf_path ? d->conf_path : "(none)");
	return 0;
}

int exec_show_logging(struct cmd_call *call)
{
	struct vtid_daemon *d = ctl_session_of(call)->d;
	const char *target = d->log_syslog ? "syslog" : "stderr";
	struct jsonw w;
	bool any = false;
	int m;

	exec_json_mark(call);

	if (call->json) {
		jw_init(&w, call->out, true);
		jw_obj_begin(&w);
		jw_kv_str(&w, "target", target);
		jw_kv_str(&w, "level", log_level_name(log_get_level()));
		jw_key(&w, "debug");
		jw_arr_begin(&w);
		for (m = 0; m < LOGM__COUNT; m++)
			if (log_debug_enabled((enum log_module)m))
				jw_str(&w, log_module_name((enum log_module)m));
		jw_arr_end(&w);
		return exec_json_end(call, &w);
	}
	sb_printf(call->out, "Logging to %s, level %s%s\n", target,
		  log_level_name(log_get_level()), d->verbose ? " (-v on the command line)" : "");
	sb_add(call->out, "Debugging:");
	for (m = 0; m < LOGM__COUNT; m++) {
		if (log_debug_enabled((enum log_module)m)) {
			sb_printf(call->out, " %s", log_module_name((enum log_module)m));
			any = true;
		}
	}
	sb_add(call->out, any ? "\n" : " none\n");
	return 0;
}
