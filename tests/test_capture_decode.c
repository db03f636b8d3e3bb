/* test_capture_decode: the decoder reads the facts of crafted frames, reports every cut
 * frame as truncated (never trusted), and every lying header as malformed. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "probes/capture/decode.h"
#include "tests/capture_craft.h"

static const uint8_t cpe[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t bng[6] = { 0x02, 0xbb, 0x00, 0x00, 0x00, 0xfe };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t v4a[4] = { 100, 64, 0, 2 }, v4b[4] = { 192, 0, 2, 80 };
static const uint8_t v6a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
static const uint8_t v6b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x50 };

/* Decode from an exactly sized heap copy, so that ASan sees any read past the capture. */
static int dec(const uint8_t *buf, size_t caplen, size_t wirelen, struct decoded *d)
{
	uint8_t *copy = malloc(caplen ? caplen : 1);
	int rc;

	memcpy(copy, buf, caplen);
	rc = decode_packet(copy, (uint32_t)caplen, (uint32_t)wirelen, d);
	free(copy);
	return rc;
}

static struct craft_l2 l2_up(int nvlan)
{
	struct craft_l2 l2 = { .nvlan = nvlan, .vlan = { 100, 10, 7, 8, 9 }, .sid = 0x1234 };

	memcpy(l2.src, cpe, 6);
	memcpy(l2.dst, bng, 6);
	return l2;
}

static void bytes_equal(const struct decode_bytes *b, const char *want)
{
	assert_int_equal(b->len, strlen(want));
	assert_memory_equal(b->p, want, strlen(want));
}

static void test_padi_qinq_tr101(void **state)
{
	(void)state;
	uint8_t buf[CRAFT_MAX], *copy;
	struct craft_l2 l2 = l2_up(2);
	struct decoded d;

	memcpy(l2.dst, bcast, 6);
	size_t n = craft_pppoe_disc(buf, &l2, PPPOE_PADI, 0, "OLT-A xpon 0/1/3:12", "cust-77");
	copy = malloc(n);
	memcpy(copy, buf, n);
	assert_int_equal(decode_packet(copy, (uint32_t)n, (uint32_t)n, &d), DECODE_OK);
	assert_int_equal(d.kind, DECODE_PPPOE_DISC);
	assert_int_equal(d.pppoe.code, PPPOE_PADI);
	assert_int_equal(d.nvlan, 2);
	assert_int_equal(d.vlan[0], 100);
	assert_int_equal(d.vlan[1], 10);
	assert_memory_equal(d.src, cpe, 6);
	bytes_equal(&d.pppoe.circuit_id, "OLT-A xpon 0/1/3:12");
	bytes_equal(&d.pppoe.remote_id, "cust-77");
	free(copy);
}

static void test_lcp_echo_in_session(void **state)
{
	(void)state;
	uint8_t buf[CRAFT_MAX];
	struct craft_l2 l2 = l2_up(1);
	struct decoded d;
	size_t n = craft_lcp(buf, &l2, LCP_ECHO_REQ, 42);

	assert_int_equal(dec(buf, n, n, &d), DECODE_OK);
	assert_int_equal(d.kind, DECODE_LCP);
	assert_true(d.in_session);
	assert_int_equal(d.pppoe_sid, 0x1234);
	assert_int_equal(d.lcp.code, LCP_ECHO_REQ);
	assert_int_equal(d.lcp.id, 42);
}

static void test_pap_and_chap_user(void **state)
{
	(void)state;
	uint8_t buf[CRAFT_MAX];
	struct craft_l2 l2 = l2_up(2);
	struct decoded d;
	size_t n = craft_ppp_auth(buf, &l2, false, "alice@isp.example");

	assert_int_equal(dec(buf, n, n, &d), DECODE_OK);
	assert_int_equal(d.kind, DECODE_PPP_AUTH);
	bytes_equal(&d.ppp_user, "alice@isp.example");
	n = craft_ppp_auth(buf, &l2, true, "bob");
	assert_int_equal(dec(buf, n, n, &d), DECODE_OK);
	assert_int_equal(d.kind, DECODE_PPP_AUTH);
	bytes_equal(&d.ppp_user, "bob");
	/* a peer-id longer than the PAP packet is a lie */
	n = craft_ppp_auth(buf, &l2, false, "alice");
	buf[14 + 8 + 8 + 4] = 200;
	assert_int_equal(dec(buf, n, n, &d), DECODE_MALFORMED);
}

