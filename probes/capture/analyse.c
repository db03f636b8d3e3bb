/* analyse: file -> decoder -> tracker -> report. Identifiers are hashed at the last moment,
 * after mapping, because the mapping needs the circuit-id in clear. */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/capture/analyse.h"
#include "probes/capture/decode.h"
#include "probes/capture/pcapsrc.h"

#define IDENT_MAX (TRACKER_ID_MAX + SUBHASH_HEX) /* clear ids are shorter than this */

static void feed_one(const uint8_t *pkt, uint32_t caplen, uint32_t wirelen, double ts, void *arg)
{
	struct tracker *t = arg;
	struct decoded d;
	int rc = decode_packet(pkt, caplen, wirelen, &d);

	if (rc == DECODE_OK)
		tracker_feed(t, &d, ts);
	else
		tracker_feed_invalid(t, rc, wirelen, ts);
}

int analyse_file(const char *path, const struct tracker_conf *conf, struct tracker **out, char *err,
                 size_t errlen)
{
	char perr[PCAPSRC_ERR_MAX];
	struct pcapsrc *src;
	struct tracker *t;

	if (pcapsrc_open_offline(path, &src, perr) < 0) {
		snprintf(err, errlen, "%s", perr);
		return -1;
	}
	t = tracker_new(conf);
	if (pcapsrc_dispatch(src, -1, feed_one, t) < 0) {
		snprintf(err, errlen, "%s: %s", path, pcapsrc_error(src));
		goto fail;
	}
	pcapsrc_close(src);
	tracker_settle(t, tracker_totals(t)->last_ts);
	*out = t;
	return 0;
fail:
	tracker_free(t);
	pcapsrc_close(src);
	return -1;
}

/* An identifier as printed: in clear, or hashed when a key is configured. */
static void ident(const struct analyse_opts *o, const void *raw, size_t len, const char *clear,
                  char out[IDENT_MAX])
{
	if (o->hash)
		subhash_hex(o->hash, raw, len, out);
	else
		snprintf(out, IDENT_MAX, "%s", clear);
}

