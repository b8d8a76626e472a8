/*
 * Reading leaves of the validated tree.  The tree passed YANG validation,
 * so a value that does not parse here is our bug or a model change: it is
 * reported, never guessed at.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/nb_impl.h"

bool nb_is(const struct lyd_node *node, const char *name)
{
	return node && node->schema && strcmp(node->schema->name, name) == 0;
}

const struct lyd_node *nb_child(const struct lyd_node *node, const char *name)
{
	const struct lyd_node *c;

	if (!node)
		return NULL;
	LY_LIST_FOR(lyd_child(node), c)
		if (nb_is(c, name))
			return c;
	return NULL;
}

const struct lyd_node *nb_top(const struct lyd_node *tree, const char *name)
{
	const struct lyd_node *c;

	if (!tree)
		return NULL;
	LY_LIST_FOR(lyd_first_sibling(tree), c)
		if (nb_is(c, name))
			return c;
	return NULL;
}

const char *nb_leaf(const struct lyd_node *node, const char *name)
{
	const struct lyd_node *c = nb_child(node, name);

	return c ? lyd_get_value(c) : NULL;
}

int nb_leaf_u32(const struct lyd_node *node, const char *name, uint32_t max, uint32_t dflt,
		uint32_t *out)
{
	const char *v = nb_leaf(node, name);
	unsigned long long x;
	char *end;

	*out = dflt;
	if (!v)
		return 0;
	if (*v < '0' || *v > '9')
		return -EINVAL;
	errno = 0;
	x = strtoull(v, &end, 10);
	if (errno || *end || x > max)
		return -EINVAL;
	*out = (uint32_t)x;
	return 0;
}

bool nb_leaf_bool(const struct lyd_node *node, const char *name, bool dflt)
{
	const char *v = nb_leaf(node, name);

	return v ? strcmp(v, "true") == 0 : dflt;
}

void nb_leaf_copy(const struct lyd_node *node, const char *name, char *buf, size_t len)
{
	const char *v = nb_leaf(node, name);

	snprintf(buf, len, "%s", v ? v : "");
}

int nb_addr_len_parse(const char *s, int family, struct vt_addr *addr, uint8_t *len)
{
	const char *slash = strchr(s, '/');
	char tmp[VT_ADDR_STRLEN];
	unsigned long l;
	char *end;

	if (!slash || (size_t)(slash - s) >= sizeof(tmp) || slash[1] < '0' || slash[1] > '9')
		return -EINVAL;
	memcpy(tmp, s, (size_t)(slash - s));
	tmp[slash - s] = '\0';
	if (vt_addr_parse(tmp, family, addr) < 0)
		return -EINVAL;
	l = strtoul(slash + 1, &end, 10);
	if (*end || l > (addr->family == AF_INET ? 32u : 128u))
		return -EINVAL;
	*len = (uint8_t)l;
	return 0;
}
