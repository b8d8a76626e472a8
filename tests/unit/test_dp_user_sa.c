/*
 * The user dataplane's SA table, limits, counters and IKE queue, and the
 * interface's dispatch: everything that needs neither root nor a device.
 */
#include <check.h>
#include <errno.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "common/evloop.h"
#include "common/strbuf.h"
#include "tests/unit/check_main.h"
#include "vtid/dp/user_int.h"

static const uint8_t key_gcm[20] = {1,	2,  3,	4,  5,	6,  7,	  8,	9,    10,
				    11, 12, 13, 14, 15, 16, 0xca, 0xfe, 0xba, 0xbe};

static struct dp_sa_conf conf_gcm(uint32_t spi, bool inbound)
{
	struct dp_sa_conf c;
	struct sockaddr_in *sin = (struct sockaddr_in *)&c.remote;

	memset(&c, 0, sizeof(c));
	c.spi = spi;
	c.inbound = inbound;
	c.encr = 20;
	c.encr_keylen = 128;
	c.encr_key = key_gcm;
	c.encr_key_len = sizeof(key_gcm);
	c.encap = true;
	sin->sin_family = AF_INET;
	sin->sin_port = htons(4500);
	inet_pton(AF_INET, "192.0.2.1", &sin->sin_addr);
	return c;
}

START_TEST(t_sa_new_checks)
{
	struct strbuf err = STRBUF_INIT;
	struct dp_sa_conf c = conf_gcm(0x1234, true);
	struct user_sa *sa;

	ck_assert_int_eq(user_sa_new(&c, "vti1", &sa, &err), 0);
	ck_assert_uint_eq(sa->esp.spi, 0x1234);
	ck_assert_uint_eq(sa->esp.replay.size, 1024); /* the default window */
	ck_assert(sa->inbound);
	user_sa_free(sa);

	c.encap = false;
	ck_assert_int_eq(user_sa_new(&c, "vti1", &sa, &err), -EINVAL);
	ck_assert_ptr_null(sa);
	ck_assert_ptr_nonnull(strstr(sb_str(&err), "tunnel vti1: inbound SA 00001234"));

	c = conf_gcm(0x1234, false);
	c.remote.ss_family = AF_UNSPEC;
	ck_assert_int_eq(user_sa_new(&c, "vti1", &sa, NULL), -EINVAL);
	c = conf_gcm(0, true); /* reserved SPI */
	ck_assert_int_eq(user_sa_new(&c, "vti1", &sa, NULL), -EINVAL);
	c = conf_gcm(7, true);
	c.encr_key_len = 16; /* no salt */
	ck_assert_int_eq(user_sa_new(&c, "vti1", &sa, NULL), -EINVAL);
	c = conf_gcm(7, true);
	c.replay_window = 8192;
	ck_assert_int_eq(user_sa_new(&c, "vti1", &sa, NULL), -EINVAL);
	sb_free(&err);
}
END_TEST

START_TEST(t_table)
{
	struct user_sa_table tb;
	struct user_sa *sa[600], *dup;
	struct dp_sa_conf c;
	unsigned i;

	memset(&tb, 0, sizeof(tb));
	for (i = 0; i < 600; i++) {
		/* both spread and colliding SPIs: i * 256 lands in one bucket */
		c = conf_gcm(i < 300 ? 0x10000 + i : (i + 1) * 256u, true);
		ck_assert_int_eq(user_sa_new(&c, "vti1", &sa[i], NULL), 0);
		ck_assert_int_eq(user_sa_table_insert(&tb, sa[i]), 0);
	}
	c = conf_gcm(0x10005, true);
	ck_assert_int_eq(user_sa_new(&c, "vti1", &dup, NULL), 0);
	ck_assert_int_eq(user_sa_table_insert(&tb, dup), -EEXIST);
	user_sa_free(dup);
	for (i = 0; i < 600; i++)
		ck_assert_ptr_eq(user_sa_table_find(&tb, sa[i]->esp.spi), sa[i]);
	ck_assert_ptr_null(user_sa_table_find(&tb, 0x9999999));
	for (i = 0; i < 600; i += 2)
		user_sa_table_remove(&tb, sa[i]);
	for (i = 0; i < 600; i++)
		ck_assert_ptr_eq(user_sa_table_find(&tb, sa[i]->esp.spi), i % 2 ? sa[i] : NULL);
	for (i = 0; i < 600; i++)
		user_sa_free(sa[i]);
}
END_TEST

