/* conf: the configuration sections, their cross-checks, and the effective-config printer.
 * Each section is one option table; this file only adds what tables cannot say. */
#include "config.h"

#include <libconfig.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/ont_reading.h"
#include "lib/xmalloc.h"
#include "monitor/conf.h"
#include "monitor/conf_capture.h"
#include "monitor/conf_opt.h"

#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR "/var"
#endif
#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

#define OFF(type, field) offsetof(struct type, field)

static const char *const log_levels[] = { "warning", "info", "debug", NULL };
static const char *const snmp_versions[] = { "1", "2c", "3", NULL };
static const char *const v3_levels[] = { "noAuthNoPriv", "authNoPriv", "authPriv", NULL };
static const char *const v3_auths[] = { "SHA", "SHA-256", "SHA-512", "MD5", NULL };
static const char *const v3_privs[] = { "AES", "AES-256", "DES", NULL };
static const char *const output_types[] = { "file", "stdout", "webhook", "exec", NULL };
static const char *const output_formats[] = { "native", "tmf621", NULL };

static const struct conf_opt daemon_opts[] = {
	{ .name = "log_level",
	  .type = COPT_ENUM,
	  .offset = OFF(conf, log_level),
	  .names = log_levels,
	  .def = LOG_LVL_INFO },
	{ .name = "instance",
	  .type = COPT_STRING,
	  .offset = OFF(conf, instance),
	  .defstr = "ontwatchd" },
	{ 0 },
};

static const struct conf_opt store_opts[] = {
	{ .name = "path",
	  .type = COPT_STRING,
	  .offset = OFF(conf, store_path),
	  .defstr = LOCALSTATEDIR "/lib/ontwatch/ontwatch.db" },
	{ .name = "retention_days",
	  .type = COPT_INT,
	  .offset = OFF(conf, retention_days),
	  .min = 1,
	  .max = 3650,
	  .def = 90 },
	{ 0 },
};

static const struct conf_opt poll_opts[] = {
	{ .name = "interval",
	  .type = COPT_INT,
	  .offset = OFF(conf, poll_interval),
	  .min = 1,
	  .max = 86400,
	  .def = 300 },
	{ .name = "timeout",
	  .type = COPT_DOUBLE,
	  .offset = OFF(conf, poll_timeout),
	  .min = 0.1,
	  .max = 60,
	  .def = 2.0 },
	{ .name = "retries",
	  .type = COPT_INT,
	  .offset = OFF(conf, poll_retries),
	  .min = 0,
	  .max = 10,
	  .def = 2 },
	{ .name = "max_in_flight",
	  .type = COPT_INT,
	  .offset = OFF(conf, max_in_flight),
	  .min = 1,
	  .max = 100000,
	  .def = 64 },
	{ .name = "per_olt_in_flight",
	  .type = COPT_INT,
	  .offset = OFF(conf, per_olt_in_flight),
	  .min = 1,
	  .max = 16,
	  .def = 1 },
	{ .name = "max_repetitions",
	  .type = COPT_INT,
	  .offset = OFF(conf, max_repetitions),
	  .min = 1,
	  .max = 1000,
	  .def = 25 },
	{ .name = "trap_listen",
	  .type = COPT_STRING,
	  .offset = OFF(conf, trap_listen),
	  .defstr = "" },
	{ 0 },
};

static const struct conf_opt top_opts[] = {
	{ .name = "vendor_dir",
	  .type = COPT_STRING,
	  .offset = OFF(conf, vendor_dir),
	  .defstr = SYSCONFDIR "/ontwatch/vendors" },
	{ 0 },
};

#define TH(field, lo, hi)                                                                          \
	{                                                                                          \
		.name = #field, .type = COPT_DOUBLE, .offset = OFF(threshold_profile, field),      \
		.min = lo, .max = hi                                                               \
	}
#define THI(field, lo, hi)                                                                         \
	{                                                                                          \
		.name = #field, .type = COPT_INT, .offset = OFF(threshold_profile, field),         \
		.min = lo, .max = hi                                                               \
	}

