/* conf_capture: option tables for the capture section; templates are compiled here already,
 * so that a configuration with a broken template is refused whole (and a reload keeps the old). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/conf_capture.h"
#include "probes/capture/ontmap.h"
#include "probes/capture/pcapsrc.h"
#include "probes/capture/subhash.h"

#define OFF(type, field) offsetof(struct type, field)

static const struct conf_opt capture_opts[] = {
	{ .name = "enabled", .type = COPT_BOOL, .offset = OFF(conf_capture, enabled), .def = 1 },
	{ .name = "interface", .type = COPT_STRING, .offset = OFF(conf_capture, interface) },
	{ .name = "filter", .type = COPT_STRING, .offset = OFF(conf_capture, filter) },
	{ .name = "snaplen",
	  .type = COPT_INT,
	  .offset = OFF(conf_capture, snaplen),
	  .min = 64,
	  .max = 65535,
	  .def = 640 },
	{ .name = "buffer_size",
	  .type = COPT_INT,
	  .offset = OFF(conf_capture, buffer_size),
	  .min = 65536,
	  .max = 1 << 30,
	  .def = 8 << 20 },
	{ .name = "promisc", .type = COPT_BOOL, .offset = OFF(conf_capture, promisc), .def = 1 },
	{ .name = "bucket",
	  .type = COPT_INT,
	  .offset = OFF(conf_capture, bucket),
	  .min = 60,
	  .max = 86400,
	  .def = 3600 },
	{ .name = "max_subscribers",
	  .type = COPT_INT,
	  .offset = OFF(conf_capture, max_subscribers),
	  .min = 1,
	  .max = 4000000,
	  .def = 65536 },
	{ .name = "idle_expiry",
	  .type = COPT_INT,
	  .offset = OFF(conf_capture, idle_expiry),
	  .min = 3600,
	  .max = 31536000,
	  .def = 172800 },
	{ .name = "lcp_timeout",
	  .type = COPT_DOUBLE,
	  .offset = OFF(conf_capture, lcp_timeout),
	  .min = 0.5,
	  .max = 600,
	  .def = 10 },
	{ .name = "unstable_hours",
	  .type = COPT_INT,
	  .offset = OFF(conf_capture, unstable_hours),
	  .min = 1,
	  .max = 24 * 7,
	  .def = 6 },
	{ .name = "unstable_events",
	  .type = COPT_INT,
	  .offset = OFF(conf_capture, unstable_events),
	  .min = 0,
	  .max = 1000000,
	  .def = 6 },
	{ .name = "hash_key_file",
	  .type = COPT_STRING,
	  .offset = OFF(conf_capture, hash_key_file) },
	{ .name = "mac_map", .type = COPT_STRING, .offset = OFF(conf_capture, mac_map) },
	{ 0 },
};

static const struct conf_opt template_opts[] = {
	{ .name = "template",
	  .type = COPT_STRING,
	  .offset = OFF(conf_capture_template, template),
	  .required = true },
	{ .name = "olt", .type = COPT_STRING, .offset = OFF(conf_capture_template, olt) },
	{ 0 },
};

static const struct conf_opt vlan_opts[] = {
	{ .name = "outer",
	  .type = COPT_INT,
	  .offset = OFF(conf_capture_vlan, outer),
	  .min = 0,
	  .max = 4095,
	  .required = true },
	{ .name = "inner",
	  .type = COPT_INT,
	  .offset = OFF(conf_capture_vlan, inner),
	  .min = -1,
	  .max = 4095,
	  .def = -1 },
	{ .name = "olt",
	  .type = COPT_STRING,
	  .offset = OFF(conf_capture_vlan, olt),
	  .required = true },
	{ .name = "port",
	  .type = COPT_STRING,
	  .offset = OFF(conf_capture_vlan, port),
	  .required = true },
	{ .name = "ont",
	  .type = COPT_INT,
	  .offset = OFF(conf_capture_vlan, ont),
	  .min = 0,
	  .max = 1000000,
	  .required = true },
	{ 0 },
};

static const char *const capture_lists[] = { "templates", "vlans", NULL };

static int parse_templates(struct conf_ctx *ctx, const config_setting_t *list,
                           struct conf_capture *c)
{
	struct ontmap *scratch = ontmap_new();
	int nerr = 0;

	c->templates = xcalloc((size_t)config_setting_length(list) + 1, sizeof(*c->templates));
	for (int i = 0; i < config_setting_length(list); i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct conf_capture_template *t = &c->templates[c->ntemplates];
		const char *why;
		char path[64];

		snprintf(path, sizeof(path), "capture.templates[%d]", i);
		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			conf_err(ctx, g, path, "expected a group { ... }");
			nerr++;
			continue;
		}
		c->ntemplates++;
		conf_opt_defaults(template_opts, t);
		int before = nerr;
		nerr += conf_opt_parse(ctx, g, path, template_opts, t, NULL);
		if (nerr == before && ontmap_add_template(scratch, t->template, t->olt, &why) < 0) {
			conf_err(ctx, g, path, "template \"%s\": %s", t->template, why);
			nerr++;
		}
	}
	ontmap_free(scratch);
	return nerr;
}

static int parse_vlans(struct conf_ctx *ctx, const config_setting_t *list, struct conf_capture *c)
{
	int nerr = 0;

	c->vlans = xcalloc((size_t)config_setting_length(list) + 1, sizeof(*c->vlans));
	for (int i = 0; i < config_setting_length(list); i++) {
		const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct conf_capture_vlan *v = &c->vlans[c->nvlans];
		char path[64];

		snprintf(path, sizeof(path), "capture.vlans[%d]", i);
		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			conf_err(ctx, g, path, "expected a group { ... }");
			nerr++;
			continue;
		}
		c->nvlans++;
		conf_opt_defaults(vlan_opts, v);
		int before = nerr;
		nerr += conf_opt_parse(ctx, g, path, vlan_opts, v, NULL);
		if (nerr == before &&
		    (strlen(v->olt) >= ONT_OLT_MAX || strlen(v->port) >= ONT_PORT_MAX)) {
			conf_err(ctx, g, path, "olt or port name too long");
			nerr++;
		}
	}
	return nerr;
}

int conf_capture_parse(struct conf_ctx *ctx, const config_setting_t *g, struct conf_capture **out)
{
	struct conf_capture *c = xcalloc(1, sizeof(*c));
	const config_setting_t *s;
	int nerr;

	conf_opt_defaults(capture_opts, c);
	nerr = conf_opt_parse(ctx, g, "capture", capture_opts, c, capture_lists);
	for (int i = 0; capture_lists[i]; i++) {
		if (!(s = config_setting_get_member(g, capture_lists[i])))
			continue;
		if (config_setting_type(s) != CONFIG_TYPE_LIST) {
			conf_err(ctx, s, "capture", "%s: expected a list ( { ... }, ... )",
			         capture_lists[i]);
			nerr++;
		} else if (i == 0) {
			nerr += parse_templates(ctx, s, c);
		} else {
			nerr += parse_vlans(ctx, s, c);
		}
	}
	if (nerr == 0 && c->enabled && (!c->interface || !c->interface[0])) {
		conf_err(ctx, g, "capture", "interface is required when enabled");
		nerr++;
	}
	if (nerr) {
		conf_capture_free(c);
		return nerr;
	}
	if (!c->filter)
		c->filter = xstrdup(PCAPSRC_DEFAULT_FILTER);
	*out = c;
	return 0;
}

static void resolve(char **path, const char *conf_file)
{
	const char *slash = strrchr(conf_file, '/');
	char *abs;

	if (!*path || (*path)[0] == '/' || !slash)
		return;
	abs = xasprintf("%.*s/%s", (int)(slash - conf_file), conf_file, *path);
	free(*path);
	*path = abs;
}

void conf_capture_resolve_paths(struct conf_capture *c, const char *conf_file)
{
	resolve(&c->hash_key_file, conf_file);
	resolve(&c->mac_map, conf_file);
}

void conf_capture_print(const struct conf_capture *c, FILE *fp, bool show_secrets)
{
	fputs("capture = {\n", fp);
	conf_opt_print(fp, 2, capture_opts, c, show_secrets);
	fputs("  templates = (", fp);
	for (size_t i = 0; i < c->ntemplates; i++) {
		fputs(i ? ",\n    {\n" : "\n    {\n", fp);
		conf_opt_print(fp, 6, template_opts, &c->templates[i], show_secrets);
		fputs("    }", fp);
	}
	fputs(c->ntemplates ? "\n  );\n  vlans = (" : ");\n  vlans = (", fp);
	for (size_t i = 0; i < c->nvlans; i++) {
		fputs(i ? ",\n    {\n" : "\n    {\n", fp);
		conf_opt_print(fp, 6, vlan_opts, &c->vlans[i], show_secrets);
		fputs("    }", fp);
	}
	fputs(c->nvlans ? "\n  );\n};\n" : ");\n};\n", fp);
}

void conf_capture_free(struct conf_capture *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ntemplates; i++)
		conf_opt_free(template_opts, &c->templates[i]);
	free(c->templates);
	for (size_t i = 0; i < c->nvlans; i++)
		conf_opt_free(vlan_opts, &c->vlans[i]);
	free(c->vlans);
	conf_opt_free(capture_opts, c);
	free(c);
}
