/* Timers of an established IKE SA (rekey, expire, DPD, NAT keepalive) and
 * the queue of tasks that wait for a free request window. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/crypto.h"
#include "common/log.h"
#include "ike/ike_int.h"

#define KEEPALIVE_DEFAULT_S 20

uint64_t ike_rekey_delay_ms(const struct ike_tunnel_conf *c, uint32_t lifetime_s)
{
	int64_t life = (int64_t)lifetime_s * 1000;
	int64_t margin = (int64_t)c->rekey_margin * 1000;
	int64_t fuzz = margin * c->rekey_fuzz / 100;
	uint64_t r = 0;
	int64_t soft;

	if (fuzz > 0) {
		crypto_random((uint8_t *)&r, sizeof(r));
		fuzz = (int64_t)(r % ((uint64_t)fuzz + 1));
	}
	soft = life - margin - fuzz;
	return soft < 1000 ? 1000 : (uint64_t)soft;
}

static void rekey_cb(struct ev_timer *tm, void *arg)
{
	struct ike_sa *sa = arg;

	(void)tm;
	if (sa->state == IKE_SA_ESTABLISHED)
		ike_sa_task(sa, IKE_TASK_REKEY_IKE);
}

static void expire_cb(struct ev_timer *tm, void *arg)
{
	(void)tm;
	ike_sa_fail(arg, "IKE SA lifetime expired");
}

static uint64_t sa_pkts_in(struct ike_sa *sa)
{
	struct ike_engine *e = sa->e;
	struct ike_child_counters cnt;
	struct ike_child *c;
	uint64_t sum = 0;

	if (!e->ops.child_counters || !sa->t)
		return 0;
	for (c = sa->children; c; c = c->next) {
		memset(&cnt, 0, sizeof(cnt));
		if (c->installed && e->ops.child_counters(e->ctx, sa->t->ctx, c->spi_in, &cnt) == 0)
			sum += cnt.packets_in;
	}
	return sum;
}

static void dpd_cb(struct ev_timer *tm, void *arg)
{
	struct ike_sa *sa = arg;
	uint64_t pkts = sa_pkts_in(sa);
	bool quiet = sa->last_rx_ms <= sa->dpd_check_ms && pkts == sa->last_pkts_in;

	sa->last_pkts_in = pkts;
	sa->dpd_check_ms = ev_now_ms();
	ev_timer_arm(tm, (uint64_t)sa->t->conf.dpd_delay * 1000);
	if (quiet && sa->state == IKE_SA_ESTABLISHED)
		ike_sa_task(sa, IKE_TASK_DPD);
}

static uint16_t keepalive_s(const struct ike_sa *sa)
{
	return sa->t->conf.keepalive ? sa->t->conf.keepalive : KEEPALIVE_DEFAULT_S;
}

static void keepalive_cb(struct ev_timer *tm, void *arg)
{
	struct ike_sa *sa = arg;
	struct ike_engine *e = sa->e;
	struct sockaddr_storage l, r;

	ike_sa_endpoints(sa, &l, &r);
	if (e->ops.keepalive)
		e->ops.keepalive(e->ctx, &l, &r);
	ev_timer_arm(tm, (uint64_t)keepalive_s(sa) * 1000);
}

void ike_sa_timers_init(struct ike_sa *sa)
{
	struct ev_loop *loop = sa->e->loop;

	ev_timer_init(&sa->rekey, loop, rekey_cb, sa);
	ev_timer_init(&sa->expire, loop, expire_cb, sa);
	ev_timer_init(&sa->dpd, loop, dpd_cb, sa);
	ev_timer_init(&sa->keepalive, loop, keepalive_cb, sa);
}

void ike_sa_timers_cancel(struct ike_sa *sa)
{
	ev_timer_cancel(&sa->rekey);
	ev_timer_cancel(&sa->expire);
	ev_timer_cancel(&sa->dpd);
	ev_timer_cancel(&sa->keepalive);
}

void ike_sa_arm_timers(struct ike_sa *sa)
{
	const struct ike_tunnel_conf *c = &sa->t->conf;

	ike_sa_timers_cancel(sa);
	if (c->ike_lifetime) {
		ev_timer_arm(&sa->rekey, ike_rekey_delay_ms(c, c->ike_lifetime));
		ev_timer_arm(&sa->expire, (uint64_t)c->ike_lifetime * 1000);
	}
	if (c->dpd_delay) {
		sa->last_pkts_in = sa_pkts_in(sa);
		sa->dpd_check_ms = ev_now_ms();
		ev_timer_arm(&sa->dpd, (uint64_t)c->dpd_delay * 1000);
	}
	if (sa->nat_local)
		ev_timer_arm(&sa->keepalive, (uint64_t)keepalive_s(sa) * 1000);
}

void ike_sa_task(struct ike_sa *sa, unsigned task)
{
	sa->tasks |= task;
	ike_sa_run_tasks(sa);
}

static struct ike_child *child_in_state(struct ike_sa *sa, enum ike_child_state st,
					const struct ike_child *skip)
{
	struct ike_child *c;

	for (c = sa->children; c; c = c->next)
		if (c->state == st && c != skip)
			return c;
	return NULL;
}

static int task_start(struct ike_sa *sa, unsigned task)
{
	struct ike_child *c;
	int rc;

	switch (task) {
	case IKE_TASK_DELETE:
		return ike_delete_start(sa);
	case IKE_TASK_DELETE_CHILD:
	case IKE_TASK_REKEY_CHILD:
		c = child_in_state(sa, task == IKE_TASK_DELETE_CHILD ? IKE_CHILD_DELETING
								     : IKE_CHILD_REKEYING, NULL);
		if (!c)
			return 0;
		rc = task == IKE_TASK_DELETE_CHILD ? ike_delete_child_start(sa, c)
						   : ike_rekey_child_start(sa, c);
		/* More children waiting: keep the bit for the next free window. */
		if (rc == 0 && child_in_state(sa, c->state, c))
			sa->tasks |= task;
		return rc;
	case IKE_TASK_REKEY_IKE:
		return ike_rekey_ike_start(sa);
	case IKE_TASK_DPD:
		rc = ike_dpd_start(sa);
		if (rc == 0 && sa->req_busy && sa->t && sa->t->conf.dpd_timeout)
			sa->req_deadline_ms = ev_now_ms() + (uint64_t)sa->t->conf.dpd_timeout * 1000;
		return rc;
	}
	return 0;
}

void ike_sa_run_tasks(struct ike_sa *sa)
{
	static const unsigned order[] = {IKE_TASK_DELETE, IKE_TASK_DELETE_CHILD,
					 IKE_TASK_REKEY_IKE, IKE_TASK_REKEY_CHILD, IKE_TASK_DPD};
	unsigned i;
	int rc;

	while (sa->tasks && !sa->req_busy && sa->state == IKE_SA_ESTABLISHED) {
		for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
			if (sa->tasks & order[i])
				break;
		if (i == sizeof(order) / sizeof(order[0])) {
			sa->tasks = 0;
			return;
		}
		sa->tasks &= ~order[i];
		rc = task_start(sa, order[i]);
		if (rc < 0) {
			log_fault(LOGM_IKE, "tunnel %s: task 0x%x could not start: %s",
				  sa->t ? sa->t->conf.name : "?", order[i], strerror(-rc));
			continue;
		}
		/* A start that sent nothing (nothing to do) lets the next one go;
		 * a start that freed or ended the SA stops here. */
		if (sa->state != IKE_SA_ESTABLISHED)
			return;
	}
}