/* Defaults come from the built-in profile of the pon_class, not from this table. */
static const struct conf_opt threshold_opts[] = {
	{ .name = "name",
	  .type = COPT_STRBUF,
	  .offset = OFF(threshold_profile, name),
	  .bufsize = THRESHOLD_NAME_MAX,
	  .required = true },
	{ .name = "pon_class",
	  .type = COPT_STRBUF,
	  .offset = OFF(threshold_profile, pon_class),
	  .bufsize = THRESHOLD_NAME_MAX,
	  .required = true },
	TH(rx_low_warn, -50, 10),
	TH(rx_low_crit, -50, 10),
	TH(rx_high, -50, 10),
	TH(olt_rx_low_warn, -50, 10),
	TH(olt_rx_low_crit, -50, 10),
	TH(tx_low, -50, 20),
	TH(bias_high, 0, 500),
	TH(temp_high, -40, 150),
	TH(hysteresis, 0, 10),
	THI(hits, 1, 100),
	THI(clear_hits, 1, 100),
	TH(baseline_hours, 1, 24 * 365),
	TH(baseline_drop, 0.1, 30),
	TH(trend_window_hours, 1, 24 * 365),
	TH(impact_rx, -50, 10),
	TH(time_to_act_hours, 1, 24 * 365),
	TH(min_slope_db_day, 0, 10),
	THI(unstable_los_count, 1, 8),
	TH(unstable_window_hours, 0.1, 24 * 365),
	TH(ageing_bias_rise_pct, 1, 1000),
	TH(ageing_tx_drop, 0.1, 30),
	TH(warn_min_drop, 0, 30),
	TH(trend_min_change, 0, 30),
	THI(trend_hits, 1, 100),
	THI(los_hits, 1, 100),
	TH(jump_db, 0.1, 30),
	THI(unstable_jumps, 1, 64),
	TH(shared_min_drop, 0.1, 30),
	THI(shared_min_onts, 2, 128), /* a PON serves at most 128 ONTs (G.984) */
	TH(shared_fraction, 0.01, 1),
	TH(shared_onset_hours, 0.1, 24 * 30),
	TH(open_hold_hours, 0, 24 * 7),
	TH(resolve_hold_hours, 0, 24 * 30),
	TH(update_min_hours, 0, 24 * 30),
	{ 0 },
};

static const struct conf_opt olt_opts[] = {
	{ .name = "name", .type = COPT_STRING, .offset = OFF(conf_olt, name), .required = true },
	{ .name = "address",
	  .type = COPT_STRING,
	  .offset = OFF(conf_olt, address),
	  .required = true },
	{ .name = "port",
	  .type = COPT_INT,
	  .offset = OFF(conf_olt, port),
	  .min = 1,
	  .max = 65535,
	  .def = 161 },
	{ .name = "vendor",
	  .type = COPT_STRING,
	  .offset = OFF(conf_olt, vendor),
	  .required = true },
	{ .name = "pon_class",
	  .type = COPT_STRING,
	  .offset = OFF(conf_olt, pon_class),
	  .defstr = "gpon-b+" },
	{ .name = "thresholds", .type = COPT_STRING, .offset = OFF(conf_olt, thresholds) },
	{ .name = "interval",
	  .type = COPT_INT,
	  .offset = OFF(conf_olt, interval),
	  .min = 0,
	  .max = 86400,
	  .def = 0 },
	{ .name = "enabled", .type = COPT_BOOL, .offset = OFF(conf_olt, enabled), .def = 1 },
	{ 0 },
};

static const struct conf_opt snmp_opts[] = {
	{ .name = "version",
	  .type = COPT_ENUM,
	  .offset = OFF(conf_olt, snmp_version),
	  .names = snmp_versions,
	  .def = CONF_SNMP_V2C },
	{ .name = "community",
	  .type = COPT_STRING,
	  .offset = OFF(conf_olt, community),
	  .secret = true },
	{ .name = "user", .type = COPT_STRING, .offset = OFF(conf_olt, v3_user) },
	{ .name = "level",
	  .type = COPT_ENUM,
	  .offset = OFF(conf_olt, v3_level),
	  .names = v3_levels,
	  .def = CONF_V3_AUTHPRIV },
	{ .name = "auth_protocol",
	  .type = COPT_ENUM,
	  .offset = OFF(conf_olt, v3_auth_proto),
	  .names = v3_auths,
	  .def = CONF_V3_SHA },
	{ .name = "auth_password",
	  .type = COPT_STRING,
	  .offset = OFF(conf_olt, v3_auth_pass),
	  .secret = true },
	{ .name = "priv_protocol",
	  .type = COPT_ENUM,
	  .offset = OFF(conf_olt, v3_priv_proto),
	  .names = v3_privs,
	  .def = CONF_V3_AES },
	{ .name = "priv_password",
	  .type = COPT_STRING,
	  .offset = OFF(conf_olt, v3_priv_pass),
	  .secret = true },
	{ 0 },
};

