/* poll: conf -> snmp targets, poll results -> store (one transaction per OLT poll). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/poll.h"
#include "probes/snmp/snmp_profile.h"
#include "probes/snmp/snmp_trap.h"

struct poll_set {
	struct snmp_poller *poller;
	struct store *store;
	poll_readings_cb detect;
	void *detect_arg;
	struct snmp_profile **profiles; /* one per distinct vendor */
	size_t nprofiles;
	struct snmp_trap_source *sources; /* who may send traps */
	size_t nsources;
	struct snmp_trap_listener *traps;
	struct poll_set_stats stats;
	/* Totals for the summary. */
	size_t polls, ok, readings;
	unsigned errors;
	double first_start, last_end;
};

static void copy_str(char *dst, size_t n, const char *src)
{
	size_t l = src ? strlen(src) : 0;

	if (l >= n)
		l = n - 1;
	if (l > 0)
		memcpy(dst, src, l);
	dst[l] = '\0';
}

int poll_target_from_conf(const struct conf *conf, const struct conf_olt *olt,
                          const struct snmp_profile *profile, struct snmp_target *t, char *err,
                          size_t errlen)
{
	static const enum snmp_auth_proto auth[] = { [CONF_V3_SHA] = SNMP_AUTH_SHA,
		                                     [CONF_V3_SHA256] = SNMP_AUTH_SHA256,
		                                     [CONF_V3_SHA512] = SNMP_AUTH_SHA512,
		                                     [CONF_V3_MD5] = SNMP_AUTH_MD5 };
	static const enum snmp_priv_proto priv[] = { [CONF_V3_AES] = SNMP_PRIV_AES,
		                                     [CONF_V3_AES256] = SNMP_PRIV_AES256,
		                                     [CONF_V3_DES] = SNMP_PRIV_DES };
	static const enum snmp_v3_level level[] = { [CONF_V3_NOAUTH] = SNMP_V3_NOAUTH_NOPRIV,
		                                    [CONF_V3_AUTHNOPRIV] = SNMP_V3_AUTH_NOPRIV,
		                                    [CONF_V3_AUTHPRIV] = SNMP_V3_AUTH_PRIV };

	snmp_target_defaults(t);
	if (olt->snmp_version == CONF_SNMP_V1) {
		snprintf(err, errlen, "olt %s: SNMP v1 has no GETBULK; use v2c or v3", olt->name);
		return -1;
	}
	copy_str(t->name, sizeof(t->name), olt->name);
	copy_str(t->address, sizeof(t->address), olt->address);
	t->port = (uint16_t)(olt->port > 0 ? olt->port : 161);
	if (olt->snmp_version == CONF_SNMP_V3) {
		t->version = SNMP_VERSION_V3;
		copy_str(t->user, sizeof(t->user), olt->v3_user);
		if (olt->v3_level >= 0 && olt->v3_level <= CONF_V3_AUTHPRIV)
			t->level = level[olt->v3_level];
		if (olt->v3_auth_proto >= 0 && olt->v3_auth_proto <= CONF_V3_MD5)
			t->auth_proto = auth[olt->v3_auth_proto];
		if (olt->v3_priv_proto >= 0 && olt->v3_priv_proto <= CONF_V3_DES)
			t->priv_proto = priv[olt->v3_priv_proto];
		copy_str(t->auth_pass, sizeof(t->auth_pass), olt->v3_auth_pass);
		copy_str(t->priv_pass, sizeof(t->priv_pass), olt->v3_priv_pass);
	} else {
		t->version = SNMP_VERSION_V2C;
		copy_str(t->community, sizeof(t->community), olt->community);
	}
	t->profile = profile;
	t->timeout = conf->poll_timeout;
	t->retries = conf->poll_retries;
	t->max_repetitions = conf->max_repetitions;
	t->inflight = conf->per_olt_in_flight;
	t->interval = olt->interval > 0 ? olt->interval : conf->poll_interval;
	return 0;
}

/* One poll's outcome into the store as one transaction; a complete poll also
 * marks the OLT's ONTs it did not see as removed. */
