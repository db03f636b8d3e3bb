/* snmp_session: one OLT as an SNMP target (address, v2c community or v3 USM credentials,
 * timing and limits) and opening it as a net-snmp single session; also library init. */
#ifndef OW_SNMP_SESSION_H
#define OW_SNMP_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "lib/ont_reading.h"
#include "probes/snmp/snmp_profile.h"

#define SNMP_TEXT_MAX 64

enum snmp_version { SNMP_VERSION_V2C, SNMP_VERSION_V3 };
enum snmp_v3_level { SNMP_V3_NOAUTH_NOPRIV, SNMP_V3_AUTH_NOPRIV, SNMP_V3_AUTH_PRIV };
enum snmp_auth_proto { SNMP_AUTH_SHA, SNMP_AUTH_SHA256, SNMP_AUTH_SHA512, SNMP_AUTH_MD5 };
enum snmp_priv_proto { SNMP_PRIV_AES, SNMP_PRIV_AES256, SNMP_PRIV_DES };

/* Defaults used when a field is left 0 by snmp_target_defaults(). */
#define SNMP_TGT_PORT     161
#define SNMP_TGT_TIMEOUT  2.0 /* seconds per try */
#define SNMP_TGT_RETRIES  2
#define SNMP_TGT_MAXREP   25
#define SNMP_TGT_INFLIGHT 1 /* outstanding requests per OLT: protects its CPU */
#define SNMP_TGT_MAX_ROWS 65536

struct snmp_target {
	char name[ONT_OLT_MAX];
	char address[128]; /* numeric address or host name */
	uint16_t port;
	enum snmp_version version;
	char community[SNMP_TEXT_MAX];
	char user[SNMP_TEXT_MAX];
	char context[SNMP_TEXT_MAX]; /* v3 context name, usually "" */
	enum snmp_v3_level level;
	enum snmp_auth_proto auth_proto;
	char auth_pass[SNMP_TEXT_MAX];
	enum snmp_priv_proto priv_proto;
	char priv_pass[SNMP_TEXT_MAX];
	const struct snmp_profile *profile; /* borrowed: outlives the poller */
	double timeout;                     /* seconds per try */
	int retries;
	int max_repetitions;
	int inflight;    /* outstanding requests to this OLT at most */
	size_t max_rows; /* a larger table is an error, not a memory blow-up */
	double interval; /* seconds between polls; 0: poll only when asked */
};

/* Fill a target with defaults (v2c, community "public", limits above). */
void snmp_target_defaults(struct snmp_target *t);
/* Parse "sha"/"sha256"/"sha512"/"md5", "aes"/"aes256"/"des", "noauth"/"auth"/"priv"; 0 or -1. */
int snmp_auth_proto_parse(const char *s, enum snmp_auth_proto *out);
int snmp_priv_proto_parse(const char *s, enum snmp_priv_proto *out);
int snmp_v3_level_parse(const char *s, enum snmp_v3_level *out);

/* Initialise net-snmp once per process (no MIB loading, no persistent files). */
void snmp_session_lib_init(void);
/* Release net-snmp's global state at exit. */
void snmp_session_lib_shutdown(void);
/* Open a single-session handle for the target; NULL with a message in err. A v3 target
 * needs the agent's engine ID (snmp_engine.h), so that opening never blocks on discovery. */
void *snmp_session_open(const struct snmp_target *t, const uint8_t *engine_id, size_t engine_id_len,
                        char *err, size_t errlen);

#endif
