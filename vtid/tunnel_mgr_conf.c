/*
 * struct tunnel_conf and change plans: allocation, comparison, wiping.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/secret.h"
#include "vtid/tunnel_mgr.h"

struct tunnel_conf *tunnel_conf_new(void)
{
	struct tunnel_conf *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	/* The YANG defaults, so a conf built from a sparse tree is complete. */
	c->iftype = TUNNEL_IF_VTI;
	c->ike_version = 2;
	c->ike_lifetime = 28800;
	c->esp_lifetime = 3600;
	c->rekey_margin = 540;
	c->rekey_fuzz = 100;
	c->dpd_delay = 10;
	c->dpd_timeout = 30;
	c->dpd_action = TUNNEL_DPD_RESTART;
	c->startup = TUNNEL_STARTUP_START;
	c->encap = TUNNEL_ENCAP_AUTO;
	c->replay_window = 1024;
	c->ts_local.addr.family = AF_INET;
	c->ts_remote.addr.family = AF_INET;
	c->mss_mode = TUNNEL_MSS_AUTO;
	return c;
}

void tunnel_strlist_clear(struct tunnel_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int tunnel_strlist_add(struct tunnel_strlist *l, const char *s)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof(*v));
	char *dup;

	if (!v)
		return -ENOMEM;
	l->v = v;
	dup = strdup(s);
	if (!dup)
		return -ENOMEM;
	l->v[l->n++] = dup;
	return 0;
}

void tunnel_conf_free(struct tunnel_conf *c)
{
	if (!c)
		return;
	secret_strfree(c->psk);
	free(c->psk_file);
	tunnel_strlist_clear(&c->ike_proposals);
	tunnel_strlist_clear(&c->esp_proposals);
	secret_wipe(c, sizeof(*c));
	free(c);
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool strlist_eq(const struct tunnel_strlist *a, const struct tunnel_strlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

bool tunnel_conf_eq(const struct tunnel_conf *a, const struct tunnel_conf *b)
{
	/* Field by field: the struct has padding and pointers, so memcmp
	 * would see differences that are not there. */
	return strcmp(a->name, b->name) == 0 && strcmp(a->description, b->description) == 0 &&
	       strcmp(a->ifname, b->ifname) == 0 && a->iftype == b->iftype &&
	       a->ike_version == b->ike_version && vt_addr_eq(&a->local_addr, &b->local_addr) &&
	       vt_addr_eq(&a->remote_addr, &b->remote_addr) &&
	       strcmp(a->local_id, b->local_id) == 0 && strcmp(a->remote_id, b->remote_id) == 0 &&
	       str_eq(a->psk, b->psk) && str_eq(a->psk_file, b->psk_file) &&
	       strlist_eq(&a->ike_proposals, &b->ike_proposals) &&
	       strlist_eq(&a->esp_proposals, &b->esp_proposals) &&
	       a->ike_lifetime == b->ike_lifetime && a->esp_lifetime == b->esp_lifetime &&
	       a->rekey_margin == b->rekey_margin && a->rekey_fuzz == b->rekey_fuzz &&
	       a->dpd_delay == b->dpd_delay && a->dpd_timeout == b->dpd_timeout &&
	       a->dpd_action == b->dpd_action && a->startup == b->startup &&
	       a->encap == b->encap && a->replay_window == b->replay_window &&
	       a->key_set == b->key_set && (!a->key_set || a->key == b->key) &&
	       a->has_inside == b->has_inside && vt_addr_eq(&a->inside_local, &b->inside_local) &&
	       a->inside_len == b->inside_len && vt_addr_eq(&a->inside_peer, &b->inside_peer) &&
	       a->has_inside6 == b->has_inside6 &&
	       vt_addr_eq(&a->inside_local6, &b->inside_local6) &&
	       a->inside_len6 == b->inside_len6 && vt_addr_eq(&a->inside_peer6, &b->inside_peer6) &&
	       vt_prefix_cmp(&a->ts_local, &b->ts_local) == 0 &&
	       vt_prefix_cmp(&a->ts_remote, &b->ts_remote) == 0 && a->mtu == b->mtu && a->mss_mode == b->mss_mode && a->mss == b->mss;
}

const char *tunnel_iftype_name(enum tunnel_iftype t)
{
	return t == TUNNEL_IF_XFRM ? "xfrm" : "vti";
}

const char *tunnel_key_name(enum tunnel_iftype t)
{
	return t == TUNNEL_IF_XFRM ? "if-id" : "mark";
}

int tunnel_plan_add(struct tunnel_plan *p, enum tunnel_op op, const char *name,
		    struct tunnel_conf *conf)
{
	struct tunnel_change *ch;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;

		ch = realloc(p->changes, cap * sizeof(*ch));
		if (!ch) {
			tunnel_conf_free(conf);
			return -ENOMEM;
		}
		p->changes = ch;
		p->cap = cap;
	}
	ch = &p->changes[p->n++];
	*ch = (struct tunnel_change){.op = op, .conf = conf};
	snprintf(ch->name, sizeof(ch->name), "%s", name);
	return 0;
}

void tunnel_plan_free(struct tunnel_plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		tunnel_conf_free(p->changes[i].conf);
	free(p->changes);
	free(p->keys);
	*p = (struct tunnel_plan){0};
}
