/* capture_daemon: glue between the capture probe (probes/capture) and the daemon's loop and
 * store. Packets are read in bounded batches per wake-up so that capture never starves the
 * SNMP poller; at each bucket boundary the per-subscriber counters are turned into per-ONT
 * deltas, which is all the store ever sees (no subscriber identifiers are stored). */
#include "config.h"

#include <errno.h>
#include <linux/capability.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/capture_daemon.h"
#include "monitor/conf_capture.h"
#include "probes/capture/decode.h"
#include "probes/capture/ontmap.h"
#include "probes/capture/pcapsrc.h"
#include "probes/capture/subhash.h"
#include "probes/capture/tracker.h"

#define BATCH 4096 /* packets per wake-up: bounded work per loop round */

/* What a subscriber had counted at the last flush. */
struct snap {
	uint64_t packets, bytes, tcp_data, tcp_retrans;
	uint32_t drops, redials, lost, reinits;
};

static struct snap snap_of(const struct tracker_sub *s)
{
	struct snap p;

	memset(&p, 0, sizeof(p)); /* compared with memcmp: no stray padding bytes */
	p.packets = s->packets;
	p.bytes = s->bytes;
	p.tcp_data = s->tcp_data;
	p.tcp_retrans = s->tcp_retrans;
	p.drops = s->pppoe_drops;
	p.redials = s->pppoe_redials;
	p.lost = s->lcp_echo_lost;
	p.reinits = s->dhcp_reinits;
	return p;
}

/* One subscriber's share of a bucket, before it is summed per ONT. */
struct share {
	struct ont_ref ref;
	struct store_capture_bucket b;
};

struct capture_daemon {
	struct loop *loop;
	struct store *store;
	struct pcapsrc *src;
	struct pcapsrc_conf pconf; /* what the device was opened with */
	char *interface, *filter;
	struct tracker *tracker;
	struct ontmap *map;
	struct subhash *hash;
	struct snap *snap;
	size_t nsnap;
	int bucket;
	int64_t bucket_start; /* the bucket the counters since the last flush belong to */
	int retention_days;
	int idle_expiry;
	struct loop_timer flush;
	struct pcapsrc_stats last_stats;
	struct log_ratelimit drops_rl;
	capture_bucket_fn bucket_fn;
	void *bucket_arg;
};

/* Give up the capabilities only opening the device needed. */
static void drop_capture_privilege(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	uint32_t mask = (1u << CAP_NET_RAW) | (1u << CAP_NET_ADMIN);

	if (syscall(SYS_capget, &h, data) < 0) {
		log_warn("capture: reading capabilities");
		return;
	}
	data[0].effective &= ~mask;
	data[0].permitted &= ~mask;
	data[0].inheritable &= ~mask;
	if (syscall(SYS_capset, &h, data) < 0)
		log_warn("capture: dropping CAP_NET_RAW and CAP_NET_ADMIN");
	else
		log_debug(
		    "capture: CAP_NET_RAW and CAP_NET_ADMIN dropped after opening the device");
}

static int build_map(const struct conf_capture *c, struct ontmap **map, struct subhash **hash)
{
	struct ontmap *m = ontmap_new();
	struct subhash *h = NULL;
	const char *why;
	int line;

	for (size_t i = 0; i < c->ntemplates; i++)
		if (ontmap_add_template(m, c->templates[i].template, c->templates[i].olt, &why) <
		    0) {
			log_warnx("capture: template \"%s\": %s", c->templates[i].template, why);
			goto fail;
		}
	for (size_t i = 0; i < c->nvlans; i++) {
		struct ont_ref r;
		memset(&r, 0, sizeof(r));
		snprintf(r.olt, sizeof(r.olt), "%s", c->vlans[i].olt);
		snprintf(r.port, sizeof(r.port), "%s", c->vlans[i].port);
		r.ont = c->vlans[i].ont;
		ontmap_add_vlan(m, c->vlans[i].outer, c->vlans[i].inner, &r);
	}
	if (c->mac_map && ontmap_load_macs(m, c->mac_map, &line) < 0) {
		log_warnx("capture: mac_map %s:%d: unreadable or not \"mac,olt,port,ont\"",
		          c->mac_map, line);
		goto fail;
	}
	if (c->hash_key_file && subhash_load(c->hash_key_file, &h) < 0) {
		log_warnx("capture: hash_key_file %s: unreadable or not %d..%d bytes",
		          c->hash_key_file, SUBHASH_KEY_MIN, SUBHASH_KEY_MAX);
		goto fail;
	}
	*map = m;
	*hash = h;
	return 0;
fail:
	ontmap_free(m);
	return -1;
}

