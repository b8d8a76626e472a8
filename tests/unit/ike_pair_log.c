/* The log of an ike_pair test, kept to be searched (see ike_pair.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "tests/unit/ike_pair.h"

static char pair_log[1 << 16];
static size_t pair_loglen;

static void pair_log_sink(enum log_module m, enum log_level lvl, enum log_kind kind,
			  const char *msg, void *arg)
{
	size_t n = strlen(msg);

	(void)m;
	(void)lvl;
	(void)kind;
	(void)arg;
	if (getenv("IKE_PAIR_VERBOSE"))
		fprintf(stderr, "%s\n", msg);
	if (n + 2 >= sizeof(pair_log))
		return;
	/* Full: keep the newer half. */
	if (pair_loglen + n + 2 >= sizeof(pair_log)) {
		memmove(pair_log, pair_log + sizeof(pair_log) / 2, sizeof(pair_log) / 2);
		pair_loglen -= sizeof(pair_log) / 2;
	}
	memcpy(pair_log + pair_loglen, msg, n);
	pair_loglen += n;
	pair_log[pair_loglen++] = '\n';
	pair_log[pair_loglen] = 0;
}

void ike_pair_log_capture(bool on)
{
	pair_loglen = 0;
	pair_log[0] = 0;
	if (on) {
		log_set_level(LOG_LVL_INFO);
		log_set_sink(pair_log_sink, NULL);
	} else {
		log_set_sink(NULL, NULL);
	}
}

bool ike_pair_log_seen(const char *s)
{
	return strstr(pair_log, s) != NULL;
}
