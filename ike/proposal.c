#include "ike/proposal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Longer than any keyword, short enough to quote in a one-line error. */
#define WORD_MAX 32

struct parse_ctx {
	struct ike_proposal p;
	const char *integ_word; /* first integrity word, for later errors */
	size_t integ_len;
	char *err;
	size_t errlen;
};

static void parse_error(struct parse_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void parse_error(struct parse_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->err || c->errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
}

/*
 * The word as it may be echoed: the input can come from a file or the
 * control socket, so control bytes become '?' and a long word is cut.
 */
static void word_quote(const char *w, size_t n, char *q, size_t qlen)
{
	bool cut = n > qlen - 4;
	size_t i, shown = cut ? qlen - 4 : n;

	for (i = 0; i < shown; i++) {
		unsigned char ch = (unsigned char)w[i];

		q[i] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
	}
	if (cut) {
		memcpy(q + i, "...", 3);
		i += 3;
	}
	q[i] = '\0';
}

static const char *type_plural(enum ike_transform_type t)
{
	switch (t) {
	case IKE_TRANSFORM_ENCR:
		return "encryption algorithms";
	case IKE_TRANSFORM_PRF:
		return "PRFs";
	case IKE_TRANSFORM_INTEG:
		return "integrity algorithms";
	case IKE_TRANSFORM_DH:
		return "DH groups";
	case IKE_TRANSFORM_ESN:
		return "ESN values";
	}
	return "transforms";
}

/* Adds id to a list of plain IDs; 1 if already there, -1 if full. */
static int list_add(uint16_t *list, unsigned *n, uint16_t id)
{
	for (unsigned i = 0; i < *n; i++)
		if (list[i] == id)
			return 1;
	if (*n >= IKE_PROPOSAL_MAX_ALGS)
		return -1;
	list[(*n)++] = id;
	return 0;
}

static int encr_add(struct parse_ctx *c, const struct ike_keyword *k, const char *q)
{
	struct ike_proposal *p = &c->p;

	for (unsigned i = 0; i < p->n_encr; i++)
		if (p->encr[i].id == k->id && p->encr[i].keylen == k->keylen) {
			parse_error(c, "'%s': duplicate algorithm", q);
			return -EINVAL;
		}
	if (p->n_encr > 0 && ike_encr_is_aead(p->encr[0].id) != ike_encr_is_aead(k->id)) {
		parse_error(c, "'%s': AEAD and non-AEAD encryption cannot be mixed in one proposal",
			    q);
		return -EINVAL;
	}
	if (p->n_encr >= IKE_PROPOSAL_MAX_ALGS) {
		parse_error(c, "'%s': more than %d %s", q, IKE_PROPOSAL_MAX_ALGS,
			    type_plural(k->type));
		return -EINVAL;
	}
	p->encr[p->n_encr].id = k->id;
	p->encr[p->n_encr].keylen = k->keylen;
	p->n_encr++;
	return 0;
}

static int word_add(struct parse_ctx *c, const char *w, size_t n)
{
	struct ike_proposal *p = &c->p;
	char q[WORD_MAX + 4];
	const struct ike_keyword *k = NULL;
	uint16_t *list;
	unsigned *count;
	bool upper = false;
	int r;

	word_quote(w, n, q, sizeof(q));
	if (n == 0) {
		parse_error(c, "empty algorithm name (stray '-')");
		return -EINVAL;
	}
	for (size_t i = 0; i < n; i++)
		if (w[i] >= 'A' && w[i] <= 'Z')
			upper = true;
	if (upper) {
		parse_error(c, "'%s': algorithm names are lower-case", q);
		return -EINVAL;
	}
	if (n <= WORD_MAX) {
		char name[WORD_MAX + 1];

		memcpy(name, w, n);
		name[n] = '\0';
		k = ike_keyword_find(name);
	}
	if (!k) {
		parse_error(c, "unknown algorithm '%s'", q);
		return -EINVAL;
	}

	switch (k->type) {
	case IKE_TRANSFORM_ENCR:
		return encr_add(c, k, q);
	case IKE_TRANSFORM_PRF:
		if (p->proto != IKE_PROTO_IKE) {
			parse_error(c, "'%s': a PRF belongs in IKE proposals, not ESP", q);
			return -EINVAL;
		}
		list = p->prf;
		count = &p->n_prf;
		break;
	case IKE_TRANSFORM_INTEG:
		if (!c->integ_word) {
			c->integ_word = w;
			c->integ_len = n;
		}
		list = p->integ;
		count = &p->n_integ;
		break;
	case IKE_TRANSFORM_DH:
		list = p->dh;
		count = &p->n_dh;
		break;
	case IKE_TRANSFORM_ESN:
		if (p->proto != IKE_PROTO_ESP) {
			parse_error(c, "'%s': ESN belongs in ESP proposals, not IKE", q);
			return -EINVAL;
		}
		list = p->esn;
		count = &p->n_esn;
		break;
	default:
		parse_error(c, "unknown algorithm '%s'", q);
		return -EINVAL;
	}

	r = list_add(list, count, k->id);
	if (r > 0) {
		parse_error(c, "'%s': duplicate algorithm", q);
		return -EINVAL;
	}
	if (r < 0) {
		parse_error(c, "'%s': more than %d %s", q, IKE_PROPOSAL_MAX_ALGS,
			    type_plural(k->type));
		return -EINVAL;
	}
	return 0;
}

static uint16_t integ_prf(uint16_t integ)
{
	const char *name = ike_transform_name(IKE_TRANSFORM_INTEG, integ, 0);
	const struct ike_keyword *k = name ? ike_keyword_find(name) : NULL;

	return k ? k->prf : 0;
}

/* The rules that need the whole proposal. */
static int proposal_check(struct parse_ctx *c)
{
	struct ike_proposal *p = &c->p;
	char q[WORD_MAX + 4] = "";
	bool aead;

	if (p->n_encr == 0) {
		parse_error(c, "no encryption algorithm (e.g. aes256gcm16)");
		return -EINVAL;
	}
	aead = ike_encr_is_aead(p->encr[0].id);
	if (c->integ_word)
		word_quote(c->integ_word, c->integ_len, q, sizeof(q));

	/* strongSwan reads "aes256gcm16-sha384-..." in IKE as prfsha384;
	 * configs copied from it must keep meaning the same. */
	if (aead && p->proto == IKE_PROTO_IKE && p->n_prf == 0) {
		for (unsigned i = 0; i < p->n_integ; i++)
			p->prf[i] = integ_prf(p->integ[i]);
		p->n_prf = p->n_integ;
		p->n_integ = 0;
	}
	if (aead && p->n_integ > 0) {
		parse_error(c, "'%s': integrity algorithm not allowed with AEAD encryption", q);
		return -EINVAL;
	}
	if (!aead && p->n_integ == 0) {
		parse_error(c,
			    "%s proposal with non-AEAD encryption needs an integrity algorithm "
			    "(e.g. sha256)",
			    p->proto == IKE_PROTO_IKE ? "IKE" : "ESP");
		return -EINVAL;
	}

	if (p->proto == IKE_PROTO_IKE) {
		if (p->n_prf == 0 && aead) {
			parse_error(
				c,
				"IKE proposal with AEAD encryption needs a PRF (e.g. prfsha256)");
			return -EINVAL;
		}
		if (p->n_prf == 0) {
			for (unsigned i = 0; i < p->n_integ; i++)
				p->prf[i] = integ_prf(p->integ[i]);
			p->n_prf = p->n_integ;
		}
		if (p->n_dh == 0) {
			parse_error(c, "IKE proposal needs a DH group (e.g. modp2048)");
			return -EINVAL;
		}
	} else if (p->n_esn == 0) {
		p->esn[p->n_esn++] = IKE_ESN_NONE;
	}
	return 0;
}

int ike_proposal_parse(const char *s, enum ike_proto proto, struct ike_proposal *out, char *err,
		       size_t errlen)
{
	struct parse_ctx c;
	const char *w = s;
	int r;

	memset(&c, 0, sizeof(c));
	c.err = err;
	c.errlen = errlen;
	if (err && errlen > 0)
		err[0] = '\0';
	c.p.proto = proto;
	if (proto != IKE_PROTO_IKE && proto != IKE_PROTO_ESP) {
		parse_error(&c, "unknown protocol %d", (int)proto);
		return -EINVAL;
	}
	if (!s || !*s) {
		parse_error(&c, "empty proposal");
		return -EINVAL;
	}
	for (;;) {
		size_t n = strcspn(w, "-");

		r = word_add(&c, w, n);
		if (r < 0)
			return r;
		if (w[n] == '\0')
			break;
		w += n + 1;
	}
	r = proposal_check(&c);
	if (r < 0)
		return r;
	*out = c.p;
	return 0;
}

struct fmt_buf {
	char *buf;
	size_t len;
	size_t pos;
	bool full;
};

static void fmt_word(struct fmt_buf *f, const char *word)
{
	int n;

	if (f->full)
		return;
	n = snprintf(f->buf + f->pos, f->len - f->pos, "%s%s", f->pos ? "-" : "", word);
	if (n < 0 || (size_t)n >= f->len - f->pos) {
		f->full = true;
		return;
	}
	f->pos += (size_t)n;
}

static int fmt_list(struct fmt_buf *f, enum ike_transform_type type, const uint16_t *list,
		    unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const char *name = ike_transform_name(type, list[i], 0);

		if (!name)
			return -EINVAL;
		fmt_word(f, name);
	}
	return 0;
}