static void on_packet(const uint8_t *pkt, uint32_t caplen, uint32_t wirelen, double ts, void *arg)
{
	struct capture_daemon *cd = arg;
	struct decoded d;
	int rc = decode_packet(pkt, caplen, wirelen, &d);

	if (rc == DECODE_OK)
		tracker_feed(cd->tracker, &d, ts);
	else
		tracker_feed_invalid(cd->tracker, rc, wirelen, ts);
}

static void on_readable(int fd, short revents, void *arg)
{
	struct capture_daemon *cd = arg;

	if (pcapsrc_dispatch(cd->src, BATCH, on_packet, cd) >= 0)
		return;
	if (revents & (POLLERR | POLLHUP | POLLNVAL)) {
		/* a device that went away would wake the loop forever: stop watching it */
		log_warnx("capture: %s: %s; capture stopped until restart", cd->interface,
		          pcapsrc_error(cd->src));
		loop_fd_del(cd->loop, fd);
		return;
	}
	log_warnx_limited(&cd->drops_rl, (time_t)loop_wall(cd->loop), "capture: %s: read: %s",
	                  cd->interface, pcapsrc_error(cd->src));
}

/* Operators map the unmapped: say who (hashed when configured) and what line they came on. */
static void log_unmapped(const struct capture_daemon *cd, const struct tracker_sub *s)
{
	char id[SUBHASH_HEX], cid[SUBHASH_HEX];

	if (cd->hash) {
		subhash_hex(cd->hash, s->mac, 6, id);
		subhash_hex(cd->hash, s->circuit_id, strlen(s->circuit_id), cid);
	} else {
		snprintf(id, sizeof(id), "%02x:%02x:%02x:%02x:%02x:%02x", s->mac[0], s->mac[1],
		         s->mac[2], s->mac[3], s->mac[4], s->mac[5]);
	}
	log_info("capture: unmapped subscriber %s (circuit-id \"%s\", VLAN %d.%d)", id,
	         cd->hash ? cid : s->circuit_id, s->nvlan > 0 ? s->vlan[0] : -1,
	         s->nvlan > 1 ? s->vlan[1] : -1);
}

static int share_cmp(const void *a, const void *b)
{
	const struct ont_ref *x = &((const struct share *)a)->ref;
	const struct ont_ref *y = &((const struct share *)b)->ref;
	int c = strcmp(x->olt, y->olt);

	if (c == 0)
		c = strcmp(x->port, y->port);
	return c ? c : (x->ont > y->ont) - (x->ont < y->ont);
}

static void log_stats(struct capture_daemon *cd, time_t now)
{
	struct pcapsrc_stats st;

	if (pcapsrc_stats(cd->src, &st) < 0)
		return;
	uint64_t kd = st.kernel_drops - cd->last_stats.kernel_drops;
	uint64_t id = st.if_drops - cd->last_stats.if_drops;
	log_info("capture: %s: pcap_stats: %llu received, %llu dropped by the kernel, %llu by the "
	         "interface (since start)",
	         cd->interface, (unsigned long long)st.received,
	         (unsigned long long)st.kernel_drops, (unsigned long long)st.if_drops);
	if (kd || id)
		log_warnx_limited(&cd->drops_rl, now,
		                  "capture: %s: %llu packets dropped by the kernel and %llu by the "
		                  "interface since the last bucket (buffer_size too small?)",
		                  cd->interface, (unsigned long long)kd, (unsigned long long)id);
	cd->last_stats = st;
}