static void store_result(struct poll_set *ps, const struct snmp_poll_result *res)
{
	const struct snmp_poll_health *h = res->health;
	struct store_poll_health sh = {
		.olt = res->target->name,
		.started = (int64_t)h->started,
		.duration = h->duration,
		.onts = (int)res->nreadings,
		.errors = (int)h->errors,
		.ok = h->ok,
		.error = h->error[0] ? h->error : NULL,
	};
	int64_t marked = 0;

	if (store_begin(ps->store) < 0)
		return;
	/* descriptions ride along with the readings */
	if (res->nreadings > 0 && store_readings_add(ps->store, res->readings, res->nreadings) < 0)
		goto fail;
	if (h->ok &&
	    store_onts_mark_absent(ps->store, res->target->name, (int64_t)h->started, &marked) < 0)
		goto fail;
	if (store_poll_health_put(ps->store, &sh) < 0)
		goto fail;
	if (store_commit(ps->store) < 0)
		goto fail;
	ps->stats.readings_stored += res->nreadings;
	if (marked > 0)
		log_info("snmp: olt %s: %lld ONTs no longer present", res->target->name,
		         (long long)marked);
	return;
fail:
	store_rollback(ps->store);
	ps->stats.readings_unstored += res->nreadings;
	log_warnx("snmp: olt %s: poll not stored", res->target->name);
}

static void on_result(void *arg, const struct snmp_poll_result *res)
{
	struct poll_set *ps = arg;
	const struct snmp_poll_health *h = res->health;

	ps->polls++;
	ps->readings += res->nreadings;
	ps->errors += h->errors;
	if (h->ok)
		ps->ok++;
	if (ps->first_start == 0 || h->started < ps->first_start)
		ps->first_start = h->started;
	if (h->started + h->duration > ps->last_end)
		ps->last_end = h->started + h->duration;
	if (h->ok)
		log_debug("snmp: olt %s: %zu ONTs in %.2fs (%u requests, %u anomalies%s%s)",
		          res->target->name, res->nreadings, h->duration, h->requests, h->errors,
		          h->error[0] ? ": " : "", h->error);
	else
		log_warnx("snmp: olt %s: poll failed after %.2fs: %s", res->target->name,
		          h->duration, h->error);
	if (ps->store != NULL)
		store_result(ps, res);
	if (ps->detect != NULL && res->nreadings > 0)
		ps->detect(ps->detect_arg, res->readings, res->nreadings);
}

static const struct snmp_profile *profile_get(struct poll_set *ps, const char *dir,
                                              const char *name)
{
	struct snmp_profile *p;
	char err[SNMP_ERRBUF_MAX];

	for (size_t i = 0; i < ps->nprofiles; i++)
		if (strcmp(ps->profiles[i]->name, name) == 0)
			return ps->profiles[i];
	if (snmp_profile_find(dir, name, &p, err, sizeof(err)) < 0) {
		log_warnx("snmp: vendor profile %s: %s", name, err);
		return NULL;
	}
	/* The file's own name field must match the name it is looked up by. */
	if (strchr(name, '/') == NULL && strcmp(p->name, name) != 0) {
		log_warnx("snmp: vendor profile %s/%s.conf names itself \"%s\"", dir, name,
		          p->name);
		snmp_profile_free(p);
		return NULL;
	}
	ps->profiles = xreallocarray(ps->profiles, ps->nprofiles + 1, sizeof(*ps->profiles));
	ps->profiles[ps->nprofiles++] = p;
	return p;
}

