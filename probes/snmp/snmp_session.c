/* snmp_session: net-snmp session setup for v2c and v3 USM (SHA/MD5, AES/DES). */
#include "config.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "probes/snmp/snmp_session.h"

static const struct {
	enum snmp_auth_proto v;
	const char *name;
} auth_names[] = { { SNMP_AUTH_SHA, "sha" },
	           { SNMP_AUTH_SHA256, "sha256" },
	           { SNMP_AUTH_SHA512, "sha512" },
	           { SNMP_AUTH_MD5, "md5" } };

static const struct {
	enum snmp_priv_proto v;
	const char *name;
} priv_names[] = { { SNMP_PRIV_AES, "aes" },
	           { SNMP_PRIV_AES256, "aes256" },
	           { SNMP_PRIV_DES, "des" } };

static const struct {
	enum snmp_v3_level v;
	const char *name;
} level_names[] = { { SNMP_V3_NOAUTH_NOPRIV, "noauth" },
	            { SNMP_V3_AUTH_NOPRIV, "auth" },
	            { SNMP_V3_AUTH_PRIV, "priv" } };

#define LOOKUP(table, s, out)                                                                      \
	do {                                                                                       \
		for (size_t i_ = 0; i_ < sizeof(table) / sizeof(table[0]); i_++)                   \
			if (strcasecmp(table[i_].name, (s)) == 0) {                                \
				*(out) = table[i_].v;                                              \
				return 0;                                                          \
			}                                                                          \
		return -1;                                                                         \
	} while (0)

int snmp_auth_proto_parse(const char *s, enum snmp_auth_proto *out)
{
	LOOKUP(auth_names, s, out);
}

int snmp_priv_proto_parse(const char *s, enum snmp_priv_proto *out)
{
	LOOKUP(priv_names, s, out);
}

int snmp_v3_level_parse(const char *s, enum snmp_v3_level *out)
{
	LOOKUP(level_names, s, out);
}

void snmp_target_defaults(struct snmp_target *t)
{
	memset(t, 0, sizeof(*t));
	t->port = SNMP_TGT_PORT;
	t->version = SNMP_VERSION_V2C;
	snprintf(t->community, sizeof(t->community), "public");
	t->level = SNMP_V3_AUTH_PRIV;
	t->auth_proto = SNMP_AUTH_SHA;
	t->priv_proto = SNMP_PRIV_AES;
	t->timeout = SNMP_TGT_TIMEOUT;
	t->retries = SNMP_TGT_RETRIES;
	t->max_repetitions = SNMP_TGT_MAXREP;
	t->inflight = SNMP_TGT_INFLIGHT;
	t->max_rows = SNMP_TGT_MAX_ROWS;
}

static int lib_initialised; /* net-snmp's own state is process-global */

/* net-snmp's messages ("Authentication failed for ...") go through our log at debug
 * level: the poll health already says what failed, once, with the OLT's name. */
static int on_netsnmp_log(int major, int minor, void *server, void *client)
{
	const struct snmp_log_message *m = server;
	size_t n;

	(void)major;
	(void)minor;
	(void)client;
	if (m == NULL || m->msg == NULL)
		return 0;
	n = strlen(m->msg);
	while (n > 0 && m->msg[n - 1] == '\n')
		n--;
	log_debug("net-snmp: %.*s", (int)n, m->msg);
	return 0;
}

void snmp_session_lib_init(void)
{
	if (lib_initialised)
		return;
	lib_initialised = 1;
	/* ontwatch speaks numeric OIDs only: no MIB parsing, no files in ~/.snmp. */
	setenv("MIBS", "", 1);
	setenv("MIBDIRS", "/nonexistent", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_QUICK_PRINT, 1);
	netsnmp_ds_set_int(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_MIB_WARNINGS, 0);
	snmp_disable_log();
	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, on_netsnmp_log, NULL);
	snmp_enable_calllog();
	init_snmp("ontwatch");
}

void snmp_session_lib_shutdown(void)
{
	if (!lib_initialised)
		return;
	snmp_shutdown("ontwatch");
	lib_initialised = 0;
}

