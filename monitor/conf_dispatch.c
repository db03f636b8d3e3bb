/* conf_dispatch: tiers, regions, causes, dispatch, priority and http sections. Option tables
 * as in conf.c; lists of strings (skills, parts, holidays) are read here. */
#include "config.h"

#include <libconfig.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xmalloc.h"
#include "monitor/conf.h"
#include "monitor/conf_dispatch.h"
#include "monitor/conf_opt.h"
#include "monitor/weekly.h"

#define OFF(type, field) offsetof(struct type, field)

static const struct conf_opt tier_opts[] = {
	{ .name = "name", .type = COPT_STRING, .offset = OFF(conf_tier, name), .required = true },
	{ .name = "weight",
	  .type = COPT_DOUBLE,
	  .offset = OFF(conf_tier, weight),
	  .min = 0.1,
	  .max = 100,
	  .def = 1.0 },
	{ .name = "target_hours",
	  .type = COPT_DOUBLE,
	  .offset = OFF(conf_tier, target_hours),
	  .min = 0.5,
	  .max = 24 * 60,
	  .def = 72 },
	{ .name = "night_repair", .type = COPT_BOOL, .offset = OFF(conf_tier, night_repair) },
	{ 0 },
};

static const struct conf_opt region_opts[] = {
	{ .name = "name", .type = COPT_STRING, .offset = OFF(conf_region, name), .required = true },
	{ .name = "timezone",
	  .type = COPT_STRING,
	  .offset = OFF(conf_region, timezone),
	  .defstr = "" },
	{ .name = "working_hours",
	  .type = COPT_STRING,
	  .offset = OFF(conf_region, working_hours),
	  .defstr = "Mon-Fri 08:00-17:00" },
	{ 0 },
};

static const struct conf_opt cause_opts[] = {
	{ .name = "name", .type = COPT_STRING, .offset = OFF(conf_cause, name), .required = true },
	{ .name = "duration_min",
	  .type = COPT_INT,
	  .offset = OFF(conf_cause, duration_min),
	  .min = 5,
	  .max = 24 * 60,
	  .def = 60 },
	{ .name = "outdoor", .type = COPT_BOOL, .offset = OFF(conf_cause, outdoor) },
	{ .name = "reactive", .type = COPT_BOOL, .offset = OFF(conf_cause, reactive) },
	{ 0 },
};

static const struct conf_opt dispatch_opts[] = {
	{ .name = "default_tier",
	  .type = COPT_STRING,
	  .offset = OFF(conf_dispatch, default_tier),
	  .defstr = "standard" },
	{ .name = "default_region",
	  .type = COPT_STRING,
	  .offset = OFF(conf_dispatch, default_region),
	  .defstr = "default" },
	{ .name = "safety_margin_hours",
	  .type = COPT_DOUBLE,
	  .offset = OFF(conf_dispatch, safety_margin_hours),
	  .min = 0,
	  .max = 24 * 30,
	  .def = 24 },
	{ .name = "windows",
	  .type = COPT_INT,
	  .offset = OFF(conf_dispatch, windows),
	  .min = 1,
	  .max = 16,
	  .def = 3 },
	{ .name = "horizon_days",
	  .type = COPT_INT,
	  .offset = OFF(conf_dispatch, horizon_days),
	  .min = 1,
	  .max = 60,
	  .def = 14 },
	{ .name = "batch_distance_m",
	  .type = COPT_DOUBLE,
	  .offset = OFF(conf_dispatch, batch_distance_m),
	  .min = 0,
	  .max = 100000,
	  .def = 300 },
	{ .name = "customer_message",
	  .type = COPT_STRING,
	  .offset = OFF(conf_dispatch, customer_message),
	  .defstr = "Hello {customer_name}, we noticed your fibre connection weakening and plan "
	            "preventive maintenance before it affects your service, {window}. "
	            "Reference {order_id}." },
	{ .name = "verify_hold_hours",
	  .type = COPT_DOUBLE,
	  .offset = OFF(conf_dispatch, verify_hold_hours),
	  .min = 0.1,
	  .max = 24 * 30,
	  .def = 24 },
	{ 0 },
};

#define PRIO(n, field, d)                                                                          \
	{                                                                                          \
		.name = n, .type = COPT_DOUBLE, .offset = OFF(conf_dispatch, field), .min = 0,     \
		.max = 1000, .def = d                                                              \
	}
