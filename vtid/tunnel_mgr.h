/*
 * The tunnel manager: the table of configured tunnels.
 *
 * It receives each tunnel's settings as a plain struct tunnel_conf (built
 * by vtid/nb.c from the configuration tree) and only the changes: a tunnel
 * added, changed or removed.  A change set goes through prepare (which may
 * refuse it, leaving the table untouched) and then apply or abort, as in
 * FRR's northbound.
 *
 * Each tunnel gets a key: the mark of a VTI tunnel or the if-id of an XFRM
 * tunnel.  A configured key is used as is; otherwise the manager picks the
 * first free value of 100, 200, 300, ... (marks and if-ids are separate
 * spaces), never one configured for another tunnel, and keeps it across
 * reloads for as long as the tunnel exists and nobody configures it.
 *
 * Hooks start a tunnel's running parts (IKE, dataplane) after it is added
 * or changed, and stop them before it is changed or removed; a tunnel
 * whose settings did not change is not touched.
 */
#ifndef VT_VTID_TUNNEL_MGR_H
#define VT_VTID_TUNNEL_MGR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/addr.h"
#include "common/strbuf.h"

#define TUNNEL_NAME_MAX 32
#define TUNNEL_IFNAME_MAX 15
#define TUNNEL_DESCR_MAX 80
#define TUNNEL_ID_MAX 255

enum tunnel_iftype { TUNNEL_IF_VTI = 0, TUNNEL_IF_XFRM };
enum tunnel_dpd_action { TUNNEL_DPD_CLEAR = 0, TUNNEL_DPD_RESTART, TUNNEL_DPD_NONE };
enum tunnel_startup { TUNNEL_STARTUP_START = 0, TUNNEL_STARTUP_ADD };
enum tunnel_encap { TUNNEL_ENCAP_AUTO = 0, TUNNEL_ENCAP_FORCE };
enum tunnel_mss { TUNNEL_MSS_AUTO = 0, TUNNEL_MSS_OFF, TUNNEL_MSS_FIXED };

/* An ordered list of strings (proposals). */
struct tunnel_strlist {
	size_t n;
	char **v;
};

/* One tunnel's settings, defaults filled in. */
struct tunnel_conf {
	char name[TUNNEL_NAME_MAX + 1];
	char description[TUNNEL_DESCR_MAX + 1];
	char ifname[TUNNEL_IFNAME_MAX + 1];
	enum tunnel_iftype iftype;
	uint8_t ike_version;
	struct vt_addr local_addr, remote_addr;
	char local_id[TUNNEL_ID_MAX + 1]; /* "" = the address */
	char remote_id[TUNNEL_ID_MAX + 1];
	char *psk;      /* secret, NUL-terminated; from psk or psk-file */
	char *psk_file; /* the file it was read from, or NULL */
	struct tunnel_strlist ike_proposals, esp_proposals; /* empty = defaults */
	uint32_t ike_lifetime, esp_lifetime;
	uint32_t rekey_margin;
	uint8_t rekey_fuzz;
	uint16_t dpd_delay, dpd_timeout;
	enum tunnel_dpd_action dpd_action;
	enum tunnel_startup startup;
	enum tunnel_encap encap;
	uint32_t replay_window;
	bool key_set;  /* mark (vti) or if-id (xfrm) configured */
	uint32_t key;
	bool has_inside;
	struct vt_addr inside_local; /* host address, with its prefix length */
	uint8_t inside_len;
	struct vt_addr inside_peer;
	bool has_inside6;
	struct vt_addr inside_local6;
	uint8_t inside_len6;
	struct vt_addr inside_peer6;
	struct vt_prefix ts_local, ts_remote; /* traffic selectors, 0.0.0.0/0 */
	uint16_t mtu; /* 0 = auto */
	enum tunnel_mss mss_mode;
	uint16_t mss; /* TUNNEL_MSS_FIXED */
};

