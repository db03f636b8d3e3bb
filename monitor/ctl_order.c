/* ctl_order: `ontwatchctl outbox` (journal an event, list the queues and the dead letters)
 * and `ontwatchctl order status`, working on the store directly: the daemon delivers what
 * they journal from its outbox poll. */
#include "config.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "monitor/closedloop.h"
#include "monitor/conf.h"
#include "monitor/ctl.h"
#include "monitor/ctl_http.h"
#include "monitor/dispatch.h"
#include "monitor/outbox.h"
#include "monitor/store.h"

#define EVENT_MAX (1024 * 1024)

/* Parse "-f CONFIG | --store PATH" at argv[*i]; the store path stays valid while *conf. */
static int store_option(int argc, char **argv, int *i, struct conf **conf, const char **path)
{
	struct conf_errors errs = { 0 };

	if (*i + 1 >= argc)
		return -1;
	if (strcmp(argv[*i], "--store") == 0) {
		*path = argv[++*i];
		return 0;
	}
	if (strcmp(argv[*i], "-f") == 0) {
		if (conf_load(argv[++*i], conf, &errs) < 0) {
			conf_errors_print(&errs, stderr);
			conf_errors_clear(&errs);
			return -2;
		}
		*path = (*conf)->store_path;
		return 0;
	}
	return -1;
}