static const struct conf_opt override_opts[] = {
	{ .name = "olt", .type = COPT_STRING, .offset = OFF(conf_override, olt) },
	{ .name = "port", .type = COPT_STRING, .offset = OFF(conf_override, port) },
	{ .name = "tag", .type = COPT_STRING, .offset = OFF(conf_override, tag) },
	{ .name = "thresholds",
	  .type = COPT_STRING,
	  .offset = OFF(conf_override, thresholds),
	  .required = true },
	{ 0 },
};

static const struct conf_opt output_opts[] = {
	{ .name = "name", .type = COPT_STRING, .offset = OFF(conf_output, name) },
	{ .name = "type",
	  .type = COPT_ENUM,
	  .offset = OFF(conf_output, type),
	  .names = output_types,
	  .required = true },
	{ .name = "path", .type = COPT_STRING, .offset = OFF(conf_output, path) },
	{ .name = "url", .type = COPT_STRING, .offset = OFF(conf_output, url) },
	{ .name = "secret",
	  .type = COPT_STRING,
	  .offset = OFF(conf_output, secret),
	  .secret = true },
	{ .name = "command", .type = COPT_STRING, .offset = OFF(conf_output, command) },
	{ .name = "format",
	  .type = COPT_ENUM,
	  .offset = OFF(conf_output, format),
	  .names = output_formats,
	  .def = CONF_FORMAT_NATIVE },
	{ .name = "timeout",
	  .type = COPT_DOUBLE,
	  .offset = OFF(conf_output, timeout),
	  .min = 0.1,
	  .max = 600,
	  .def = 10 },
	{ .name = "retry_initial",
	  .type = COPT_DOUBLE,
	  .offset = OFF(conf_output, retry_initial),
	  .min = 0.01,
	  .max = 3600,
	  .def = 1 },
	{ .name = "retry_max",
	  .type = COPT_DOUBLE,
	  .offset = OFF(conf_output, retry_max),
	  .min = 0.01,
	  .max = 86400,
	  .def = 600 },
	{ .name = "max_in_flight",
	  .type = COPT_INT,
	  .offset = OFF(conf_output, max_in_flight),
	  .min = 1,
	  .max = 64,
	  .def = 4 },
	{ 0 },
};

/* Sections handled by code rather than by top_opts. */
static const char *const top_sections[] = { "daemon",     "store",   "poll",
	                                    "thresholds", "olts",    "threshold_overrides",
	                                    "outputs",    "capture", "tiers",
	                                    "regions",    "causes",  "dispatch",
	                                    "priority",   "http",    NULL };

static const config_setting_t *group_member(struct conf_ctx *ctx, const config_setting_t *root,
                                            const char *name, int type, int *nerr)
{
	const config_setting_t *s = config_setting_get_member(root, name);

	if (s == NULL)
		return NULL;
	if (config_setting_type(s) != type) {
		conf_err(ctx, s, name, "expected %s",
		         type == CONFIG_TYPE_GROUP ? "a group { ... }" : "a list ( { ... }, ... )");
		(*nerr)++;
		return NULL;
	}
	return s;
}

static int parse_profiles(struct conf_ctx *ctx, struct conf *conf, const config_setting_t *list)
{
	int nerr = 0;
	size_t nbuiltin = threshold_builtin_count();

	conf->profiles = xcalloc(nbuiltin, sizeof(*conf->profiles));
	for (size_t i = 0; i < nbuiltin; i++)
		conf->profiles[i] = *threshold_builtin_at(i);
	conf->nprofiles = nbuiltin;
	if (list == NULL)
		return 0;

	for (int i = 0; i < config_setting_length(list); i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		const char *cls = NULL, *name = NULL, *why;
		const struct threshold_profile *base;
		struct threshold_profile p;
		char path[64];
		size_t slot;

		snprintf(path, sizeof(path), "thresholds[%d]", i);
		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			conf_err(ctx, g, path, "expected a group { ... }");
			nerr++;
			continue;
		}
		if (!config_setting_lookup_string(g, "pon_class", &cls)) {
			conf_err(ctx, g, path, "pon_class (a string) is required");
			nerr++;
			continue;
		}
		base = threshold_builtin(cls);
		if (base == NULL) {
			conf_err(ctx, config_setting_get_member(g, "pon_class"), path,
			         "unknown pon_class \"%s\" (gpon-b+, gpon-c+, xgspon, epon)", cls);
			nerr++;
			continue;
		}
		p = *base;
		if (conf_opt_parse(ctx, g, path, threshold_opts, &p, NULL) > 0) {
			nerr++;
			continue;
		}
		name = p.name;
		if (threshold_validate(&p, &why) < 0) {
			conf_err(ctx, g, path, "%s", why);
			nerr++;
			continue;
		}
		/* a configured profile may replace a built-in one of the same name */
		for (slot = 0; slot < conf->nprofiles; slot++)
			if (strcmp(conf->profiles[slot].name, name) == 0)
				break;
		if (slot < conf->nprofiles && slot >= nbuiltin) {
			conf_err(ctx, g, path, "duplicate threshold profile \"%s\"", name);
			nerr++;
			continue;
		}
		if (slot == conf->nprofiles)
			conf->profiles = xreallocarray(conf->profiles, ++conf->nprofiles,
			                               sizeof(*conf->profiles));
		conf->profiles[slot] = p;
	}
	return nerr;
}