static int set_v3(netsnmp_session *s, const struct snmp_target *t, char *err, size_t errlen)
{
	const oid *auth =
	    t->auth_proto == SNMP_AUTH_SHA ? usmHMACSHA1AuthProtocol : usmHMACMD5AuthProtocol;
	size_t auth_len =
	    t->auth_proto == SNMP_AUTH_SHA ? USM_AUTH_PROTO_SHA_LEN : USM_AUTH_PROTO_MD5_LEN;

	s->version = SNMP_VERSION_3;
	s->securityName = (char *)t->user;
	s->securityNameLen = strlen(t->user);
	s->contextName = (char *)t->context;
	s->contextNameLen = strlen(t->context);
	/* Discovery is ours (snmp_engine.h, in the loop): net-snmp's own probe blocks. */
	s->flags |= SNMP_FLAGS_DONT_PROBE;
	switch (t->level) {
	case SNMP_V3_NOAUTH_NOPRIV:
		s->securityLevel = SNMP_SEC_LEVEL_NOAUTH;
		return 0;
	case SNMP_V3_AUTH_NOPRIV:
		s->securityLevel = SNMP_SEC_LEVEL_AUTHNOPRIV;
		break;
	default:
		s->securityLevel = SNMP_SEC_LEVEL_AUTHPRIV;
		break;
	}
	s->securityAuthProto = (oid *)auth;
	s->securityAuthProtoLen = auth_len;
	s->securityAuthKeyLen = USM_AUTH_KU_LEN;
	if (strlen(t->auth_pass) < 8 ||
	    generate_Ku(auth, (u_int)auth_len, (const u_char *)t->auth_pass, strlen(t->auth_pass),
	                s->securityAuthKey, &s->securityAuthKeyLen) != SNMPERR_SUCCESS) {
		snprintf(err, errlen, "cannot derive the v3 auth key (passphrase of 8+ chars?)");
		return -1;
	}
	if (s->securityLevel != SNMP_SEC_LEVEL_AUTHPRIV)
		return 0;
	if (t->priv_proto == SNMP_PRIV_AES) {
		s->securityPrivProto = (oid *)usmAESPrivProtocol;
		s->securityPrivProtoLen = USM_PRIV_PROTO_AES_LEN;
	} else if (t->priv_proto == SNMP_PRIV_AES256) {
		s->securityPrivProto = (oid *)usmAES256PrivProtocol;
		s->securityPrivProtoLen = OID_LENGTH(usmAES256PrivProtocol);
	} else {
		s->securityPrivProto = (oid *)usmDESPrivProtocol;
		s->securityPrivProtoLen = USM_PRIV_PROTO_DES_LEN;
	}
	s->securityPrivKeyLen = USM_PRIV_KU_LEN;
	if (strlen(t->priv_pass) < 8 ||
	    generate_Ku(auth, (u_int)auth_len, (const u_char *)t->priv_pass, strlen(t->priv_pass),
	                s->securityPrivKey, &s->securityPrivKeyLen) != SNMPERR_SUCCESS) {
		snprintf(err, errlen, "cannot derive the v3 privacy key (passphrase of 8+ chars?)");
		return -1;
	}
	return 0;
}

void *snmp_session_open(const struct snmp_target *t, const uint8_t *engine_id, size_t engine_id_len,
                        char *err, size_t errlen)
{
	netsnmp_session s;
	char peer[sizeof(t->address) + 16];
	void *sp;

	snmp_session_lib_init();
	snmp_sess_init(&s);
	snprintf(peer, sizeof(peer), "udp:%s:%u", t->address, (unsigned)t->port);
	s.peername = peer;
	s.timeout = (long)(t->timeout * 1e6);
	s.retries = t->retries;
	if (t->version == SNMP_VERSION_V2C) {
		s.version = SNMP_VERSION_2c;
		s.community = (u_char *)t->community;
		s.community_len = strlen(t->community);
	} else {
		if (set_v3(&s, t, err, errlen) < 0)
			return NULL;
		if (engine_id_len == 0) {
			snprintf(err, errlen, "v3 engine ID not discovered");
			return NULL;
		}
		/* Known engine: snmp_sess_open() localises the keys without probing. */
		s.securityEngineID = (u_char *)engine_id;
		s.securityEngineIDLen = engine_id_len;
	}
	sp = snmp_sess_open(&s);
	if (sp == NULL) {
		char *msg = NULL;
		int cerr, serr;

		snmp_error(&s, &cerr, &serr, &msg);
		snprintf(err, errlen, "cannot open session to %s: %s", peer, msg ? msg : "?");
		free(msg);
	}
	return sp;
}
