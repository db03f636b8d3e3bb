/* ctl_whatif: `ontwatchctl whatif -f PROFILE`: a candidate threshold profile (libconfig, as a
 * thresholds entry of ontwatch.conf) replayed by the daemon over stored history, compared. */
#include "config.h"

#include <getopt.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/xmalloc.h"
#include "monitor/ctl.h"
#include "monitor/ctl_fmt.h"
#include "monitor/ctl_http.h"

#define WHATIF_USAGE                                                                               \
	"usage: ontwatchctl whatif -f PROFILE [--olt OLT] [--port PORT] [--serial SN]...\n"        \
	"                          [--from TIME] [--to TIME] [--url URL] [--token TOKEN]\n"        \
	"                          [--config CONFIG] [--json]\n"                                   \
	"PROFILE: one threshold profile's settings in libconfig syntax, e.g.\n"                    \
	"  base = \"gpon-b+\"; rx_low_warn = -25.0;\n"                                             \
	"TIME: YYYY-MM-DDTHH:MM:SSZ, Unix seconds or -7d from now (default: the last 7 days).\n"
#define SERIALS_MAX   10000
#define POLL_MS       500
#define WAIT_MAX_S    330 /* the daemon kills a job after 300 s */
#define PROFILE_BYTES (1024 * 1024)

enum {
	OPT_OLT = 0x200,
	OPT_PORT,
	OPT_SERIAL,
	OPT_FROM,
	OPT_TO,
};

struct whatif_args {
	const char *profile, *olt, *port, *from, *to;
	json_t *serials;
	bool bad;
};

static int whatif_opt(int c, const char *arg, void *ctx)
{
	struct whatif_args *a = ctx;

	switch (c) {
	case 'f':
		a->profile = arg;
		break;
	case OPT_OLT:
		a->olt = arg;
		break;
	case OPT_PORT:
		a->port = arg;
		break;
	case OPT_SERIAL:
		if (json_array_size(a->serials) >= SERIALS_MAX)
			a->bad = true;
		else
			json_array_append_new(a->serials, json_string(arg));
		break;
	case OPT_FROM:
		a->from = arg;
		break;
	case OPT_TO:
		a->to = arg;
		break;
	default:
		return -1;
	}
	return 0;
}

/* The settings of a profile file as the API's `profile` object; NULL after printing why. */
static json_t *profile_json(const char *file)
{
	config_t cfg;
	config_setting_t *root;
	json_t *p = NULL;
	FILE *fp = fopen(file, "re");
	long size = -1;

	if (fp == NULL) {
		perror(file);
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) == 0)
		size = ftell(fp);
	fclose(fp);
	if (size < 0 || size > PROFILE_BYTES) {
		fprintf(stderr, "ontwatchctl: %s: not a readable profile of at most %d bytes\n",
		        file, PROFILE_BYTES);
		return NULL;
	}
	config_init(&cfg);
	if (config_read_file(&cfg, file) != CONFIG_TRUE) {
		fprintf(stderr, "ontwatchctl: %s:%d: %s\n", file, config_error_line(&cfg),
		        config_error_text(&cfg));
		goto out;
	}
	root = config_root_setting(&cfg);
	p = json_object();
	for (int i = 0; i < config_setting_length(root); i++) {
		config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		json_t *v;

		switch (config_setting_type(s)) {
		case CONFIG_TYPE_INT:
		case CONFIG_TYPE_INT64:
			v = json_integer(config_setting_get_int64(s));
			break;
		case CONFIG_TYPE_FLOAT:
			v = json_real(config_setting_get_float(s));
			break;
		case CONFIG_TYPE_STRING:
			v = json_string(config_setting_get_string(s));
			break;
		case CONFIG_TYPE_BOOL:
			v = json_boolean(config_setting_get_bool(s));
			break;
		default:
			fprintf(stderr,
			        "ontwatchctl: %s:%u: %s: a profile holds plain settings (numbers, "
			        "strings), not groups or lists\n",
			        file, config_setting_source_line(s), config_setting_name(s));
			json_decref(p);
			p = NULL;
			goto out;
		}
		if (v == NULL) { /* json_string refuses text that is not UTF-8 */
			fprintf(stderr, "ontwatchctl: %s:%u: %s: not UTF-8\n", file,
			        config_setting_source_line(s), config_setting_name(s));
			json_decref(p);
			p = NULL;
			goto out;
		}
		json_object_set_new(p, config_setting_name(s), v);
	}
	if (json_object_size(p) == 0) {
		fprintf(stderr, "ontwatchctl: %s: no settings\n", file);
		json_decref(p);
		p = NULL;
	}