static int parse_tags(struct conf_ctx *ctx, struct conf_olt *olt, const config_setting_t *g,
                      const char *path)
{
	int nerr = 0;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		conf_err(ctx, g, path, "expected a group { key = \"value\"; ... }");
		return 1;
	}
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);

		if (config_setting_type(s) != CONFIG_TYPE_STRING) {
			conf_err(ctx, s, path, "tag %s: expected a string", config_setting_name(s));
			nerr++;
			continue;
		}
		olt->tags = xreallocarray(olt->tags, olt->ntags + 1, sizeof(*olt->tags));
		olt->tags[olt->ntags].key = xstrdup(config_setting_name(s));
		olt->tags[olt->ntags].value = xstrdup(config_setting_get_string(s));
		olt->ntags++;
	}
	return nerr;
}

static int check_snmp(struct conf_ctx *ctx, const struct conf_olt *olt,
                      const config_setting_t *where, const char *path)
{
	if (olt->snmp_version != CONF_SNMP_V3) {
		if (olt->community == NULL || olt->community[0] == '\0') {
			conf_err(ctx, where, path, "snmp.community is required for version %s",
			         snmp_versions[olt->snmp_version]);
			return 1;
		}
		return 0;
	}
	if (olt->v3_user == NULL || olt->v3_user[0] == '\0') {
		conf_err(ctx, where, path, "snmp.user is required for version 3");
		return 1;
	}
	/* RFC 3414: passphrases shorter than 8 characters are refused by agents */
	if (olt->v3_level >= CONF_V3_AUTHNOPRIV &&
	    (olt->v3_auth_pass == NULL || strlen(olt->v3_auth_pass) < 8)) {
		conf_err(ctx, where, path,
		         "snmp.auth_password of at least 8 characters is required "
		         "for level %s",
		         v3_levels[olt->v3_level]);
		return 1;
	}
	if (olt->v3_level == CONF_V3_AUTHPRIV &&
	    (olt->v3_priv_pass == NULL || strlen(olt->v3_priv_pass) < 8)) {
		conf_err(ctx, where, path,
		         "snmp.priv_password of at least 8 characters is required for authPriv");
		return 1;
	}
	return 0;
}

static int parse_olts(struct conf_ctx *ctx, struct conf *conf, const config_setting_t *list)
{
	static const char *const handled[] = { "snmp", "tags", NULL };
	int nerr = 0;

	if (list == NULL)
		return 0;
	conf->olts = xcalloc((size_t)config_setting_length(list) + 1, sizeof(*conf->olts));
	for (int i = 0; i < config_setting_length(list); i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		const config_setting_t *s;
		struct conf_olt *olt = &conf->olts[conf->nolts];
		char path[128];
		int before;

		const char *name = NULL;

		snprintf(path, sizeof(path), "olts[%d]", i);
		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			conf_err(ctx, g, path, "expected a group { ... }");
			nerr++;
			continue;
		}
		/* name the OLT in every message about it, when it has a name */
		if (config_setting_lookup_string(g, "name", &name) && name[0] != '\0')
			snprintf(path, sizeof(path), "olts[%d] (%s)", i, name);
		conf->nolts++;
		conf_opt_defaults(olt_opts, olt);
		conf_opt_defaults(snmp_opts, olt);
		olt->line = (int)config_setting_source_line(g);
		before = nerr;
		nerr += conf_opt_parse(ctx, g, path, olt_opts, olt, handled);
		s = config_setting_get_member(g, "snmp");
		if (s != NULL) {
			char sub[160];

			snprintf(sub, sizeof(sub), "%s.snmp", path);
			if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
				conf_err(ctx, s, sub, "expected a group { ... }");
				nerr++;
			} else {
				nerr += conf_opt_parse(ctx, s, sub, snmp_opts, olt, NULL);
			}
		}
		s = config_setting_get_member(g, "tags");
		if (s != NULL) {
			char sub[160];

			snprintf(sub, sizeof(sub), "%s.tags", path);
			nerr += parse_tags(ctx, olt, s, sub);
		}
		if (nerr > before)
			continue;
		nerr += check_snmp(ctx, olt, g, path);
		if (threshold_builtin(olt->pon_class) == NULL) {
			conf_err(ctx, config_setting_get_member(g, "pon_class"), path,
			         "unknown pon_class \"%s\" (gpon-b+, gpon-c+, xgspon, epon)",
			         olt->pon_class);
			nerr++;
		}
		for (size_t j = 0; j + 1 < conf->nolts; j++)
			if (conf->olts[j].name != NULL &&
			    strcmp(conf->olts[j].name, olt->name) == 0) {
				conf_err(ctx, config_setting_get_member(g, "name"), path,
				         "duplicate OLT name \"%s\" (first defined at line %d)",
				         olt->name, conf->olts[j].line);
				nerr++;
				break;
			}
		if (olt->thresholds != NULL && conf_profile(conf, olt->thresholds) == NULL) {
			conf_err(ctx, config_setting_get_member(g, "thresholds"), path,
			         "undefined threshold profile \"%s\"", olt->thresholds);
			nerr++;
		}
	}
	return nerr;
}

