/*
 * Prefix lists by name, and the speaker's own networks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/speaker_int.h"
#include "common/log.h"
#include "common/strbuf.h"

/* ---- prefix lists and networks ------------------------------------------------------ */

const struct bgp_plist *bgp_speaker_plist(const struct bgp_speaker *sp, const char *name)
{
	for (size_t i = 0; i < sp->n_plists; i++)
		if (strcmp(sp->plists[i]->name, name) == 0)
			return sp->plists[i];
	return NULL;
}

static void plist_users_reapply(struct bgp_speaker *sp, const char *name)
{
	for (size_t i = 0; i < sp->n_peers; i++) {
		struct bgp_peer *p = sp->peers[i];

		for (int f = 0; f < BGP_AF_COUNT; f++) {
			if (strcmp(p->conf.af[f].plist_in, name) == 0)
				bgp_in_reapply(p, (enum bgp_af)f);
			if (strcmp(p->conf.af[f].plist_out, name) == 0)
				bgp_out_resend(p, (enum bgp_af)f);
		}
	}
}

void bgp_speaker_plist_set(struct bgp_speaker *sp, struct bgp_plist *pl)
{
	struct bgp_plist **v;

	for (size_t i = 0; i < sp->n_plists; i++) {
		if (strcmp(sp->plists[i]->name, pl->name) != 0)
			continue;
		if (bgp_plist_eq(sp->plists[i], pl)) {
			bgp_plist_free(pl);
			return;
		}
		bgp_plist_free(sp->plists[i]);
		sp->plists[i] = pl;
		plist_users_reapply(sp, pl->name);
		return;
	}
	v = realloc(sp->plists, (sp->n_plists + 1) * sizeof(*v));
	if (!v) {
		log_fault(LOGM_BGP, "prefix-list %s: out of memory", pl->name);
		bgp_plist_free(pl);
		return;
	}
	sp->plists = v;
	sp->plists[sp->n_plists++] = pl;
	plist_users_reapply(sp, pl->name);
}

void bgp_speaker_plist_remove(struct bgp_speaker *sp, const char *name)
{
	char copy[BGP_PLIST_NAME_LEN + 1];

	for (size_t i = 0; i < sp->n_plists; i++) {
		if (strcmp(sp->plists[i]->name, name) != 0)
			continue;
		snprintf(copy, sizeof(copy), "%s", name); /* name may be the list's own */
		bgp_plist_free(sp->plists[i]);
		sp->plists[i] = sp->plists[--sp->n_plists];
		plist_users_reapply(sp, copy);
		return;
	}
}

size_t bgp_speaker_plist_count(const struct bgp_speaker *sp)
{
	return sp->n_plists;
}

const struct bgp_plist *bgp_speaker_plist_at(const struct bgp_speaker *sp, size_t i)
{
	return i < sp->n_plists ? sp->plists[i] : NULL;
}

int bgp_network_add(struct bgp_speaker *sp, const struct vt_prefix *pfx)
{
	struct vt_prefix *v;
	int rc;

	for (size_t i = 0; i < sp->n_networks; i++)
		if (vt_prefix_cmp(&sp->networks[i], pfx) == 0)
			return 0;
	v = realloc(sp->networks, (sp->n_networks + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	sp->networks = v;
	rc = bgp_local_announce(sp, pfx);
	if (rc == 0)
		sp->networks[sp->n_networks++] = *pfx;
	return rc;
}

void bgp_network_remove(struct bgp_speaker *sp, const struct vt_prefix *pfx)
{
	for (size_t i = 0; i < sp->n_networks; i++) {
		if (vt_prefix_cmp(&sp->networks[i], pfx) != 0)
			continue;
		sp->networks[i] = sp->networks[--sp->n_networks];
		bgp_rib_withdraw(sp->rib, pfx, BGP_RIB_PEER_LOCAL);
		return;
	}
}