static char *read_all(FILE *fp, size_t cap, size_t *len)
{
	char *buf = xmalloc(cap + 1);
	size_t n = fread(buf, 1, cap + 1, fp);

	if (n > cap || ferror(fp)) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The "time" of an ontwatch.order/1 event (now when absent or unreadable). */
static int64_t event_time(const char *json)
{
	json_t *j = json_loads(json, 0, NULL);
	const char *s = json_string_value(json_object_get(j, "time"));
	struct tm tm;
	int64_t t = (int64_t)time(NULL);

	memset(&tm, 0, sizeof(tm));
	if (s != NULL && strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL)
		t = (int64_t)timegm(&tm);
	json_decref(j);
	return t;
}

/* Journal every line of fp (an event each, its order id from order.id) in one transaction:
 * all or nothing. Returns the exit status. */
static int submit_lines(struct store *st, const struct conf *conf, FILE *fp, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long n = 0, lineno = 0;

	if (store_begin(st) < 0)
		return 1;
	while ((len = getline(&line, &cap, fp)) > 0) {
		json_t *j;
		const char *oid, *why = NULL;
		char *rich = NULL;
		int r;

		lineno++;
		if (len > EVENT_MAX) {
			fprintf(stderr, "%s:%ld: longer than %d bytes\n", name, lineno, EVENT_MAX);
			goto fail;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		j = json_loads(line, 0, NULL);
		oid = json_string_value(json_object_get(json_object_get(j, "order"), "id"));
		if (oid == NULL) {
			fprintf(stderr, "%s:%ld: not an order event (no order.id)\n", name, lineno);
			json_decref(j);
			goto fail;
		}
		if (conf != NULL) {
			r = dispatch_submit(conf, st, oid, line, event_time(line), &rich, &why);
			free(rich);
		} else {
			r = outbox_submit(st, oid, line, (int64_t)time(NULL), NULL);
		}
		json_decref(j);
		if (r < 0) {
			fprintf(stderr, "%s:%ld: not journalled\n", name, lineno);
			goto fail;
		}
		n++;
	}
	free(line);
	if (store_commit(st) < 0)
		return 1;
	printf("%ld events journalled\n", n);
	return 0;
fail:
	free(line);
	store_rollback(st);
	return 1;
}

static int print_item(void *arg, const struct store_outbox_item *it)
{
	(void)arg;
	printf("%s\t%" PRId64 "\t%s\t%s\tattempts=%d\tnext_try=%.0f\t%s\n", it->output, it->event,
	       it->order_id, it->name, it->attempts, it->next_try,
	       it->last_error ? it->last_error : "-");
	return 0;
}

static int print_dead(void *arg, const struct store_dead_letter *d)
{
	(void)arg;
	printf("%s\t%" PRId64 "\t%s\t%s\tattempts=%d\tstatus=%d\tfailed=%" PRId64 "\tresponse=%s\n",
	       d->output, d->event, d->order_id, d->name, d->attempts, d->status, d->failed,
	       d->response ? d->response : "");
	return 0;
}

int ctl_outbox(int argc, char **argv)
{
	static const char usage[] =
	    "usage: ontwatchctl outbox submit [-f CONFIG [--enrich] | --store PATH] [--print] "
	    "ORDER_ID [FILE]\n"
	    "       ontwatchctl outbox submit-lines [-f CONFIG [--enrich] | --store PATH] [FILE]\n"
	    "       ontwatchctl outbox list|dead [-f CONFIG | --store PATH]\n"
	    "       ontwatchctl outbox requeue [-f CONFIG | --store PATH] OUTPUT EVENT\n";
	struct conf *conf = NULL;
	struct store *st = NULL;
	const char *path = NULL, *args[2] = { NULL, NULL };
	int nargs = 0, rc = 1;
	bool enrich = false, print = false;

	if (argc < 2)
		goto usage;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--enrich") == 0) {
			enrich = true;
		} else if (strcmp(argv[i], "--print") == 0) {
			print = true;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			int r = store_option(argc, argv, &i, &conf, &path);

			if (r == -2)
				goto out;
			if (r < 0)
				goto usage;
		} else if (nargs < 2) {
			args[nargs++] = argv[i];
		} else {
			goto usage;
		}
	}
	if (path == NULL)
		goto usage;
	if (strcmp(argv[1], "submit-lines") == 0 && nargs <= 1) {
		FILE *fp = stdin;

		if (args[0] != NULL && strcmp(args[0], "-") != 0 &&
		    (fp = fopen(args[0], "r")) == NULL) {
			perror(args[0]);
			goto out;
		}
		if (store_open(path, &st) == 0)
			rc =
			    submit_lines(st, enrich ? conf : NULL, fp, args[0] ? args[0] : "stdin");
		if (fp != stdin)
			fclose(fp);
		goto out;
	} else if (strcmp(argv[1], "submit") == 0) {
		FILE *fp = stdin;
		size_t len;
		char *json;
		int64_t id;
		int r;

		if (nargs < 1)
			goto usage;
		if (args[1] != NULL && strcmp(args[1], "-") != 0 &&
		    (fp = fopen(args[1], "r")) == NULL) {
			perror(args[1]);
			goto out;
		}
		json = read_all(fp, EVENT_MAX, &len);
		if (fp != stdin)
			fclose(fp);
		if (json == NULL) {
			fprintf(stderr,
			        "ontwatchctl: the event is unreadable or larger than %d bytes\n",
			        EVENT_MAX);
			goto out;
		}
		if (enrich && conf == NULL) {
			fprintf(stderr, "ontwatchctl: --enrich needs the configuration (-f)\n");
			free(json);
			goto usage;
		}
		if (store_open(path, &st) < 0) {
			free(json);
			goto out;
		}
		if (enrich) {
			const char *why = NULL;
			char *rich = NULL;

			/* as the order lifecycle does, on the event's own clock */
			r = dispatch_submit(conf, st, args[0], json, event_time(json), &rich, &why);
			free(json);
			if (r == 0 && why != NULL)
				fprintf(stderr,
				        "ontwatchctl: journalled without dispatch hints: %s\n",
				        why);
			if (r == -2)
				fprintf(stderr,
				        "ontwatchctl: not an order event (a JSON object with an "
				        "\"event\" member)\n");
			if (r < 0)
				goto out;
			if (print)
				printf("%s\n", rich);
			free(rich);
			rc = 0;
			goto out;
		}
		if (print)
			printf("%s\n", json);
		r = outbox_submit(st, args[0], json, (int64_t)time(NULL), &id);
		free(json);
		if (r == -2)
			fprintf(stderr, "ontwatchctl: not an order event (a JSON object with an "
			                "\"event\" member)\n");
		if (r < 0)
			goto out;
		printf("%" PRId64 "\n", id);
	} else if (strcmp(argv[1], "list") == 0 && nargs == 0) {
		if (store_open(path, &st) < 0 || store_outbox_each(st, NULL, print_item, NULL) < 0)
			goto out;
	} else if (strcmp(argv[1], "requeue") == 0 && nargs == 2) {
		char *end;
		long long ev = strtoll(args[1], &end, 10);
		int r;

		if (*end != '\0' || ev <= 0)
			goto usage;
		if (store_open(path, &st) < 0)
			goto out;
		r = store_dead_letter_requeue(st, args[0], ev);
		if (r == STORE_NOT_FOUND)
			fprintf(stderr, "ontwatchctl: no dead letter %lld for output %s\n", ev,
			        args[0]);
		if (r < 0)
			goto out;
		printf("requeued %s %lld\n", args[0], ev);
	} else if (strcmp(argv[1], "dead") == 0 && nargs == 0) {
		if (store_open(path, &st) < 0 || store_dead_letters_each(st, print_dead, NULL) < 0)
			goto out;
	} else {
		goto usage;
	}
	rc = 0;
	goto out;
usage:
	fputs(usage, stderr);
	rc = 2;
out:
	store_close(st);
	conf_free(conf);
	return rc;
}

