/* Helpers for the RIB and decision tests. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/bgp_rib_testlib.h"

static size_t seg_put(uint8_t *buf, size_t at, uint8_t type, const uint32_t *asn, unsigned n)
{
	buf[at++] = type;
	buf[at++] = (uint8_t)n;
	for (unsigned i = 0; i < n; i++) {
		buf[at++] = (uint8_t)(asn[i] >> 24);
		buf[at++] = (uint8_t)(asn[i] >> 16);
		buf[at++] = (uint8_t)(asn[i] >> 8);
		buf[at++] = (uint8_t)asn[i];
	}
	return at;
}

/* "1 2 {3,4} 5": sequences and sets, 4-octet segments. */
static size_t aspath_build(const char *s, uint8_t *buf)
{
	uint32_t asn[64];
	unsigned n = 0;
	size_t len = 0;

	while (s && *s) {
		char *end;

		if (*s == ' ') {
			s++;
		} else if (*s == '{') {
			uint32_t set[64];
			unsigned k = 0;

			if (n)
				len = seg_put(buf, len, BGP_SEG_SEQUENCE, asn, n);
			n = 0;
			s++;
			while (*s && *s != '}') {
				set[k++] = (uint32_t)strtoul(s, &end, 10);
				s = *end == ',' ? end + 1 : end;
			}
			ck_assert_int_eq(*s, '}');
			s++;
			len = seg_put(buf, len, BGP_SEG_SET, set, k);
		} else {
			asn[n++] = (uint32_t)strtoul(s, &end, 10);
			ck_assert_ptr_ne(end, s);
			s = end;
		}
	}
	if (n)
		len = seg_put(buf, len, BGP_SEG_SEQUENCE, asn, n);
	return len;
}

struct bgp_attrs *t_attrs_make(struct bgp_attr_table *t, const struct t_attrs *a)
{
	uint8_t path[1024];
	struct bgp_attrs_tmpl tmpl;
	struct bgp_attrs *out;
	const char *why = NULL;

	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.origin = a->origin;
	if (a->local_pref != T_ABSENT) {
		tmpl.has |= BGP_HAS_LOCAL_PREF;
		tmpl.local_pref = (uint32_t)a->local_pref;
	}
	if (a->med != T_ABSENT) {
		tmpl.has |= BGP_HAS_MED;
		tmpl.med = (uint32_t)a->med;
	}
	ck_assert_int_eq(
		vt_addr_parse(a->next_hop ? a->next_hop : "192.0.2.1", AF_UNSPEC, &tmpl.next_hop),
		0);
	tmpl.aspath = path;
	tmpl.aspath_len = aspath_build(a->aspath, path);
	out = bgp_attrs_intern(t, &tmpl, &why);
	ck_assert_msg(out != NULL, "intern: %s", why ? why : "?");
	return out;
}

struct bgp_rib_peer t_peer(const char *addr, uint32_t bgp_id, bool ibgp)
{
	struct bgp_rib_peer p;

	memset(&p, 0, sizeof(p));
	if (addr)
		ck_assert_int_eq(vt_addr_parse(addr, AF_UNSPEC, &p.addr), 0);
	p.bgp_id = bgp_id;
	p.ibgp = ibgp;
	p.used = true;
	return p;
}

struct vt_prefix t_pfx(const char *s)
{
	struct vt_prefix p;

	ck_assert_int_eq(vt_prefix_parse(s, AF_UNSPEC, 0, &p), 0);
	return p;
}

static void t_rec_changed(void *ctx, enum bgp_af af, const struct vt_prefix *p,
			  const struct bgp_path *const *set, unsigned n)
{
	struct t_rec *r = ctx;

	r->calls++;
	r->calls_empty += n == 0;
	r->af = af;
	r->prefix = *p;
	r->n = n;
	/* Plain checks: ck_assert costs a write() per call, and the big
	 * tables call this a million times. */
	if (n > BGP_MAXPATHS_MAX)
		ck_abort_msg("set of %u", n);
	for (unsigned i = 0; i < n; i++) {
		if (set[i]->flags & BGP_PATH_FILTERED)
			ck_abort_msg("a filtered path in the set");
		r->peer[i] = set[i]->peer;
		r->attrs[i] = set[i]->attrs;
	}
}

const struct bgp_rib_ops t_rec_ops = {.changed = t_rec_changed};
