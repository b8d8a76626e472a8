/*
 * Attribute sets and peers for the RIB and decision tests, built from
 * short strings: an AS path "65001 65002 {1,2}", a next hop "10.0.0.1".
 */
#ifndef VT_TESTS_UNIT_BGP_RIB_TESTLIB_H
#define VT_TESTS_UNIT_BGP_RIB_TESTLIB_H

#include <check.h>
#include <stdint.h>

#include "bgp/rib.h"

#define T_ABSENT (-1)

struct t_attrs {
	int64_t local_pref; /* T_ABSENT: no LOCAL_PREF */
	int64_t med;	    /* T_ABSENT: no MED */
	uint8_t origin;
	const char *aspath; /* NULL or "": empty */
	const char *next_hop;
};

/* Interned, one reference for the caller; fails the test on error. */
struct bgp_attrs *t_attrs_make(struct bgp_attr_table *t, const struct t_attrs *a);
struct bgp_rib_peer t_peer(const char *addr, uint32_t bgp_id, bool ibgp);
struct vt_prefix t_pfx(const char *s);

/* What ops->changed was told, for the RIB tests. */
struct t_rec {
	unsigned calls;
	unsigned calls_empty; /* n == 0 */
	enum bgp_af af;
	struct vt_prefix prefix;
	unsigned n;
	uint16_t peer[BGP_MAXPATHS_MAX];
	const struct bgp_attrs *attrs[BGP_MAXPATHS_MAX];
};

extern const struct bgp_rib_ops t_rec_ops;

/* The flush and full-table tests (test_bgp_rib_big.c). */
TCase *t_rib_big_tcase(void);

#endif