int poll_set_new(const struct conf *conf, struct loop *loop, struct store *store,
                 poll_readings_cb detect, void *detect_arg, struct poll_set **out)
{
	struct poll_set *ps = xcalloc(1, sizeof(*ps));
	int bad = 0;

	ps->store = store;
	ps->detect = detect;
	ps->detect_arg = detect_arg;
	ps->poller = snmp_poller_new(loop, (unsigned)conf->max_in_flight, on_result, ps);
	for (size_t i = 0; i < conf->nolts; i++) {
		const struct conf_olt *o = &conf->olts[i];
		const struct snmp_profile *prof;
		struct snmp_target t;
		char err[SNMP_ERRBUF_MAX];

		if (!o->enabled)
			continue;
		if ((prof = profile_get(ps, conf->vendor_dir, o->vendor)) == NULL) {
			log_warnx("%s:%d: olt %s: vendor \"%s\" unusable", conf->file, o->line,
			          o->name, o->vendor);
			bad++;
			continue;
		}
		if (poll_target_from_conf(conf, o, prof, &t, err, sizeof(err)) < 0 ||
		    snmp_poller_add(ps->poller, &t, err, sizeof(err)) < 0) {
			log_warnx("%s:%d: %s", conf->file, o->line, err);
			bad++;
			continue;
		}
		if (t.version == SNMP_VERSION_V2C) {
			struct snmp_trap_source *src;

			ps->sources =
			    xreallocarray(ps->sources, ps->nsources + 1, sizeof(*ps->sources));
			src = &ps->sources[ps->nsources++];
			memset(src, 0, sizeof(*src));
			copy_str(src->olt, sizeof(src->olt), t.name);
			copy_str(src->address, sizeof(src->address), t.address);
			copy_str(src->community, sizeof(src->community), t.community);
			src->profile = prof;
		}
	}
	if (bad > 0) {
		poll_set_free(ps);
		return -1;
	}
	*out = ps;
	return 0;
}

void poll_set_free(struct poll_set *ps)
{
	if (ps == NULL)
		return;
	snmp_trap_close(ps->traps);
	free(ps->sources);
	snmp_poller_free(ps->poller);
	for (size_t i = 0; i < ps->nprofiles; i++)
		snmp_profile_free(ps->profiles[i]);
	free(ps->profiles);
	free(ps);
}

static void on_trap(void *arg, const struct ont_reading *r)
{
	struct poll_set *ps = arg;

	log_info("snmp: olt %s: trap: ONT %s %d %s", r->olt, r->port, (int)r->ont,
	         ont_status_name(r->status));
	ps->stats.traps++;
	if (ps->store != NULL && store_readings_add(ps->store, r, 1) < 0) {
		ps->stats.readings_unstored++;
		log_warnx("snmp: olt %s: trap reading not stored", r->olt);
	} else if (ps->store != NULL) {
		ps->stats.readings_stored++;
	}
	if (ps->detect != NULL)
		ps->detect(ps->detect_arg, r, 1);
}

int poll_set_listen_traps(struct poll_set *ps, struct loop *loop, const char *endpoint)
{
	char err[SNMP_ERRBUF_MAX];

	ps->traps = snmp_trap_listen(loop, endpoint, on_trap, ps, err, sizeof(err));
	if (ps->traps == NULL) {
		log_warnx("snmp: traps: %s", err);
		return -1;
	}
	for (size_t i = 0; i < ps->nsources; i++)
		snmp_trap_add_source(ps->traps, &ps->sources[i]);
	return 0;
}

void poll_set_start(struct poll_set *ps)
{
	snmp_poller_schedule(ps->poller);
}

void poll_set_poll_all(struct poll_set *ps)
{
	snmp_poller_poll_all(ps->poller);
}

bool poll_set_busy(const struct poll_set *ps)
{
	return snmp_poller_busy(ps->poller);
}

void poll_set_summary(const struct poll_set *ps, char *buf, size_t len)
{
	double wall = ps->last_end - ps->first_start;

	snprintf(
	    buf, len, "polled %zu OLTs (%zu ok, %zu failed): %zu ONT readings, %u anomalies, %.2fs",
	    ps->polls, ps->ok, ps->polls - ps->ok, ps->readings, ps->errors, wall > 0 ? wall : 0);
}

void poll_set_stats(const struct poll_set *ps, struct poll_set_stats *out)
{
	*out = ps->stats;
}

int poll_set_olt_each(const struct poll_set *ps, poll_olt_cb cb, void *arg)
{
	struct snmp_poller_olt o;
	int rc;

	for (size_t i = 0; snmp_poller_olt(ps->poller, i, &o) == 0; i++)
		if ((rc = cb(arg, &o)) != 0)
			return rc;
	return 0;
}
