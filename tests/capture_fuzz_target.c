/* capture_fuzz_target: one input is one frame. It is decoded whole, as a capture cut short of
 * a longer frame (the truncated paths), and then fed to a tracker twice, so that the state
 * machines see both a new subscriber and a known one; the circuit-ids found go to the mapper. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "probes/capture/decode.h"
#include "probes/capture/ontmap.h"
#include "probes/capture/tracker.h"
#include "tests/capture_fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tracker_conf conf;
	struct tracker *t;
	struct decoded d;
	uint8_t *copy;
	int rc;

	if (size > 65535)
		return 0;
	/* an exact copy, so that the sanitizer sees any read past the capture */
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	tracker_conf_default(&conf);
	conf.max_subscribers = 2;
	conf.lcp_timeout = 1;
	t = tracker_new(&conf);
	for (int pass = 0; pass < 2; pass++) {
		rc = decode_packet(copy, (uint32_t)size, (uint32_t)size + (pass ? 1000u : 0u), &d);
		if (rc == DECODE_OK) {
			tracker_feed(t, &d, 1000.0 + pass);
			tracker_feed(t, &d, 1000.5 + pass);
		} else {
			tracker_feed_invalid(t, rc, (uint32_t)size, 1000.0);
		}
	}
	tracker_settle(t, 2000.0);
	/* circuit-ids are hostile input to the mapper too */
	struct ontmap *m = ontmap_new();
	const char *err;
	struct ont_ref ref;
	ontmap_add_template(m, "{olt} xpon {frame}/{slot}/{port}:{ont}", NULL, &err);
	ontmap_add_template(m, "{*} {slot}-{port}-{ont} {*}", "OLT", &err);
	for (size_t i = 0; i < tracker_count(t); i++) {
		const struct tracker_sub *s = tracker_get(t, i);
		ontmap_lookup(m, s->mac, s->user, s->circuit_id, s->vlan, s->nvlan, &ref);
	}
	ontmap_free(m);
	tracker_free(t);
	free(copy);
	return 0;
}
