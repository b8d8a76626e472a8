#include "bgp/asn.h"

#include <errno.h>
#include <stdio.h>

/*
 * Digits of s up to the first non-digit, into *val (capped at max + 1 so
 * an overflow stays visible).  Returns the number of digits, or -EINVAL for
 * none or a leading zero followed by more digits.
 */
static int digits_parse(const char *s, uint64_t max, uint64_t *val)
{
	uint64_t v = 0;
	int n = 0;

	while (s[n] >= '0' && s[n] <= '9') {
		if (v <= max)
			v = v * 10 + (uint64_t)(s[n] - '0');
		n++;
	}
	if (n == 0 || (n > 1 && s[0] == '0'))
		return -EINVAL;
	*val = v > max ? max + 1 : v;
	return n;
}

int bgp_asn_parse(const char *s, uint32_t *out)
{
	uint64_t hi, lo;
	int n, m;

	if (!s)
		return -EINVAL;
	n = digits_parse(s, UINT32_MAX, &hi);
	if (n < 0)
		return n;
	if (s[n] == '\0') {
		if (hi > UINT32_MAX)
			return -ERANGE;
		if (hi == 0)
			return -EINVAL;
		*out = (uint32_t)hi;
		return 0;
	}
	if (s[n] != '.')
		return -EINVAL;
	m = digits_parse(s + n + 1, UINT16_MAX, &lo);
	if (m < 0 || s[n + 1 + m] != '\0')
		return -EINVAL;
	if (hi > UINT16_MAX || lo > UINT16_MAX)
		return -ERANGE;
	if (hi == 0 && lo == 0)
		return -EINVAL;
	*out = (uint32_t)(hi << 16 | lo);
	return 0;
}

int bgp_asn_format(uint32_t asn, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%u", (unsigned)asn);

	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	return 0;
}

bool bgp_asn_is_private(uint32_t asn)
{
	return (asn >= 64512 && asn <= 65534) || (asn >= 4200000000u && asn <= 4294967294u);
}

bool bgp_asn_is_reserved(uint32_t asn)
{
	return asn == 0 || asn == BGP_AS_TRANS || asn == 65535 || asn == UINT32_MAX;
}