static bool empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* Overrides refer to profiles and OLTs, so they are read after both. */
static int parse_overrides(struct conf_ctx *ctx, struct conf *conf, const config_setting_t *list)
{
	int nerr = 0;

	if (list == NULL)
		return 0;
	conf->overrides =
	    xcalloc((size_t)config_setting_length(list) + 1, sizeof(*conf->overrides));
	for (int i = 0; i < config_setting_length(list); i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct conf_override *ov = &conf->overrides[conf->noverrides];
		const char *eq;
		char path[64];
		int before = nerr;

		snprintf(path, sizeof(path), "threshold_overrides[%d]", i);
		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			conf_err(ctx, g, path, "expected a group { ... }");
			nerr++;
			continue;
		}
		conf->noverrides++;
		conf_opt_defaults(override_opts, ov);
		ov->line = (int)config_setting_source_line(g);
		nerr += conf_opt_parse(ctx, g, path, override_opts, ov, NULL);
		if (nerr > before)
			continue;
		/* an override of everything would silently replace every OLT's own profile */
		if (empty(ov->olt) && empty(ov->port) && empty(ov->tag)) {
			conf_err(ctx, g, path, "at least one of olt, port and tag is required");
			nerr++;
		}
		if (!empty(ov->olt) && conf_olt_find(conf, ov->olt) == NULL) {
			conf_err(ctx, config_setting_get_member(g, "olt"), path,
			         "olt \"%s\" is not a configured OLT", ov->olt);
			nerr++;
		}
		if (!empty(ov->port) && strlen(ov->port) >= ONT_PORT_MAX) {
			conf_err(ctx, config_setting_get_member(g, "port"), path,
			         "port: longer than %d characters", ONT_PORT_MAX - 1);
			nerr++;
		}
		eq = empty(ov->tag) ? NULL : strchr(ov->tag, '=');
		if (!empty(ov->tag) && (eq == NULL || eq == ov->tag)) {
			conf_err(ctx, config_setting_get_member(g, "tag"), path,
			         "tag: expected \"key=value\", found \"%s\"", ov->tag);
			nerr++;
		} else if (!empty(ov->tag) && strlen(ov->tag) > CONF_OVERRIDE_TAG_MAX) {
			conf_err(ctx, config_setting_get_member(g, "tag"), path,
			         "tag: longer than %d characters", CONF_OVERRIDE_TAG_MAX);
			nerr++;
		}
		if (conf_profile(conf, ov->thresholds) == NULL) {
			conf_err(ctx, config_setting_get_member(g, "thresholds"), path,
			         "undefined threshold profile \"%s\"", ov->thresholds);
			nerr++;
		}
	}
	return nerr;
}

/* Standard Webhooks secrets are "whsec_" + base64 of the key. */
static bool base64_valid(const char *s)
{
	size_t n = strlen(s), pad = 0;

	if (n == 0 || n % 4 != 0 || n > 340)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '=' && i >= n - 2)
			pad++;
		else if (pad > 0 || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		                      (c >= '0' && c <= '9') || c == '+' || c == '/'))
			return false;
	}
	return true;
}