static const struct conf_opt priority_opts[] = {
	PRIO("critical", prio_critical, 50),
	PRIO("major", prio_major, 30),
	PRIO("minor", prio_minor, 10),
	PRIO("per_customer", prio_per_customer, 2),
	PRIO("customers_cap", prio_customers_cap, 30),
	PRIO("impact_24h", prio_impact_24h, 30),
	PRIO("impact_72h", prio_impact_72h, 20),
	PRIO("impact_week", prio_impact_week, 10),
	PRIO("reactive", prio_reactive, 40),
	PRIO("session_trouble", prio_session_trouble, 20),
	PRIO("session_events", prio_session_events, 4),
	PRIO("p1", prio_p1, 90),
	PRIO("p2", prio_p2, 60),
	PRIO("p3", prio_p3, 30),
	{ 0 },
};

static const struct conf_opt http_opts[] = {
	{ .name = "enabled", .type = COPT_BOOL, .offset = OFF(conf_dispatch, http_enabled) },
	{ .name = "listen",
	  .type = COPT_STRING,
	  .offset = OFF(conf_dispatch, http_listen),
	  .defstr = "127.0.0.1" },
	{ .name = "port",
	  .type = COPT_INT,
	  .offset = OFF(conf_dispatch, http_port),
	  .min = 1,
	  .max = 65535,
	  .def = 8470 },
	{ .name = "token",
	  .type = COPT_STRING,
	  .offset = OFF(conf_dispatch, http_token),
	  .secret = true },
	{ .name = "max_body",
	  .type = COPT_INT,
	  .offset = OFF(conf_dispatch, http_max_body),
	  .min = 256,
	  .max = 1048576,
	  .def = 16384 },
	{ .name = "rate_limit",
	  .type = COPT_INT,
	  .offset = OFF(conf_dispatch, http_rate_limit),
	  .min = 1,
	  .max = 100000,
	  .def = 50 },
	{ .name = "tls_cert", .type = COPT_STRING, .offset = OFF(conf_dispatch, http_tls_cert) },
	{ .name = "tls_key",
	  .type = COPT_STRING,
	  .offset = OFF(conf_dispatch, http_tls_key),
	  .secret = true },
	{ .name = "dashboard",
	  .type = COPT_STRING,
	  .offset = OFF(conf_dispatch, http_dashboard),
	  .defstr = PKGDATADIR "/web" },
	{ .name = "whatif_timeout",
	  .type = COPT_INT,
	  .offset = OFF(conf_dispatch, http_whatif_timeout),
	  .min = 10,
	  .max = 86400,
	  .def = 300 },
	/* about 64 bytes each in the job's process: the default is about 1.3 GB */
	{ .name = "whatif_max_readings",
	  .type = COPT_INT,
	  .offset = OFF(conf_dispatch, http_whatif_max_readings),
	  .min = 1000,
	  .max = 200000000,
	  .def = 20000000 },
	{ 0 },
};

static const char *const role_names[] = { "read", "write", NULL };

static const struct conf_opt token_opts[] = {
	{ .name = "name", .type = COPT_STRING, .offset = OFF(conf_token, name), .required = true },
	{ .name = "token",
	  .type = COPT_STRING,
	  .offset = OFF(conf_token, token),
	  .required = true,
	  .secret = true },
	{ .name = "role",
	  .type = COPT_ENUM,
	  .offset = OFF(conf_token, role),
	  .names = role_names,
	  .def = CONF_ROLE_READ },
	{ 0 },
};

/* Work per detector cause when the configuration does not say otherwise. */
static const struct builtin_cause {
	const char *name;
	int duration_min;
	bool outdoor, reactive;
	const char *skills[3];
	const char *parts[3];
} builtin_causes[] = {
	{ "fiber_bend",
	  60,
	  false,
	  false,
	  { "fibre_drop", "otdr" },
	  { "fusion_splicer (only if re-routing the drop fails)", "drop_cable" } },
	{ "connector",
	  45,
	  false,
	  false,
	  { "fibre_drop" },
	  { "connector_cleaning_kit", "sc_apc_connector" } },
	{ "shared_segment",
	  120,
	  true,
	  false,
	  { "fibre_splicing", "otdr" },
	  { "fusion_splicer", "splitter_1x32" } },
	{ "ont_optics", 30, false, false, { "ont_install" }, { "replacement_ont" } },
	{ "fiber_break",
	  120,
	  false,
	  true,
	  { "fibre_splicing", "otdr" },
	  { "fusion_splicer", "drop_cable" } },
	{ "unstable_link", 45, false, false, { "fibre_drop" }, { "connector_cleaning_kit" } },
	{ "overload", 30, false, false, { "fibre_drop" }, { "optical_attenuator" } },
	{ "session_instability",
	  45,
	  false,
	  false,
	  { "ont_install", "cpe_troubleshooting" },
	  { "replacement_ont", "patch_cord" } },
};
#define NBUILTIN (sizeof(builtin_causes) / sizeof(builtin_causes[0]))