static void test_dhcp_option82(void **state)
{
	(void)state;
	uint8_t buf[CRAFT_MAX];
	struct craft_l2 l2 = l2_up(2);
	struct decoded d;

	memcpy(l2.dst, bcast, 6);
	size_t n = craft_dhcp(buf, &l2, DHCP_DISCOVER, 0xdeadbeef, cpe, "OLT-B 0/2/1:5", "r-1");
	assert_int_equal(dec(buf, n, n, &d), DECODE_OK);
	assert_int_equal(d.kind, DECODE_DHCP);
	assert_int_equal(d.dhcp.msgtype, DHCP_DISCOVER);
	assert_int_equal(d.dhcp.op, 1);
	assert_int_equal(d.dhcp.xid, 0xdeadbeef);
	assert_memory_equal(d.dhcp.chaddr, cpe, 6);
	bytes_equal(&d.dhcp.circuit_id, "OLT-B 0/2/1:5");
	bytes_equal(&d.dhcp.remote_id, "r-1");
	/* snap length cutting the options: truncated, not half-believed */
	assert_int_equal(dec(buf, 300, n, &d), DECODE_TRUNCATED);
}

static void test_tcp_v4_and_v6_in_pppoe(void **state)
{
	(void)state;
	uint8_t buf[CRAFT_MAX];
	struct craft_l2 l2 = l2_up(0);
	struct decoded d;
	size_t n = craft_tcp(buf, &l2, 4, v4a, v4b, 40000, 443, 1000, 77, 0x18, 512);

	assert_int_equal(dec(buf, n, n, &d), DECODE_OK);
	assert_int_equal(d.kind, DECODE_TCP);
	assert_int_equal(d.tcp.ipver, 4);
	assert_int_equal(d.tcp.sport, 40000);
	assert_int_equal(d.tcp.dport, 443);
	assert_int_equal(d.tcp.seq, 1000);
	assert_int_equal(d.tcp.ack, 77);
	assert_int_equal(d.tcp.paylen, 512);
	assert_memory_equal(d.tcp.daddr, v4b, 4);
	/* headers only (snap length 64): the payload length still comes from IP */
	assert_int_equal(dec(buf, 64, n, &d), DECODE_OK);
	assert_int_equal(d.tcp.paylen, 512);

	l2.pppoe = true;
	l2.nvlan = 2;
	n = craft_tcp(buf, &l2, 6, v6a, v6b, 50000, 80, 0xfffffff0u, 1, 0x10, 100);
	assert_int_equal(dec(buf, n, n, &d), DECODE_OK);
	assert_int_equal(d.kind, DECODE_TCP);
	assert_true(d.in_session);
	assert_int_equal(d.tcp.ipver, 6);
	assert_int_equal(d.tcp.seq, 0xfffffff0u);
	assert_int_equal(d.tcp.paylen, 100);
	assert_memory_equal(d.tcp.saddr, v6a, 16);
}

/* Every cut of every frame kind: truncated or (payload cut only) fine, never more. */
static void test_every_prefix_is_truncated_or_ok(void **state)
{
	(void)state;
	uint8_t buf[CRAFT_MAX];
	struct craft_l2 l2 = l2_up(2);
	struct decoded d, full;
	size_t len[8];
	uint8_t frames[8][CRAFT_MAX];

	len[0] = craft_pppoe_disc(frames[0], &l2, PPPOE_PADS, 7, "c", "r");
	len[1] = craft_lcp(frames[1], &l2, LCP_ECHO_REPLY, 1);
	len[2] = craft_dhcp(frames[2], &l2, DHCP_ACK, 9, cpe, "circuit", NULL);
	len[3] = craft_tcp(frames[3], &l2, 4, v4a, v4b, 1, 2, 3, 4, 0x10, 10);
	l2.pppoe = true;
	len[4] = craft_tcp(frames[4], &l2, 6, v6a, v6b, 1, 2, 3, 4, 0x10, 10);
	len[5] = craft_tcp(frames[5], &l2, 4, v4a, v4b, 1, 2, 3, 4, 0x10, 0);
	len[6] = craft_ppp_auth(frames[6], &l2, false, "user@isp");
	len[7] = craft_ppp_auth(frames[7], &l2, true, "user@isp");
	for (int f = 0; f < 8; f++) {
		memcpy(buf, frames[f], len[f]);
		assert_int_equal(dec(buf, len[f], len[f], &full), DECODE_OK);
		for (size_t cut = 0; cut < len[f]; cut++) {
			int rc = dec(buf, cut, len[f], &d);
			assert_true(rc == DECODE_OK || rc == DECODE_TRUNCATED);
			if (rc == DECODE_OK)
				assert_int_equal(d.kind, full.kind);
			/* a frame that really is that short must not crash either */
			rc = dec(buf, cut, cut, &d);
			assert_true(rc == DECODE_OK || rc < 0);
		}
	}
}