static int parse_outputs(struct conf_ctx *ctx, struct conf *conf, const config_setting_t *list)
{
	int nerr = 0;

	if (list == NULL)
		return 0;
	conf->outputs = xcalloc((size_t)config_setting_length(list) + 1, sizeof(*conf->outputs));
	for (int i = 0; i < config_setting_length(list); i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct conf_output *out = &conf->outputs[conf->noutputs];
		char path[64];
		int before = nerr;

		snprintf(path, sizeof(path), "outputs[%d]", i);
		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			conf_err(ctx, g, path, "expected a group { ... }");
			nerr++;
			continue;
		}
		conf->noutputs++;
		conf_opt_defaults(output_opts, out);
		nerr += conf_opt_parse(ctx, g, path, output_opts, out, NULL);
		if (nerr > before)
			continue;
		if (out->name == NULL)
			out->name = xasprintf("%s-%d", output_types[out->type], i);
		if (out->type == CONF_OUTPUT_FILE && (out->path == NULL || out->path[0] == '\0')) {
			conf_err(ctx, g, path, "path is required for a file output");
			nerr++;
		}
		if (out->type == CONF_OUTPUT_WEBHOOK &&
		    (out->url == NULL || (strncmp(out->url, "http://", 7) != 0 &&
		                          strncmp(out->url, "https://", 8) != 0))) {
			conf_err(ctx, g, path,
			         "url (http:// or https://) is required for a webhook");
			nerr++;
		}
		if (out->type == CONF_OUTPUT_EXEC &&
		    (out->command == NULL || out->command[0] == '\0')) {
			conf_err(ctx, g, path, "command is required for an exec output");
			nerr++;
		}
		if (out->secret != NULL && strncmp(out->secret, "whsec_", 6) == 0 &&
		    !base64_valid(out->secret + 6)) {
			conf_err(ctx, config_setting_get_member(g, "secret"), path,
			         "secret: \"whsec_\" must be followed by base64");
			nerr++;
		}
		if (out->retry_max < out->retry_initial) {
			conf_err(ctx, g, path, "retry_max must not be below retry_initial");
			nerr++;
		}
		for (size_t j = 0; j + 1 < conf->noutputs; j++)
			if (strcmp(conf->outputs[j].name, out->name) == 0) {
				conf_err(ctx, g, path, "duplicate output name \"%s\"", out->name);
				nerr++;
			}
	}
	return nerr;
}

/* Resolve each OLT's threshold profile once every profile is known. */
static void resolve_profiles(struct conf *conf)
{
	for (size_t i = 0; i < conf->nolts; i++) {
		struct conf_olt *olt = &conf->olts[i];
		const char *want = olt->thresholds ? olt->thresholds : olt->pon_class;

		olt->profile = want ? conf_profile(conf, want) : NULL;
	}
	for (size_t i = 0; i < conf->noverrides; i++)
		conf->overrides[i].profile = conf_profile(conf, conf->overrides[i].thresholds);
}

/* Relative paths are taken relative to the configuration file's directory, so a
 * configuration works the same whatever directory the daemon starts in. */
static void resolve_path(char **path, const char *conf_file)
{
	const char *slash = strrchr(conf_file, '/');
	char *abs;

	if (*path == NULL || (*path)[0] == '/' || slash == NULL)
		return;
	abs = xasprintf("%.*s/%s", (int)(slash - conf_file), conf_file, *path);
	free(*path);
	*path = abs;
}

static void resolve_paths(struct conf *conf, bool from_file)
{
	if (!from_file)
		return;
	resolve_path(&conf->vendor_dir, conf->file);
	resolve_path(&conf->store_path, conf->file);
	if (conf->capture != NULL)
		conf_capture_resolve_paths(conf->capture, conf->file);
	for (size_t i = 0; i < conf->noutputs; i++)
		resolve_path(&conf->outputs[i].path, conf->file);
	conf_dispatch_resolve_paths(&conf->dispatch, conf->file, resolve_path);
}

/* The line number in "file:line: ..." (0 when absent). */
static long error_line(const char *msg)
{
	const char *colon = strchr(msg, ':');

	return colon ? strtol(colon + 1, NULL, 10) : 0;
}

/* Report in file order: a stable insertion sort on line numbers. */
static void errors_sort(struct conf_errors *errs)
{
	for (size_t i = 1; i < errs->n; i++) {
		char *m = errs->msg[i];
		long line = error_line(m);
		size_t j = i;

		for (; j > 0 && error_line(errs->msg[j - 1]) > line; j--)
			errs->msg[j] = errs->msg[j - 1];
		errs->msg[j] = m;
	}
}

static int conf_parse(config_t *cfg, const char *name, bool from_file, struct conf **out,
                      struct conf_errors *errs)
{
	struct conf_ctx ctx = { name, errs };
	const config_setting_t *root = config_root_setting(cfg), *s;
	struct conf *conf = xcalloc(1, sizeof(*conf));
	int nerr = 0;