/* Turn what changed since the last flush into per-ONT buckets and write them. */
static void flush_bucket(struct capture_daemon *cd, double now)
{
	size_t n = tracker_count(cd->tracker), nshare = 0, unmapped = 0;
	int64_t start = cd->bucket_start;
	struct share *sh;

	cd->bucket_start = (int64_t)now - (int64_t)now % cd->bucket;
	tracker_settle(cd->tracker, now);
	if (n > cd->nsnap) {
		cd->snap = xreallocarray(cd->snap, n, sizeof(*cd->snap));
		memset(cd->snap + cd->nsnap, 0, (n - cd->nsnap) * sizeof(*cd->snap));
		cd->nsnap = n;
	}
	sh = xcalloc(n ? n : 1, sizeof(*sh));
	for (size_t i = 0; i < n; i++) {
		const struct tracker_sub *s = tracker_get(cd->tracker, i);
		struct snap *p = &cd->snap[i];
		struct share *x = &sh[nshare];
		struct snap now_snap = snap_of(s);
		if (!memcmp(&now_snap, p, sizeof(now_snap)))
			continue; /* nothing happened (settled echo losses count as something) */
		if (ontmap_lookup(cd->map, s->mac, s->user, s->circuit_id, s->vlan, s->nvlan,
		                  &x->ref) < 0) {
			if (unmapped++ < 10)
				log_unmapped(cd, s);
		} else {
			x->b.subscribers = 1;
			x->b.pppoe_drops = s->pppoe_drops - p->drops;
			x->b.pppoe_redials = s->pppoe_redials - p->redials;
			x->b.lcp_echo_lost = s->lcp_echo_lost - p->lost;
			x->b.dhcp_reinits = s->dhcp_reinits - p->reinits;
			x->b.tcp_data = (int64_t)(s->tcp_data - p->tcp_data);
			x->b.tcp_retrans = (int64_t)(s->tcp_retrans - p->tcp_retrans);
			x->b.bytes = (int64_t)(s->bytes - p->bytes);
			nshare++;
		}
		*p = now_snap;
	}
	qsort(sh, nshare, sizeof(*sh), share_cmp);
	size_t nonts = 0;
	store_begin(cd->store);
	for (size_t i = 0; i < nshare;) {
		struct store_capture_bucket b = sh[i].b;
		size_t j = i + 1;
		for (; j < nshare && share_cmp(&sh[i], &sh[j]) == 0; j++) {
			b.subscribers += sh[j].b.subscribers;
			b.pppoe_drops += sh[j].b.pppoe_drops;
			b.pppoe_redials += sh[j].b.pppoe_redials;
			b.lcp_echo_lost += sh[j].b.lcp_echo_lost;
			b.dhcp_reinits += sh[j].b.dhcp_reinits;
			b.tcp_data += sh[j].b.tcp_data;
			b.tcp_retrans += sh[j].b.tcp_retrans;
			b.bytes += sh[j].b.bytes;
		}
		b.olt = sh[i].ref.olt;
		b.port = sh[i].ref.port;
		b.ont = sh[i].ref.ont;
		b.start = start;
		b.seconds = cd->bucket;
		store_capture_put(cd->store, &b);
		nonts++;
		i = j;
	}
	store_commit(cd->store);
	free(sh);
	/* Every snapshot is current now, so forgetting idle subscribers (which moves the others)
	 * only needs the snapshots taken again. */
	size_t gone = tracker_expire(cd->tracker, now - cd->idle_expiry);
	if (gone) {
		n = tracker_count(cd->tracker);
		for (size_t i = 0; i < n; i++)
			cd->snap[i] = snap_of(tracker_get(cd->tracker, i));
		memset(cd->snap + n, 0, (cd->nsnap - n) * sizeof(*cd->snap));
		log_info("capture: %s: forgot %zu subscribers idle for %d s", cd->interface, gone,
		         cd->idle_expiry);
	}
	const struct tracker_totals *tot = tracker_totals(cd->tracker);
	log_info("capture: %s: bucket %lld: %zu ONTs, %zu active subscribers unmapped; "
	         "%zu subscribers tracked, %llu truncated, %llu malformed so far",
	         cd->interface, (long long)start, nonts, unmapped, n,
	         (unsigned long long)tot->truncated, (unsigned long long)tot->malformed);
	log_stats(cd, (time_t)now);
	if (cd->retention_days > 0) {
		int64_t deleted = 0;
		store_capture_prune(cd->store, (int64_t)now - (int64_t)cd->retention_days * 86400,
		                    &deleted);
	}
}

static void arm_flush(struct capture_daemon *cd)
{
	double now = loop_wall(cd->loop);
	double next = (floor(now / cd->bucket) + 1) * cd->bucket;

	loop_timer_after(cd->loop, &cd->flush, next - now + 0.5);
}

static void on_flush(void *arg)
{
	struct capture_daemon *cd = arg;

	flush_bucket(cd, loop_wall(cd->loop));
	arm_flush(cd);
	if (cd->bucket_fn != NULL)
		cd->bucket_fn(cd->bucket_arg, (int64_t)loop_wall(cd->loop));
}

void capture_daemon_on_bucket(struct capture_daemon *cd, capture_bucket_fn fn, void *arg)
{
	cd->bucket_fn = fn;
	cd->bucket_arg = arg;
}

static void take_conf(struct capture_daemon *cd, const struct conf *conf)
{
	cd->bucket = conf->capture->bucket;
	cd->idle_expiry = conf->capture->idle_expiry;
	cd->bucket_start = (int64_t)loop_wall(cd->loop) - (int64_t)loop_wall(cd->loop) % cd->bucket;
	cd->retention_days = conf->retention_days;
}

