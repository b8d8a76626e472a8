/*
 * nb for tunnels: tree -> struct tunnel_conf, and the diff by name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/secret.h"
#include "vtid/nb_impl.h"

#define PSK_FILE_MAX 4096

/* The PSK is the file's first line, without trailing blanks. */
static int psk_file_read(const char *path, char **out, struct strbuf *err, const char *name)
{
	char buf[PSK_FILE_MAX];
	ssize_t n;
	size_t len = 0;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		sb_printf(err, "tunnel %s: psk-file %s: %s\n", name, path, strerror(errno));
		return -errno;
	}
	while (len < sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			sb_printf(err, "tunnel %s: psk-file %s: %s\n", name, path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	len = strlen(buf);
	while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		buf[--len] = '\0';
	for (size_t i = 0; i < len; i++) {
		if (buf[i] < '!' || buf[i] > '~') {
			len = 0; /* reported below with the length rule */
			break;
		}
	}
	if (len < 8 || len > 255) {
		sb_printf(err,
			  "tunnel %s: psk-file %s: the first line must hold the PSK, 8..255 "
			  "printable characters without spaces\n",
			  name, path);
		ret = -EINVAL;
		goto out;
	}
	*out = secret_strdup(buf);
	if (!*out)
		ret = -ENOMEM;
out:
	secret_wipe(buf, sizeof(buf));
	close(fd);
	return ret;
}

static int strlist_read(const struct lyd_node *parent, const char *name,
			struct tunnel_strlist *l)
{
	const struct lyd_node *c;

	if (!parent)
		return 0;
	/* Leaf-list instances keep the user's order (ordered-by user). */
	LY_LIST_FOR(lyd_child(parent), c) {
		if (nb_is(c, name) && tunnel_strlist_add(l, lyd_get_value(c)) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int addr_read(const struct lyd_node *n, const char *leaf, int family, struct vt_addr *a)
{
	const char *v = nb_leaf(n, leaf);

	if (!v)
		return 0;
	return vt_addr_parse(v, family, a);
}

/* A traffic selector; absent (the default) is 0.0.0.0/0 as conf_new set it.
 * Host bits are cleared: 10.16.16.1/24 selects 10.16.16.0/24. */
static int ts_read(const struct lyd_node *n, const char *leaf, struct vt_prefix *p)
{
	const char *v = nb_leaf(n, leaf);

	if (!v)
		return 0;
	return vt_prefix_parse(v, AF_INET, VT_PREFIX_NEED_LEN, p);
}

static int tunnel_read(const struct lyd_node *t, struct tunnel_conf *c, struct strbuf *err)
{
	const struct lyd_node *local = nb_child(t, "local"), *remote = nb_child(t, "remote");
	const struct lyd_node *ike = nb_child(t, "ike"), *esp = nb_child(t, "esp");
	const struct lyd_node *rekey = nb_child(t, "rekey"), *dpd = nb_child(t, "dpd");
	const struct lyd_node *inside = nb_child(t, "inside");
	const char *v;
	uint32_t x;
	int ret = 0;

	nb_leaf_copy(t, "description", c->description, sizeof(c->description));
	nb_leaf_copy(t, "interface", c->ifname, sizeof(c->ifname));
	v = nb_leaf(t, "interface-type");
	c->iftype = v && strcmp(v, "xfrm") == 0 ? TUNNEL_IF_XFRM : TUNNEL_IF_VTI;
	ret |= nb_leaf_u32(t, "ike-version", 2, 2, &x);
	c->ike_version = (uint8_t)x;
	ret |= addr_read(local, "address", AF_UNSPEC, &c->local_addr);
	ret |= addr_read(remote, "address", AF_UNSPEC, &c->remote_addr);
	nb_leaf_copy(local, "id", c->local_id, sizeof(c->local_id));
	nb_leaf_copy(remote, "id", c->remote_id, sizeof(c->remote_id));
	if (strlist_read(ike, "proposal", &c->ike_proposals) < 0 ||
	    strlist_read(esp, "proposal", &c->esp_proposals) < 0)
		return -ENOMEM;
	ret |= nb_leaf_u32(ike, "lifetime", UINT32_MAX, 28800, &c->ike_lifetime);
	ret |= nb_leaf_u32(esp, "lifetime", UINT32_MAX, 3600, &c->esp_lifetime);
	ret |= nb_leaf_u32(rekey, "margin", UINT32_MAX, 540, &c->rekey_margin);
	ret |= nb_leaf_u32(rekey, "fuzz", 100, 100, &x);
	c->rekey_fuzz = (uint8_t)x;
	ret |= nb_leaf_u32(dpd, "delay", UINT16_MAX, 10, &x);
	c->dpd_delay = (uint16_t)x;
	ret |= nb_leaf_u32(dpd, "timeout", UINT16_MAX, 30, &x);
	c->dpd_timeout = (uint16_t)x;
	v = nb_leaf(dpd, "action");
	c->dpd_action = !v || strcmp(v, "restart") == 0 ? TUNNEL_DPD_RESTART
			: strcmp(v, "clear") == 0	  ? TUNNEL_DPD_CLEAR
							  : TUNNEL_DPD_NONE;
	v = nb_leaf(t, "startup-action");
	c->startup = v && strcmp(v, "add") == 0 ? TUNNEL_STARTUP_ADD : TUNNEL_STARTUP_START;
	v = nb_leaf(t, "encapsulation");
	c->encap = v && strcmp(v, "force") == 0 ? TUNNEL_ENCAP_FORCE : TUNNEL_ENCAP_AUTO;
	ret |= nb_leaf_u32(t, "replay-window", UINT32_MAX, 1024, &c->replay_window);
	v = nb_leaf(t, c->iftype == TUNNEL_IF_XFRM ? "if-id" : "mark");
	if (v) {
		c->key_set = true;
		ret |= nb_leaf_u32(t, c->iftype == TUNNEL_IF_XFRM ? "if-id" : "mark", UINT32_MAX, 0,
				   &c->key);
	}
	if ((v = nb_leaf(inside, "local"))) {
		c->has_inside = true;
		ret |= nb_addr_len_parse(v, AF_INET, &c->inside_local, &c->inside_len);
		ret |= addr_read(inside, "peer", AF_INET, &c->inside_peer);
	}
	if ((v = nb_leaf(inside, "local-v6"))) {
		c->has_inside6 = true;
		ret |= nb_addr_len_parse(v, AF_INET6, &c->inside_local6, &c->inside_len6);
		ret |= addr_read(inside, "peer-v6", AF_INET6, &c->inside_peer6);
	}
	ret |= ts_read(nb_child(t, "traffic-selector"), "local", &c->ts_local);
	ret |= ts_read(nb_child(t, "traffic-selector"), "remote", &c->ts_remote);
	v = nb_leaf(t, "mtu");
	if (v && strcmp(v, "auto") != 0) {
		ret |= nb_leaf_u32(t, "mtu", UINT16_MAX, 0, &x);
		c->mtu = (uint16_t)x;
	}
	v = nb_leaf(t, "mss-clamp");
	if (v && strcmp(v, "off") == 0) {
		c->mss_mode = TUNNEL_MSS_OFF;
	} else if (v && strcmp(v, "auto") != 0) {
		c->mss_mode = TUNNEL_MSS_FIXED;
		ret |= nb_leaf_u32(t, "mss-clamp", UINT16_MAX, 0, &x);
		c->mss = (uint16_t)x;
	}
	if (ret) {
		sb_printf(err, "tunnel %s: a value in the configuration tree does not parse\n",
			  c->name);
		return -EINVAL;
	}
	return 0;
}

int nb_tunnel_build(const struct lyd_node *t, struct tunnel_conf **out, struct strbuf *err)
{
	struct tunnel_conf *c = tunnel_conf_new();
	const char *v;
	int ret;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	nb_leaf_copy(t, "name", c->name, sizeof(c->name));
	ret = tunnel_read(t, c, err);
	if (ret == 0 && (v = nb_leaf(t, "psk"))) {
		c->psk = secret_strdup(v);
		if (!c->psk)
			ret = -ENOMEM;
	} else if (ret == 0 && (v = nb_leaf(t, "psk-file"))) {
		c->psk_file = strdup(v);
		ret = c->psk_file ? psk_file_read(v, &c->psk, err, c->name) : -ENOMEM;
	} else if (ret == 0) {
		sb_printf(err, "tunnel %s: no psk or psk-file\n", c->name);
		ret = -EINVAL;
	}
	if (ret < 0) {
		tunnel_conf_free(c);
		return ret;
	}
	*out = c;
	return 0;
}

int nb_tunnel_plan(const struct lyd_node *tree, const struct tunnel_mgr *tm,
		   struct tunnel_plan *plan, struct strbuf *err)
{
	const struct lyd_node *tunnels = nb_top(tree, "tunnels"), *t;
	size_t seen = 0;
	int ret = 0;

	if (tunnels) {
		LY_LIST_FOR(lyd_child(tunnels), t) {
			const struct tunnel *cur;
			struct tunnel_conf *c;
			int r;

			if (!nb_is(t, "tunnel"))
				continue;
			/* Keep going: every broken tunnel is worth reporting. */
			r = nb_tunnel_build(t, &c, err);
			if (r < 0) {
				ret = ret ? ret : r;
				continue;
			}
			cur = tunnel_mgr_find(tm, c->name);
			if (cur)
				seen++;
			if (cur && tunnel_conf_eq(cur->conf, c))
				tunnel_conf_free(c);
			else if ((r = tunnel_plan_add(plan, cur ? TUNNEL_OP_CHANGE : TUNNEL_OP_ADD,
						      c->name, c)) < 0)
				return r;
		}
	}
	if (ret < 0)
		return ret;
	if (seen == tunnel_mgr_count(tm))
		return 0;
	for (size_t i = 0; i < tunnel_mgr_count(tm); i++) {
		const char *name = tunnel_mgr_at(tm, i)->conf->name;
		const struct lyd_node *found = NULL;

		if (tunnels) {
			LY_LIST_FOR(lyd_child(tunnels), t) {
				const char *n = nb_leaf(t, "name");

				if (nb_is(t, "tunnel") && n && strcmp(n, name) == 0)
					found = t;
			}
		}
		if (!found && (ret = tunnel_plan_add(plan, TUNNEL_OP_REMOVE, name, NULL)) < 0)
			return ret;
	}
	return 0;
}
