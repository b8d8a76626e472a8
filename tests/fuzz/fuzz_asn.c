/*
 * AS numbers as text: whatever parses is a non-zero ASN whose asplain form
 * parses back to it; everything else is refused with -EINVAL or -ERANGE.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/asn.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t asn = 0, back = 0;
	char *s = malloc(size + 1);
	int r;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	r = bgp_asn_parse(s, &asn);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE);
	if (r == 0) {
		char buf[BGP_ASN_STRLEN];

		FUZZ_CHECK(asn != 0);
		FUZZ_CHECK(bgp_asn_format(asn, buf, sizeof(buf)) == 0);
		FUZZ_CHECK(bgp_asn_parse(buf, &back) == 0 && back == asn);
		/* asplain input is already canonical */
		FUZZ_CHECK(strchr(s, '.') || strcmp(s, buf) == 0);
	}
	free(s);
	return 0;
}
