/* Small sockaddr helpers for the IKE engine. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "ike/ike_int.h"

const char *ike_addr_str(const struct sockaddr_storage *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];
	const void *src;

	if (a->ss_family == AF_INET)
		src = &((const struct sockaddr_in *)a)->sin_addr;
	else if (a->ss_family == AF_INET6)
		src = &((const struct sockaddr_in6 *)a)->sin6_addr;
	else {
		snprintf(buf, len, "(none)");
		return buf;
	}
	if (!inet_ntop(a->ss_family, src, ip, sizeof(ip)))
		snprintf(ip, sizeof(ip), "?");
	snprintf(buf, len, "%s[%u]", ip, ike_addr_port(a));
	return buf;
}

uint16_t ike_addr_port(const struct sockaddr_storage *a)
{
	if (a->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)a)->sin_port);
	if (a->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)a)->sin6_port);
	return 0;
}

void ike_addr_set_port(struct sockaddr_storage *a, uint16_t port)
{
	if (a->ss_family == AF_INET)
		((struct sockaddr_in *)a)->sin_port = htons(port);
	else if (a->ss_family == AF_INET6)
		((struct sockaddr_in6 *)a)->sin6_port = htons(port);
}

bool ike_addr_equal(const struct sockaddr_storage *a, const struct sockaddr_storage *b,
		    bool with_port)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (with_port && ike_addr_port(a) != ike_addr_port(b))
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	if (a->ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			      &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
	return false;
}
