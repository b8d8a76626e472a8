/*
 * Proposal selection in both roles, as a table of {ours, peer's, expected}.
 * Peer proposals are written in the proposal language, or, after '!', as
 * raw transforms "type:id[/keylen]" (keywords allowed too, nothing implied)
 * so that malformed and unknown offers can be expressed.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike/proposal_match.h"
#include "tests/unit/check_main.h"

#define IKE IKE_PROTO_IKE
#define ESP IKE_PROTO_ESP

enum role { SEL, REPLY };

struct row {
	enum role role;
	enum ike_proto proto;
	bool pfs;
	uint16_t ke;
	const char *ours; /* ',' between proposals */
	const char *peer; /* ',' between proposals */
	uint8_t peer_num; /* REPLY: number of the reply's proposal, 0 = 1 */
	int rc;
	const char *want; /* rc 0: chosen, canonical; else a substring of why */
	uint8_t num;	  /* rc 0: the chosen proposal's number */
};

static const uint8_t spi4[4] = {0xde, 0xad, 0xbe, 0xef};

static const struct row rows[] = {
	/* AWS legacy default and the modern suites */
	{SEL, IKE, 0, 0, "aes128-sha1-modp1024", "aes128-sha1-modp1024", 0, 0,
	 "aes128-sha1-modp1024", 1},
	{SEL, IKE, 0, 0, "aes256gcm16-prfsha384-ecp384", "aes256gcm16-prfsha384-ecp384", 0, 0,
	 "aes256gcm16-prfsha384-ecp384", 1},
	{SEL, IKE, 0, 0, "aes256gcm16-prfsha384-ecp384", "aes128-sha1-modp1024", 0, -ENOENT,
	 "no proposal: peer offers aes128-sha1-modp1024; we accept aes256gcm16-prfsha384-ecp384",
	 0},
	/* the peer's order decides, within a proposal and between them */
	{SEL, IKE, 0, 0, "aes128-aes256-sha256-modp2048", "aes256-aes128-sha256-modp2048", 0, 0,
	 "aes256-sha256-modp2048", 1},
	{SEL, IKE, 0, 0, "aes128-sha1-modp1024,aes256gcm16-prfsha384-ecp384",
	 "aes256gcm16-prfsha384-ecp384,aes128-sha1-modp1024", 0, 0, "aes256gcm16-prfsha384-ecp384",
	 1},
	{SEL, IKE, 0, 0, "aes128-sha256-modp2048", "aes256-sha256-modp2048,aes128-sha256-modp2048",
	 0, 0, "aes128-sha256-modp2048", 2},
	{SEL, ESP, 0, 0, "aes128-sha1-sha256", "aes128-sha256-sha1", 0, 0, "aes128-sha256", 1},
	/* key lengths match exactly, absent included */
	{SEL, IKE, 0, 0, "aes256-sha256-modp2048", "aes128-sha256-modp2048", 0, -ENOENT,
	 "peer offers aes128-sha256-modp2048; we accept aes256-sha256-modp2048", 0},
	{SEL, IKE, 0, 0, "aes128gcm16-prfsha256-ecp256", "aes256gcm16-prfsha256-ecp256", 0, -ENOENT,
	 "no proposal", 0},
	{SEL, IKE, 0, 0, "aes128-sha1-modp1024", "!1:12-2:2-3:2-4:2", 0, -ENOENT,
	 "peer offers encr1:12-prfsha1-sha1-modp1024", 0},
	{SEL, IKE, 0, 0, "aes128-sha1-modp1024", "!1:12/128-2:2-3:2-4:2", 0, 0,
	 "aes128-sha1-modp1024", 1},
	/* transform types the protocol needs */
	{SEL, IKE, 0, 0, "aes128-sha1-modp1024", "!1:12/128-2:2-3:2", 0, -ENOENT,
	 "(1 refused: no DH group)", 0},
	{SEL, IKE, 0, 0, "aes128-sha1-modp1024", "!1:12/128-3:2-4:2", 0, -ENOENT,
	 "(1 refused: no PRF)", 0},
	{SEL, IKE, 0, 0, "aes128-sha1-modp1024", "!1:12/128-2:2-4:2", 0, -ENOENT, "no proposal", 0},
	{SEL, ESP, 0, 0, "aes128-sha256", "!1:12/128-3:12", 0, -ENOENT,
	 "(1 refused: no ESN transform)", 0},
	{SEL, ESP, 0, 0, "aes128-sha256", "!1:12/128-2:2-3:12-5:0", 0, -ENOENT,
	 "PRF in an ESP proposal", 0},
	/* AEAD: no integrity, or NONE, never a real one */
	{SEL, IKE, 0, 0, "aes256gcm16-prfsha384-ecp384", "!1:20/256-2:6-4:20", 0, 0,
	 "aes256gcm16-prfsha384-ecp384", 1},
	{SEL, IKE, 0, 0, "aes256gcm16-prfsha384-ecp384", "!1:20/256-2:6-3:0-4:20", 0, 0,
	 "aes256gcm16-prfsha384-ecp384", 1},
	{SEL, IKE, 0, 0, "aes256gcm16-prfsha384-ecp384", "!1:20/256-2:6-3:2-4:20", 0, -ENOENT,
	 "no proposal", 0},
	/* unknown transform types make a proposal unacceptable (§3.3.6) */
	{SEL, IKE, 0, 0, "aes128-sha1-modp1024", "!1:12/128-2:2-3:2-4:2-9:1", 0, -ENOENT,
	 "unknown transform type", 0},
	{SEL, IKE, 0, 0, "aes128-sha1-modp1024", "!1:12/128-2:2-3:2-4:2-9:1,aes128-sha1-modp1024",
	 0, 0, "aes128-sha1-modp1024", 2},
	/* unknown algorithm IDs of known types are just not chosen */
	{SEL, IKE, 0, 0, "aes128-sha1-modp1024", "!1:99-1:12/128-2:2-3:2-4:99-4:2", 0, 0,
	 "aes128-sha1-modp1024", 1},
	/* the KE group already sent wins when both sides allow it */
	{SEL, IKE, 0, IKE_DH_ECP256, "aes128-sha256-modp2048-ecp256",
	 "aes128-sha256-modp2048-ecp256", 0, 0, "aes128-sha256-ecp256", 1},
	{SEL, IKE, 0, IKE_DH_ECP384, "aes128-sha256-modp2048", "aes128-sha256-ecp384-modp2048", 0,
	 0, "aes128-sha256-modp2048", 1},
	/* ESP in IKE_AUTH: DH ignored both ways */
	{SEL, ESP, 0, 0, "aes128-sha1-modp1024", "aes128-sha1", 0, 0, "aes128-sha1", 1},
	{SEL, ESP, 0, 0, "aes128gcm16", "aes128gcm16-ecp256", 0, 0, "aes128gcm16", 1},
	/* ESP in CREATE_CHILD_SA: PFS must agree */
	{SEL, ESP, 1, 0, "aes128-sha1-modp1024", "aes128-sha1-modp1024", 0, 0,
	 "aes128-sha1-modp1024", 1},
	{SEL, ESP, 1, 0, "aes128-sha1-modp1024", "aes128-sha1", 0, -ENOENT,
	 "peer offers aes128-sha1; we accept aes128-sha1-modp1024", 0},
	{SEL, ESP, 1, 0, "aes256gcm16-ecp384", "aes256gcm16-modp2048", 0, -ENOENT, "no proposal",
	 0},
	{SEL, ESP, 1, 0, "aes256gcm16", "aes256gcm16-ecp384", 0, -ENOENT, "no proposal", 0},
	{SEL, ESP, 1, 0, "aes256gcm16", "!1:20/256-4:19-4:0-5:0", 0, 0, "aes256gcm16", 1},
	/* ESN */
	{SEL, ESP, 0, 0, "aes128-sha256-esn", "aes128-sha256", 0, -ENOENT,
	 "peer offers aes128-sha256; we accept aes128-sha256-esn", 0},
	{SEL, ESP, 0, 0, "aes128-sha256-esn", "aes128-sha256-esn-noesn", 0, 0, "aes128-sha256-esn",
	 1},
	{SEL, ESP, 0, 0, "aes128-sha256-noesn-esn", "aes128-sha256-esn-noesn", 0, 0,
	 "aes128-sha256-esn", 1},

	/* the reason lists every proposal of both sides */
	{SEL, IKE, 0, 0, "aes256gcm16-prfsha384-ecp384,aes256-sha256-modp2048",
	 "aes128-sha1-modp1024,aes128-sha1-modp1536", 0, -ENOENT,
	 "no proposal: peer offers aes128-sha1-modp1024, aes128-sha1-modp1536; we accept "
	 "aes256gcm16-prfsha384-ecp384, aes256-sha256-modp2048",
	 0},

	/* initiator: the responder's answer */
	{REPLY, IKE, 0, 0, "aes128-sha1-modp1024", "aes128-sha1-modp1024", 0, 0,
	 "aes128-sha1-modp1024", 1},
	{REPLY, IKE, 0, 0, "aes256gcm16-prfsha384-ecp384,aes128-sha1-modp1024",
	 "aes128-sha1-modp1024", 2, 0, "aes128-sha1-modp1024", 2},
	{REPLY, IKE, 0, 0, "aes256gcm16-prfsha384-ecp384,aes128-sha1-modp1024",
	 "aes128-sha1-modp1024", 1, -EBADMSG,
	 "bad reply proposal 1: not what we offered: peer chose aes128-sha1-modp1024; we offered "
	 "aes256gcm16-prfsha384-ecp384",
	 0},
	{REPLY, IKE, 0, 0, "aes256gcm16-prfsha384-ecp384,aes128-sha1-modp1024",
	 "aes128-sha1-modp1024", 3, -EBADMSG, "we offered 1..2", 0},
	{REPLY, IKE, 0, 0, "aes128-sha1-modp1024", "aes128-sha1-modp1024,aes128-sha1-modp1024", 0,
	 -EBADMSG, "reply holds 2 proposals", 0},
	{REPLY, IKE, 0, 0, "aes256-aes128-sha256-modp2048", "aes256-aes128-sha256-modp2048", 0,
	 -EBADMSG, "more than one encr", 0},
	{REPLY, IKE, 0, 0, "aes256-aes128-sha256-sha1-modp2048-ecp256", "aes128-sha1-ecp256", 0, 0,
	 "aes128-sha1-ecp256", 1},
	{REPLY, IKE, 0, 0, "aes256-sha256-modp2048", "aes128-sha256-modp2048", 0, -EBADMSG,
	 "not what we offered", 0},
	{REPLY, IKE, 0, 0, "aes128-sha1-modp1024", "!1:12/128-2:2-3:2-4:2-9:1", 0, -EBADMSG,
	 "unknown transform type 9", 0},
	{REPLY, IKE, 0, 0, "aes128-sha1-modp1024", "!1:12/128-2:2-3:2", 0, -EBADMSG, "no DH group",
	 0},
	{REPLY, ESP, 1, 0, "aes128-sha1-modp1024", "aes128-sha1-modp1024", 0, 0,
	 "aes128-sha1-modp1024", 1},
	{REPLY, ESP, 1, 0, "aes128-sha1-modp1024", "aes128-sha1", 0, -EBADMSG,
	 "not what we offered", 0},
	{REPLY, ESP, 0, 0, "aes256gcm16-ecp384", "aes256gcm16", 0, 0, "aes256gcm16", 1},
	{REPLY, ESP, 0, 0, "aes128-sha256", "aes128-sha256-esn", 0, -EBADMSG, "not what we offered",
	 0},
	{REPLY, ESP, 0, 0, "aes128gcm16", "!1:20/128-3:0-5:0", 0, 0, "aes128gcm16", 1},
};

