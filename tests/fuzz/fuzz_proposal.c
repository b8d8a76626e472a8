/*
 * Proposal strings: the first byte picks IKE or ESP, the rest is the text.
 * Whatever parses must format, re-parse to the same proposal and format to
 * the same text; a short output buffer must fail cleanly.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ike/proposal.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ike_proposal p, again;
	enum ike_proto proto;
	char err[96], out[IKE_PROPOSAL_STR_MAX], out2[IKE_PROPOSAL_STR_MAX];
	char *s;
	size_t cut;

	if (size == 0)
		return 0;
	proto = (data[0] & 1) ? IKE_PROTO_ESP : IKE_PROTO_IKE;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';

	if (ike_proposal_parse(s, proto, &p, err, sizeof(err)) < 0) {
		/* every refusal says why */
		FUZZ_CHECK(err[0] != '\0');
		goto out;
	}
	FUZZ_CHECK(ike_proposal_format(&p, out, sizeof(out)) == 0);
	FUZZ_CHECK(ike_proposal_parse(out, proto, &again, err, sizeof(err)) == 0);
	FUZZ_CHECK(ike_proposal_equal(&p, &again));
	FUZZ_CHECK(ike_proposal_format(&again, out2, sizeof(out2)) == 0);
	FUZZ_CHECK(strcmp(out, out2) == 0);

	/* any shorter buffer is refused and left NUL-terminated */
	cut = (size_t)data[0] % (strlen(out) + 1);
	FUZZ_CHECK(ike_proposal_format(&p, out2, cut) == -ENOSPC);
	FUZZ_CHECK(cut == 0 || strlen(out2) < cut);
out:
	free(s);
	return 0;
}
