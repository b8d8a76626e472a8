/*
 * Control sessions: run, complete and explain command lines in the
 * session's mode.
 */
#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"
#include "vtid/exec_cmds.h"

static int session_commit(struct conf_edit *e, struct strbuf *err);

static void session_edit_reset(struct ctl_session *s)
{
	memset(&s->edit, 0, sizeof(s->edit));
	s->edit.ctx = s->d->ly;
	s->edit.mode = CMD_MODE_EXEC;
	s->edit.commit = session_commit;
	s->edit.owner = s;
}

void ctl_session_init(struct ctl_session *s, struct vtid_daemon *d, unsigned id)
{
	memset(s, 0, sizeof(*s));
	s->d = d;
	s->id = id;
	session_edit_reset(s);
}

bool ctl_session_editing(const struct ctl_session *s)
{
	return s->edit.mode != CMD_MODE_EXEC;
}

void ctl_session_fini(struct ctl_session *s)
{
	if (ctl_session_editing(s)) {
		if (s->edit.dirty)
			log_info(LOGM_CTL, "session %u: uncommitted changes dropped", s->id);
		conf_edit_end(&s->edit);
	}
	session_edit_reset(s);
}

enum cmd_mode ctl_session_mode(const struct ctl_session *s)
{
	return s->edit.mode;
}

struct ctl_session *ctl_session_of(const struct cmd_call *call)
{
	const struct conf_edit *e = call->ctx;

	return e->owner;
}

int ctl_session_configure(struct ctl_session *s, struct strbuf *err)
{
	int ret;

	if (ctl_session_editing(s))
		return 0;
	ret = conf_edit_begin(&s->edit, s->d->ly, s->d->running);
	if (ret < 0) {
		sb_add(err, "% cannot start editing the configuration (out of memory)\n");
		session_edit_reset(s);
		return ret;
	}
	/* conf_edit_begin owns the edit's fields; the hook and owner are ours. */
	s->edit.commit = session_commit;
	s->edit.owner = s;
	s->base_gen = s->d->running_gen;
	return 0;
}

static int session_commit(struct conf_edit *e, struct strbuf *err)
{
	struct ctl_session *s = e->owner;
	int ret;

	if (!e->dirty)
		return 0;
	if (s->d->running_gen != s->base_gen) {
		sb_add(err, "% Commit refused: the running configuration was changed (by another "
			    "session or a reload) since this session entered config mode.\n"
			    "% Your changes are not applied; 'abort' drops them, then "
			    "'configure terminal' starts again from the new configuration.\n");
		s->commit_refused = true;
		return -EBUSY;
	}
	ret = conf_validate(e->ctx, &e->candidate, err);
	if (ret == 0)
		ret = vtid_daemon_commit(s->d, e->candidate, err);
	if (ret < 0) {
		sb_add(err, "% Commit refused; the running configuration is unchanged.\n");
		s->commit_refused = true;
		log_info(LOGM_CTL, "session %u: commit refused", s->id);
		return ret;
	}
	e->dirty = false;
	s->base_gen = s->d->running_gen;
	log_notice(LOGM_CTL, "session %u: configuration committed", s->id);
	return 0;
}

/* Both tables, in every mode: each command belongs to one mode (or is
 * CMD_F_ANYMODE), so the engine picks what applies. */
static void session_tables(struct cmd_table t[2])
{
	t[0] = exec_cmd_table;
	t[1] = conf_cmd_table;
}

static enum ctl_status session_exec(struct ctl_session *s, const char *line, struct strbuf *out)
{
	struct strbuf err = STRBUF_INIT;
	struct cmd_table tables[2];
	struct cmd_match m;
	int ret;

	if (ctl_session_editing(s)) {
		ret = conf_edit_line(&s->edit, &exec_cmd_table, 1, line, out, &err);
	} else {
		session_tables(tables);
		ret = cmd_parse(tables, 2, CMD_MODE_EXEC, line, &m, &err);
		if (ret == 0) {
			m.call.ctx = &s->edit;
			m.call.out = out;
			ret = m.call.cmd->fn(&m.call);
			cmd_match_free(&m);
		}
	}
	if (ret == CMD_ERR_EMPTY)
		ret = 0;
	if (err.len) {
		if (out->len && out->s[out->len - 1] != '\n')
			sb_addc(out, '\n');
		sb_add(out, sb_str(&err));
	}
	sb_free(&err);
	if (out->err)
		return CTL_ST_INTERNAL;
	if (s->commit_refused)
		return CTL_ST_COMMIT_REFUSED;
	if (ret == -ENOMEM)
		return CTL_ST_INTERNAL;
	return ret < 0 ? CTL_ST_CMD_ERROR : CTL_ST_OK;
}

void ctl_session_request(struct ctl_session *s, enum ctl_type type, const char *line,
			 struct ctl_reply *r)
{
	enum cmd_mode mode = ctl_session_mode(s);
	struct cmd_table tables[2];
	void *tree;

	sb_reset(&r->out);
	r->status = CTL_ST_OK;
	r->json = false;
	s->json = false;
	s->commit_refused = false;
	if (strlen(line) >= CMD_MAX_LINE) {
		r->status = CTL_ST_TOO_LARGE;
		sb_printf(&r->out, "%% Line too long (at most %d characters)\n", CMD_MAX_LINE - 1);
		return;
	}
	switch (type) {
	case CTL_T_EXEC:
		/* The line itself is not logged: it may set a PSK. */
		log_debug(LOGM_CTL, "session %u: exec in mode %s", s->id,
			  cmd_mode_info(mode)->name);
		r->status = session_exec(s, line, &r->out);
		r->json = s->json && r->status == CTL_ST_OK;
		break;
	case CTL_T_COMPLETE:
	case CTL_T_HELP:
		session_tables(tables);
		tree = ctl_session_editing(s) ? s->edit.candidate : s->d->running;
		if (type == CTL_T_COMPLETE)
			cmd_complete(tables, 2, mode, line, conf_values, tree, &r->out);
		else
			cmd_help(tables, 2, mode, line, &r->out);
		if (r->out.err)
			r->status = CTL_ST_INTERNAL;
		break;
	default:
		r->status = CTL_ST_MALFORMED;
		sb_add(&r->out, "% Unknown request type\n");
		break;
	}
	if (r->out.err) {
		sb_free(&r->out);
		r->status = CTL_ST_INTERNAL;
		sb_add(&r->out, "% Out of memory\n");
	}
}