static int dec_mod(const uint8_t *frame, size_t n, size_t at, uint8_t val)
{
	uint8_t buf[CRAFT_MAX];
	struct decoded d;

	memcpy(buf, frame, n);
	buf[at] = val;
	return dec(buf, n, n, &d);
}

static void test_malformed_headers(void **state)
{
	(void)state;
	uint8_t f[CRAFT_MAX];
	struct craft_l2 l2 = l2_up(0);
	size_t n;

	/* PPPoE: version/type, unknown code, length beyond the frame, tag overrun */
	n = craft_pppoe_disc(f, &l2, PPPOE_PADR, 0, "OLT-A 1/1/1:1", NULL);
	assert_int_equal(dec_mod(f, n, 14, 0x12), DECODE_MALFORMED);
	assert_int_equal(dec_mod(f, n, 15, 0x42), DECODE_MALFORMED);
	assert_int_equal(dec_mod(f, n, 18, 0x7f), DECODE_MALFORMED);
	assert_int_equal(dec_mod(f, n, 20 + 2, 0x70), DECODE_MALFORMED);     /* Service-Name len */
	assert_int_equal(dec_mod(f, n, 20 + 4 + 9, 0xff), DECODE_MALFORMED); /* TR-101 sub len */
	/* LCP length below its header */
	n = craft_lcp(f, &l2, LCP_ECHO_REQ, 3);
	assert_int_equal(dec_mod(f, n, 14 + 8 + 3, 3), DECODE_MALFORMED);
	/* PPPoE session with a non-zero code */
	assert_int_equal(dec_mod(f, n, 15, 1), DECODE_MALFORMED);
	/* IPv4 header length 16, total length beyond the frame; TCP data offset 4 */
	n = craft_tcp(f, &l2, 4, v4a, v4b, 1, 2, 3, 4, 0x10, 0);
	assert_int_equal(dec_mod(f, n, 14, 0x44), DECODE_MALFORMED);
	assert_int_equal(dec_mod(f, n, 16, 0x7f), DECODE_MALFORMED);
	assert_int_equal(dec_mod(f, n, 14 + 20 + 12, 0x40), DECODE_MALFORMED);
	assert_int_equal(dec_mod(f, n, 14, 0x65), DECODE_MALFORMED); /* version 6 in IPv4 */
	/* DHCP: message type option of length 2, option 82 sub-option overrun */
	n = craft_dhcp(f, &l2, DHCP_REQUEST, 1, cpe, "cid", NULL);
	assert_int_equal(dec_mod(f, n, 14 + 28 + 240 + 1, 2), DECODE_MALFORMED);
	assert_int_equal(dec_mod(f, n, 14 + 28 + 243 + 3, 0x40), DECODE_MALFORMED);
	/* five VLAN tags */
	l2.nvlan = 5;
	n = craft_tcp(f, &l2, 4, v4a, v4b, 1, 2, 3, 4, 0x10, 0);
	assert_int_equal(dec_mod(f, n, 0, 0x02), DECODE_MALFORMED);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(decode_kind_name(DECODE_LCP), "lcp");
	assert_string_equal(decode_pppoe_code_name(PPPOE_PADT), "PADT");
	assert_null(decode_pppoe_code_name(0x55));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_padi_qinq_tr101),
		cmocka_unit_test(test_lcp_echo_in_session),
		cmocka_unit_test(test_pap_and_chap_user),
		cmocka_unit_test(test_dhcp_option82),
		cmocka_unit_test(test_tcp_v4_and_v6_in_pppoe),
		cmocka_unit_test(test_every_prefix_is_truncated_or_ok),
		cmocka_unit_test(test_malformed_headers),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