static char **strv_from(const char *const *src, size_t max, size_t *n)
{
	char **v = xcalloc(max + 1, sizeof(char *));

	*n = 0;
	for (size_t i = 0; i < max && src[i] != NULL; i++)
		v[(*n)++] = xstrdup(src[i]);
	return v;
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A list or array of strings (each at most 128 characters). */
static int parse_strv(struct conf_ctx *ctx, const config_setting_t *s, const char *path,
                      char ***out, size_t *nout)
{
	int t = config_setting_type(s), n;
	char **v;

	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
		conf_err(ctx, s, path, "expected an array of strings [ \"...\", ... ]");
		return 1;
	}
	n = config_setting_length(s);
	if (n > 32) {
		conf_err(ctx, s, path, "at most 32 entries");
		return 1;
	}
	v = xcalloc((size_t)n + 1, sizeof(char *));
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *str = config_setting_get_string(e);

		if (str == NULL || str[0] == '\0' || strlen(str) > 128) {
			conf_err(ctx, e, path, "entry %d: expected a non-empty string", i + 1);
			strv_free(v, (size_t)i);
			return 1;
		}
		v[i] = xstrdup(str);
	}
	strv_free(*out, *nout);
	*out = v;
	*nout = (size_t)n;
	return 0;
}

static bool valid_date(const char *s)
{
	int y, m, d;
	char tail;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	return s[4] == '-' && s[7] == '-' && y >= 1970 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static bool valid_timezone(const char *tz)
{
	char path[512];

	if (tz[0] == '\0')
		return true;
	if (strstr(tz, "..") != NULL || tz[0] == '/')
		return false;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
	return access(path, R_OK) == 0;
}

/* Parse a list of groups with one table; `extra` reads what the table does not. */
typedef int (*list_extra_fn)(struct conf_ctx *ctx, const config_setting_t *g, const char *path,
                             void *obj);

static int parse_list(struct conf_ctx *ctx, const config_setting_t *list, const char *section,
                      const struct conf_opt *tab, const char *const *handled, void **arr, size_t *n,
                      size_t size, list_extra_fn extra)
{
	int nerr = 0;
	char *base;

	if (config_setting_type(list) != CONFIG_TYPE_LIST) {
		conf_err(ctx, list, section, "expected a list ( { ... }, ... )");
		return 1;
	}
	*arr = xcalloc((size_t)config_setting_length(list) + 1, size);
	base = *arr;
	for (int i = 0; i < config_setting_length(list); i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		void *obj = base + *n * size;
		const char *name = NULL;
		char path[128];
		int before = nerr;

		snprintf(path, sizeof(path), "%s[%d]", section, i);
		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			conf_err(ctx, g, path, "expected a group { ... }");
			nerr++;
			continue;
		}
		if (config_setting_lookup_string(g, "name", &name) && name[0] != '\0')
			snprintf(path, sizeof(path), "%s[%d] (%s)", section, i, name);
		(*n)++;
		conf_opt_defaults(tab, obj);
		nerr += conf_opt_parse(ctx, g, path, tab, obj, handled);
		if (nerr == before && extra != NULL)
			nerr += extra(ctx, g, path, obj);
		/* names are unique within a section */
		for (size_t j = 0; nerr == before && j + 1 < *n; j++) {
			char *const *other = (char *const *)(void *)(base + j * size);
			char *const *mine = (char *const *)obj;

			if (*other != NULL && *mine != NULL && strcmp(*other, *mine) == 0) {
				conf_err(ctx, g, path, "duplicate name \"%s\"", *mine);
				nerr++;
			}
		}
	}
	return nerr;
}

