/*
 * How long the user backend takes to install and remove a full table's
 * worth of routes (default 100,000 /32s, argv[1] to change), ECMP over two
 * gateways for every other one, in A's namespace of the lab: each request
 * waiting for its own ack (as before batching), batched with routes that
 * carry their nexthops, batched over nexthop groups; and `ip -batch`
 * replaying the same routes as "route replace" / "route del" lines.
 * Prints; asserts nothing but that the routes landed.  Root only.
 * Built by make check, never run by it (tests/bench/fib-install.sh).
 */
#include <check.h>
#include <stdbool.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "tests/unit/check_main.h"
#include "tests/unit/dp_route_testlib.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct vt_prefix host_route(unsigned i)
{
	struct vt_prefix p = {.len = 32};

	vt_addr_from_v4(&p.addr, 0x0a800000u + i);
	return p;
}

static void routes_count(struct lab *l, unsigned want)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "test $(ip -o -4 route show proto bgp | wc -l) = %u", want);
	if (lab_sh(&l->a, "%s", cmd) != 0) {
		ck_abort_msg("the table does not hold %u routes", want);
	}
}

static void run_vtid(struct lab *l, const char *what, unsigned n, bool groups, bool sync)
{
	struct dp_nexthop nh[2];
	double t0, ins, rem;

	lab_enter(&l->a);
	if (dp_route_nexthop_groups(l->a.dp, groups, NULL) < 0) {
		printf("%-44s (no nexthop objects here)\n", what);
		return;
	}
	lab_gw_nexthop_pair(nh);
	t0 = now_s();
	for (unsigned i = 0; i < n; i++) {
		struct vt_prefix p = host_route(i);

		if (dp_route_replace(l->a.dp, &p, nh, i % 2 ? 2 : 1, RTPROT_BGP, NULL) < 0)
			exit(1);
		if (sync)
			dp_route_flush(l->a.dp, NULL);
	}
	dp_route_flush(l->a.dp, NULL);
	ins = now_s() - t0;
	routes_count(l, n); /* not timed */
	lab_enter(&l->a);
	t0 = now_s();
	for (unsigned i = 0; i < n; i++) {
		struct vt_prefix p = host_route(i);

		if (dp_route_del(l->a.dp, &p, NULL) < 0)
			exit(1);
		if (sync)
			dp_route_flush(l->a.dp, NULL);
	}
	dp_route_flush(l->a.dp, NULL);
	rem = now_s() - t0;
	routes_count(l, 0);
	printf("%-44s install %6.2f s (%7.0f/s)  remove %6.2f s (%7.0f/s)\n", what, ins, n / ins,
	       rem, n / rem);
}

static void run_ip(struct lab *l, unsigned n)
{
	char add[] = "/tmp/dp_route_bench.addXXXXXX", del[] = "/tmp/dp_route_bench.delXXXXXX";
	int fa = mkstemp(add), fd = mkstemp(del);
	FILE *a = fdopen(fa, "w"), *d = fdopen(fd, "w");
	double t0, t1, t2;

	for (unsigned i = 0; i < n; i++) {
		unsigned x = 0x0a800000u + i;
		char ip[32];

		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", x >> 24, (x >> 16) & 255, (x >> 8) & 255,
			 x & 255);
		if (i % 2)
			fprintf(a,
				"route replace %s/32 proto bgp nexthop via 10.97.1.2 dev g1 "
				"nexthop via 10.97.2.2 dev g2\n",
				ip);
		else
			fprintf(a, "route replace %s/32 proto bgp via 10.97.1.2 dev g1\n", ip);
		fprintf(d, "route del %s/32 proto bgp\n", ip);
	}
	fclose(a);
	fclose(d);
	t0 = now_s();
	if (lab_sh(&l->a, "ip -batch %s", add) != 0)
		exit(1);
	t1 = now_s();
	if (lab_sh(&l->a, "ip -batch %s", del) != 0)
		exit(1);
	t2 = now_s();
	unlink(add);
	unlink(del);
	routes_count(l, 0);
	printf("%-44s install %6.2f s (%7.0f/s)  remove %6.2f s (%7.0f/s)\n",
	       "ip -batch (route replace / route del)", t1 - t0, n / (t1 - t0), t2 - t1,
	       n / (t2 - t1));
}

static unsigned bench_n = 100000;

START_TEST(t_bench)
{
	struct lab l;

	lab_gw_up(&l, false);
	printf("%u IPv4 routes, half of them ECMP over two gateways:\n", bench_n);
	run_vtid(&l, "vtid, each request waits for its ack", bench_n, false, true);
	run_vtid(&l, "vtid, batched, routes carry nexthops", bench_n, false, false);
	run_vtid(&l, "vtid, batched, nexthop groups", bench_n, true, false);
	run_ip(&l, bench_n);
	fflush(stdout);
	lab_down(&l);
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("dp_route_bench");
	TCase *tc = tcase_create("routes");

	if (argc > 1)
		bench_n = (unsigned)strtoul(argv[1], NULL, 10);
	if (geteuid() != 0 || access("/dev/net/tun", R_OK | W_OK) != 0) {
		printf("SKIP: dp_route_bench needs root and /dev/net/tun\n");
		return 77;
	}
	tcase_set_timeout(tc, 1200);
	tcase_add_test(tc, t_bench);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
