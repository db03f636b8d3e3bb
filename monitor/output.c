/* output: JSON-lines outputs; each write is one line flushed at once so a crash never
 * leaves half an event, and a failing output never blocks the others. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/output.h"

struct output {
	char *name;
	int type;
	char *path;
	FILE *fp;
	struct log_ratelimit complain;
};

struct output_set {
	struct output *out;
	size_t n;
};

static int output_open_file(struct output *o)
{
	FILE *fp = fopen(o->path, "a");

	if (fp == NULL) {
		log_warn("output %s: cannot open %s", o->name, o->path);
		return -1;
	}
	if (o->fp != NULL && o->fp != stdout)
		fclose(o->fp);
	o->fp = fp;
	return 0;
}

int output_set_open(const struct conf *conf, struct output_set **out)
{
	struct output_set *set = xcalloc(1, sizeof(*set));

	set->out = xcalloc(conf->noutputs + 1, sizeof(*set->out));
	for (size_t i = 0; i < conf->noutputs; i++) {
		struct output *o;

		/* webhook and exec outputs are fed from the outbox (monitor/delivery) */
		if (conf->outputs[i].type != CONF_OUTPUT_FILE &&
		    conf->outputs[i].type != CONF_OUTPUT_STDOUT)
			continue;
		o = &set->out[set->n++];

		o->name = xstrdup(conf->outputs[i].name);
		o->type = conf->outputs[i].type;
		o->complain.interval = 60;
		if (o->type == CONF_OUTPUT_STDOUT) {
			o->fp = stdout;
			continue;
		}
		o->path = xstrdup(conf->outputs[i].path);
		if (output_open_file(o) < 0)
			goto fail;
	}
	*out = set;
	return 0;
fail:
	output_set_close(set);
	return -1;
}

void output_set_close(struct output_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n; i++) {
		if (set->out[i].fp != NULL && set->out[i].fp != stdout)
			fclose(set->out[i].fp);
		free(set->out[i].name);
		free(set->out[i].path);
	}
	free(set->out);
	free(set);
}

int output_set_reopen(struct output_set *set)
{
	int rc = 0;

	for (size_t i = 0; i < set->n; i++)
		if (set->out[i].type == CONF_OUTPUT_FILE && output_open_file(&set->out[i]) < 0)
			rc = -1;
	return rc;
}

int output_set_emit(struct output_set *set, const char *json, size_t len)
{
	int failed = 0;

	for (size_t i = 0; i < set->n; i++) {
		struct output *o = &set->out[i];

		if (o->fp == NULL || fwrite(json, 1, len, o->fp) != len ||
		    fputc('\n', o->fp) == EOF || fflush(o->fp) != 0) {
			log_warnx_limited(&o->complain, time(NULL), "output %s: write failed: %s",
			                  o->name, strerror(errno));
			clearerr(o->fp ? o->fp : stdout);
			failed++;
		}
	}
	return failed;
}

size_t output_set_count(const struct output_set *set)
{
	return set->n;
}