static void mac_text(const uint8_t m[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static bool sub_map(const struct analyse_opts *o, const struct tracker_sub *s, struct ont_ref *r)
{
	return o->map &&
	       ontmap_lookup(o->map, s->mac, s->user, s->circuit_id, s->vlan, s->nvlan, r) == 0;
}

static json_t *sub_json(const struct analyse_opts *o, const struct tracker_sub *s)
{
	char mac[18], id[IDENT_MAX];
	struct ont_ref ref;
	json_t *j = json_object(), *a;

	mac_text(s->mac, mac);
	ident(o, s->mac, 6, mac, id);
	json_object_set_new(j, "subscriber", json_string(id));
	if (s->circuit_id[0]) {
		ident(o, s->circuit_id, strlen(s->circuit_id), s->circuit_id, id);
		json_object_set_new(j, "circuit_id", json_string(id));
	} else {
		json_object_set_new(j, "circuit_id", json_null());
	}
	if (s->remote_id[0]) {
		ident(o, s->remote_id, strlen(s->remote_id), s->remote_id, id);
		json_object_set_new(j, "remote_id", json_string(id));
	} else {
		json_object_set_new(j, "remote_id", json_null());
	}
	if (s->user[0]) {
		ident(o, s->user, strlen(s->user), s->user, id);
		json_object_set_new(j, "pppoe_user", json_string(id));
	} else {
		json_object_set_new(j, "pppoe_user", json_null());
	}
	a = json_array();
	for (int i = 0; i < s->nvlan; i++)
		json_array_append_new(a, json_integer(s->vlan[i]));
	json_object_set_new(j, "vlans", a);
	if (sub_map(o, s, &ref))
		json_object_set_new(j, "ont",
		                    json_pack("{s:s, s:s, s:i}", "olt", ref.olt, "port", ref.port,
		                              "ont", (int)ref.ont));
	else
		json_object_set_new(j, "ont", json_null());
	json_object_set_new(j, "pppoe_sessions", json_integer(s->pppoe_sessions));
	json_object_set_new(j, "pppoe_drops", json_integer(s->pppoe_drops));
	json_object_set_new(j, "pppoe_redials", json_integer(s->pppoe_redials));
	json_object_set_new(j, "lcp_echo_requests", json_integer(s->lcp_echo_req));
	json_object_set_new(j, "lcp_echo_lost", json_integer(s->lcp_echo_lost));
	json_object_set_new(j, "lcp_terminate", json_integer(s->lcp_terminate));
	json_object_set_new(j, "dhcp_discover", json_integer(s->dhcp_discover));
	json_object_set_new(j, "dhcp_nak", json_integer(s->dhcp_nak));
	json_object_set_new(j, "dhcp_reinits", json_integer(s->dhcp_reinits));
	json_object_set_new(j, "tcp_data_segments", json_integer((json_int_t)s->tcp_data));
	json_object_set_new(j, "tcp_retrans", json_integer((json_int_t)s->tcp_retrans));
	json_object_set_new(j, "tcp_retrans_ratio", json_real(tracker_retrans_ratio(s)));
	json_object_set_new(j, "packets", json_integer((json_int_t)s->packets));
	json_object_set_new(j, "bytes", json_integer((json_int_t)s->bytes));
	json_object_set_new(j, "first_seen", json_real(s->first_seen));
	json_object_set_new(j, "last_seen", json_real(s->last_seen));
	a = json_array();
	for (int h = 0; h < TRACKER_WEEKHOURS; h++)
		json_array_append_new(a, json_integer(s->hour_bytes[h]));
	json_object_set_new(j, "bytes_by_hour_of_week", a);
	return j;
}

static void report_summary(const struct tracker *t, size_t unmapped, FILE *f)
{
	const struct tracker_totals *tot = tracker_totals(t);

	fprintf(f,
	        "capture: %llu packets, %llu bytes, %llu truncated, %llu malformed, "
	        "%llu unattributed; %zu subscribers (%zu unmapped",
	        (unsigned long long)tot->packets, (unsigned long long)tot->bytes,
	        (unsigned long long)tot->truncated, (unsigned long long)tot->malformed,
	        (unsigned long long)tot->unattributed, tracker_count(t), unmapped);
	if (tot->subs_over_cap)
		fprintf(f, ", %llu packets of subscribers over the cap",
		        (unsigned long long)tot->subs_over_cap);
	fprintf(f, ")\n");
	fprintf(f, "decoded: ");
	for (int k = DECODE_OTHER; k < DECODE_KIND_COUNT; k++)
		fprintf(f, "%s%s %llu", k ? ", " : "", decode_kind_name((enum decode_kind)k),
		        (unsigned long long)tot->kind[k]);
	fprintf(f, "\n");
}

int analyse_report(const struct tracker *t, const struct analyse_opts *o, FILE *out, FILE *summary)
{
	size_t n = tracker_count(t), unmapped = 0;
	struct ont_ref ref;

	for (size_t i = 0; i < n; i++)
		unmapped += !sub_map(o, tracker_get(t, i), &ref);
	if (o->json) {
		for (size_t i = 0; i < n; i++) {
			json_t *j = sub_json(o, tracker_get(t, i));
			json_dumpf(j, out, JSON_COMPACT | JSON_REAL_PRECISION(6));
			fputc('\n', out);
			json_decref(j);
		}
		report_summary(t, unmapped, summary);
		return ferror(out) ? -1 : 0;
	}
	report_summary(t, unmapped, summary);
	fprintf(out, "%-32s %-28s %-24s %5s %7s %9s %6s %7s\n", "SUBSCRIBER", "CIRCUIT-ID", "ONT",
	        "DROPS", "REDIALS", "ECHO-LOST", "REINIT", "RETRANS");
	for (size_t i = 0; i < n; i++) {
		const struct tracker_sub *s = tracker_get(t, i);
		char mac[18], id[IDENT_MAX], cid[IDENT_MAX], ont[96];
		mac_text(s->mac, mac);
		ident(o, s->mac, 6, mac, id);
		ident(o, s->circuit_id, strlen(s->circuit_id),
		      s->circuit_id[0] ? s->circuit_id : "-", cid);
		if (sub_map(o, s, &ref))
			snprintf(ont, sizeof(ont), "%s %s:%d", ref.olt, ref.port, (int)ref.ont);
		else
			snprintf(ont, sizeof(ont), "unmapped");
		fprintf(out, "%-32s %-28s %-24s %5u %7u %9u %6u %7.4f\n", id, cid, ont,
		        s->pppoe_drops, s->pppoe_redials, s->lcp_echo_lost, s->dhcp_reinits,
		        tracker_retrans_ratio(s));
	}
	if (unmapped) {
		fprintf(out, "unmapped subscribers (%zu):", unmapped);
		for (size_t i = 0; i < n; i++) {
			const struct tracker_sub *s = tracker_get(t, i);
			char mac[18], id[IDENT_MAX];
			if (sub_map(o, s, &ref))
				continue;
			mac_text(s->mac, mac);
			ident(o, s->mac, 6, mac, id);
			fprintf(out, " %s", id);
		}
		fprintf(out, "\n");
	}
	return ferror(out) ? -1 : 0;
}

static void usage(FILE *err, const char *cmd)
{
	fprintf(err,
	        "usage: %s FILE.pcap [--json] [--template T [--olt NAME]]... "
	        "[--vlan OUTER[.INNER]=OLT:PORT:ONT]... [--macs CSV] [--hash-key FILE] "
	        "[--lcp-timeout SECONDS] [--max-subscribers N]\n",
	        cmd);
}

static int parse_vlan_rule(struct ontmap *m, const char *arg)
{
	char *end;
	long outer, inner = ONTMAP_ANY_VLAN;
	struct ont_ref ref;

	outer = strtol(arg, &end, 10);
	if (end == arg)
		return -1;
	if (*end == '.') {
		const char *p = end + 1;
		inner = strtol(p, &end, 10);
		if (end == p)
			return -1;
	}
	if (*end != '=' || ontmap_parse_ref(end + 1, &ref) < 0)
		return -1;
	return ontmap_add_vlan(m, (int)outer, (int)inner, &ref);
}

int analyse_main(int argc, char **argv, FILE *out, FILE *err)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "template", required_argument, NULL, 't' },
		{ "olt", required_argument, NULL, 'o' },
		{ "vlan", required_argument, NULL, 'v' },
		{ "macs", required_argument, NULL, 'm' },
		{ "hash-key", required_argument, NULL, 'k' },
		{ "lcp-timeout", required_argument, NULL, 'l' },
		{ "max-subscribers", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct analyse_opts o;
	struct ontmap *map = ontmap_new();
	struct subhash *hash = NULL;
	struct tracker *t = NULL;
	const char *tmpl = NULL, *errs, *cmd = argv[0];
	char ebuf[512];
	int c, line, status = 2;

	memset(&o, 0, sizeof(o));
	tracker_conf_default(&o.tracker);
	optind = 0; /* glibc: full reset, the caller may have used getopt already */
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 't':
		case 'o':
			/* a template takes the --olt that follows it, if any */
			if (c == 't' && tmpl && ontmap_add_template(map, tmpl, NULL, &errs) < 0)
				goto bad_template;
			if (c == 'o') {
				if (!tmpl) {
					fprintf(err, "%s: --olt belongs after a --template\n", cmd);
					goto done;
				}
				if (ontmap_add_template(map, tmpl, optarg, &errs) < 0)
					goto bad_template;
				tmpl = NULL;
			} else {
				tmpl = optarg;
			}
			break;
		case 'v':
			if (parse_vlan_rule(map, optarg) < 0) {
				fprintf(err, "%s: bad --vlan rule \"%s\"\n", cmd, optarg);
				goto done;
			}
			break;
		case 'm':
			if (ontmap_load_macs(map, optarg, &line) < 0) {
				fprintf(err, "%s: %s:%d: cannot load MAC map\n", cmd, optarg, line);
				goto fail;
			}
			break;
		case 'k':
			if (subhash_load(optarg, &hash) < 0) {
				fprintf(err, "%s: %s: unusable hash key (need %d..%d bytes)\n", cmd,
				        optarg, SUBHASH_KEY_MIN, SUBHASH_KEY_MAX);
				goto fail;
			}
			break;
		case 'l':
			o.tracker.lcp_timeout = strtod(optarg, NULL);
			if (!(o.tracker.lcp_timeout > 0)) {
				fprintf(err, "%s: bad --lcp-timeout\n", cmd);
				goto done;
			}
			break;
		case 'n':
			o.tracker.max_subscribers = (uint32_t)strtoul(optarg, NULL, 10);
			if (o.tracker.max_subscribers == 0) {
				fprintf(err, "%s: bad --max-subscribers\n", cmd);
				goto done;
			}
			break;
		case 'h':
			usage(out, cmd);
			status = 0;
			goto done;
		default:
			usage(err, cmd);
			goto done;
		}
	}
	if (tmpl && ontmap_add_template(map, tmpl, NULL, &errs) < 0)
		goto bad_template;
	if (optind != argc - 1) {
		usage(err, cmd);
		goto done;
	}
	o.map = map;
	o.hash = hash;
	if (analyse_file(argv[optind], &o.tracker, &t, ebuf, sizeof(ebuf)) < 0) {
		fprintf(err, "%s: %s\n", cmd, ebuf);
		goto fail;
	}
	status = analyse_report(t, &o, out, o.json ? err : out) < 0 ? 1 : 0;
	goto done;
bad_template:
	fprintf(err, "%s: bad template: %s\n", cmd, errs);
	goto done;
fail:
	status = 1;
done:
	tracker_free(t);
	subhash_free(hash);
	ontmap_free(map);
	return status;
}