/* One transform word of a raw ('!') proposal. */
static void raw_add(struct ike_msg_proposal *mp, const char *w)
{
	struct ike_msg_transform *xf = &mp->xf[mp->n_xf++];
	const struct ike_keyword *k = ike_keyword_find(w);
	unsigned type, id, kl = 0;

	ck_assert_uint_le(mp->n_xf, IKE_MSG_MAX_TRANSFORMS);
	memset(xf, 0, sizeof(*xf));
	if (k) {
		xf->type = (uint8_t)k->type;
		xf->id = k->id;
		xf->keylen = k->keylen;
		return;
	}
	ck_assert_msg(sscanf(w, "%u:%u/%u", &type, &id, &kl) >= 2, "bad raw word %s", w);
	xf->type = (uint8_t)type;
	xf->id = (uint16_t)id;
	xf->keylen = (uint16_t)kl;
}

static void peer_add(struct ike_msg_sa *sa, enum ike_proto proto, const char *s, size_t n)
{
	struct ike_msg_proposal *mp = &sa->prop[sa->n_prop];
	struct ike_bytes spi = {proto == ESP ? spi4 : NULL, proto == ESP ? sizeof(spi4) : 0};
	char buf[256];

	ck_assert_uint_lt(n, sizeof(buf));
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (buf[0] == '!') {
		char *save = NULL;

		memset(mp, 0, sizeof(*mp));
		mp->proto = (uint8_t)proto;
		mp->spi = spi;
		for (char *w = strtok_r(buf + 1, "-", &save); w; w = strtok_r(NULL, "-", &save))
			raw_add(mp, w);
	} else {
		struct ike_proposal p;
		char err[128];

		ck_assert_msg(ike_proposal_parse(buf, proto, &p, err, sizeof(err)) == 0, "%s: %s",
			      buf, err);
		ck_assert_int_eq(ike_msg_proposal_from(&p, 0, spi, mp), 0);
	}
	sa->n_prop++;
	mp->num = (uint8_t)sa->n_prop;
}