int capture_daemon_start(struct loop *loop, struct store *store, const struct conf *conf,
                         struct capture_daemon **out)
{
	const struct conf_capture *c = conf->capture;
	struct capture_daemon *cd = xcalloc(1, sizeof(*cd));
	struct tracker_conf tc;
	char err[PCAPSRC_ERR_MAX];

	cd->loop = loop;
	cd->store = store;
	cd->drops_rl.interval = 3600;
	cd->interface = xstrdup(c->interface);
	cd->filter = xstrdup(c->filter);
	pcapsrc_conf_default(&cd->pconf);
	cd->pconf.device = cd->interface;
	cd->pconf.filter = cd->filter;
	cd->pconf.snaplen = c->snaplen;
	cd->pconf.buffer_size = c->buffer_size;
	cd->pconf.promisc = c->promisc;
	if (build_map(c, &cd->map, &cd->hash) < 0)
		goto fail;
	if (pcapsrc_open_live(&cd->pconf, &cd->src, err) < 0) {
		log_warnx("capture: %s: %s (needs CAP_NET_RAW, see docs/capture.md)", c->interface,
		          err);
		goto fail;
	}
	drop_capture_privilege();
	tracker_conf_default(&tc);
	tc.max_subscribers = (uint32_t)c->max_subscribers;
	tc.lcp_timeout = c->lcp_timeout;
	cd->tracker = tracker_new(&tc);
	take_conf(cd, conf);
	if (loop_fd_add(loop, pcapsrc_fd(cd->src), POLLIN, on_readable, cd) < 0) {
		log_warnx("capture: %s: cannot watch the device", c->interface);
		goto fail;
	}
	loop_timer_init(&cd->flush, on_flush, cd);
	arm_flush(cd);
	log_info("capture: %s: capturing (snaplen %d, buffer %d bytes, %zu templates, "
	         "%zu VLAN rules, filter \"%s\")",
	         c->interface, c->snaplen, c->buffer_size, c->ntemplates, c->nvlans, c->filter);
	*out = cd;
	return 0;
fail:
	capture_daemon_stop(cd);
	return -1;
}

int capture_daemon_reconfigure(struct capture_daemon *cd, const struct conf *conf)
{
	const struct conf_capture *c = conf->capture;
	struct ontmap *map;
	struct subhash *hash;

	if (!c || !c->enabled) {
		log_warnx("reload: capture section removed or disabled; capture stops at restart");
		return 0;
	}
	if (strcmp(c->interface, cd->interface) != 0 || strcmp(c->filter, cd->filter) != 0 ||
	    c->snaplen != cd->pconf.snaplen || c->buffer_size != cd->pconf.buffer_size ||
	    c->promisc != (cd->pconf.promisc != 0))
		log_warnx("reload: capture device settings changed; they take effect at restart "
		          "(opening a device needs a privilege the daemon gave up)");
	if (build_map(c, &map, &hash) < 0)
		return -1;
	ontmap_free(cd->map);
	subhash_free(cd->hash);
	cd->map = map;
	cd->hash = hash;
	if (c->bucket != cd->bucket) {
		flush_bucket(cd, loop_wall(cd->loop));
		take_conf(cd, conf);
		arm_flush(cd);
	} else {
		cd->retention_days = conf->retention_days;
		cd->idle_expiry = c->idle_expiry;
	}
	return 0;
}

void capture_daemon_stop(struct capture_daemon *cd)
{
	if (!cd)
		return;
	if (cd->src && cd->tracker) {
		loop_fd_del(cd->loop, pcapsrc_fd(cd->src));
		loop_timer_stop(cd->loop, &cd->flush);
		flush_bucket(cd, loop_wall(cd->loop));
	}
	pcapsrc_close(cd->src);
	tracker_free(cd->tracker);
	ontmap_free(cd->map);
	subhash_free(cd->hash);
	free(cd->snap);
	free(cd->interface);
	free(cd->filter);
	free(cd);
}

int capture_daemon_stats(struct capture_daemon *cd, struct capture_daemon_stats *out)
{
	const struct tracker_totals *tot;
	struct pcapsrc_stats ps;

	if (cd == NULL)
		return -1;
	tot = tracker_totals(cd->tracker);
	memset(out, 0, sizeof(*out));
	out->interface = cd->interface;
	out->packets = tot->packets;
	out->bytes = tot->bytes;
	out->truncated = tot->truncated;
	out->malformed = tot->malformed;
	out->subscribers = tracker_count(cd->tracker);
	out->drops_known = pcapsrc_stats(cd->src, &ps) == 0;
	if (out->drops_known) {
		out->kernel_drops = ps.kernel_drops;
		out->if_drops = ps.if_drops;
	}
	return 0;
}