static bool prf_is_implied(const struct ike_proposal *p)
{
	if (p->proto != IKE_PROTO_IKE || p->n_integ == 0 || p->n_prf != p->n_integ)
		return false;
	for (unsigned i = 0; i < p->n_prf; i++)
		if (p->prf[i] != integ_prf(p->integ[i]))
			return false;
	return true;
}

int ike_proposal_format(const struct ike_proposal *p, char *buf, size_t len)
{
	struct fmt_buf f = {.buf = buf, .len = len};
	int r = 0;

	if (len == 0)
		return -ENOSPC;
	buf[0] = '\0';
	if (p->n_encr > IKE_PROPOSAL_MAX_ALGS || p->n_prf > IKE_PROPOSAL_MAX_ALGS ||
	    p->n_integ > IKE_PROPOSAL_MAX_ALGS || p->n_dh > IKE_PROPOSAL_MAX_ALGS ||
	    p->n_esn > IKE_PROPOSAL_MAX_ALGS)
		return -EINVAL;

	for (unsigned i = 0; i < p->n_encr; i++) {
		const char *name =
			ike_transform_name(IKE_TRANSFORM_ENCR, p->encr[i].id, p->encr[i].keylen);
		if (!name)
			return -EINVAL;
		fmt_word(&f, name);
	}
	r = fmt_list(&f, IKE_TRANSFORM_INTEG, p->integ, p->n_integ);
	if (r == 0 && !prf_is_implied(p))
		r = fmt_list(&f, IKE_TRANSFORM_PRF, p->prf, p->n_prf);
	if (r == 0)
		r = fmt_list(&f, IKE_TRANSFORM_DH, p->dh, p->n_dh);
	if (r == 0 && !(p->proto == IKE_PROTO_ESP && p->n_esn == 1 && p->esn[0] == IKE_ESN_NONE))
		r = fmt_list(&f, IKE_TRANSFORM_ESN, p->esn, p->n_esn);
	if (r < 0) {
		buf[0] = '\0';
		return r;
	}
	return f.full ? -ENOSPC : 0;
}