out:
	config_destroy(&cfg);
	return p;
}

static int set_time(json_t *body, const char *key, const char *text)
{
	char buf[CTL_FMT_TIME_LEN];
	int64_t t;

	if (text == NULL)
		return 0;
	if (ctl_fmt_parse_time(text, (int64_t)time(NULL), &t) < 0) {
		fprintf(stderr,
		        "ontwatchctl: whatif: bad time \"%s\" (YYYY-MM-DDTHH:MM:SSZ, Unix "
		        "seconds or -7d)\n",
		        text);
		return -1;
	}
	ctl_fmt_time(t, buf);
	json_object_set_new(body, key, json_string(buf));
	return 0;
}

/* An order of one side is the same problem on the other when its key (ont:OLT/PORT/ONT,
 * splitter:NAME, ...) is there too, whenever it opened: the point is which problems only one
 * profile finds. */
static const char *order_key(const json_t *o)
{
	const char *k = json_string_value(json_object_get(o, "key"));

	return k ? k : json_string_value(json_object_get(o, "id"));
}

static bool side_has(const json_t *list, const char *key)
{
	for (size_t i = 0; key && i < json_array_size(list); i++) {
		const char *k = order_key(json_array_get(list, i));

		if (k && strcmp(k, key) == 0)
			return true;
	}
	return false;
}