/* A zeroed conf with the YANG defaults.  NULL on allocation failure. */
struct tunnel_conf *tunnel_conf_new(void);
/* Wipes the PSK.  NULL is fine. */
void tunnel_conf_free(struct tunnel_conf *c);
/* Same settings, secrets included. */
bool tunnel_conf_eq(const struct tunnel_conf *a, const struct tunnel_conf *b);
int tunnel_strlist_add(struct tunnel_strlist *l, const char *s);
void tunnel_strlist_clear(struct tunnel_strlist *l);
const char *tunnel_iftype_name(enum tunnel_iftype t); /* "vti", "xfrm" */
const char *tunnel_key_name(enum tunnel_iftype t);    /* "mark", "if-id" */

struct tunnel_rt;

/* A configured tunnel as the manager keeps it (read-only for others). */
struct tunnel {
	struct tunnel_rt *rt; /* running parts (set by the hooks), or NULL */
	char start_error[128]; /* why the hooks could not start it */
	struct tunnel_conf *conf;
	uint32_t key;  /* mark or if-id in use */
	bool key_auto; /* assigned by the manager */
	time_t created, changed; /* wall clock */
	unsigned change_count;   /* changes applied since created */
};

enum tunnel_op { TUNNEL_OP_ADD = 0, TUNNEL_OP_CHANGE, TUNNEL_OP_REMOVE };

struct tunnel_change {
	enum tunnel_op op;
	char name[TUNNEL_NAME_MAX + 1];
	struct tunnel_conf *conf; /* ADD/CHANGE: new settings; taken by apply */
};

/* What prepare decided: the key of every tunnel of the new table. */
struct tunnel_key_plan {
	char name[TUNNEL_NAME_MAX + 1];
	uint32_t key;
	bool key_auto;
};

struct tunnel_plan {
	struct tunnel_change *changes;
	size_t n, cap;
	struct tunnel_key_plan *keys; /* filled by prepare */
	size_t nkeys;
};

/* Add one change to a plan (conf is owned by the plan from here on).
 * 0 or -ENOMEM (conf is freed then). */
int tunnel_plan_add(struct tunnel_plan *p, enum tunnel_op op, const char *name,
		    struct tunnel_conf *conf);
/* Free what the plan still owns. */
void tunnel_plan_free(struct tunnel_plan *p);

struct tunnel_mgr;

struct tunnel_mgr *tunnel_mgr_new(void);
/* Removes every tunnel, then frees. */
void tunnel_mgr_free(struct tunnel_mgr *tm);
/* For tests: auto keys are base, base+step, ... (count values). */
void tunnel_mgr_set_auto_keys(struct tunnel_mgr *tm, uint32_t base, uint32_t step,
			      uint32_t count);

/* Check the plan against the table and assign keys.  0, or -ENOSPC / -EINVAL
 * / -ENOMEM with the reason in err; the table is not touched either way. */
int tunnel_mgr_prepare(struct tunnel_mgr *tm, struct tunnel_plan *p, struct strbuf *err);
/* Apply a prepared plan; cannot fail. */
void tunnel_mgr_apply(struct tunnel_mgr *tm, struct tunnel_plan *p);
/* Remove every tunnel (shutdown). */
void tunnel_mgr_clear(struct tunnel_mgr *tm);

struct tunnel_hooks {
	/* Start t's running parts; on failure write the reason into
	 * t->start_error (the tunnel stays configured). */
	void (*start)(void *ctx, struct tunnel *t);
	void (*stop)(void *ctx, struct tunnel *t); /* t->rt may be NULL */
};
void tunnel_mgr_set_hooks(struct tunnel_mgr *tm, const struct tunnel_hooks *h, void *ctx);

size_t tunnel_mgr_count(const struct tunnel_mgr *tm);
/* Sorted by name; NULL past the end. */
const struct tunnel *tunnel_mgr_at(const struct tunnel_mgr *tm, size_t i);
const struct tunnel *tunnel_mgr_find(const struct tunnel_mgr *tm, const char *name);
/* "configured", or "error" when the hooks could not start it; the running
 * state comes from the IKE engine. */
const char *tunnel_state_name(const struct tunnel *t);
/* Mutable access for the hooks' owner (`tunnel NAME up|down`). */
struct tunnel *tunnel_mgr_find_rw(struct tunnel_mgr *tm, const char *name);

#endif