	conf->file = xstrdup(name);
	conf_opt_defaults(daemon_opts, conf);
	conf_opt_defaults(store_opts, conf);
	conf_opt_defaults(poll_opts, conf);
	conf_opt_defaults(top_opts, conf);

	nerr += conf_opt_parse(&ctx, root, "", top_opts, conf, top_sections);
	if ((s = group_member(&ctx, root, "daemon", CONFIG_TYPE_GROUP, &nerr)) != NULL)
		nerr += conf_opt_parse(&ctx, s, "daemon", daemon_opts, conf, NULL);
	if ((s = group_member(&ctx, root, "store", CONFIG_TYPE_GROUP, &nerr)) != NULL)
		nerr += conf_opt_parse(&ctx, s, "store", store_opts, conf, NULL);
	if ((s = group_member(&ctx, root, "poll", CONFIG_TYPE_GROUP, &nerr)) != NULL)
		nerr += conf_opt_parse(&ctx, s, "poll", poll_opts, conf, NULL);
	nerr += parse_profiles(&ctx, conf,
	                       group_member(&ctx, root, "thresholds", CONFIG_TYPE_LIST, &nerr));
	nerr += parse_olts(&ctx, conf, group_member(&ctx, root, "olts", CONFIG_TYPE_LIST, &nerr));
	nerr += parse_overrides(
	    &ctx, conf, group_member(&ctx, root, "threshold_overrides", CONFIG_TYPE_LIST, &nerr));
	nerr +=
	    parse_outputs(&ctx, conf, group_member(&ctx, root, "outputs", CONFIG_TYPE_LIST, &nerr));
	if ((s = group_member(&ctx, root, "capture", CONFIG_TYPE_GROUP, &nerr)) != NULL)
		nerr += conf_capture_parse(&ctx, s, &conf->capture);
	nerr += conf_dispatch_parse(&ctx, root, &conf->dispatch);
	if (nerr > 0 || errs->n > 0) {
		errors_sort(errs);
		conf_free(conf);
		return -1;
	}
	resolve_profiles(conf);
	resolve_paths(conf, from_file);
	*out = conf;
	return 0;
}

static int syntax_error(config_t *cfg, const char *name, struct conf_errors *errs)
{
	struct conf_ctx ctx = { name, errs };
	const char *file = config_error_file(cfg);

	if (config_error_type(cfg) == CONFIG_ERR_FILE_IO) {
		conf_err(&ctx, NULL, NULL, "cannot read the file");
		return -1;
	}
	errs->msg = xreallocarray(errs->msg, errs->n + 1, sizeof(char *));
	/* libconfig's text is often just "syntax error": don't say it twice */
	if (strcmp(config_error_text(cfg), "syntax error") == 0)
		errs->msg[errs->n++] =
		    xasprintf("%s:%d: syntax error", file ? file : name, config_error_line(cfg));
	else
		errs->msg[errs->n++] = xasprintf("%s:%d: syntax error: %s", file ? file : name,
		                                 config_error_line(cfg), config_error_text(cfg));
	return -1;
}

int conf_load(const char *path, struct conf **out, struct conf_errors *errs)
{
	const char *slash = strrchr(path, '/');
	char *dir = NULL;
	config_t cfg;
	int rc;

	config_init(&cfg);
	/* @include, like every relative path, is relative to this file's directory */
	if (slash != NULL) {
		dir = xasprintf("%.*s", (int)(slash - path), path);
		config_set_include_dir(&cfg, dir);
	}
	if (config_read_file(&cfg, path) != CONFIG_TRUE)
		rc = syntax_error(&cfg, path, errs);
	else
		rc = conf_parse(&cfg, path, true, out, errs);
	config_destroy(&cfg);
	free(dir);
	return rc;
}

int conf_load_string(const char *text, const char *name, struct conf **out,
                     struct conf_errors *errs)
{
	config_t cfg;
	int rc;

	config_init(&cfg);
	if (config_read_string(&cfg, text) != CONFIG_TRUE)
		rc = syntax_error(&cfg, name, errs);
	else
		rc = conf_parse(&cfg, name, false, out, errs);
	config_destroy(&cfg);
	return rc;
}

