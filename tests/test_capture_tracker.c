/* test_capture_tracker: subscriber evidence from crafted sessions (re-dials, echo loss, DHCP
 * re-inits, TCP retransmissions, activity), the circuit-id/VLAN/MAC mapper and keyed hashing. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/capture/decode.h"
#include "probes/capture/ontmap.h"
#include "probes/capture/subhash.h"
#include "probes/capture/tracker.h"
#include "tests/capture_craft.h"

static const uint8_t cpe[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t cpe2[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t bng[6] = { 0x02, 0xbb, 0x00, 0x00, 0x00, 0xfe };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t v4a[4] = { 100, 64, 0, 2 }, v4b[4] = { 192, 0, 2, 80 };

static void feed(struct tracker *t, const uint8_t *buf, size_t n, double ts)
{
	struct decoded d;

	assert_int_equal(decode_packet(buf, (uint32_t)n, (uint32_t)n, &d), DECODE_OK);
	tracker_feed(t, &d, ts);
}

static struct craft_l2 link_of(const uint8_t *src, const uint8_t *dst, uint16_t sid)
{
	struct craft_l2 l2 = { .nvlan = 1, .vlan = { 200 }, .sid = sid };

	memcpy(l2.src, src, 6);
	memcpy(l2.dst, dst, 6);
	return l2;
}

/* One PPPoE dial: PADI, PADO, PADR, PADS with session sid. */
static void dial(struct tracker *t, const uint8_t *mac, uint16_t sid, double ts)
{
	uint8_t b[CRAFT_MAX];
	struct craft_l2 up = link_of(mac, bcast, 0), down = link_of(bng, mac, 0);

	feed(t, b, craft_pppoe_disc(b, &up, PPPOE_PADI, 0, "OLT-B xpon 0/2/1:5", NULL), ts);
	feed(t, b, craft_pppoe_disc(b, &down, PPPOE_PADO, 0, NULL, NULL), ts + 0.01);
	memcpy(up.dst, bng, 6);
	feed(t, b, craft_pppoe_disc(b, &up, PPPOE_PADR, 0, "OLT-B xpon 0/2/1:5", NULL), ts + 0.02);
	feed(t, b, craft_pppoe_disc(b, &down, PPPOE_PADS, sid, NULL, NULL), ts + 0.03);
}

static void test_drops_and_redials(void **state)
{
	(void)state;
	struct tracker_conf c;
	uint8_t b[CRAFT_MAX];

	tracker_conf_default(&c);
	struct tracker *t = tracker_new(&c);
	for (int i = 0; i < 3; i++) {
		struct craft_l2 down = link_of(bng, cpe, (uint16_t)(0x100 + i));
		dial(t, cpe, (uint16_t)(0x100 + i), 1000.0 + 100 * i);
		feed(t, b,
		     craft_pppoe_disc(b, &down, PPPOE_PADT, (uint16_t)(0x100 + i), NULL, NULL),
		     1050.0 + 100 * i);
	}
	assert_int_equal(tracker_count(t), 1); /* the BNG is not a subscriber */
	const struct tracker_sub *s = tracker_find(t, cpe);
	assert_non_null(s);
	assert_int_equal(s->pppoe_padi, 3);
	assert_int_equal(s->pppoe_sessions, 3);
	assert_int_equal(s->pppoe_drops, 3);
	assert_int_equal(s->pppoe_redials, 2);
	assert_string_equal(s->circuit_id, "OLT-B xpon 0/2/1:5");
	assert_int_equal(s->nvlan, 1);
	assert_int_equal(s->vlan[0], 200);
	assert_null(tracker_find(t, bng));
	tracker_free(t);
}