static void sa_build(struct ike_msg_sa *sa, enum ike_proto proto, const char *list)
{
	memset(sa, 0, sizeof(*sa));
	while (*list) {
		size_t n = strcspn(list, ",");

		ck_assert_uint_lt(sa->n_prop, IKE_MSG_MAX_PROPOSALS);
		peer_add(sa, proto, list, n);
		list += n + (list[n] == ',');
	}
}

#define OURS_MAX 4

static unsigned ours_build(struct ike_proposal *ours, enum ike_proto proto, const char *list)
{
	unsigned n_ours = 0;
	char buf[256], err[128];

	while (*list) {
		size_t len = strcspn(list, ",");

		ck_assert_uint_lt(n_ours, OURS_MAX);
		ck_assert_uint_lt(len, sizeof(buf));
		memcpy(buf, list, len);
		buf[len] = '\0';
		ck_assert_msg(ike_proposal_parse(buf, proto, &ours[n_ours], err, sizeof(err)) == 0,
			      "%s: %s", buf, err);
		n_ours++;
		list += len + (list[len] == ',');
	}
	return n_ours;
}

START_TEST(test_table)
{
	const struct row *r = &rows[_i];
	struct ike_proposal ours[OURS_MAX];
	struct ike_msg_sa *sa = malloc(sizeof(*sa));
	struct ike_proposal_ctx ctx = {.proto = r->proto, .pfs = r->pfs, .ke_group = r->ke};
	struct ike_proposal_choice c;
	char why[512];
	unsigned n_ours;
	int rc;

	ck_assert_ptr_nonnull(sa);
	n_ours = ours_build(ours, r->proto, r->ours);
	sa_build(sa, r->proto, r->peer);
	if (r->role == REPLY && r->peer_num)
		sa->prop[0].num = r->peer_num;
	memset(&c, 0xa5, sizeof(c));
	if (r->role == SEL)
		rc = ike_proposal_select(ours, n_ours, sa, &ctx, &c, why, sizeof(why));
	else
		rc = ike_proposal_check_reply(ours, n_ours, sa, &ctx, &c, why, sizeof(why));
	ck_assert_msg(rc == r->rc, "row %d: rc %d, want %d (%s)", _i, rc, r->rc, why);
	if (rc == 0) {
		char got[IKE_PROPOSAL_STR_MAX];

		ck_assert_int_eq(ike_proposal_format(&c.prop, got, sizeof(got)), 0);
		ck_assert_msg(strcmp(got, r->want) == 0, "row %d: chose %s, want %s", _i, got,
			      r->want);
		ck_assert_uint_eq(c.num, r->num);
		ck_assert_uint_le(c.prop.n_encr + c.prop.n_prf + c.prop.n_integ + c.prop.n_dh +
					  c.prop.n_esn,
				  5);
		ck_assert_uint_eq(c.prop.n_encr, 1);
		ck_assert_ptr_eq(c.spi.ptr, sa->prop[c.num - 1].spi.ptr);
	} else {
		ck_assert_msg(strstr(why, r->want), "row %d: why '%s' lacks '%s'", _i, why,
			      r->want);
	}
	free(sa);
}
END_TEST

