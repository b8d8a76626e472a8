/*
 * Control protocol framing (see ctl_proto.h for the layout).
 */
#include <errno.h>

#include "vtid/ctl/ctl_proto.h"

static const char *const ctl_status_names[CTL_ST__COUNT] = {
	[CTL_ST_OK] = "ok",
	[CTL_ST_CMD_ERROR] = "command error",
	[CTL_ST_COMMIT_REFUSED] = "commit refused",
	[CTL_ST_MALFORMED] = "malformed request",
	[CTL_ST_TOO_LARGE] = "too large",
	[CTL_ST_INTERNAL] = "internal error",
	[CTL_ST_DENIED] = "permission denied",
	[CTL_ST_BUSY] = "busy",
};

const char *ctl_status_name(enum ctl_status st)
{
	if ((unsigned)st < CTL_ST__COUNT)
		return ctl_status_names[st];
	return "unknown status";
}

const char *ctl_type_name(uint8_t type)
{
	switch (type) {
	case CTL_T_EXEC:
		return "exec";
	case CTL_T_COMPLETE:
		return "complete";
	case CTL_T_HELP:
		return "help";
	case CTL_T_RESPONSE:
		return "response";
	default:
		return "unknown";
	}
}

static void set_err(const char **err, const char *msg)
{
	if (err)
		*err = msg;
}

int ctl_frame_parse(const void *buf, size_t n, bool response, struct ctl_frame *f,
		    const char **err)
{
	size_t hdr = response ? CTL_RSP_HDR_LEN : CTL_REQ_HDR_LEN;
	struct wire_reader r;
	uint32_t len;
	uint8_t version;
	uint16_t reserved = 0;
	bool acceptable;

	*f = (struct ctl_frame){.frame_len = hdr};
	wire_rd_init(&r, buf, n);

	/* Judge magic and version byte by byte as they come in, so a client
	 * speaking something else learns it without having to send 12 bytes. */
	for (int i = 0; i < 4; i++) {
		uint8_t b;

		if (!wire_rd_u8(&r, &b))
			return 0;
		if (b != (uint8_t)(CTL_MAGIC >> (24 - 8 * i))) {
			set_err(err, "bad magic (not a vtid control frame)");
			return -EPROTO;
		}
	}
	if (!wire_rd_u8(&r, &version))
		return 0;
	if (version != CTL_VERSION) {
		set_err(err, "unsupported protocol version");
		return -EPROTO;
	}
	wire_rd_u8(&r, &f->type);
	wire_rd_u16(&r, &f->flags);
	wire_rd_u32(&r, &len);
	if (response) {
		wire_rd_u8(&r, &f->status);
		wire_rd_u8(&r, &f->mode);
		wire_rd_u16(&r, &reserved);
	}
	if (!wire_rd_ok(&r))
		return 0;
	if (len > CTL_MAX_PAYLOAD) {
		set_err(err, "payload length above the 1 MiB limit");
		return -EMSGSIZE;
	}
	f->len = len;
	f->frame_len = hdr + len;
	if (!wire_rd_ptr(&r, len, &f->payload)) {
		f->payload = NULL;
		return 0;
	}

	if (response) {
		acceptable = f->type == CTL_T_RESPONSE &&
			     !(f->flags & ~(uint16_t)(CTL_RF_JSON | CTL_RF_CLOSE)) && reserved == 0;
	} else {
		acceptable = (f->type == CTL_T_EXEC || f->type == CTL_T_COMPLETE ||
			      f->type == CTL_T_HELP) &&
			     f->flags == 0;
	}
	if (!acceptable) {
		set_err(err, response ? "unexpected response header fields"
				      : "unknown request type or flags");
		return -EBADMSG;
	}
	return 1;
}

int ctl_line_check(const uint8_t *p, size_t n, const char **err)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\0' || p[i] == '\n' || p[i] == '\r') {
			set_err(err, "a request holds one command line (NUL, CR or LF inside)");
			return -EBADMSG;
		}
	}
	return 0;
}

static bool ctl_hdr_encode(struct wire_writer *w, uint8_t type, uint16_t flags, size_t n)
{
	if (n > CTL_MAX_PAYLOAD) {
		w->err = true; /* sticky, like any other failed write */
		return false;
	}
	wire_wr_u32(w, CTL_MAGIC);
	wire_wr_u8(w, CTL_VERSION);
	wire_wr_u8(w, type);
	wire_wr_u16(w, flags);
	return wire_wr_u32(w, (uint32_t)n);
}

bool ctl_req_encode(struct wire_writer *w, enum ctl_type type, const void *p, size_t n)
{
	if (!ctl_hdr_encode(w, (uint8_t)type, 0, n))
		return false;
	return wire_wr_bytes(w, p, n) && wire_wr_ok(w);
}

bool ctl_rsp_encode(struct wire_writer *w, enum ctl_status st, uint8_t mode, uint16_t flags,
		    const void *p, size_t n)
{
	if (!ctl_hdr_encode(w, CTL_T_RESPONSE, flags, n))
		return false;
	wire_wr_u8(w, (uint8_t)st);
	wire_wr_u8(w, mode);
	wire_wr_u16(w, 0);
	return wire_wr_bytes(w, p, n) && wire_wr_ok(w);
}
