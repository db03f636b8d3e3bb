/* snmp_engine: a minimal bounded BER writer/reader for the one discovery exchange. */
#include "config.h"

#include <string.h>

#include "probes/snmp/snmp_engine.h"

/* Every length in the probe is below 128: short-form BER lengths only. */
/* An id in [0x01000000, 0x7fffffff] is exactly four octets of minimal, positive BER. */
static size_t put_id(uint8_t *p, uint32_t v)
{
	p[0] = 0x02;
	p[1] = 4;
	p[2] = (uint8_t)(v >> 24);
	p[3] = (uint8_t)(v >> 16);
	p[4] = (uint8_t)(v >> 8);
	p[5] = (uint8_t)v;
	return 6;
}

int snmp_engine_probe_build(uint8_t *buf, size_t len, uint32_t id)
{
	/* USM parameters, all empty: engine ID, boots 0, time 0, user, auth, priv. */
	static const uint8_t usm[] = { 0x04, 0x10, 0x30, 0x0e, 0x04, 0x00, 0x02, 0x01, 0x00,
		                       0x02, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00, 0x04, 0x00 };
	/* msgMaxSize 65507, msgFlags reportable, msgSecurityModel USM. */
	static const uint8_t global_tail[] = { 0x02, 0x03, 0x00, 0xff, 0xe3, 0x04,
		                               0x01, 0x04, 0x02, 0x01, 0x03 };
	/* error-status 0, error-index 0, no varbinds. */
	static const uint8_t pdu_tail[] = { 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x00 };
	uint8_t m[128];
	size_t n = 0, pdu_len = 6 + sizeof(pdu_tail), scoped_len = 4 + 2 + pdu_len,
	       global_len = 6 + sizeof(global_tail),
	       msg_len = 3 + 2 + global_len + sizeof(usm) + 2 + scoped_len;

	m[n++] = 0x30;
	m[n++] = (uint8_t)msg_len;
	m[n++] = 0x02; /* msgVersion 3 */
	m[n++] = 0x01;
	m[n++] = 0x03;
	m[n++] = 0x30;
	m[n++] = (uint8_t)global_len;
	n += put_id(m + n, id);
	memcpy(m + n, global_tail, sizeof(global_tail));
	n += sizeof(global_tail);
	memcpy(m + n, usm, sizeof(usm));
	n += sizeof(usm);
	m[n++] = 0x30; /* ScopedPDU: empty contextEngineID and contextName */
	m[n++] = (uint8_t)scoped_len;
	m[n++] = 0x04;
	m[n++] = 0x00;
	m[n++] = 0x04;
	m[n++] = 0x00;
	m[n++] = 0xa0; /* GetRequest */
	m[n++] = (uint8_t)pdu_len;
	n += put_id(m + n, id);
	memcpy(m + n, pdu_tail, sizeof(pdu_tail));
	n += sizeof(pdu_tail);
	if (n > len || id < 0x01000000 || id > 0x7fffffff)
		return -1;
	memcpy(buf, m, n);
	return (int)n;
}

/* Bounded TLV reader. */
struct ber {
	const uint8_t *p;
	size_t len;
};

static int ber_next(struct ber *b, uint8_t tag, struct ber *inner)
{
	size_t l, hdr = 2;

	if (b->len < 2 || b->p[0] != tag)
		return -1;
	l = b->p[1];
	if (l & 0x80) {
		size_t nl = l & 0x7f;

		if (nl == 0 || nl > 2 || b->len < 2 + nl)
			return -1;
		l = 0;
		for (size_t i = 0; i < nl; i++)
			l = l << 8 | b->p[2 + i];
		hdr += nl;
	}
	if (l > b->len - hdr)
		return -1;
	inner->p = b->p + hdr;
	inner->len = l;
	b->p += hdr + l;
	b->len -= hdr + l;
	return 0;
}

static int ber_uint(struct ber *b, uint32_t *out)
{
	struct ber v;
	uint64_t x = 0;

	if (ber_next(b, 0x02, &v) < 0 || v.len == 0 || v.len > 5)
		return -1;
	for (size_t i = 0; i < v.len; i++)
		x = x << 8 | v.p[i];
	if (x > UINT32_MAX)
		return -1;
	*out = (uint32_t)x;
	return 0;
}

int snmp_engine_probe_parse(const uint8_t *p, size_t len, uint32_t id, uint8_t *eid, size_t *eidlen)
{
	struct ber all = { p, len }, msg, global, sec, usm, e;
	uint32_t version, msgid;

	if (ber_next(&all, 0x30, &msg) < 0 || ber_uint(&msg, &version) < 0 || version != 3 ||
	    ber_next(&msg, 0x30, &global) < 0 || ber_uint(&global, &msgid) < 0 || msgid != id ||
	    ber_next(&msg, 0x04, &sec) < 0 || ber_next(&sec, 0x30, &usm) < 0 ||
	    ber_next(&usm, 0x04, &e) < 0)
		return -1;
	/* RFC 3411: an snmpEngineID is 5 to 32 octets. */
	if (e.len < 5 || e.len > SNMP_ENGINE_ID_MAX)
		return -1;
	memcpy(eid, e.p, e.len);
	*eidlen = e.len;
	return 0;
}