START_TEST(test_spi_kept)
{
	struct ike_proposal ours;
	struct ike_msg_sa sa;
	struct ike_proposal_ctx ctx = {.proto = ESP};
	struct ike_proposal_choice c;

	ours_build(&ours, ESP, "aes128gcm16");
	sa_build(&sa, ESP, "aes256gcm16,aes128gcm16");
	ck_assert_int_eq(ike_proposal_select(&ours, 1, &sa, &ctx, &c, NULL, 0), 0);
	ck_assert_uint_eq(c.num, 2);
	ck_assert_uint_eq(c.spi.len, 4);
	ck_assert_mem_eq(c.spi.ptr, spi4, 4);
	ck_assert_uint_eq(c.prop.n_dh, 0);
	ck_assert_uint_eq(c.prop.n_esn, 1);
	ck_assert_uint_eq(c.prop.esn[0], IKE_ESN_NONE);
}
END_TEST

/* A proposal of ours built by hand without ESN means noesn only. */
START_TEST(test_ours_without_esn)
{
	struct ike_proposal ours;
	struct ike_msg_sa sa;
	struct ike_proposal_ctx ctx = {.proto = ESP};
	struct ike_proposal_choice c;

	ours_build(&ours, ESP, "aes128-sha256");
	ours.n_esn = 0;
	sa_build(&sa, ESP, "aes128-sha256-esn");
	ck_assert_int_eq(ike_proposal_select(&ours, 1, &sa, &ctx, &c, NULL, 0), -ENOENT);
	sa_build(&sa, ESP, "aes128-sha256-esn-noesn");
	ck_assert_int_eq(ike_proposal_select(&ours, 1, &sa, &ctx, &c, NULL, 0), 0);
	ck_assert_uint_eq(c.prop.n_esn, 1);
	ck_assert_uint_eq(c.prop.esn[0], IKE_ESN_NONE);
}
END_TEST

