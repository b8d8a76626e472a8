/*
 * vtictl's end of the control protocol: blocking, one request at a time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/fdio.h"
#include "vtid/cli/cmd.h"
#include "vtid/vtictl.h"

int vtictl_connect(struct vtictl *v, const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};

	memset(v, 0, sizeof(*v));
	v->fd = -1;
	v->path = path;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "vtictl: socket path too long: %s\n", path);
		return -ENAMETOOLONG;
	}
	strcpy(sun.sun_path, path);
	v->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (v->fd < 0 || connect(v->fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int e = errno;

		fprintf(stderr, "vtictl: cannot connect to %s: %s%s\n", path, strerror(e),
			e == ENOENT || e == ECONNREFUSED ? " (is vtid running?)" : "");
		if (v->fd >= 0)
			close(v->fd);
		v->fd = -1;
		return -e;
	}
	return 0;
}

void vtictl_close(struct vtictl *v)
{
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
	free(v->in);
	v->in = NULL;
	v->in_len = v->in_cap = 0;
}

void vtictl_reply_free(struct vtictl_reply *r)
{
	free(r->text);
	memset(r, 0, sizeof(*r));
}

static int lost(struct vtictl *v, const char *why)
{
	fprintf(stderr, "vtictl: connection to %s lost: %s\n", v->path, why);
	v->closed = true;
	return -EPIPE;
}

int vtictl_request(struct vtictl *v, enum ctl_type type, const char *line,
		   struct vtictl_reply *r)
{
	struct wire_writer w;
	struct ctl_frame f;
	const char *why = "";
	int ret, send_err;

	memset(r, 0, sizeof(*r));
	if (v->closed || v->fd < 0)
		return -EPIPE;
	wire_wr_init_growing(&w, CTL_REQ_HDR_LEN + CTL_MAX_PAYLOAD);
	if (!ctl_req_encode(&w, type, line, strlen(line))) {
		wire_wr_free(&w);
		fprintf(stderr, "vtictl: line too long\n");
		return -EMSGSIZE;
	}
	send_err = fd_write_all(v->fd, wire_wr_data(&w), wire_wr_len(&w));
	wire_wr_free(&w);
	/* vtid may have answered and closed before our request went out (it
	 * refuses a peer at once, saying why): read that answer first. */
	if (send_err < 0 && send_err != -EPIPE && send_err != -ECONNRESET)
		return lost(v, strerror(-send_err));
	for (;;) {
		ssize_t n;

		ret = ctl_frame_parse(v->in, v->in_len, true, &f, &why);
		if (ret < 0)
			return lost(v, why);
		if (ret == 1)
			break;
		if (v->in_cap < f.frame_len || v->in_len == v->in_cap) {
			size_t cap = f.frame_len > v->in_cap * 2 ? f.frame_len : v->in_cap * 2;
			uint8_t *p = realloc(v->in, cap > 4096 ? cap : 4096);

			if (!p)
				return lost(v, "out of memory");
			v->in = p;
			v->in_cap = cap > 4096 ? cap : 4096;
		}
		n = recv(v->fd, v->in + v->in_len, v->in_cap - v->in_len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 && send_err < 0)
			return lost(v, strerror(-send_err));
		if (n <= 0)
			return lost(v, n < 0 ? strerror(errno) : "closed by vtid");
		v->in_len += (size_t)n;
	}
	r->text = malloc(f.len + 1);
	if (!r->text)
		return lost(v, "out of memory");
	memcpy(r->text, f.payload, f.len);
	r->text[f.len] = '\0';
	r->len = f.len;
	r->status = f.status;
	r->flags = f.flags;
	if (f.mode < CMD_MODE__COUNT)
		v->mode = f.mode;
	memmove(v->in, v->in + f.frame_len, v->in_len - f.frame_len);
	v->in_len -= f.frame_len;
	if (f.flags & CTL_RF_CLOSE)
		v->closed = true;
	return 0;
}

int vtictl_run(struct vtictl *v, const char *line)
{
	struct vtictl_reply r;
	FILE *out;
	int ret;

	if (vtictl_request(v, CTL_T_EXEC, line, &r) < 0)
		return -1;
	out = r.status == CTL_ST_OK ? stdout : stderr;
	fwrite(r.text, 1, r.len, out);
	if (r.len && r.text[r.len - 1] != '\n')
		fputc('\n', out);
	fflush(out);
	ret = r.status == CTL_ST_OK ? 0 : 1;
	vtictl_reply_free(&r);
	return ret;
}

int vtictl_finish(struct vtictl *v)
{
	if (v->closed || v->mode == CMD_MODE_EXEC)
		return 0;
	return vtictl_run(v, "end");
}