/* POST the report to the daemon named by the configuration: the exit status (0, 1, or 3 for
 * an unknown order), or -1 when the daemon cannot be reached. */
static int status_via_api(const char *conf_file, const char *id, const char *status,
                          const char *note)
{
	struct ctl_http h = { .config = conf_file };
	json_t *body, *answer = NULL;
	char *eid, *path;
	long code = 0;
	int rc;

	if (ctl_http_open(&h, true) < 0) {
		ctl_http_close(&h);
		return -1;
	}
	body = json_pack("{s:s}", "status", status);
	if (note != NULL)
		json_object_set_new(body, "note", json_string(note));
	eid = ctl_http_escape(id);
	path = xasprintf("/api/v1/orders/%s/status", eid);
	rc = ctl_http_request(&h, "POST", path, body, &answer, &code);
	if (rc == 0) {
		printf("order %s: %s (reported to the daemon at %s)\n", id, status, h.url);
	} else if (code != 0) {
		rc = code == 404 ? 3 : 1; /* the daemon answered: its refusal stands */
	}
	json_decref(body);
	json_decref(answer);
	free(eid);
	free(path);
	ctl_http_close(&h);
	return rc;
}

int ctl_order(int argc, char **argv)
{
	static const char usage[] = "usage: ontwatchctl order status [-f CONFIG | --store PATH] "
	                            "[--note TEXT] ID STATUS\n";
	struct conf *conf = NULL;
	struct store *st = NULL;
	const char *path = NULL, *note = NULL, *args[2] = { NULL, NULL }, *why = NULL;
	const char *conf_file = NULL;
	int nargs = 0, rc = 1, r;

	if (argc < 2 || strcmp(argv[1], "status") != 0)
		goto usage;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--note") == 0 && i + 1 < argc) {
			note = argv[++i];
		} else if (argv[i][0] == '-') {
			conf_file = strcmp(argv[i], "-f") == 0 && i + 1 < argc ? argv[i + 1] : NULL;
			r = store_option(argc, argv, &i, &conf, &path);
			if (r == -2)
				goto out;
			if (r < 0)
				goto usage;
		} else if (nargs < 2) {
			args[nargs++] = argv[i];
		} else {
			goto usage;
		}
	}
	if (path == NULL || nargs != 2)
		goto usage;
	/* with the daemon's API on, the report goes through the daemon, so its file outputs see
	 * it at once; the store directly only when it cannot be reached */
	if (conf_file != NULL && conf->dispatch.http_enabled) {
		r = status_via_api(conf_file, args[0], args[1], note);
		if (r >= 0) {
			rc = r;
			goto out;
		}
		fprintf(stderr, "ontwatchctl: writing the report to the store %s instead\n", path);
	}
	if (store_open(path, &st) < 0)
		goto out;
	r = closedloop_status(st, args[0], args[1], note, "ontwatchctl", (int64_t)time(NULL), &why);
	if (r < 0) {
		fprintf(stderr, "ontwatchctl: order %s: %s\n", args[0], why);
		rc = r == CLOSEDLOOP_NOT_FOUND ? 3 : 1;
		goto out;
	}
	printf("order %s: %s\n", args[0], args[1]);
	rc = 0;
	goto out;
usage:
	fputs(usage, stderr);
	rc = 2;
out:
	store_close(st);
	conf_free(conf);
	return rc;
}