START_TEST(test_other_protocol)
{
	struct ike_proposal ours;
	struct ike_msg_sa sa;
	struct ike_proposal_ctx ctx = {.proto = ESP};
	struct ike_proposal_choice c;
	char why[256];

	ours_build(&ours, ESP, "aes128-sha1");
	sa_build(&sa, ESP, "aes128-sha1");
	sa.prop[0].proto = 2; /* AH */
	ck_assert_int_eq(ike_proposal_select(&ours, 1, &sa, &ctx, &c, why, sizeof(why)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(why, "other protocol"));
	ck_assert_int_eq(ike_proposal_check_reply(&ours, 1, &sa, &ctx, &c, why, sizeof(why)),
			 -EBADMSG);
	ck_assert_ptr_nonnull(strstr(why, "other protocol"));
}
END_TEST

START_TEST(test_no_ours)
{
	struct ike_proposal ours;
	struct ike_msg_sa sa;
	struct ike_proposal_ctx ctx = {.proto = IKE};
	struct ike_proposal_choice c;

	sa_build(&sa, IKE, "aes128-sha1-modp1024");
	ck_assert_int_eq(ike_proposal_select(&ours, 0, &sa, &ctx, &c, NULL, 0), -EINVAL);
	ck_assert_int_eq(ike_proposal_check_reply(&ours, 0, &sa, &ctx, &c, NULL, 0), -EINVAL);
}
END_TEST

/* A short buffer truncates the reason, still terminated. */
START_TEST(test_why_truncated)
{
	struct ike_proposal ours;
	struct ike_msg_sa sa;
	struct ike_proposal_ctx ctx = {.proto = IKE};
	struct ike_proposal_choice c;
	char why[16];

	memset(why, 'x', sizeof(why));
	ours_build(&ours, IKE, "aes256gcm16-prfsha384-ecp384");
	sa_build(&sa, IKE, "aes128-sha1-modp1024");
	ck_assert_int_eq(ike_proposal_select(&ours, 1, &sa, &ctx, &c, why, sizeof(why)), -ENOENT);
	ck_assert_str_eq(why, "no proposal: pe");
}
END_TEST

START_TEST(test_ke_check)
{
	struct ike_proposal ours;
	struct ike_msg_sa sa;
	struct ike_proposal_ctx ctx = {.proto = IKE, .ke_group = IKE_DH_MODP2048};
	struct ike_proposal_choice c;
	uint16_t want = 0;

	/* the peer sent modp2048 but its proposal only allows what we take as ecp384 */
	ours_build(&ours, IKE, "aes256gcm16-prfsha384-ecp384");
	sa_build(&sa, IKE, "aes256gcm16-prfsha384-ecp384-modp2048");
	ck_assert_int_eq(ike_proposal_select(&ours, 1, &sa, &ctx, &c, NULL, 0), 0);
	ck_assert_int_eq(ike_proposal_ke_check(&c, IKE_DH_MODP2048, &want), -EAGAIN);
	ck_assert_uint_eq(want, IKE_DH_ECP384);
	ck_assert_int_eq(ike_proposal_ke_check(&c, IKE_DH_ECP384, &want), 0);

	/* no DH chosen (CHILD_SA of IKE_AUTH): nothing to check */
	c.prop.n_dh = 0;
	want = 0;
	ck_assert_int_eq(ike_proposal_ke_check(&c, IKE_DH_MODP2048, &want), 0);
	ck_assert_uint_eq(want, 0);
}
END_TEST

static Suite *proposal_match_suite(void)
{
	Suite *s = suite_create("proposal_match");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_table, 0, (int)(sizeof(rows) / sizeof(rows[0])));
	tcase_add_test(tc, test_spi_kept);
	tcase_add_test(tc, test_ours_without_esn);
	tcase_add_test(tc, test_other_protocol);
	tcase_add_test(tc, test_no_ours);
	tcase_add_test(tc, test_why_truncated);
	tcase_add_test(tc, test_ke_check);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(proposal_match_suite());
}
