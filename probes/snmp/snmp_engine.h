/* snmp_engine: SNMPv3 engine ID discovery messages (RFC 3414 4): build the probe and read
 * the agent's engine ID from its report, so discovery runs in the loop, never blocking. */
#ifndef OW_SNMP_ENGINE_H
#define OW_SNMP_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#define SNMP_ENGINE_ID_MAX 32

/* Write the discovery request (noAuthNoPriv, reportable, empty user) with msgID and
 * request-id `id` in [0x01000000, 0x7fffffff]; returns its length, or -1. */
int snmp_engine_probe_build(uint8_t *buf, size_t len, uint32_t id);
/* Read the authoritative engine ID from a report answering message `id`;
 * 0 and the ID in eid (SNMP_ENGINE_ID_MAX bytes), or -1 when malformed or not ours. */
int snmp_engine_probe_parse(const uint8_t *p, size_t len, uint32_t id, uint8_t *eid,
                            size_t *eidlen);

#endif
