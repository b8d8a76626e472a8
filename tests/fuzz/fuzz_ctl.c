/*
 * Fuzz harness for the control protocol and sessions (no socket).
 *
 * The first byte picks what the rest is:
 *   even  a stream of request frames, parsed as the server parses them;
 *         each acceptable one runs in the session
 *   odd   command lines separated by '\n', each framed, parsed back and run
 *         (the structure-aware path into the command engine and the conf
 *         layer)
 * One session per input, against a daemon whose running configuration is
 * emptied again after each input.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "tests/fuzz/fuzz.h"
#include "vtid/ctl/ctl_proto.h"
#include "vtid/ctl/ctl_session.h"
#include "vtid/daemon.h"

static struct vtid_daemon fc_daemon;
static bool fc_ready;

static void fc_sink(enum log_module m, enum log_level lvl, enum log_kind kind, const char *msg,
		    void *arg)
{
	(void)m;
	(void)lvl;
	(void)kind;
	(void)msg;
	(void)arg;
}

static void fc_init(void)
{
	struct strbuf err = STRBUF_INIT;

	log_set_sink(fc_sink, NULL);
	log_set_level(LOG_LVL_ERR);
	/* No configuration file: write memory and reload are refused. */
	if (vtid_daemon_init(&fc_daemon, NULL, &err) < 0)
		abort();
	sb_free(&err);
	fc_ready = true;
}

/* Run one parsed frame; false when the session ended. */
static bool fc_frame(struct ctl_session *s, const struct ctl_frame *f, const uint8_t *base,
		     size_t size)
{
	struct ctl_reply r = {.out = STRBUF_INIT};
	char *line;
	bool go_on;

	FUZZ_CHECK(f->frame_len <= size);
	FUZZ_CHECK(f->frame_len == CTL_REQ_HDR_LEN + f->len);
	FUZZ_CHECK(f->payload == base + CTL_REQ_HDR_LEN);
	if (ctl_line_check(f->payload, f->len, NULL) < 0)
		return true;
	line = strndup((const char *)f->payload, f->len);
	if (!line)
		return true;
	ctl_session_request(s, (enum ctl_type)f->type, line, &r);
	FUZZ_CHECK((unsigned)r.status < CTL_ST__COUNT);
	FUZZ_CHECK(!r.out.err);
	FUZZ_CHECK(ctl_session_mode(s) < CMD_MODE__COUNT);
	go_on = !s->closing;
	sb_free(&r.out);
	free(line);
	return go_on;
}

static void fc_stream(struct ctl_session *s, const uint8_t *data, size_t size)
{
	while (size) {
		struct ctl_frame f;
		int ret = ctl_frame_parse(data, size, false, &f, NULL);

		if (ret == 0 || ret == -EPROTO || ret == -EMSGSIZE)
			return;
		FUZZ_CHECK(ret == 1 || ret == -EBADMSG);
		FUZZ_CHECK(f.frame_len >= CTL_REQ_HDR_LEN && f.frame_len <= size);
		if (ret == 1 && !fc_frame(s, &f, data, size))
			return;
		data += f.frame_len;
		size -= f.frame_len;
	}
}

static void fc_lines(struct ctl_session *s, const uint8_t *data, size_t size)
{
	static const enum ctl_type types[] = {CTL_T_EXEC, CTL_T_EXEC, CTL_T_COMPLETE, CTL_T_HELP};
	unsigned k = 0;

	while (size) {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - data) : size;
		struct wire_writer w;
		struct ctl_frame f;
		bool go_on = true;

		wire_wr_init_growing(&w, CTL_REQ_HDR_LEN + CTL_MAX_PAYLOAD);
		if (ctl_req_encode(&w, types[k++ % 4], data, n)) {
			FUZZ_CHECK(ctl_frame_parse(wire_wr_data(&w), wire_wr_len(&w), false, &f,
						   NULL) == 1);
			FUZZ_CHECK(f.len == n && memcmp(f.payload, data, n) == 0);
			go_on = fc_frame(s, &f, wire_wr_data(&w), wire_wr_len(&w));
		}
		wire_wr_free(&w);
		if (!go_on || !nl)
			return;
		data += n + 1;
		size -= n + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct ctl_session s;

	if (!fc_ready)
		fc_init();
	if (size == 0)
		return 0;
	ctl_session_init(&s, &fc_daemon, 1);
	if (data[0] & 1)
		fc_lines(&s, data + 1, size - 1);
	else
		fc_stream(&s, data + 1, size - 1);
	ctl_session_fini(&s);
	/* The next input starts from nothing again. */
	if (fc_daemon.running)
		FUZZ_CHECK(vtid_daemon_commit(&fc_daemon, NULL, &err) == 0);
	for (int m = 0; m < LOGM__COUNT; m++)
		log_set_debug((enum log_module)m, false);
	log_set_level(LOG_LVL_ERR);
	sb_free(&err);
	return 0;
}
