/*
 * Helpers of the rekey and INFORMATIONAL tests on top of ike_pair.h: a
 * pair brought up with given options, a make-before-break watch on every
 * child_add / child_del, and the engine's log captured for assertions.
 */
#ifndef VT_TESTS_UNIT_IKE_WATCH_H
#define VT_TESTS_UNIT_IKE_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "ike/ike.h"
#include "tests/unit/ike_pair.h"

#define IKE_ALGS "aes128gcm16-prfsha256-ecp256"
#define WAIT_MS	 5000

struct opts {
	const char *ike;		 /* NULL: IKE_ALGS */
	const char *esp_a, *esp_b;	 /* NULL: "aes128gcm16" */
	uint16_t dpd_delay, dpd_timeout; /* side 0 */
	enum ike_dpd_action dpd_action;
};

/* Watch on: a child_add or child_del that leaves a side without an
 * installed child whose outbound SPI is installed inbound on the other
 * side counts a violation. */
extern bool g_armed;
extern unsigned g_violations;

/* Side 0 initiates; both UP with matching children; watch armed; log
 * captured from here on.  Fails the test otherwise. */
struct ike_pair *pair_up(const struct opts *o);
void pair_down(struct ike_pair *p);
/* How many times needle occurs in the captured log. */
unsigned log_count(const char *needle);
/* IKE SAs in the engine's table (current, rekeyed and half-open). */
unsigned engine_sa_count(const struct ike_engine *e);

#endif
