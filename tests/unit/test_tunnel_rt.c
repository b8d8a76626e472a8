/*
 * A configured tunnel turned into the IKE engine's and the dataplane's
 * settings: every field carried over, the proposal defaults when none are
 * configured, a bad proposal refused by name, and the MSS modes.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "common/secret.h"
#include "tests/unit/check_main.h"
#include "vtid/ipsec.h"
#include "vtid/tunnel_mgr.h"

static struct tunnel *tunnel_make(void)
{
	static struct tunnel t;
	struct tunnel_conf *c = tunnel_conf_new();

	ck_assert_ptr_nonnull(c);
	snprintf(c->name, sizeof(c->name), "aws1");
	snprintf(c->ifname, sizeof(c->ifname), "vti1");
	ck_assert_int_eq(vt_addr_parse("10.16.1.254", AF_INET, &c->local_addr), 0);
	ck_assert_int_eq(vt_addr_parse("35.98.76.54", AF_INET, &c->remote_addr), 0);
	snprintf(c->local_id, sizeof(c->local_id), "18.123.45.67");
	c->psk = secret_strdup("Example.Tunnel1.Key");
	ck_assert_int_eq(vt_addr_parse("169.254.12.38", AF_INET, &c->inside_local), 0);
	ck_assert_int_eq(vt_addr_parse("169.254.12.37", AF_INET, &c->inside_peer), 0);
	c->inside_len = 30;
	c->has_inside = true;
	memset(&t, 0, sizeof(t));
	t.conf = c;
	t.key = 100;
	return &t;
}

static uint16_t port_of(const struct sockaddr_storage *ss)
{
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

START_TEST(ike_conf_fields)
{
	struct tunnel *t = tunnel_make();
	struct ike_tunnel_conf ic;
	struct strbuf err = STRBUF_INIT;
	char buf[INET_ADDRSTRLEN];

	t->conf->dpd_action = TUNNEL_DPD_CLEAR;
	t->conf->startup = TUNNEL_STARTUP_ADD;
	t->conf->encap = TUNNEL_ENCAP_FORCE;
	ck_assert_int_eq(tunnel_rt_ike_conf(t, &ic, &err), 0);
	ck_assert_str_eq(ic.name, "aws1");
	ck_assert_int_eq(ic.local.ss_family, AF_INET);
	inet_ntop(AF_INET, &((struct sockaddr_in *)&ic.remote)->sin_addr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "35.98.76.54");
	ck_assert_uint_eq(port_of(&ic.local), 500);
	ck_assert_str_eq(ic.local_id, "18.123.45.67");
	ck_assert_str_eq(ic.remote_id, "");
	ck_assert_uint_eq(ic.psk_len, strlen("Example.Tunnel1.Key"));
	ck_assert_mem_eq(ic.psk, "Example.Tunnel1.Key", ic.psk_len);
	ck_assert_uint_eq(ic.ike_lifetime, 28800);
	ck_assert_uint_eq(ic.esp_lifetime, 3600);
	ck_assert_uint_eq(ic.rekey_margin, 540);
	ck_assert_uint_eq(ic.dpd_delay, 10);
	ck_assert_uint_eq(ic.dpd_timeout, 30);
	ck_assert_int_eq(ic.dpd_action, IKE_DPD_CLEAR);
	ck_assert(!ic.initiate);
	ck_assert(ic.force_encap);
	ck_assert_uint_eq(ic.replay_window, 1024);
	/* traffic selectors: 0.0.0.0/0 both ways unless configured */
	ck_assert_int_eq(ic.ts_local.family, AF_INET);
	ck_assert_uint_eq(ic.ts_local.plen, 0);
	ck_assert_int_eq(ic.ts_remote.family, AF_INET);
	ck_assert_uint_eq(ic.ts_remote.plen, 0);
	ck_assert_int_eq(vt_prefix_parse("10.16.16.0/24", AF_INET, VT_PREFIX_NEED_LEN,
					 &t->conf->ts_local), 0);
	ck_assert_int_eq(vt_prefix_parse("10.0.0.0/16", AF_INET, VT_PREFIX_NEED_LEN,
					 &t->conf->ts_remote), 0);
	ck_assert_int_eq(tunnel_rt_ike_conf(t, &ic, &err), 0);
	ck_assert_uint_eq(ic.ts_local.plen, 24);
	ck_assert_mem_eq(ic.ts_local.addr, "\x0a\x10\x10\x00", 4);
	ck_assert_uint_eq(ic.ts_remote.plen, 16);
	ck_assert_mem_eq(ic.ts_remote.addr, "\x0a\x00\x00\x00", 4);
	/* no proposals configured: the documented defaults, IKE and ESP */
	ck_assert_uint_eq(ic.n_ike, 2);
	ck_assert_uint_eq(ic.n_esp, 2);
	ck_assert_int_eq(ic.ike[0].proto, IKE_PROTO_IKE);
	ck_assert_int_eq(ic.esp[0].proto, IKE_PROTO_ESP);
	sb_free(&err);
	tunnel_conf_free(t->conf);
}
END_TEST

