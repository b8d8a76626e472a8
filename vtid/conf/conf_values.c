/*
 * Names the configuration knows, for tab completion: tunnels, neighbors,
 * prefix lists.
 */
#include <string.h>

#include "vtid/conf/conf_int.h"

#define CONF_VALUES_MAX 256

size_t conf_values(const char *src, const char *const **values, void *tree_arg)
{
	/* The engine reads the array only during the call; the strings
	 * belong to the tree. */
	static const char *vals[CONF_VALUES_MAX];
	const struct lyd_node *tree = tree_arg;
	const char *xpath = NULL;
	struct ly_set *set = NULL;
	size_t n = 0;
	uint32_t i;

	*values = vals;
	if (!tree || !src)
		return 0;
	if (strcmp(src, "tunnel") == 0)
		xpath = "/" CONF_MODULE ":tunnels/tunnel/name";
	else if (strcmp(src, "neighbor") == 0)
		xpath = "/" CONF_MODULE ":bgp/neighbor/address";
	else if (strcmp(src, "prefix-list") == 0)
		xpath = "/" CONF_MODULE ":prefix-lists/prefix-list/name";
	if (!xpath)
		return 0;
	if (lyd_find_xpath(tree, xpath, &set) != LY_SUCCESS) {
		conf_ly_clear(LYD_CTX(tree));
		return 0;
	}
	for (i = 0; i < set->count && n < CONF_VALUES_MAX; i++)
		vals[n++] = lyd_get_value(set->dnodes[i]);
	ly_set_free(set, NULL);
	return n;
}