/* A capture that starts mid-session: the PADT of an unseen session, then a new one. */
static void test_redial_after_unseen_session(void **state)
{
	(void)state;
	struct tracker_conf c;
	uint8_t b[CRAFT_MAX];
	struct craft_l2 up = link_of(cpe, bng, 9);

	tracker_conf_default(&c);
	struct tracker *t = tracker_new(&c);
	dial(t, cpe2, 1, 10.0); /* teaches the BNG's MAC */
	feed(t, b, craft_lcp(b, &up, LCP_ECHO_REPLY, 1), 20.0);
	feed(t, b, craft_pppoe_disc(b, &up, PPPOE_PADT, 9, NULL, NULL), 21.0);
	dial(t, cpe, 10, 30.0);
	const struct tracker_sub *s = tracker_find(t, cpe);
	assert_non_null(s);
	assert_int_equal(s->pppoe_drops, 1);
	assert_int_equal(s->pppoe_redials, 1);
	assert_int_equal(tracker_find(t, cpe2)->pppoe_redials, 0);
	tracker_free(t);
}

static void test_lcp_echo_loss(void **state)
{
	(void)state;
	struct tracker_conf c;
	uint8_t b[CRAFT_MAX];
	struct craft_l2 down = link_of(bng, cpe, 5), up = link_of(cpe, bng, 5);

	tracker_conf_default(&c);
	c.lcp_timeout = 3;
	struct tracker *t = tracker_new(&c);
	dial(t, cpe, 5, 0.0);
	for (int i = 0; i < 10; i++) {
		feed(t, b, craft_lcp(b, &down, LCP_ECHO_REQ, (uint8_t)i), 10.0 + 5 * i);
		if (i < 6) /* the last four go unanswered */
			feed(t, b, craft_lcp(b, &up, LCP_ECHO_REPLY, (uint8_t)i), 10.2 + 5 * i);
	}
	/* the replies must come from the other side to count */
	feed(t, b, craft_lcp(b, &down, LCP_ECHO_REPLY, 9), 56.0);
	const struct tracker_sub *s = tracker_find(t, cpe);
	assert_int_equal(s->lcp_echo_req, 10);
	assert_int_equal(s->lcp_echo_lost, 3); /* the newest is not yet overdue */
	tracker_settle(t, 56.0);
	assert_int_equal(s->lcp_echo_lost, 3);
	tracker_settle(t, 60.0);
	assert_int_equal(s->lcp_echo_lost, 4);
	feed(t, b, craft_lcp(b, &down, LCP_TERM_REQ, 77), 61.0);
	assert_int_equal(s->lcp_terminate, 1);
	/* the user name comes from the subscriber's own authentication only */
	feed(t, b, craft_ppp_auth(b, &down, true, "bng-name"), 62.0);
	assert_string_equal(s->user, "");
	feed(t, b, craft_ppp_auth(b, &up, false, "c@isp.example"), 62.1);
	assert_string_equal(s->user, "c@isp.example");
	tracker_free(t);
}

static void test_dhcp_reinits(void **state)
{
	(void)state;
	struct tracker_conf c;
	uint8_t b[CRAFT_MAX];
	struct craft_l2 up = link_of(cpe, bcast, 0), down = link_of(bng, bcast, 0);

	tracker_conf_default(&c);
	struct tracker *t = tracker_new(&c);
	/* DORA, then a storm: five fresh DISCOVERs, each retried once with the same xid */
	feed(t, b, craft_dhcp(b, &up, DHCP_DISCOVER, 1, cpe, "OLT-A xpon 0/1/4:7", NULL), 1);
	feed(t, b, craft_dhcp(b, &down, DHCP_OFFER, 1, cpe, "OLT-A xpon 0/1/4:7", NULL), 1.1);
	feed(t, b, craft_dhcp(b, &up, DHCP_REQUEST, 1, cpe, "OLT-A xpon 0/1/4:7", NULL), 1.2);
	feed(t, b, craft_dhcp(b, &down, DHCP_ACK, 1, cpe, "OLT-A xpon 0/1/4:7", NULL), 1.3);
	for (uint32_t x = 2; x < 7; x++) {
		feed(t, b, craft_dhcp(b, &up, DHCP_DISCOVER, x, cpe, NULL, NULL), 10.0 * x);
		feed(t, b, craft_dhcp(b, &up, DHCP_DISCOVER, x, cpe, NULL, NULL), 10.0 * x + 4);
	}
	feed(t, b, craft_dhcp(b, &down, DHCP_NAK, 9, cpe, NULL, NULL), 100);
	const struct tracker_sub *s = tracker_find(t, cpe);
	assert_int_equal(s->dhcp_discover, 11);
	assert_int_equal(s->dhcp_reinits, 5);
	assert_int_equal(s->dhcp_ack, 1);
	assert_int_equal(s->dhcp_nak, 1);
	assert_string_equal(s->circuit_id, "OLT-A xpon 0/1/4:7");
	assert_null(tracker_find(t, bng));
	tracker_free(t);
}