static int region_extra(struct conf_ctx *ctx, const config_setting_t *g, const char *path,
                        void *obj)
{
	struct conf_region *r = obj;
	const config_setting_t *s = config_setting_get_member(g, "holidays");
	struct weekly w;
	const char *why;
	char sub[160];
	int nerr = 0;

	r->line = (int)config_setting_source_line(g);
	if (!valid_timezone(r->timezone)) {
		conf_err(ctx, config_setting_get_member(g, "timezone"), path,
		         "unknown time zone \"%s\" (an IANA name such as \"Europe/Paris\")",
		         r->timezone);
		nerr++;
	}
	if (weekly_parse(r->working_hours, &w, &why) < 0) {
		conf_err(ctx, config_setting_get_member(g, "working_hours"), path,
		         "working_hours \"%s\": %s", r->working_hours, why);
		nerr++;
	}
	if (s != NULL) {
		snprintf(sub, sizeof(sub), "%s.holidays", path);
		if (parse_strv(ctx, s, sub, &r->holidays, &r->nholidays) > 0)
			return nerr + 1;
		for (size_t i = 0; i < r->nholidays; i++)
			if (!valid_date(r->holidays[i])) {
				conf_err(ctx, s, sub, "\"%s\" is not a date YYYY-MM-DD",
				         r->holidays[i]);
				nerr++;
			}
	}
	return nerr;
}

static int cause_extra(struct conf_ctx *ctx, const config_setting_t *g, const char *path, void *obj)
{
	struct conf_cause *c = obj;
	const config_setting_t *s;
	char sub[160];
	int nerr = 0;

	c->line = (int)config_setting_source_line(g);
	if ((s = config_setting_get_member(g, "skills")) != NULL) {
		snprintf(sub, sizeof(sub), "%s.skills", path);
		nerr += parse_strv(ctx, s, sub, &c->skills, &c->nskills);
	}
	if ((s = config_setting_get_member(g, "parts")) != NULL) {
		snprintf(sub, sizeof(sub), "%s.parts", path);
		nerr += parse_strv(ctx, s, sub, &c->parts, &c->nparts);
	}
	return nerr;
}

static int tier_extra(struct conf_ctx *ctx, const config_setting_t *g, const char *path, void *obj)
{
	(void)ctx;
	(void)path;
	((struct conf_tier *)obj)->line = (int)config_setting_source_line(g);
	return 0;
}

/* Causes not configured keep their built-in work description. */
static void add_builtin_causes(struct conf_dispatch *d)
{
	for (size_t i = 0; i < NBUILTIN; i++) {
		const struct builtin_cause *b = &builtin_causes[i];
		struct conf_cause *c;

		if (conf_cause_find(d, b->name) != NULL)
			continue;
		d->causes = xreallocarray(d->causes, d->ncauses + 1, sizeof(*d->causes));
		c = &d->causes[d->ncauses++];
		memset(c, 0, sizeof(*c));
		c->name = xstrdup(b->name);
		c->duration_min = b->duration_min;
		c->outdoor = b->outdoor;
		c->reactive = b->reactive;
		c->skills = strv_from(b->skills, 3, &c->nskills);
		c->parts = strv_from(b->parts, 3, &c->nparts);
	}
}

static void add_default(void **arr, size_t *n, size_t size, const struct conf_opt *tab,
                        const char *name)
{
	char *base;

	*arr = xreallocarray(*arr, *n + 1, size);
	base = *arr;
	memset(base + *n * size, 0, size);
	conf_opt_defaults(tab, base + *n * size);
	*(char **)(void *)(base + *n * size) = xstrdup(name);
	(*n)++;
}

static int token_extra(struct conf_ctx *ctx, const config_setting_t *g, const char *path, void *obj)
{
	struct conf_token *t = obj;

	t->line = (int)config_setting_source_line(g);
	if (strlen(t->token) < 16) {
		conf_err(ctx, config_setting_get_member(g, "token"), path,
		         "a token needs at least 16 characters");
		return 1;
	}
	return 0;
}

static int check_http(struct conf_ctx *ctx, const config_setting_t *http,
                      const struct conf_dispatch *d)
{
	int nerr = 0;

	if (d->http_token != NULL && strlen(d->http_token) < 16) {
		conf_err(ctx, config_setting_get_member(http, "token"), "http.token",
		         "a token needs at least 16 characters");
		nerr++;
	}
	if (d->http_enabled && d->http_token == NULL && d->nhttp_tokens == 0) {
		conf_err(ctx, http, "http.tokens",
		         "at least one token is required when http is enabled");
		nerr++;
	}
	/* one secret, one name: a token shared by two names would log the wrong author */
	for (size_t i = 0; i < d->nhttp_tokens; i++) {
		bool dup =
		    d->http_token != NULL && strcmp(d->http_tokens[i].token, d->http_token) == 0;

		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(d->http_tokens[i].token, d->http_tokens[j].token) == 0;
		if (dup) {
			conf_err(ctx, http, "http.tokens",
			         "token \"%s\" repeats another token's secret",
			         d->http_tokens[i].name);
			nerr++;
		}
	}
	if ((d->http_tls_cert == NULL) != (d->http_tls_key == NULL)) {
		conf_err(ctx, http, d->http_tls_cert ? "http.tls_key" : "http.tls_cert",
		         "tls_cert and tls_key go together");
		nerr++;
	}
	return nerr;
}