void conf_free(struct conf *conf)
{
	if (conf == NULL)
		return;
	for (size_t i = 0; i < conf->nolts; i++) {
		conf_opt_free(olt_opts, &conf->olts[i]);
		conf_opt_free(snmp_opts, &conf->olts[i]);
		for (size_t j = 0; j < conf->olts[i].ntags; j++) {
			free(conf->olts[i].tags[j].key);
			free(conf->olts[i].tags[j].value);
		}
		free(conf->olts[i].tags);
	}
	free(conf->olts);
	for (size_t i = 0; i < conf->noverrides; i++)
		conf_opt_free(override_opts, &conf->overrides[i]);
	free(conf->overrides);
	for (size_t i = 0; i < conf->noutputs; i++)
		conf_opt_free(output_opts, &conf->outputs[i]);
	free(conf->outputs);
	conf_dispatch_free(&conf->dispatch);
	free(conf->profiles);
	conf_capture_free(conf->capture);
	conf_opt_free(daemon_opts, conf);
	conf_opt_free(store_opts, conf);
	conf_opt_free(poll_opts, conf);
	conf_opt_free(top_opts, conf);
	free(conf->file);
	free(conf);
}

void conf_errors_print(const struct conf_errors *errs, FILE *fp)
{
	for (size_t i = 0; i < errs->n; i++)
		fprintf(fp, "%s\n", errs->msg[i]);
}

void conf_errors_clear(struct conf_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		free(errs->msg[i]);
	free(errs->msg);
	errs->msg = NULL;
	errs->n = 0;
}

const struct conf_opt *conf_threshold_opt(const char *name)
{
	for (const struct conf_opt *o = threshold_opts; o->name != NULL; o++)
		if ((o->type == COPT_DOUBLE || o->type == COPT_INT) && strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

const struct threshold_profile *conf_profile(const struct conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nprofiles; i++)
		if (strcmp(conf->profiles[i].name, name) == 0)
			return &conf->profiles[i];
	return NULL;
}

const struct conf_olt *conf_olt_find(const struct conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nolts; i++)
		if (strcmp(conf->olts[i].name, name) == 0)
			return &conf->olts[i];
	return NULL;
}

int conf_print(const struct conf *conf, FILE *fp, bool show_secrets)
{
	fputs("# effective configuration (defaults filled in)\n", fp);
	conf_opt_print(fp, 0, top_opts, conf, show_secrets);
	fputs("daemon = {\n", fp);
	conf_opt_print(fp, 2, daemon_opts, conf, show_secrets);
	fputs("};\nstore = {\n", fp);
	conf_opt_print(fp, 2, store_opts, conf, show_secrets);
	fputs("};\npoll = {\n", fp);
	conf_opt_print(fp, 2, poll_opts, conf, show_secrets);
	fputs("};\nthresholds = (", fp);
	for (size_t i = 0; i < conf->nprofiles; i++) {
		fputs(i ? ",\n  {\n" : "\n  {\n", fp);
		conf_opt_print(fp, 4, threshold_opts, &conf->profiles[i], show_secrets);
		fputs("  }", fp);
	}
	fputs("\n);\nolts = (", fp);
	for (size_t i = 0; i < conf->nolts; i++) {
		const struct conf_olt *olt = &conf->olts[i];

		fputs(i ? ",\n  {\n" : "\n  {\n", fp);
		conf_opt_print(fp, 4, olt_opts, olt, show_secrets);
		fputs("    snmp = {\n", fp);
		conf_opt_print(fp, 6, snmp_opts, olt, show_secrets);
		fputs("    };\n    tags = {\n", fp);
		for (size_t j = 0; j < olt->ntags; j++) {
			fprintf(fp, "      %s = ", olt->tags[j].key);
			conf_print_string(fp, olt->tags[j].value);
			fputs(";\n", fp);
		}
		fputs("    };\n  }", fp);
	}
	fputs(conf->nolts ? "\n);\nthreshold_overrides = (" : ");\nthreshold_overrides = (", fp);
	for (size_t i = 0; i < conf->noverrides; i++) {
		fputs(i ? ",\n  {\n" : "\n  {\n", fp);
		conf_opt_print(fp, 4, override_opts, &conf->overrides[i], show_secrets);
		fputs("  }", fp);
	}
	fputs(conf->noverrides ? "\n);\noutputs = (" : ");\noutputs = (", fp);
	for (size_t i = 0; i < conf->noutputs; i++) {
		fputs(i ? ",\n  {\n" : "\n  {\n", fp);
		conf_opt_print(fp, 4, output_opts, &conf->outputs[i], show_secrets);
		fputs("  }", fp);
	}
	fputs(conf->noutputs ? "\n);\n" : ");\n", fp);
	if (conf->capture != NULL)
		conf_capture_print(conf->capture, fp, show_secrets);
	conf_dispatch_print(fp, &conf->dispatch, show_secrets);
	return ferror(fp) ? -1 : 0;
}