START_TEST(t_limits)
{
	struct dp_sa_conf c = conf_gcm(0x42, true);
	struct user_sa *sa;

	c.soft_packets = 3;
	c.hard_packets = 5;
	c.soft_bytes = 1000;
	ck_assert_int_eq(user_sa_new(&c, "vti1", &sa, NULL), 0);
	ck_assert(!user_sa_limit_reached(sa, false));
	ck_assert(!user_sa_limit_note(sa));
	sa->esp.stats.packets_in = 2;
	sa->esp.stats.bytes_in = 999;
	ck_assert(!user_sa_limit_reached(sa, false));
	ck_assert(!user_sa_limit_note(sa));
	sa->esp.stats.bytes_in = 1000; /* bytes first */
	ck_assert(user_sa_limit_reached(sa, false));
	ck_assert(!user_sa_limit_reached(sa, true));
	ck_assert(user_sa_limit_note(sa));
	ck_assert(!user_sa_limit_note(sa)); /* once */
	sa->esp.stats.packets_in = 5;
	ck_assert(user_sa_limit_reached(sa, true));
	ck_assert(user_sa_limit_note(sa));
	ck_assert(!user_sa_limit_note(sa));
	/* outbound counts the other direction */
	sa->inbound = false;
	ck_assert(!user_sa_limit_reached(sa, false));
	sa->esp.stats.packets_out = 3;
	ck_assert(user_sa_limit_reached(sa, false));
	user_sa_free(sa);

	/* no limits: never */
	c = conf_gcm(0x43, true);
	ck_assert_int_eq(user_sa_new(&c, "vti1", &sa, NULL), 0);
	sa->esp.stats.packets_in = UINT64_MAX;
	sa->esp.stats.bytes_in = UINT64_MAX;
	ck_assert(!user_sa_limit_reached(sa, false));
	ck_assert(!user_sa_limit_reached(sa, true));
	user_sa_free(sa);
}
END_TEST

START_TEST(t_stats)
{
	struct dp_sa_conf c = conf_gcm(0x44, false);
	uint64_t drops[USER_DROP__COUNT] = {0};
	struct dp_sa_stats s, acc = {0};
	struct user_sa *sa;

	ck_assert_int_eq(user_sa_new(&c, "vti1", &sa, NULL), 0);
	sa->esp.stats = (struct esp_stats){.packets_in = 1,
					   .bytes_in = 2,
					   .packets_out = 3,
					   .bytes_out = 400,
					   .replay_drops = 5,
					   .auth_fails = 6,
					   .pad_errors = 7,
					   .malformed = 8,
					   .dummy = 100,
					   .seal_fails = 9};
	sa->expired_drops = 10;
	sa->io_drops = 11;
	user_sa_stats_get(sa, &s);
	ck_assert_uint_eq(s.packets, 3);
	ck_assert_uint_eq(s.bytes, 400);
	ck_assert_uint_eq(s.replay_drops, 5);
	ck_assert_uint_eq(s.auth_fails, 6);
	ck_assert_uint_eq(s.other_drops, 7 + 8 + 9 + 10 + 11);
	user_sa_stats_add(&acc, &s);
	user_sa_stats_add(&acc, &s);
	ck_assert_uint_eq(acc.packets, 6);
	ck_assert_uint_eq(acc.other_drops, 2 * 45);
	user_sa_drops_add(sa, drops);
	ck_assert_uint_eq(drops[USER_DROP_REPLAY], 5);
	ck_assert_uint_eq(drops[USER_DROP_AUTH], 6);
	ck_assert_uint_eq(drops[USER_DROP_PAD], 7);
	ck_assert_uint_eq(drops[USER_DROP_MALFORMED], 8);
	ck_assert_uint_eq(drops[USER_DROP_SEAL], 9);
	ck_assert_uint_eq(drops[USER_DROP_EXPIRED], 10);
	ck_assert_uint_eq(drops[USER_DROP_IO], 11);
	ck_assert_uint_eq(drops[USER_DROP_NO_SA], 0);
	ck_assert_str_eq(user_drop_name(USER_DROP_AUTH), "auth");
	user_sa_free(sa);
}
END_TEST