bool ike_proposal_equal(const struct ike_proposal *a, const struct ike_proposal *b)
{
	if (a->proto != b->proto || a->n_encr != b->n_encr || a->n_prf != b->n_prf ||
	    a->n_integ != b->n_integ || a->n_dh != b->n_dh || a->n_esn != b->n_esn)
		return false;
	if (a->n_encr > IKE_PROPOSAL_MAX_ALGS || a->n_prf > IKE_PROPOSAL_MAX_ALGS ||
	    a->n_integ > IKE_PROPOSAL_MAX_ALGS || a->n_dh > IKE_PROPOSAL_MAX_ALGS ||
	    a->n_esn > IKE_PROPOSAL_MAX_ALGS)
		return false;
	for (unsigned i = 0; i < a->n_encr; i++)
		if (a->encr[i].id != b->encr[i].id || a->encr[i].keylen != b->encr[i].keylen)
			return false;
	return memcmp(a->prf, b->prf, a->n_prf * sizeof(a->prf[0])) == 0 &&
	       memcmp(a->integ, b->integ, a->n_integ * sizeof(a->integ[0])) == 0 &&
	       memcmp(a->dh, b->dh, a->n_dh * sizeof(a->dh[0])) == 0 &&
	       memcmp(a->esn, b->esn, a->n_esn * sizeof(a->esn[0])) == 0;
}

/* Kept as text, parsed on use, so they obey the same rules as a user's
 * proposal; the unit tests compare them with the header's list. */
static const char *const ike_defaults[] = {
	"aes256gcm16-aes128gcm16-prfsha512-prfsha384-prfsha256-ecp384-ecp256-modp4096-modp3072-"
	"modp2048",
	"aes256-aes128-sha512-sha384-sha256-ecp384-ecp256-modp4096-modp3072-modp2048",
};

static const char *const esp_defaults[] = {
	"aes256gcm16-aes128gcm16-ecp384-ecp256-modp4096-modp3072-modp2048",
	"aes256-aes128-sha512-sha384-sha256-ecp384-ecp256-modp4096-modp3072-modp2048",
};

int ike_proposal_defaults(enum ike_proto proto, struct ike_proposal *out, unsigned max)
{
	const char *const *list;
	unsigned n;

	switch (proto) {
	case IKE_PROTO_IKE:
		list = ike_defaults;
		n = sizeof(ike_defaults) / sizeof(ike_defaults[0]);
		break;
	case IKE_PROTO_ESP:
		list = esp_defaults;
		n = sizeof(esp_defaults) / sizeof(esp_defaults[0]);
		break;
	default:
		return -EINVAL;
	}
	if (max < n)
		return -ENOSPC;
	for (unsigned i = 0; i < n; i++) {
		int r = ike_proposal_parse(list[i], proto, &out[i], NULL, 0);

		if (r < 0)
			return r;
	}
	return (int)n;
}