static void test_tcp_retransmissions(void **state)
{
	(void)state;
	struct tracker_conf c;
	uint8_t b[CRAFT_MAX];
	struct craft_l2 up = link_of(cpe, bng, 0), down = link_of(bng, cpe, 0);

	tracker_conf_default(&c);
	struct tracker *t = tracker_new(&c);
	/* the subscriber is known from DHCP */
	feed(t, b, craft_dhcp(b, &up, DHCP_DISCOVER, 1, cpe, NULL, NULL), 0.5);
	feed(t, b, craft_tcp(b, &up, 4, v4a, v4b, 40000, 443, 100, 0, 0x02, 0), 1.0);
	feed(t, b, craft_tcp(b, &down, 4, v4b, v4a, 443, 40000, 5000, 101, 0x12, 0), 1.01);
	uint32_t seq = 5001;
	for (int i = 0; i < 20; i++) {
		feed(t, b, craft_tcp(b, &down, 4, v4b, v4a, 443, 40000, seq, 101, 0x10, 1000),
		     2.0 + i * 0.01);
		if (i % 5 == 4) /* every fifth segment is sent again */
			feed(t, b,
			     craft_tcp(b, &down, 4, v4b, v4a, 443, 40000, seq, 101, 0x10, 1000),
			     2.005 + i * 0.01);
		seq += 1000;
	}
	/* a keep-alive probe (one old byte) is not a retransmission */
	feed(t, b, craft_tcp(b, &down, 4, v4b, v4a, 443, 40000, seq - 1, 101, 0x10, 1), 9.0);
	const struct tracker_sub *s = tracker_find(t, cpe);
	assert_int_equal(s->tcp_data, 25);
	assert_int_equal(s->tcp_retrans, 4);
	assert_true(tracker_retrans_ratio(s) > 0.159 && tracker_retrans_ratio(s) < 0.161);
	tracker_free(t);
}