void conf_dispatch_resolve_paths(struct conf_dispatch *d, const char *conf_file,
                                 void (*resolve)(char **path, const char *conf_file))
{
	resolve(&d->http_tls_cert, conf_file);
	resolve(&d->http_tls_key, conf_file);
	resolve(&d->http_dashboard, conf_file);
}

int conf_dispatch_parse(struct conf_ctx *ctx, const config_setting_t *root, struct conf_dispatch *d)
{
	static const char *const region_handled[] = { "holidays", NULL };
	static const char *const http_handled[] = { "tokens", NULL };
	static const char *const cause_handled[] = { "skills", "parts", NULL };
	const config_setting_t *s;
	int nerr = 0;

	conf_opt_defaults(dispatch_opts, d);
	conf_opt_defaults(priority_opts, d);
	conf_opt_defaults(http_opts, d);
	if ((s = config_setting_get_member(root, "tiers")) != NULL)
		nerr += parse_list(ctx, s, "tiers", tier_opts, NULL, (void **)&d->tiers, &d->ntiers,
		                   sizeof(*d->tiers), tier_extra);
	if ((s = config_setting_get_member(root, "regions")) != NULL)
		nerr +=
		    parse_list(ctx, s, "regions", region_opts, region_handled, (void **)&d->regions,
		               &d->nregions, sizeof(*d->regions), region_extra);
	if ((s = config_setting_get_member(root, "causes")) != NULL)
		nerr += parse_list(ctx, s, "causes", cause_opts, cause_handled, (void **)&d->causes,
		                   &d->ncauses, sizeof(*d->causes), cause_extra);
	static const struct {
		const char *name;
		const struct conf_opt *tab;
	} groups[] = { { "dispatch", dispatch_opts },
		       { "priority", priority_opts },
		       { "http", http_opts } };
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if ((s = config_setting_get_member(root, groups[i].name)) == NULL)
			continue;
		if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
			conf_err(ctx, s, groups[i].name, "expected a group { ... }");
			nerr++;
			continue;
		}
		nerr += conf_opt_parse(ctx, s, groups[i].name, groups[i].tab, d,
		                       groups[i].tab == http_opts ? http_handled : NULL);
	}
	if ((s = config_setting_get_member(root, "http")) != NULL &&
	    config_setting_type(s) == CONFIG_TYPE_GROUP &&
	    (s = config_setting_get_member(s, "tokens")) != NULL)
		nerr +=
		    parse_list(ctx, s, "http.tokens", token_opts, NULL, (void **)&d->http_tokens,
		               &d->nhttp_tokens, sizeof(*d->http_tokens), token_extra);
	add_builtin_causes(d);
	/* the defaults named must exist; the stock names are created when absent */
	if (conf_tier_find(d, d->default_tier) == NULL) {
		if (d->ntiers == 0 || strcmp(d->default_tier, "standard") == 0)
			add_default((void **)&d->tiers, &d->ntiers, sizeof(*d->tiers), tier_opts,
			            d->default_tier);
		else {
			conf_err(ctx, config_setting_get_member(root, "dispatch"),
			         "dispatch.default_tier", "undefined tier \"%s\"", d->default_tier);
			nerr++;
		}
	}
	if (conf_region_find(d, d->default_region) == NULL) {
		if (d->nregions == 0 || strcmp(d->default_region, "default") == 0)
			add_default((void **)&d->regions, &d->nregions, sizeof(*d->regions),
			            region_opts, d->default_region);
		else {
			conf_err(ctx, config_setting_get_member(root, "dispatch"),
			         "dispatch.default_region", "undefined region \"%s\"",
			         d->default_region);
			nerr++;
		}
	}
	if (!(d->prio_p1 > d->prio_p2 && d->prio_p2 > d->prio_p3)) {
		conf_err(ctx, config_setting_get_member(root, "priority"), "priority",
		         "thresholds must satisfy p1 > p2 > p3");
		nerr++;
	}
	nerr += check_http(ctx, config_setting_get_member(root, "http"), d);
	return nerr;
}

