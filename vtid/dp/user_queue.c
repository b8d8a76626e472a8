/*
 * IKE datagrams handed from the RX worker to the main loop.  Bounded in
 * count and bytes so that an IKE flood costs memory we chose, and the
 * worker never waits for the main loop: when full it drops, as IKE peers
 * retransmit.  The lock is held for a pointer swap or two, never for I/O.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtid/dp/user_int.h"

int user_queue_init(struct user_queue *q)
{
	memset(q, 0, sizeof(*q));
	q->tail = &q->head;
	return -pthread_mutex_init(&q->lock, NULL);
}

static void user_queue_free_list(struct user_ike_msg *m)
{
	while (m) {
		struct user_ike_msg *next = m->next;

		free(m);
		m = next;
	}
}

void user_queue_destroy(struct user_queue *q)
{
	user_queue_free_list(user_queue_take(q));
	pthread_mutex_destroy(&q->lock);
}

int user_queue_push(struct user_queue *q, const struct sockaddr_storage *local,
		    const struct sockaddr_storage *remote, const uint8_t *p, size_t n)
{
	struct user_ike_msg *m;
	bool room;

	/* A racy early look, so a flood does not malloc only to drop. */
	pthread_mutex_lock(&q->lock);
	room = q->count < USER_IKEQ_MAX && q->bytes + n <= USER_IKEQ_BYTES;
	pthread_mutex_unlock(&q->lock);
	if (!room)
		return -ENOSPC;
	m = malloc(sizeof(*m) + n);
	if (!m)
		return -ENOMEM;
	m->next = NULL;
	m->local = *local;
	m->remote = *remote;
	m->len = n;
	memcpy(m->buf, p, n);

	pthread_mutex_lock(&q->lock);
	room = q->count < USER_IKEQ_MAX && q->bytes + n <= USER_IKEQ_BYTES;
	if (room) {
		*q->tail = m;
		q->tail = &m->next;
		q->count++;
		q->bytes += n;
	}
	pthread_mutex_unlock(&q->lock);
	if (!room) {
		free(m);
		return -ENOSPC;
	}
	return 0;
}

struct user_ike_msg *user_queue_take(struct user_queue *q)
{
	struct user_ike_msg *list;

	pthread_mutex_lock(&q->lock);
	list = q->head;
	q->head = NULL;
	q->tail = &q->head;
	q->count = 0;
	q->bytes = 0;
	pthread_mutex_unlock(&q->lock);
	return list;
}
