/*
 * The user backend's SAs: building one from its config, the inbound SPI
 * table, limits and counters.  Nothing here locks: callers hold what
 * user_int.h says.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/secret.h"
#include "common/strbuf.h"
#include "vtid/dp/esp_crypto.h"
#include "vtid/dp/user_int.h"

static const char *const user_drop_names[USER_DROP__COUNT] = {
	[USER_DROP_REPLAY] = "replay",	      [USER_DROP_AUTH] = "auth",
	[USER_DROP_PAD] = "padding",	      [USER_DROP_MALFORMED] = "malformed",
	[USER_DROP_SEAL] = "encrypt",	      [USER_DROP_EXPIRED] = "SA expired",
	[USER_DROP_NO_SA] = "no outbound SA", [USER_DROP_IO] = "device write",
};

const char *user_drop_name(enum user_drop d)
{
	return (unsigned)d < USER_DROP__COUNT ? user_drop_names[d] : "?";
}

static int user_sa_fail(struct strbuf *err, const char *ifname, const struct dp_sa_conf *c,
			const char *what, int rc)
{
	if (err)
		sb_printf(err, "tunnel %s: %s SA %08x: %s", ifname,
			  c->inbound ? "inbound" : "outbound", c->spi, what);
	return rc;
}

static socklen_t user_sockaddr_len(const struct sockaddr_storage *ss)
{
	switch (ss->ss_family) {
	case AF_INET:
		return sizeof(struct sockaddr_in);
	case AF_INET6:
		return sizeof(struct sockaddr_in6);
	}
	return 0;
}

int user_sa_new(const struct dp_sa_conf *c, const char *ifname, struct user_sa **out,
		struct strbuf *err)
{
	struct esp_cipher cipher;
	struct user_sa *sa;
	int rc;

	*out = NULL;
	if (!c->encap)
		return user_sa_fail(err, ifname, c, "the user dataplane needs ESP in UDP", -EINVAL);
	if (!c->inbound && user_sockaddr_len(&c->remote) == 0)
		return user_sa_fail(err, ifname, c, "no remote address", -EINVAL);
	rc = esp_crypto_new(c->encr, c->encr_keylen, c->integ, c->encr_key, c->encr_key_len,
			    c->integ_key, c->integ_key_len, !c->inbound, &cipher);
	if (rc < 0)
		return user_sa_fail(err, ifname, c,
				    rc == -EINVAL ? "unsupported algorithm or key length"
						  : "cipher setup failed",
				    rc);
	sa = calloc(1, sizeof(*sa));
	if (!sa) {
		esp_crypto_free(&cipher);
		return user_sa_fail(err, ifname, c, "out of memory", -ENOMEM);
	}
	rc = esp_sa_init(&sa->esp, c->spi, &cipher, c->esn,
			 c->replay_window ? c->replay_window : REPLAY_WINDOW_DEFAULT);
	if (rc < 0) {
		esp_crypto_free(&cipher);
		free(sa);
		return user_sa_fail(err, ifname, c, "bad SPI or replay window", rc);
	}
	sa->inbound = c->inbound;
	sa->remote = c->remote;
	sa->remote_len = user_sockaddr_len(&c->remote);
	sa->soft_bytes = c->soft_bytes;
	sa->hard_bytes = c->hard_bytes;
	sa->soft_packets = c->soft_packets;
	sa->hard_packets = c->hard_packets;
	*out = sa;
	return 0;
}

void user_sa_free(struct user_sa *sa)
{
	if (!sa)
		return;
	esp_crypto_free(&sa->esp.cipher);
	secret_free(sa, sizeof(*sa));
}

/* SPIs are random (RFC 7296 §3.3.1 asks for it; ours and strongSwan's
 * are), so their low bits spread well enough. */
static unsigned user_spi_bucket(uint32_t spi)
{
	return (spi ^ (spi >> 8) ^ (spi >> 16) ^ (spi >> 24)) & (USER_SPI_BUCKETS - 1);
}

int user_sa_table_insert(struct user_sa_table *tb, struct user_sa *sa)
{
	struct user_sa **head = &tb->bucket[user_spi_bucket(sa->esp.spi)];

	if (user_sa_table_find(tb, sa->esp.spi))
		return -EEXIST;
	sa->hnext = *head;
	*head = sa;
	return 0;
}

struct user_sa *user_sa_table_find(const struct user_sa_table *tb, uint32_t spi)
{
	struct user_sa *sa;

	for (sa = tb->bucket[user_spi_bucket(spi)]; sa; sa = sa->hnext)
		if (sa->esp.spi == spi)
			return sa;
	return NULL;
}

void user_sa_table_remove(struct user_sa_table *tb, struct user_sa *sa)
{
	struct user_sa **pp;

	for (pp = &tb->bucket[user_spi_bucket(sa->esp.spi)]; *pp; pp = &(*pp)->hnext) {
		if (*pp == sa) {
			*pp = sa->hnext;
			sa->hnext = NULL;
			return;
		}
	}
}

uint64_t user_sa_packets(const struct user_sa *sa)
{
	return sa->inbound ? sa->esp.stats.packets_in : sa->esp.stats.packets_out;
}

uint64_t user_sa_bytes(const struct user_sa *sa)
{
	return sa->inbound ? sa->esp.stats.bytes_in : sa->esp.stats.bytes_out;
}

bool user_sa_limit_reached(const struct user_sa *sa, bool hard)
{
	uint64_t bytes = hard ? sa->hard_bytes : sa->soft_bytes;
	uint64_t packets = hard ? sa->hard_packets : sa->soft_packets;

	return (bytes && user_sa_bytes(sa) >= bytes) || (packets && user_sa_packets(sa) >= packets);
}

bool user_sa_limit_note(struct user_sa *sa)
{
	bool first = false;

	if (!sa->soft_signalled && user_sa_limit_reached(sa, false)) {
		sa->soft_signalled = true;
		first = true;
	}
	if (!sa->hard_signalled && user_sa_limit_reached(sa, true)) {
		sa->hard_signalled = true;
		first = true;
	}
	return first;
}

void user_sa_stats_get(const struct user_sa *sa, struct dp_sa_stats *out)
{
	const struct esp_stats *s = &sa->esp.stats;

	out->packets = user_sa_packets(sa);
	out->bytes = user_sa_bytes(sa);
	out->replay_drops = s->replay_drops;
	out->auth_fails = s->auth_fails;
	out->other_drops =
		s->pad_errors + s->malformed + s->seal_fails + sa->expired_drops + sa->io_drops;
}

void user_sa_stats_add(struct dp_sa_stats *acc, const struct dp_sa_stats *s)
{
	acc->bytes += s->bytes;
	acc->packets += s->packets;
	acc->replay_drops += s->replay_drops;
	acc->auth_fails += s->auth_fails;
	acc->other_drops += s->other_drops;
}

void user_sa_drops_add(const struct user_sa *sa, uint64_t acc[USER_DROP__COUNT])
{
	const struct esp_stats *s = &sa->esp.stats;

	acc[USER_DROP_REPLAY] += s->replay_drops;
	acc[USER_DROP_AUTH] += s->auth_fails;
	acc[USER_DROP_PAD] += s->pad_errors;
	acc[USER_DROP_MALFORMED] += s->malformed;
	acc[USER_DROP_SEAL] += s->seal_fails;
	acc[USER_DROP_EXPIRED] += sa->expired_drops;
	acc[USER_DROP_IO] += sa->io_drops;
}