static void print_strv(FILE *fp, int indent, const char *name, char *const *v, size_t n)
{
	fprintf(fp, "%*s%s = [", indent, "", name);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : " ", fp);
		conf_print_string(fp, v[i]);
	}
	fputs(n ? " ];\n" : "];\n", fp);
}

void conf_dispatch_print(FILE *fp, const struct conf_dispatch *d, bool show_secrets)
{
	fputs("tiers = (", fp);
	for (size_t i = 0; i < d->ntiers; i++) {
		fputs(i ? ",\n  {\n" : "\n  {\n", fp);
		conf_opt_print(fp, 4, tier_opts, &d->tiers[i], show_secrets);
		fputs("  }", fp);
	}
	fputs("\n);\nregions = (", fp);
	for (size_t i = 0; i < d->nregions; i++) {
		fputs(i ? ",\n  {\n" : "\n  {\n", fp);
		conf_opt_print(fp, 4, region_opts, &d->regions[i], show_secrets);
		print_strv(fp, 4, "holidays", d->regions[i].holidays, d->regions[i].nholidays);
		fputs("  }", fp);
	}
	fputs("\n);\ncauses = (", fp);
	for (size_t i = 0; i < d->ncauses; i++) {
		fputs(i ? ",\n  {\n" : "\n  {\n", fp);
		conf_opt_print(fp, 4, cause_opts, &d->causes[i], show_secrets);
		print_strv(fp, 4, "skills", d->causes[i].skills, d->causes[i].nskills);
		print_strv(fp, 4, "parts", d->causes[i].parts, d->causes[i].nparts);
		fputs("  }", fp);
	}
	fputs("\n);\ndispatch = {\n", fp);
	conf_opt_print(fp, 2, dispatch_opts, d, show_secrets);
	fputs("};\npriority = {\n", fp);
	conf_opt_print(fp, 2, priority_opts, d, show_secrets);
	fputs("};\nhttp = {\n", fp);
	conf_opt_print(fp, 2, http_opts, d, show_secrets);
	for (size_t i = 0; i < d->nhttp_tokens; i++) {
		fputs(i ? ",\n    {\n" : "  tokens = (\n    {\n", fp);
		conf_opt_print(fp, 6, token_opts, &d->http_tokens[i], show_secrets);
		fputs(i + 1 == d->nhttp_tokens ? "    }\n  );\n" : "    }", fp);
	}
	fputs("};\n", fp);
}

void conf_dispatch_free(struct conf_dispatch *d)
{
	for (size_t i = 0; i < d->ntiers; i++)
		conf_opt_free(tier_opts, &d->tiers[i]);
	free(d->tiers);
	for (size_t i = 0; i < d->nregions; i++) {
		conf_opt_free(region_opts, &d->regions[i]);
		strv_free(d->regions[i].holidays, d->regions[i].nholidays);
	}
	free(d->regions);
	for (size_t i = 0; i < d->ncauses; i++) {
		conf_opt_free(cause_opts, &d->causes[i]);
		strv_free(d->causes[i].skills, d->causes[i].nskills);
		strv_free(d->causes[i].parts, d->causes[i].nparts);
	}
	free(d->causes);
	conf_opt_free(dispatch_opts, d);
	conf_opt_free(priority_opts, d);
	conf_opt_free(http_opts, d);
	for (size_t i = 0; i < d->nhttp_tokens; i++)
		conf_opt_free(token_opts, &d->http_tokens[i]);
	free(d->http_tokens);
	memset(d, 0, sizeof(*d));
}

const struct conf_tier *conf_tier_find(const struct conf_dispatch *d, const char *name)
{
	for (size_t i = 0; name != NULL && i < d->ntiers; i++)
		if (d->tiers[i].name != NULL && strcmp(d->tiers[i].name, name) == 0)
			return &d->tiers[i];
	return NULL;
}

const struct conf_region *conf_region_find(const struct conf_dispatch *d, const char *name)
{
	for (size_t i = 0; name != NULL && i < d->nregions; i++)
		if (d->regions[i].name != NULL && strcmp(d->regions[i].name, name) == 0)
			return &d->regions[i];
	return NULL;
}

const struct conf_cause *conf_cause_find(const struct conf_dispatch *d, const char *name)
{
	for (size_t i = 0; name != NULL && i < d->ncauses; i++)
		if (d->causes[i].name != NULL && strcmp(d->causes[i].name, name) == 0)
			return &d->causes[i];
	return NULL;
}
