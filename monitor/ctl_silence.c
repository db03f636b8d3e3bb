/* ctl_silence: `ontwatchctl silence add|list|remove`: the daemon's silences (docs/api.md,
 * "Silences") through its HTTP API, holding back new orders during planned work. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/ctl.h"
#include "monitor/ctl_fmt.h"
#include "monitor/ctl_http.h"

#define SILENCE_USAGE                                                                              \
	"usage: ontwatchctl silence add (--olt OLT [--port PORT] | --splitter S | --serial SN)\n"  \
	"                   (--duration D | --until TIME) --reason TEXT [--author NAME]\n"         \
	"       ontwatchctl silence list [--all]\n"                                                \
	"       ontwatchctl silence remove ID\n"                                                   \
	"       (each also takes " CTL_HTTP_USAGE ")\n"                                            \
	"D: 90m, 4h, 2d, 1w or a sum such as 1h30m; TIME: YYYY-MM-DDTHH:MM:SSZ, Unix seconds\n"    \
	"or +D from now.\n"

enum {
	OPT_OLT = 0x200,
	OPT_PORT,
	OPT_SPLITTER,
	OPT_SERIAL,
	OPT_DURATION,
	OPT_UNTIL,
	OPT_REASON,
	OPT_AUTHOR,
	OPT_ALL,
};

struct silence_args {
	const char *olt, *port, *splitter, *serial, *duration, *until, *reason, *author;
	bool all;
};

static int silence_opt(int c, const char *arg, void *ctx)
{
	struct silence_args *a = ctx;

	switch (c) {
	case OPT_OLT:
		a->olt = arg;
		break;
	case OPT_PORT:
		a->port = arg;
		break;
	case OPT_SPLITTER:
		a->splitter = arg;
		break;
	case OPT_SERIAL:
		a->serial = arg;
		break;
	case OPT_DURATION:
		a->duration = arg;
		break;
	case OPT_UNTIL:
		a->until = arg;
		break;
	case OPT_REASON:
		a->reason = arg;
		break;
	case OPT_AUTHOR:
		a->author = arg;
		break;
	case OPT_ALL:
		a->all = true;
		break;
	default:
		return -1;
	}
	return 0;
}

/* "olt olt-hw port 0/1/0" for a silence's matchers. */
static void matchers(const json_t *s, char *buf, size_t len)
{
	static const char *const keys[] = { "olt", "port", "splitter", "serial" };
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && used < len; i++) {
		const char *v = json_string_value(json_object_get(s, keys[i]));
		int w;

		if (v == NULL)
			continue;
		w = snprintf(buf + used, len - used, "%s%s %s", used ? " " : "", keys[i], v);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static void print_one(const json_t *s)
{
	char id[CTL_FMT_CELL_MAX], st[CTL_FMT_CELL_MAX], from[CTL_FMT_CELL_MAX];
	char to[CTL_FMT_CELL_MAX], m[256];

	matchers(s, m, sizeof(m));
	printf("silence %s %s: %s, %s .. %s\n", ctl_fmt_json(s, "id", 0, id, sizeof(id)),
	       ctl_fmt_json(s, "state", 0, st, sizeof(st)), m,
	       ctl_fmt_json(s, "starts_at", 0, from, sizeof(from)),
	       ctl_fmt_json(s, "ends_at", 0, to, sizeof(to)));
}

/* The API takes durations in minutes, hours or days: the largest unit that fits exactly. */
static int api_duration(const char *text, char buf[32])
{
	int64_t secs;

	if (ctl_fmt_parse_duration(text, &secs) < 0 || secs % 60 != 0)
		return -1;
	if (secs % 86400 == 0)
		snprintf(buf, 32, "%" PRId64 "d", secs / 86400);
	else if (secs % 3600 == 0)
		snprintf(buf, 32, "%" PRId64 "h", secs / 3600);
	else
		snprintf(buf, 32, "%" PRId64 "m", secs / 60);
	return 0;
}

static int silence_add(struct ctl_http *h, const struct silence_args *a)
{
	json_t *body, *ans = NULL;
	char dur[32], until[CTL_FMT_TIME_LEN];
	int64_t t;
	int rc;

	if ((a->olt == NULL && a->splitter == NULL && a->serial == NULL) ||
	    (a->port && a->olt == NULL) || (a->duration == NULL) == (a->until == NULL) ||
	    a->reason == NULL || *a->reason == '\0' || a->all) {
		fputs(SILENCE_USAGE, stderr);
		return 2;
	}
	if (a->duration && api_duration(a->duration, dur) < 0) {
		fprintf(stderr,
		        "ontwatchctl: silence: bad duration \"%s\" (whole minutes: 90m, 4h, "
		        "2d, 1w, 1h30m)\n",
		        a->duration);
		return 2;
	}
	if (a->until && ctl_fmt_parse_time(a->until, (int64_t)time(NULL), &t) < 0) {
		fprintf(stderr,
		        "ontwatchctl: silence: bad time \"%s\" (YYYY-MM-DDTHH:MM:SSZ, Unix "
		        "seconds or +4h)\n",
		        a->until);
		return 2;
	}
	body = json_object();
	if (a->olt)
		json_object_set_new(body, "olt", json_string(a->olt));
	if (a->port)
		json_object_set_new(body, "port", json_string(a->port));
	if (a->splitter)
		json_object_set_new(body, "splitter", json_string(a->splitter));
	if (a->serial)
		json_object_set_new(body, "serial", json_string(a->serial));
	if (a->duration) {
		json_object_set_new(body, "duration", json_string(dur));
	} else {
		ctl_fmt_time(t, until);
		json_object_set_new(body, "ends_at", json_string(until));
	}
	json_object_set_new(body, "reason", json_string(a->reason));
	if (a->author)
		json_object_set_new(body, "author", json_string(a->author));
	rc = ctl_http_call(h, true, "POST", "/api/v1/silences", body, &ans);
	if (rc == 0) {
		const json_t *s = json_object_get(ans, "silence");

		if (h->json)
			ctl_http_print_json(ans);
		else
			print_one(s ? s : ans);
	}
	json_decref(body);
	json_decref(ans);
	return rc;
}

static void print_list(const json_t *j)
{
	static const char *const hdr[] = { "ID",   "STATE",  "MATCH", "STARTS",
		                           "ENDS", "AUTHOR", "HELD",  "REASON" };
	const json_t *list = json_object_get(j, "silences");
	struct ctl_fmt_table *t = ctl_fmt_table_new(hdr, 8);

	ctl_fmt_table_right(t, 6);
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *s = json_array_get(list, i);
		char c[8][CTL_FMT_CELL_MAX];
		const char *row[8];

		matchers(s, c[2], sizeof(c[2]));
		row[0] = ctl_fmt_json(s, "id", 0, c[0], sizeof(c[0]));
		row[1] = ctl_fmt_json(s, "state", 0, c[1], sizeof(c[1]));
		row[2] = c[2];
		row[3] = ctl_fmt_json(s, "starts_at", 0, c[3], sizeof(c[3]));
		row[4] = ctl_fmt_json(s, "ends_at", 0, c[4], sizeof(c[4]));
		row[5] = ctl_fmt_json(s, "author", 0, c[5], sizeof(c[5]));
		row[6] = ctl_fmt_json(s, "held_orders", 0, c[6], sizeof(c[6]));
		row[7] = ctl_fmt_json(s, "reason", 0, c[7], sizeof(c[7]));
		ctl_fmt_table_add(t, row);
	}
	ctl_fmt_table_print(t, stdout);
	printf("%zu silence%s\n", ctl_fmt_table_rows(t), ctl_fmt_table_rows(t) == 1 ? "" : "s");
	ctl_fmt_table_free(t);
}

