/*
 * Not a test: a throughput look at the user dataplane.  Builds the
 * two-namespace lab of dp_lab.h, then runs iperf3 through the tunnel
 * (server in B, client in A) and prints its report.
 *   tests/unit/dp_user_bench [gcm|cbc] [seconds] [iperf3 client options]
 * It runs as a Check test, since the lab's helpers assert with Check.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/check_main.h"
#include "tests/unit/dp_lab.h"

static enum lab_alg bench_alg;
static int bench_secs;
static const char *bench_extra;

START_TEST(t_bench)
{
	struct lab l;

	lab_up(&l, DP_MSS_AUTO, DP_MSS_AUTO);
	lab_sa_pair(&l, &l.a, &l.b, 0xa0000001u, bench_alg);
	lab_sa_pair(&l, &l.b, &l.a, 0xb0000001u, bench_alg);
	ck_assert_msg(lab_ping(&l.a, "169.254.99.1", 1), "no ping through the tunnel");
	if (getenv("BENCH_TXQLEN")) {
		lab_sh(&l.a, "ip link set vtiA txqueuelen %s", getenv("BENCH_TXQLEN"));
		lab_sh(&l.b, "ip link set vtiB txqueuelen %s", getenv("BENCH_TXQLEN"));
	}
	ck_assert_int_eq(lab_sh(&l.b, "iperf3 -s -1 -D -B 169.254.99.1 >/dev/null 2>&1"), 0);
	sleep(1);
	ck_assert_int_eq(lab_sh(&l.a, "iperf3 -c 169.254.99.1 -t %d %s", bench_secs, bench_extra),
			 0);
	/* where packets were lost: TUN queues, UDP buffers */
	lab_sh(&l.a, "ip -s link show vtiA; grep Udp: /proc/net/snmp");
	lab_sh(&l.b, "ip -s link show vtiB; grep Udp: /proc/net/snmp");
	lab_down(&l);
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("dp_user_bench");
	TCase *tc = tcase_create("iperf3");

	if (geteuid() != 0) {
		fprintf(stderr, "dp_user_bench: needs root\n");
		return 77;
	}
	bench_alg = argc > 1 && strcmp(argv[1], "cbc") == 0 ? LAB_CBC : LAB_GCM;
	bench_secs = argc > 2 ? atoi(argv[2]) : 5;
	bench_extra = argc > 3 ? argv[3] : "";
	tcase_set_timeout(tc, bench_secs + 60);
	tcase_add_test(tc, t_bench);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