START_TEST(t_queue_bounded)
{
	struct sockaddr_storage from = {.ss_family = AF_INET};
	static uint8_t big[USER_IKEQ_BYTES / 2];
	struct user_ike_msg *m, *list;
	struct user_queue q;
	unsigned i, n = 0;

	ck_assert_int_eq(user_queue_init(&q), 0);
	ck_assert_ptr_null(user_queue_take(&q));
	for (i = 0; i < USER_IKEQ_MAX; i++)
		ck_assert_int_eq(user_queue_push(&q, &from, &from, (const uint8_t *)&i, sizeof(i)), 0);
	ck_assert_int_eq(user_queue_push(&q, &from, &from, big, 1), -ENOSPC);
	list = user_queue_take(&q);
	for (m = list; m; m = m->next, n++) {
		ck_assert_uint_eq(m->len, sizeof(n));
		ck_assert_mem_eq(m->buf, &n, sizeof(n)); /* in order */
	}
	ck_assert_uint_eq(n, USER_IKEQ_MAX);
	while (list) {
		m = list->next;
		free(list);
		list = m;
	}
	/* bounded in bytes too */
	ck_assert_int_eq(user_queue_push(&q, &from, &from, big, sizeof(big)), 0);
	ck_assert_int_eq(user_queue_push(&q, &from, &from, big, sizeof(big)), 0);
	ck_assert_int_eq(user_queue_push(&q, &from, &from, big, 1), -ENOSPC);
	user_queue_destroy(&q); /* frees what is left */
}
END_TEST

START_TEST(t_dispatch)
{
	struct ev_loop *loop = ev_loop_new();
	struct strbuf err = STRBUF_INIT;
	struct dp *dp;

	/* the kernel backend where the kernel can (tests/kernel/), else a reason */
	dp = dp_new(DP_KERNEL, loop, NULL, NULL, &err);
	if (dp_kern_probe(NULL) == 1) {
		ck_assert_ptr_nonnull(dp);
		dp_free(dp);
	} else {
		ck_assert_ptr_null(dp);
		ck_assert_msg(strncmp(sb_str(&err), "kernel dataplane: cannot run here: ", 35) == 0,
			      "%s", sb_str(&err));
	}
	ck_assert_str_eq(dp_kind_name(DP_USER), "user");
	ck_assert_str_eq(dp_kind_name(DP_KERNEL), "kernel");
	dp = dp_new(DP_USER, loop, NULL, NULL, &err);
	ck_assert_ptr_nonnull(dp);
	ck_assert_int_eq(dp_route_replace(dp, &(struct vt_prefix){0}, NULL, 0, 186, NULL), -EINVAL);
	ck_assert_int_eq(dp_route_del(dp, &(struct vt_prefix){.addr.family = AF_INET}, NULL),
			 -ENOENT);
	dp_free(dp);
	dp_free(NULL);
	ev_loop_free(loop);
	sb_free(&err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dp_user_sa");
	TCase *tc = tcase_create("sa");

	tcase_add_test(tc, t_sa_new_checks);
	tcase_add_test(tc, t_table);
	tcase_add_test(tc, t_limits);
	tcase_add_test(tc, t_stats);
	tcase_add_test(tc, t_queue_bounded);
	tcase_add_test(tc, t_dispatch);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