int ctl_silence(int argc, char **argv)
{
	static const struct option opts[] = {
		CTL_HTTP_OPTIONS,
		{ "olt", required_argument, NULL, OPT_OLT },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "splitter", required_argument, NULL, OPT_SPLITTER },
		{ "serial", required_argument, NULL, OPT_SERIAL },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "all", no_argument, NULL, OPT_ALL },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl_http h = { 0 };
	struct silence_args a = { 0 };
	const char *sub = argc >= 2 ? argv[1] : "";
	bool match;
	json_t *ans = NULL;
	char *path = NULL, *id;
	int r, rc = 2;

	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		fputs(SILENCE_USAGE, stdout);
		return 0;
	}
	/* the subcommand is argv[1]; getopt sees the rest */
	r = ctl_http_getopt(argc - 1, argv + 1, opts, &h, silence_opt, &a, SILENCE_USAGE);
	if (r < 0)
		return r == -2 ? 0 : 2;
	r++;
	match = a.olt || a.port || a.splitter || a.serial || a.duration || a.until || a.reason ||
	        a.author;
	if (strcmp(sub, "add") == 0 && r == argc) {
		rc = silence_add(&h, &a);
	} else if (strcmp(sub, "list") == 0 && r == argc && !match) {
		rc = ctl_http_call(&h, false, "GET",
		                   a.all ? "/api/v1/silences?all=true" : "/api/v1/silences", NULL,
		                   &ans);
		if (rc == 0 && h.json)
			ctl_http_print_json(ans);
		else if (rc == 0)
			print_list(ans);
	} else if (strcmp(sub, "remove") == 0 && r + 1 == argc && !match && !a.all) {
		id = ctl_http_escape(argv[r]);
		path = xasprintf("/api/v1/silences/%s", id);
		free(id);
		rc = ctl_http_call(&h, true, "DELETE", path, NULL, &ans);
		if (rc == 0 && h.json) {
			ctl_http_print_json(ans);
		} else if (rc == 0) {
			const json_t *s = json_object_get(ans, "silence");

			print_one(s ? s : ans);
		}
	} else {
		fputs(SILENCE_USAGE, stderr);
	}
	free(path);
	json_decref(ans);
	ctl_http_close(&h);
	return rc;
}
