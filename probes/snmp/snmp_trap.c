/* snmp_trap: a net-snmp server transport added as a single session; its socket lives in
 * the loop. Traps are trusted only from configured senders with their community. */
#include "config.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "probes/snmp/snmp_decode.h"
#include "probes/snmp/snmp_session.h"
#include "probes/snmp/snmp_trap.h"

static const oid trap_oid_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 }; /* snmpTrapOID.0 */

struct snmp_trap_listener {
	struct loop *loop;
	void *sess;
	int fd;
	netsnmp_large_fd_set fdset;
	snmp_trap_cb cb;
	void *arg;
	struct snmp_trap_source *src;
	size_t nsrc;
	struct snmp_trap_stats stats;
	struct log_ratelimit rl;
};

static const struct snmp_trap_source *source_of(const struct snmp_trap_listener *l,
                                                const netsnmp_pdu *pdu)
{
	const struct sockaddr *sa = pdu->transport_data;
	char addr[INET6_ADDRSTRLEN] = "";

	/* UDP transport data starts with the sender's address. */
	if (sa == NULL || pdu->transport_data_length < (int)sizeof(struct sockaddr_in))
		return NULL;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof(addr));
	else if (sa->sa_family == AF_INET6 &&
	         pdu->transport_data_length >= (int)sizeof(struct sockaddr_in6))
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr,
		          sizeof(addr));
	for (size_t i = 0; i < l->nsrc; i++)
		if (strcmp(l->src[i].address, addr) == 0)
			return &l->src[i];
	return NULL;
}

static bool oid_has_prefix(const oid *name, size_t len, const struct snmp_oid *prefix)
{
	if (len < prefix->len)
		return false;
	for (size_t i = 0; i < prefix->len; i++)
		if (name[i] != prefix->sub[i])
			return false;
	return true;
}

static bool oid_equal(const oid *name, size_t len, const struct snmp_oid *o)
{
	return len == o->len && oid_has_prefix(name, len, o);
}

static void handle_trap(struct snmp_trap_listener *l, const netsnmp_pdu *pdu)
{
	const struct snmp_trap_source *src = source_of(l, pdu);
	const netsnmp_variable_list *vb;
	const struct snmp_trap_def *def = NULL;
	const oid *trap = NULL;
	size_t trap_len = 0;

	l->stats.received++;
	if (pdu->command != SNMP_MSG_TRAP2) {
		l->stats.not_v2c++;
		return;
	}
	if (src == NULL) {
		l->stats.unknown_source++;
		return;
	}
	if (pdu->community_len != strlen(src->community) ||
	    memcmp(pdu->community, src->community, pdu->community_len) != 0) {
		l->stats.bad_community++;
		return;
	}
	for (vb = pdu->variables; vb != NULL; vb = vb->next_variable)
		if (snmp_oid_compare(vb->name, vb->name_length, trap_oid_oid,
		                     OID_LENGTH(trap_oid_oid)) == 0 &&
		    vb->type == ASN_OBJECT_ID) {
			trap = vb->val.objid;
			trap_len = vb->val_len / sizeof(oid);
		}
	for (size_t i = 0; trap != NULL && i < src->profile->ntraps; i++)
		if (oid_equal(trap, trap_len, &src->profile->traps[i].oid))
			def = &src->profile->traps[i];
	if (def == NULL) {
		l->stats.unknown_trap++;
		return;
	}
	for (vb = pdu->variables; vb != NULL; vb = vb->next_variable) {
		uint32_t key[MAX_OID_LEN];
		size_t klen;
		struct snmp_row_id id;
		struct ont_reading r;

		if (!oid_has_prefix(vb->name, vb->name_length, &def->index_from) ||
		    vb->name_length <= def->index_from.len + def->index_extra)
			continue;
		klen = vb->name_length - def->index_from.len - def->index_extra;
		for (size_t k = 0; k < klen; k++)
			key[k] = (uint32_t)vb->name[def->index_from.len + k];
		if (snmp_decode_index(&src->profile->index, key, klen, &id) < 0)
			break;
		loop_update_time(l->loop);
		ont_reading_clear(&r, (int64_t)loop_wall(l->loop));
		snprintf(r.olt, sizeof(r.olt), "%s", src->olt);
		memcpy(r.port, id.port, sizeof(r.port));
		r.ont = id.ont;
		memcpy(r.serial, id.serial, sizeof(r.serial));
		r.status = def->status;
		if (def->status != ONT_STATUS_ONLINE)
			r.last_down = def->status;
		l->stats.delivered++;
		l->cb(l->arg, &r);
		return;
	}
	l->stats.bad_index++;
	log_warnx_limited(&l->rl, (time_t)loop_wall(l->loop),
	                  "snmp: olt %s: trap without a decodable ONT index", src->olt);
}

static int on_pdu(int op, netsnmp_session *sess, int reqid, netsnmp_pdu *pdu, void *magic)
{
	(void)sess;
	(void)reqid;
	if (op == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE)
		handle_trap(magic, pdu);
	return 1;
}

static void on_readable(int fd, short revents, void *arg)
{
	struct snmp_trap_listener *l = arg;

	(void)revents;
	NETSNMP_LARGE_FD_ZERO(&l->fdset);
	NETSNMP_LARGE_FD_SET(fd, &l->fdset);
	snmp_sess_read2(l->sess, &l->fdset);
}

struct snmp_trap_listener *snmp_trap_listen(struct loop *loop, const char *endpoint,
                                            snmp_trap_cb cb, void *arg, char *err, size_t errlen)
{
	struct snmp_trap_listener *l;
	netsnmp_transport *t;
	netsnmp_session s;

	snmp_session_lib_init();
	t = netsnmp_transport_open_server("snmptrap", endpoint);
	if (t == NULL) {
		snprintf(err, errlen, "cannot listen on %s", endpoint);
		return NULL;
	}
	l = xcalloc(1, sizeof(*l));
	l->loop = loop;
	l->cb = cb;
	l->arg = arg;
	l->rl.interval = 60;
	snmp_sess_init(&s);
	s.peername = SNMP_DEFAULT_PEERNAME;
	s.version = SNMP_DEFAULT_VERSION;
	s.community_len = SNMP_DEFAULT_COMMUNITY_LEN;
	s.retries = SNMP_DEFAULT_RETRIES;
	s.timeout = SNMP_DEFAULT_TIMEOUT;
	s.callback = on_pdu;
	s.callback_magic = l;
	s.isAuthoritative = SNMP_SESS_UNKNOWNAUTH;
	l->sess = snmp_sess_add(&s, t, NULL, NULL);
	if (l->sess == NULL) {
		snprintf(err, errlen, "cannot listen on %s: session", endpoint);
		free(l);
		return NULL;
	}
	l->fd = t->sock;
	netsnmp_large_fd_set_init(&l->fdset, l->fd + 1);
	loop_fd_add(loop, l->fd, POLLIN, on_readable, l);
	return l;
}

int snmp_trap_add_source(struct snmp_trap_listener *l, const struct snmp_trap_source *s)
{
	l->src = xreallocarray(l->src, l->nsrc + 1, sizeof(*l->src));
	l->src[l->nsrc++] = *s;
	return 0;
}

const struct snmp_trap_stats *snmp_trap_stats(const struct snmp_trap_listener *l)
{
	return &l->stats;
}

void snmp_trap_close(struct snmp_trap_listener *l)
{
	if (l == NULL)
		return;
	loop_fd_del(l->loop, l->fd);
	snmp_sess_close(l->sess);
	netsnmp_large_fd_set_cleanup(&l->fdset);
	free(l->src);
	free(l);
}