static void test_cap_and_activity(void **state)
{
	(void)state;
	struct tracker_conf c;
	uint8_t b[CRAFT_MAX], mac[6] = { 0x02, 0, 0, 0, 1, 0 };
	struct craft_l2 up = link_of(mac, bcast, 0);

	tracker_conf_default(&c);
	c.max_subscribers = 3;
	struct tracker *t = tracker_new(&c);
	/* 1970-01-05 was a Monday: 00:30 UTC is bucket 0, Sunday 23:00 is bucket 167 */
	for (int i = 0; i < 5; i++) {
		mac[5] = (uint8_t)i;
		memcpy(up.src, mac, 6);
		size_t n = craft_dhcp(b, &up, DHCP_DISCOVER, 1, mac, NULL, NULL);
		feed(t, b, n, 4 * 86400 + 1800);
		feed(t, b, n, 4 * 86400 + 7 * 86400 - 1);
	}
	assert_int_equal(tracker_count(t), 3);
	assert_int_equal(tracker_totals(t)->subs_over_cap, 4);
	const struct tracker_sub *s = tracker_get(t, 0);
	assert_true(s->hour_bytes[0] > 300);
	assert_int_equal(s->hour_bytes[167], s->hour_bytes[0]);
	assert_int_equal(s->hour_bytes[1], 0);
	assert_true(tracker_bytes_per_sub() >= sizeof(struct tracker_sub));
	/* the first subscriber comes back later; the other two expire and make room */
	mac[5] = 0;
	memcpy(up.src, mac, 6);
	feed(t, b, craft_dhcp(b, &up, DHCP_DISCOVER, 2, mac, NULL, NULL), 30 * 86400);
	assert_int_equal(tracker_expire(t, 20 * 86400), 2);
	assert_int_equal(tracker_count(t), 1);
	assert_non_null(tracker_find(t, mac));
	assert_int_equal(tracker_find(t, mac)->dhcp_reinits, 1);
	mac[5] = 1;
	assert_null(tracker_find(t, mac));
	memcpy(up.src, mac, 6);
	feed(t, b, craft_dhcp(b, &up, DHCP_DISCOVER, 1, mac, NULL, NULL), 30 * 86400 + 1);
	assert_int_equal(tracker_count(t), 2);
	assert_int_equal(tracker_get(t, 1)->mac[5], 1);
	tracker_free(t);
}

static void test_ontmap_templates(void **state)
{
	(void)state;
	struct ontmap *m = ontmap_new();
	struct ont_ref r;
	const char *err;
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };

	assert_int_equal(
	    ontmap_add_template(m, "{olt} xpon {frame}/{slot}/{port}:{ont}", NULL, &err), 0);
	assert_int_equal(ontmap_add_template(m, "pon {slot}-{port}-{ont} {*}", "OLT-Z", &err), 0);
	assert_int_equal(ontmap_lookup(m, mac, NULL, "OLT-A xpon 0/1/3:12", NULL, 0, &r), 0);
	assert_string_equal(r.olt, "OLT-A");
	assert_string_equal(r.port, "0/1/3");
	assert_int_equal(r.ont, 12);
	/* an OLT name with the literal in it still splits at the right place */
	assert_int_equal(ontmap_lookup(m, mac, NULL, "a xpon b xpon 1/2/3:4", NULL, 0, &r), 0);
	assert_string_equal(r.olt, "a xpon b");
	assert_int_equal(ontmap_lookup(m, mac, NULL, "pon 3-7-21 eth 1", NULL, 0, &r), 0);
	assert_string_equal(r.olt, "OLT-Z");
	assert_string_equal(r.port, "3/7");
	assert_int_equal(r.ont, 21);
	/* numbers must be numbers; trailing text must be matched */
	assert_int_equal(ontmap_lookup(m, mac, NULL, "OLT-A xpon 0/x/3:12", NULL, 0, &r), -1);
	assert_int_equal(ontmap_lookup(m, mac, NULL, "OLT-A xpon 0/1/3:12 extra", NULL, 0, &r), -1);
	assert_int_equal(ontmap_lookup(m, mac, NULL, "", NULL, 0, &r), -1);
	/* refused templates */
	assert_int_equal(ontmap_add_template(m, "{olt}{ont}", NULL, &err), -1);
	assert_int_equal(ontmap_add_template(m, "{olt} {frame}", NULL, &err), -1);
	assert_int_equal(ontmap_add_template(m, "{olt} {bogus} {ont}", NULL, &err), -1);
	assert_int_equal(ontmap_add_template(m, "x {ont}", NULL, &err), -1);
	assert_int_equal(ontmap_add_template(m, "{olt} {ont", NULL, &err), -1);
	assert_int_equal(ontmap_size(m), 2);
	ontmap_free(m);
}

