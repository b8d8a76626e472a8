/*
 * write memory, reload, debug: the exec commands that act on the daemon.
 */
#include <errno.h>

#include "common/log.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/exec_cmds.h"

int exec_write(struct cmd_call *call)
{
	struct ctl_session *s = ctl_session_of(call);
	int ret;

	ret = vtid_daemon_write(s->d, call->out);
	if (ret < 0)
		return ret;
	sb_printf(call->out, "Configuration saved to %s\n", s->d->conf_path);
	if (ctl_session_editing(s) && s->edit.dirty)
		sb_add(call->out, "Note: this session's uncommitted changes are not in it "
				  "(leave config mode or 'commit' first).\n");
	return 0;
}

int exec_reload(struct cmd_call *call)
{
	struct vtid_daemon *d = ctl_session_of(call)->d;
	int ret;

	ret = vtid_daemon_load(d, false, call->out);
	if (ret < 0) {
		sb_add(call->out, "% Reload refused; the running configuration is unchanged.\n");
		return ret;
	}
	sb_printf(call->out, "Configuration reloaded from %s\n", d->conf_path);
	return 0;
}

int exec_debug(struct cmd_call *call)
{
	enum log_module m;

	if (log_module_parse(call->argv[1], &m) < 0) {
		sb_printf(call->out, "%% Unknown module %s\n", call->argv[1]);
		return -EINVAL;
	}
	log_set_debug(m, !call->negated);
	log_notice(LOGM_CTL, "session %u: debug %s %s", ctl_session_of(call)->id,
		   log_module_name(m), call->negated ? "off" : "on");
	return 0;
}
