/*
 * A control session: one client's mode and configuration edit.  It runs
 * requests (a command line to execute, complete or explain) and knows
 * nothing of sockets, so tests and the fuzz harness drive it directly.
 *
 * Exec lines go through the exec table and conf_cmd_table; config-mode lines
 * through conf_edit_line() with the exec table as extra (show ... in every
 * mode).  Edits are staged in a candidate tree and committed when leaving
 * config mode (end, exit, commit): the candidate is validated and applied
 * through nb; an invalid commit is refused with the reason and the running
 * configuration is untouched.  A commit is also refused when the running
 * configuration changed since this session entered config mode.
 */
#ifndef VT_CTL_SESSION_H
#define VT_CTL_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "vtid/cli/cmd.h"
#include "vtid/conf/conf.h"
#include "vtid/ctl/ctl_proto.h"

struct vtid_daemon;

struct ctl_session {
	struct vtid_daemon *d;
	struct conf_edit edit; /* mode and candidate; edit.owner = this session */
	uint64_t base_gen;     /* running_gen when config mode was entered */
	bool closing;          /* exit/quit in exec mode: close after replying */
	bool json;             /* the current request's output is JSON */
	bool commit_refused;   /* the current request's commit was refused */
	unsigned id;
};

struct ctl_reply {
	enum ctl_status status;
	bool json;
	struct strbuf out;
};

void ctl_session_init(struct ctl_session *s, struct vtid_daemon *d, unsigned id);
/* Drops an uncommitted candidate. */
void ctl_session_fini(struct ctl_session *s);
enum cmd_mode ctl_session_mode(const struct ctl_session *s);
bool ctl_session_editing(const struct ctl_session *s);

/* Run one request; r->out must be initialised by the caller (it is reset
 * here).  Never fails: errors are a status and a message in r. */
void ctl_session_request(struct ctl_session *s, enum ctl_type type, const char *line,
			 struct ctl_reply *r);

/* For exec command handlers: the session behind a call (call->ctx is the
 * session's struct conf_edit in every mode). */
struct ctl_session *ctl_session_of(const struct cmd_call *call);

/* configure terminal: start editing a copy of the running configuration. */
int ctl_session_configure(struct ctl_session *s, struct strbuf *err);

#endif