static void print_only(const char *title, const json_t *side, const json_t *other_side)
{
	const json_t *mine = json_object_get(side, "orders_list");
	const json_t *other = json_object_get(other_side, "orders_list");
	static const char *const hdr[] = {
		"KEY", "CAUSE", "SEVERITY", "OPENED", "RESOLVED", "ONTS"
	};
	static const char *const keys[] = { "key",       "cause",       "severity",
		                            "opened_at", "resolved_at", "onts" };
	struct ctl_fmt_table *t = ctl_fmt_table_new(hdr, 6);

	for (size_t i = 0; i < json_array_size(mine); i++) {
		const json_t *o = json_array_get(mine, i);
		char c[6][CTL_FMT_CELL_MAX];
		const char *row[6];

		if (side_has(other, order_key(o)))
			continue;
		for (size_t k = 0; k < 6; k++)
			row[k] = ctl_fmt_json(o, keys[k], 1, c[k], sizeof(c[k]));
		ctl_fmt_table_add(t, row);
	}
	printf("\n%s (%zu):\n", title, ctl_fmt_table_rows(t));
	if (json_is_true(json_object_get(side, "orders_list_truncated")))
		printf("(the daemon listed only the first %zu orders)\n", json_array_size(mine));
	if (ctl_fmt_table_rows(t) > 0)
		ctl_fmt_table_print(t, stdout);
	ctl_fmt_table_free(t);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void print_result(const json_t *j)
{
	static const char *const hdr[] = { "", "CANDIDATE", "CURRENT" };
	const json_t *cand = json_object_get(j, "candidate"), *cur = json_object_get(j, "current");
	const json_t *cb = json_object_get(cand, "by_cause"),
	             *ub = json_object_get(cur, "by_cause");
	struct ctl_fmt_table *t = ctl_fmt_table_new(hdr, 3);
	char a[CTL_FMT_CELL_MAX], b[CTL_FMT_CELL_MAX], c[CTL_FMT_CELL_MAX];
	const char *row[3], *k;
	json_t *v, *causes = json_object();

	printf("what-if %s: %s ONTs, %s readings", ctl_fmt_json(j, "job", 0, a, sizeof(a)),
	       ctl_fmt_json(j, "onts", 0, b, sizeof(b)),
	       ctl_fmt_json(j, "readings", 0, c, sizeof(c)));
	printf(", %s .. %s\n", ctl_fmt_json(j, "from", 0, a, sizeof(a)),
	       ctl_fmt_json(j, "to", 0, b, sizeof(b)));
	ctl_fmt_table_right(t, 1);
	ctl_fmt_table_right(t, 2);
	row[0] = "orders";
	row[1] = ctl_fmt_json(cand, "orders", 0, b, sizeof(b));
	row[2] = ctl_fmt_json(cur, "orders", 0, c, sizeof(c));
	ctl_fmt_table_add(t, row);
	/* every cause either side has, in name order */
	json_object_foreach((json_t *)cb, k, v) json_object_set(causes, k, json_true());
	json_object_foreach((json_t *)ub, k, v) json_object_set(causes, k, json_true());
	{
		size_t n = json_object_size(causes), i = 0;
		const char **names = xcalloc(n ? n : 1, sizeof(*names));

		json_object_foreach(causes, k, v) names[i++] = k;
		qsort(names, n, sizeof(*names), cmp_name);
		for (i = 0; i < n; i++) {
			snprintf(a, sizeof(a), "  %s", names[i]);
			row[0] = a;
			snprintf(b, sizeof(b), "%" JSON_INTEGER_FORMAT,
			         json_integer_value(json_object_get(cb, names[i])));
			snprintf(c, sizeof(c), "%" JSON_INTEGER_FORMAT,
			         json_integer_value(json_object_get(ub, names[i])));
			row[1] = b;
			row[2] = c;
			ctl_fmt_table_add(t, row);
		}
		free(names);
	}
	ctl_fmt_table_print(t, stdout);
	ctl_fmt_table_free(t);
	json_decref(causes);
	print_only("only with the candidate profile", cand, cur);
	print_only("only with the current profiles", cur, cand);
}

int ctl_whatif(int argc, char **argv)
{
	static const struct option opts[] = {
		CTL_HTTP_OPTIONS,
		{ "profile", required_argument, NULL, 'f' },
		{ "olt", required_argument, NULL, OPT_OLT },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "serial", required_argument, NULL, OPT_SERIAL },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl_http h = { 0 };
	struct whatif_args a = { 0 };
	json_t *body = NULL, *ans = NULL, *job = NULL, *profile;
	const char *id, *state = NULL;
	char *jid = NULL, *path = NULL;
	bool tty = isatty(STDERR_FILENO), dots = false;
	int r, rc = 2;
	struct timespec step = { POLL_MS / 1000, (POLL_MS % 1000) * 1000000L };

	a.serials = json_array();
	r = ctl_http_getopt(argc, argv, opts, &h, whatif_opt, &a, WHATIF_USAGE);
	if (r < 0) {
		rc = r == -2 ? 0 : 2;
		goto out;
	}
	if (r != argc || a.profile == NULL || a.bad || (a.port && a.olt == NULL)) {
		fputs(WHATIF_USAGE, stderr);
		goto out;
	}
	rc = 1;
	if ((profile = profile_json(a.profile)) == NULL)
		goto out;
	body = json_object();
	json_object_set_new(body, "profile", profile);
	if (a.olt)
		json_object_set_new(body, "olt", json_string(a.olt));
	if (a.port)
		json_object_set_new(body, "port", json_string(a.port));
	if (json_array_size(a.serials) > 0)
		json_object_set(body, "serials", a.serials);
	if (set_time(body, "from", a.from) < 0 || set_time(body, "to", a.to) < 0) {
		rc = 2;
		goto out;
	}
	if (ctl_http_call(&h, true, "POST", "/api/v1/whatif", body, &ans) != 0)
		goto out;
	id = json_string_value(json_object_get(ans, "job"));
	if (id == NULL) {
		fprintf(stderr, "ontwatchctl: whatif: the daemon's answer names no job\n");
		goto out;
	}
	jid = ctl_http_escape(id);
	path = xasprintf("/api/v1/whatif/%s", jid);
	for (int waited = 0; waited <= WAIT_MAX_S * 1000; waited += POLL_MS) {
		json_decref(job);
		job = NULL;
		if (ctl_http_call(&h, false, "GET", path, NULL, &job) != 0)
			goto out;
		state = json_string_value(json_object_get(job, "state"));
		if (state == NULL || strcmp(state, "running") != 0)
			break;
		if (tty && waited % 1000 == 0) {
			fputc('.', stderr);
			dots = true;
		}
		nanosleep(&step, NULL);
	}
	if (dots)
		fputc('\n', stderr);
	if (state && strcmp(state, "running") == 0) {
		fprintf(stderr, "ontwatchctl: whatif %s: still running after %d s; see GET %s\n",
		        id, WAIT_MAX_S, path);
		goto out;
	}
	if (state == NULL || strcmp(state, "done") != 0) {
		char e[256];

		fprintf(stderr, "ontwatchctl: whatif %s %s: %s\n", id, state ? state : "?",
		        ctl_fmt_json(job, "error", 0, e, sizeof(e)));
		if (h.json)
			ctl_http_print_json(job);
		goto out;
	}
	if (h.json)
		ctl_http_print_json(job);
	else
		print_result(job);
	rc = 0;
out:
	json_decref(a.serials);
	json_decref(body);
	json_decref(ans);
	json_decref(job);
	free(jid);
	free(path);
	ctl_http_close(&h);
	return rc;
}