START_TEST(ike_conf_proposals)
{
	struct tunnel *t = tunnel_make();
	struct ike_tunnel_conf ic;
	struct strbuf err = STRBUF_INIT;
	char fmt[IKE_PROPOSAL_STR_MAX];

	ck_assert_int_eq(tunnel_strlist_add(&t->conf->ike_proposals, "aes128-sha1-modp1024"), 0);
	ck_assert_int_eq(tunnel_strlist_add(&t->conf->ike_proposals,
					    "aes256gcm16-prfsha384-ecp384"), 0);
	ck_assert_int_eq(tunnel_strlist_add(&t->conf->esp_proposals, "aes128gcm16"), 0);
	ck_assert_int_eq(tunnel_rt_ike_conf(t, &ic, &err), 0);
	ck_assert_uint_eq(ic.n_ike, 2);
	ck_assert_int_eq(ike_proposal_format(&ic.ike[0], fmt, sizeof(fmt)), 0);
	ck_assert_str_eq(fmt, "aes128-sha1-modp1024");
	ck_assert_int_eq(ike_proposal_format(&ic.ike[1], fmt, sizeof(fmt)), 0);
	ck_assert_str_eq(fmt, "aes256gcm16-prfsha384-ecp384");
	ck_assert_uint_eq(ic.n_esp, 1);
	ck_assert_int_eq(ike_proposal_format(&ic.esp[0], fmt, sizeof(fmt)), 0);
	ck_assert_str_eq(fmt, "aes128gcm16");

	/* a proposal the config checks would refuse still gets a named error */
	ck_assert_int_eq(tunnel_strlist_add(&t->conf->esp_proposals, "aes128-bogus"), 0);
	ck_assert_int_lt(tunnel_rt_ike_conf(t, &ic, &err), 0);
	ck_assert_msg(strstr(sb_str(&err), "aes128-bogus") != NULL, "error: %s", sb_str(&err));
	sb_free(&err);
	tunnel_conf_free(t->conf);
}
END_TEST

START_TEST(dp_conf_fields)
{
	struct tunnel *t = tunnel_make();
	struct dp_tunnel_conf dc;
	char buf[INET_ADDRSTRLEN];

	tunnel_rt_dp_conf(t, &dc);
	ck_assert_str_eq(dc.tun.name, "vti1");
	ck_assert(dc.tun.has_addr4);
	inet_ntop(AF_INET, &dc.tun.addr4, buf, sizeof(buf));
	ck_assert_str_eq(buf, "169.254.12.38");
	inet_ntop(AF_INET, &dc.tun.peer4, buf, sizeof(buf));
	ck_assert_str_eq(buf, "169.254.12.37");
	ck_assert_uint_eq(dc.tun.prefixlen4, 30);
	ck_assert(!dc.tun.has_addr6);
	ck_assert_uint_eq(dc.key, 100);
	ck_assert_uint_eq(dc.mss, DP_MSS_AUTO);
	t->conf->mss_mode = TUNNEL_MSS_OFF;
	tunnel_rt_dp_conf(t, &dc);
	ck_assert_uint_eq(dc.mss, 0);
	t->conf->mss_mode = TUNNEL_MSS_FIXED;
	t->conf->mss = 1379;
	t->conf->mtu = 1436;
	tunnel_rt_dp_conf(t, &dc);
	ck_assert_uint_eq(dc.mss, 1379);
	ck_assert_uint_eq(dc.tun.mtu, 1436);
	tunnel_conf_free(t->conf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tunnel_rt");
	TCase *tc = tcase_create("conf");

	tcase_add_test(tc, ike_conf_fields);
	tcase_add_test(tc, ike_conf_proposals);
	tcase_add_test(tc, dp_conf_fields);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