static void test_ontmap_vlan_and_mac(void **state)
{
	(void)state;
	struct ontmap *m = ontmap_new();
	struct ont_ref r, ref;
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 7 }, other[6] = { 2, 0, 0, 0, 0, 1 };
	uint16_t qinq[2] = { 300, 20 }, single[1] = { 301 };
	char path[] = "/tmp/ontmap-test.XXXXXX";
	int line, fd;

	assert_int_equal(ontmap_parse_ref("OLT-C:0/3/1:4", &ref), 0);
	assert_int_equal(ontmap_add_vlan(m, 300, 20, &ref), 0);
	assert_int_equal(ontmap_parse_ref("OLT-C:0/3/2:", &ref), -1);
	assert_int_equal(ontmap_parse_ref("OLT-D:0/3/9:1", &ref), 0);
	assert_int_equal(ontmap_add_vlan(m, 301, ONTMAP_ANY_VLAN, &ref), 0);
	assert_int_equal(ontmap_add_vlan(m, 5000, 1, &ref), -1);
	assert_int_equal(ontmap_lookup(m, other, NULL, NULL, qinq, 2, &r), 0);
	assert_string_equal(r.olt, "OLT-C");
	assert_int_equal(r.ont, 4);
	assert_int_equal(ontmap_lookup(m, other, NULL, NULL, single, 1, &r), 0);
	assert_string_equal(r.olt, "OLT-D");
	qinq[1] = 21;
	assert_int_equal(ontmap_lookup(m, other, NULL, NULL, qinq, 2, &r), -1);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "# mac,olt,port,ont\n02:00:00:00:00:01,OLT-M,0/1/1,3\n"
	           "u@isp.example,OLT-U,0/1/2,4\n");
	fclose(f);
	assert_int_equal(ontmap_load_macs(m, path, &line), 0);
	assert_int_equal(ontmap_lookup(m, other, NULL, NULL, qinq, 2, &r), 0);
	assert_string_equal(r.olt, "OLT-M");
	assert_string_equal(r.port, "0/1/1");
	/* the user column: before circuit-id and VLAN, after the MAC */
	assert_int_equal(ontmap_lookup(m, mac, "u@isp.example", NULL, single, 1, &r), 0);
	assert_string_equal(r.olt, "OLT-U");
	assert_int_equal(r.ont, 4);
	assert_int_equal(ontmap_lookup(m, other, "u@isp.example", NULL, NULL, 0, &r), 0);
	assert_string_equal(r.olt, "OLT-M");
	f = fopen(path, "w");
	fprintf(f, "02:00:00:00:00:02,OLT-M,0/1/1,3\nsomeone,OLT,1,x\n");
	fclose(f);
	assert_int_equal(ontmap_load_macs(m, path, &line), -1);
	assert_int_equal(line, 2);
	unlink(path);
	assert_int_equal(ontmap_parse_mac("02:00:00:00:00:0g", mac), -1);
	ontmap_free(m);
}

static void test_subhash_rfc4231(void **state)
{
	(void)state;
	uint8_t key[20];
	char out[SUBHASH_HEX];

	memset(key, 0x0b, sizeof(key));
	struct subhash *h = subhash_new(key, sizeof(key));
	assert_non_null(h);
	subhash_hex(h, "Hi There", 8, out);
	assert_string_equal(out, "b0344c61d8db38535ca8afceaf0bf12b"); /* RFC 4231 case 1 */
	subhash_hex(h, "Hi There", 8, out); /* the key state survives use */
	assert_string_equal(out, "b0344c61d8db38535ca8afceaf0bf12b");
	subhash_free(h);
	assert_null(subhash_new(key, 8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drops_and_redials),
		cmocka_unit_test(test_redial_after_unseen_session),
		cmocka_unit_test(test_lcp_echo_loss),
		cmocka_unit_test(test_dhcp_reinits),
		cmocka_unit_test(test_tcp_retransmissions),
		cmocka_unit_test(test_cap_and_activity),
		cmocka_unit_test(test_ontmap_templates),
		cmocka_unit_test(test_ontmap_vlan_and_mac),
		cmocka_unit_test(test_subhash_rfc4231),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
