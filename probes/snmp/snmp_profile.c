/* snmp_profile: libconfig loader for vendor profiles; every key is checked
 * against a table so a typo is an error with file:line, never a silent default. */
#include "config.h"

#include <errno.h>
#include <libconfig.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "probes/snmp/snmp_profile.h"

static const struct {
	enum snmp_field field;
	const char *name;
} field_names[] = {
	{ SNMP_F_RX_DBM, "rx_dbm" },           { SNMP_F_TX_DBM, "tx_dbm" },
	{ SNMP_F_OLT_RX_DBM, "olt_rx_dbm" },   { SNMP_F_BIAS_MA, "bias_ma" },
	{ SNMP_F_TEMP_C, "temp_c" },           { SNMP_F_VOLTAGE_V, "voltage_v" },
	{ SNMP_F_DISTANCE_M, "distance_m" },   { SNMP_F_STATUS, "status" },
	{ SNMP_F_LAST_DOWN, "last_down" },     { SNMP_F_SERIAL, "serial" },
	{ SNMP_F_DESCRIPTION, "description" },
};

static const struct {
	enum snmp_conv conv;
	const char *name;
} conv_names[] = {
	{ SNMP_CONV_LINEAR, "linear" },
	{ SNMP_CONV_MW_TO_DBM, "mw_to_dbm" },
	{ SNMP_CONV_TEXT_DBM, "text_dbm" },
	{ SNMP_CONV_TEXT_NUMBER, "text_number" },
	{ SNMP_CONV_MAP, "map" },
	{ SNMP_CONV_TEXT, "text" },
	{ SNMP_CONV_SERIAL_ASCII, "serial_ascii" },
	{ SNMP_CONV_SERIAL_HEX, "serial_hex" },
	{ SNMP_CONV_SERIAL_VENDOR_HEX, "serial_vendor_hex" },
};

/* Which conversions make sense for which fields. */
enum field_kind { FK_NUMBER, FK_STATUS, FK_SERIAL, FK_TEXT };

static enum field_kind field_kind(enum snmp_field f)
{
	switch (f) {
	case SNMP_F_STATUS:
	case SNMP_F_LAST_DOWN:
		return FK_STATUS;
	case SNMP_F_SERIAL:
		return FK_SERIAL;
	case SNMP_F_DESCRIPTION:
		return FK_TEXT;
	default:
		return FK_NUMBER;
	}
}

static enum field_kind conv_kind(enum snmp_conv c)
{
	switch (c) {
	case SNMP_CONV_MAP:
		return FK_STATUS;
	case SNMP_CONV_TEXT:
		return FK_TEXT;
	case SNMP_CONV_SERIAL_ASCII:
	case SNMP_CONV_SERIAL_HEX:
	case SNMP_CONV_SERIAL_VENDOR_HEX:
		return FK_SERIAL;
	default:
		return FK_NUMBER;
	}
}

const char *snmp_field_name(enum snmp_field f)
{
	for (size_t i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++)
		if (field_names[i].field == f)
			return field_names[i].name;
	return "?";
}

int snmp_oid_parse(const char *text, struct snmp_oid *out)
{
	struct snmp_oid o = { .len = 0 };
	const char *p = text;

	if (*p == '.')
		p++;
	while (*p != '\0') {
		char *end;
		unsigned long v;

		if (*p < '0' || *p > '9' || o.len == SNMP_OID_MAX)
			return -1;
		errno = 0;
		v = strtoul(p, &end, 10);
		if (errno != 0 || v > UINT32_MAX)
			return -1;
		o.sub[o.len++] = (uint32_t)v;
		p = end;
		if (*p == '.') {
			p++;
			if (*p == '\0')
				return -1;
		} else if (*p != '\0') {
			return -1;
		}
	}
	if (o.len < 2)
		return -1;
	*out = o;
	return 0;
}

/* Loader state: where errors go. */
struct ld {
	const char *path;
	char *err;
	size_t errlen;
};

static int ld_fail(struct ld *ld, const config_setting_t *s, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int ld_fail(struct ld *ld, const config_setting_t *s, const char *key, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(ld->err, ld->errlen, "%s:%u: %s: %s", ld->path,
	         s ? config_setting_source_line(s) : 0, key ? key : "(top)", msg);
	return -1;
}

/* Reject keys of group `g` not in the NULL-terminated list. */
static int check_keys(struct ld *ld, const config_setting_t *g, const char *const *allowed)
{
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++) {
		const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(c);
		bool known = false;

		for (size_t k = 0; allowed[k] != NULL; k++)
			if (name != NULL && strcmp(name, allowed[k]) == 0)
				known = true;
		if (!known)
			return ld_fail(ld, c, name, "unknown key");
	}
	return 0;
}

static int get_string(struct ld *ld, const config_setting_t *g, const char *key, bool required,
                      char *buf, size_t len)
{
	const config_setting_t *s = config_setting_get_member(g, key);
	const char *v;

	if (s == NULL) {
		if (required)
			return ld_fail(ld, g, key, "missing");
		return 1;
	}
	v = config_setting_get_string(s);
	if (v == NULL)
		return ld_fail(ld, s, key, "must be a string");
	if (strlen(v) >= len)
		return ld_fail(ld, s, key, "longer than %zu characters", len - 1);
	memcpy(buf, v, strlen(v) + 1);
	return 0;
}

static int number_of(struct ld *ld, const config_setting_t *s, const char *key, double *out)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		*out = config_setting_get_int(s);
		return 0;
	case CONFIG_TYPE_INT64:
		*out = (double)config_setting_get_int64(s);
		return 0;
	case CONFIG_TYPE_FLOAT:
		*out = config_setting_get_float(s);
		return 0;
	default:
		return ld_fail(ld, s, key, "must be a number");
	}
}

static int get_number(struct ld *ld, const config_setting_t *g, const char *key, double *out)
{
	const config_setting_t *s = config_setting_get_member(g, key);

	if (s == NULL)
		return 1;
	return number_of(ld, s, key, out);
}

static int get_integer(struct ld *ld, const config_setting_t *g, const char *key, long min,
                       long max, long *out)
{
	const config_setting_t *s = config_setting_get_member(g, key);
	long long v;

	if (s == NULL)
		return 1;
	if (config_setting_type(s) == CONFIG_TYPE_INT)
		v = config_setting_get_int(s);
	else if (config_setting_type(s) == CONFIG_TYPE_INT64)
		v = config_setting_get_int64(s);
	else
		return ld_fail(ld, s, key, "must be an integer");
	if (v < min || v > max)
		return ld_fail(ld, s, key, "out of range [%ld, %ld]", min, max);
	*out = (long)v;
	return 0;
}

static int get_oid(struct ld *ld, const config_setting_t *g, const char *key, bool required,
                   struct snmp_oid *out)
{
	char buf[SNMP_OID_MAX * 11];
	int rc = get_string(ld, g, key, required, buf, sizeof(buf));

	if (rc != 0)
		return rc;
	if (snmp_oid_parse(buf, out) < 0)
		return ld_fail(ld, config_setting_get_member(g, key), key,
		               "not a numeric OID: \"%s\"", buf);
	return 0;
}

static int get_status(struct ld *ld, const config_setting_t *s, const char *key,
                      enum ont_status *out)
{
	const char *v = config_setting_get_string(s);

	if (v == NULL)
		return ld_fail(ld, s, key, "must be a status name");
	if (ont_status_parse(v, out) < 0)
		return ld_fail(ld, s, key,
		               "unknown status \"%s\" (online, los, dying_gasp, offline, unknown)",
		               v);
	return 0;
}

static int find_var(const struct snmp_index *ix, const char *name)
{
	for (size_t i = 0; i < ix->nvars; i++)
		if (strcmp(ix->vars[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int find_part(const struct snmp_index *ix, const char *name)
{
	for (size_t i = 0; i < ix->nparts; i++)
		if (strcmp(ix->parts[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Every "{name}" of the port format must be a variable. */
static int check_port_fmt(struct ld *ld, const config_setting_t *s, const struct snmp_index *ix)
{
	const char *p = ix->port_fmt;

	while ((p = strchr(p, '{')) != NULL) {
		const char *end = strchr(p, '}');
		char name[SNMP_NAME_MAX];

		if (end == NULL || (size_t)(end - p - 1) >= sizeof(name))
			return ld_fail(ld, s, "port", "unterminated or long {name}");
		memcpy(name, p + 1, (size_t)(end - p - 1));
		name[end - p - 1] = '\0';
		if (find_var(ix, name) < 0)
			return ld_fail(ld, s, "port", "unknown index variable {%s}", name);
		p = end + 1;
	}
	return 0;
}

static int load_index(struct ld *ld, const config_setting_t *g, struct snmp_index *ix)
{
	static const char *const keys[] = { "parts", "vars", "port", "ont", "serial", NULL };
	static const char *const part_keys[] = { "name", "kind", NULL };
	static const char *const var_keys[] = { "name", "part", "shift", "bits", "offset", NULL };
	const config_setting_t *parts, *vars;
	char name[SNMP_NAME_MAX];
	int rc;

	if (!config_setting_is_group(g))
		return ld_fail(ld, g, "index", "must be a group");
	if (check_keys(ld, g, keys) < 0)
		return -1;
	parts = config_setting_get_member(g, "parts");
	if (parts == NULL || !config_setting_is_list(parts) || config_setting_length(parts) == 0)
		return ld_fail(ld, parts ? parts : g, "parts", "a non-empty list of groups needed");
	if (config_setting_length(parts) > SNMP_PARTS_MAX)
		return ld_fail(ld, parts, "parts", "at most %d", SNMP_PARTS_MAX);
	for (int i = 0; i < config_setting_length(parts); i++) {
		const config_setting_t *p = config_setting_get_elem(parts, (unsigned)i);
		struct snmp_index_part *ip = &ix->parts[ix->nparts];
		char kind[16] = "int";

		if (!config_setting_is_group(p))
			return ld_fail(ld, p, "parts", "each part is a group");
		if (check_keys(ld, p, part_keys) < 0 ||
		    get_string(ld, p, "name", true, ip->name, sizeof(ip->name)) < 0 ||
		    get_string(ld, p, "kind", false, kind, sizeof(kind)) < 0)
			return -1;
		if (strcmp(kind, "int") == 0)
			ip->kind = SNMP_PART_INT;
		else if (strcmp(kind, "string") == 0)
			ip->kind = SNMP_PART_STRING;
		else
			return ld_fail(ld, p, "kind", "must be \"int\" or \"string\"");
		ix->nparts++;
		/* An integer part is itself a variable of the same name. */
		if (ip->kind == SNMP_PART_INT) {
			struct snmp_index_var *v = &ix->vars[ix->nvars++];

			memcpy(v->name, ip->name, sizeof(v->name));
			v->part = i;
			v->shift = v->bits = 0;
			v->offset = 0;
		}
	}
	vars = config_setting_get_member(g, "vars");
	if (vars != NULL) {
		if (!config_setting_is_list(vars))
			return ld_fail(ld, vars, "vars", "must be a list of groups");
		for (int i = 0; i < config_setting_length(vars); i++) {
			const config_setting_t *s = config_setting_get_elem(vars, (unsigned)i);
			struct snmp_index_var v = { .offset = 0 };
			long shift = 0, bits = 0, offset = 0;
			int part;

			if (!config_setting_is_group(s))
				return ld_fail(ld, s, "vars", "each variable is a group");
			if (check_keys(ld, s, var_keys) < 0 ||
			    get_string(ld, s, "name", true, v.name, sizeof(v.name)) < 0 ||
			    get_string(ld, s, "part", true, name, sizeof(name)) < 0 ||
			    get_integer(ld, s, "shift", 0, 31, &shift) < 0 ||
			    get_integer(ld, s, "bits", 0, 32, &bits) < 0 ||
			    get_integer(ld, s, "offset", -1000000, 1000000, &offset) < 0)
				return -1;
			part = find_part(ix, name);
			if (part < 0 || ix->parts[part].kind != SNMP_PART_INT)
				return ld_fail(ld, s, "part", "no integer index part \"%s\"", name);
			if (find_var(ix, v.name) >= 0)
				return ld_fail(ld, s, "name", "duplicate variable \"%s\"", v.name);
			if (ix->nvars == SNMP_VARS_MAX)
				return ld_fail(ld, s, "vars", "at most %d variables",
				               SNMP_VARS_MAX);
			v.part = part;
			v.shift = (unsigned)shift;
			v.bits = (unsigned)bits;
			v.offset = offset;
			ix->vars[ix->nvars++] = v;
		}
	}
	ix->ont_var = -1;
	ix->serial_part = -1;
	if ((rc = get_string(ld, g, "port", false, ix->port_fmt, sizeof(ix->port_fmt))) < 0)
		return -1;
	if (check_port_fmt(ld, config_setting_get_member(g, "port"), ix) < 0)
		return -1;
	if ((rc = get_string(ld, g, "ont", false, name, sizeof(name))) < 0)
		return -1;
	if (rc == 0 && (ix->ont_var = find_var(ix, name)) < 0)
		return ld_fail(ld, config_setting_get_member(g, "ont"), "ont",
		               "unknown index variable \"%s\"", name);
	if ((rc = get_string(ld, g, "serial", false, name, sizeof(name))) < 0)
		return -1;
	if (rc == 0) {
		ix->serial_part = find_part(ix, name);
		if (ix->serial_part < 0 || ix->parts[ix->serial_part].kind != SNMP_PART_STRING)
			return ld_fail(ld, config_setting_get_member(g, "serial"), "serial",
			               "no string index part \"%s\"", name);
	}
	return 0;
}

static int load_map(struct ld *ld, const config_setting_t *m, struct snmp_column *c)
{
	static const char *const keys[] = { "raw", "status", NULL };

	if (!config_setting_is_list(m))
		return ld_fail(ld, m, "map", "must be a list of { raw; status; } groups");
	if (config_setting_length(m) > SNMP_MAP_MAX)
		return ld_fail(ld, m, "map", "at most %d entries", SNMP_MAP_MAX);
	for (int i = 0; i < config_setting_length(m); i++) {
		const config_setting_t *e = config_setting_get_elem(m, (unsigned)i);
		const config_setting_t *st;
		struct snmp_map_entry me;

		if (!config_setting_is_group(e))
			return ld_fail(ld, e, "map", "each entry is a { raw; status; } group");
		if (check_keys(ld, e, keys) < 0)
			return -1;
		if (get_integer(ld, e, "raw", -2147483648L, 4294967295L, &me.raw) != 0)
			return ld_fail(ld, e, "raw", "integer needed");
		st = config_setting_get_member(e, "status");
		if (st == NULL)
			return ld_fail(ld, e, "status", "missing");
		if (get_status(ld, st, "status", &me.status) < 0)
			return -1;
		c->map[c->nmap++] = me;
	}
	return 0;
}

static int load_column(struct ld *ld, const config_setting_t *g, struct snmp_column *c)
{
	static const char *const keys[] = { "field", "oid",     "index_extra", "conv",
		                            "scale", "offset",  "missing",     "valid",
		                            "map",   "default", "ascii_bytes", NULL };
	char buf[32];
	const config_setting_t *s;
	long extra = 0, ascii = 4;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->scale = 1.0;
	c->valid_min = -INFINITY;
	c->valid_max = INFINITY;
	if (!config_setting_is_group(g))
		return ld_fail(ld, g, "columns", "each column is a group");
	if (check_keys(ld, g, keys) < 0 || get_string(ld, g, "field", true, buf, sizeof(buf)) < 0)
		return -1;
	for (i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++)
		if (strcmp(field_names[i].name, buf) == 0)
			break;
	if (i == sizeof(field_names) / sizeof(field_names[0]))
		return ld_fail(ld, config_setting_get_member(g, "field"), "field",
		               "unknown field \"%s\"", buf);
	c->field = field_names[i].field;
	if (get_oid(ld, g, "oid", true, &c->oid) < 0)
		return -1;
	if (get_integer(ld, g, "index_extra", 0, 8, &extra) < 0)
		return -1;
	c->index_extra = (unsigned)extra;
	if (get_string(ld, g, "conv", true, buf, sizeof(buf)) < 0)
		return -1;
	for (i = 0; i < sizeof(conv_names) / sizeof(conv_names[0]); i++)
		if (strcmp(conv_names[i].name, buf) == 0)
			break;
	if (i == sizeof(conv_names) / sizeof(conv_names[0]))
		return ld_fail(ld, config_setting_get_member(g, "conv"), "conv",
		               "unknown conversion \"%s\"", buf);
	c->conv = conv_names[i].conv;
	if (conv_kind(c->conv) != field_kind(c->field))
		return ld_fail(ld, config_setting_get_member(g, "conv"), "conv",
		               "\"%s\" does not apply to field %s", buf, snmp_field_name(c->field));
	if (get_number(ld, g, "scale", &c->scale) < 0 ||
	    get_number(ld, g, "offset", &c->offset) < 0)
		return -1;
	if (!isfinite(c->scale) || c->scale == 0)
		return ld_fail(ld, config_setting_get_member(g, "scale"), "scale",
		               "must be finite and non-zero");
	if ((s = config_setting_get_member(g, "missing")) != NULL) {
		if (!config_setting_is_array(s) && !config_setting_is_list(s))
			return ld_fail(ld, s, "missing", "must be an array of integers");
		if (config_setting_length(s) > SNMP_MISSING_MAX)
			return ld_fail(ld, s, "missing", "at most %d sentinels", SNMP_MISSING_MAX);
		for (int k = 0; k < config_setting_length(s); k++) {
			const config_setting_t *e = config_setting_get_elem(s, (unsigned)k);

			if (config_setting_type(e) == CONFIG_TYPE_INT)
				c->missing[c->nmissing++] = config_setting_get_int(e);
			else if (config_setting_type(e) == CONFIG_TYPE_INT64)
				c->missing[c->nmissing++] = (long)config_setting_get_int64(e);
			else
				return ld_fail(ld, e, "missing", "sentinels are integers");
		}
	}
	if ((s = config_setting_get_member(g, "valid")) != NULL) {
		if (config_setting_length(s) != 2 ||
		    (!config_setting_is_array(s) && !config_setting_is_list(s)))
			return ld_fail(ld, s, "valid", "must be [ min, max ]");
		if (number_of(ld, config_setting_get_elem(s, 0), "valid", &c->valid_min) < 0 ||
		    number_of(ld, config_setting_get_elem(s, 1), "valid", &c->valid_max) < 0)
			return -1;
		if (!(c->valid_min <= c->valid_max))
			return ld_fail(ld, s, "valid", "min above max");
	}
	if ((s = config_setting_get_member(g, "map")) != NULL) {
		if (c->conv != SNMP_CONV_MAP)
			return ld_fail(ld, s, "map", "only with conv = \"map\"");
		if (load_map(ld, s, c) < 0)
			return -1;
	} else if (c->conv == SNMP_CONV_MAP) {
		return ld_fail(ld, g, "map", "missing for conv = \"map\"");
	}
	c->map_default = ONT_STATUS_UNKNOWN;
	if ((s = config_setting_get_member(g, "default")) != NULL) {
		if (c->conv != SNMP_CONV_MAP)
			return ld_fail(ld, s, "default", "only with conv = \"map\"");
		if (get_status(ld, s, "default", &c->map_default) < 0)
			return -1;
	}
	if (get_integer(ld, g, "ascii_bytes", 0, 16, &ascii) < 0)
		return -1;
	c->ascii_bytes = (unsigned)ascii;
	return 0;
}

static int load_traps(struct ld *ld, const config_setting_t *l, struct snmp_profile *p)
{
	static const char *const keys[] = { "oid", "status", "index_from", "index_extra", NULL };

	if (!config_setting_is_list(l))
		return ld_fail(ld, l, "traps", "must be a list of groups");
	if (config_setting_length(l) > SNMP_TRAPS_MAX)
		return ld_fail(ld, l, "traps", "at most %d", SNMP_TRAPS_MAX);
	for (int i = 0; i < config_setting_length(l); i++) {
		const config_setting_t *g = config_setting_get_elem(l, (unsigned)i);
		struct snmp_trap_def *t = &p->traps[p->ntraps];
		const config_setting_t *st;
		long extra = 0;

		if (!config_setting_is_group(g))
			return ld_fail(ld, g, "traps", "each trap is a group");
		if (check_keys(ld, g, keys) < 0 || get_oid(ld, g, "oid", true, &t->oid) < 0 ||
		    get_oid(ld, g, "index_from", true, &t->index_from) < 0 ||
		    get_integer(ld, g, "index_extra", 0, 8, &extra) < 0)
			return -1;
		t->index_extra = (unsigned)extra;
		if ((st = config_setting_get_member(g, "status")) == NULL)
			return ld_fail(ld, g, "status", "missing");
		if (get_status(ld, st, "status", &t->status) < 0)
			return -1;
		p->ntraps++;
	}
	return 0;
}

int snmp_profile_load(const char *path, struct snmp_profile **out, char *err, size_t errlen)
{
	static const char *const keys[] = {
		"name", "description", "index", "columns", "traps", NULL
	};
	struct ld ld = { path, err, errlen };
	struct snmp_profile *p = xcalloc(1, sizeof(*p));
	const config_setting_t *root, *s;
	config_t cfg;

	config_init(&cfg);
	if (config_read_file(&cfg, path) != CONFIG_TRUE) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		else
			snprintf(err, errlen, "%s:%d: %s",
			         config_error_file(&cfg) ? config_error_file(&cfg) : path,
			         config_error_line(&cfg), config_error_text(&cfg));
		goto fail;
	}
	root = config_root_setting(&cfg);
	if (check_keys(&ld, root, keys) < 0 ||
	    get_string(&ld, root, "name", true, p->name, sizeof(p->name)) < 0 ||
	    get_string(&ld, root, "description", false, p->description, sizeof(p->description)) < 0)
		goto fail;
	if ((s = config_setting_get_member(root, "index")) == NULL) {
		ld_fail(&ld, root, "index", "missing");
		goto fail;
	}
	if (load_index(&ld, s, &p->index) < 0)
		goto fail;
	s = config_setting_get_member(root, "columns");
	if (s == NULL || !config_setting_is_list(s) || config_setting_length(s) == 0) {
		ld_fail(&ld, s ? s : root, "columns", "a non-empty list of groups needed");
		goto fail;
	}
	if (config_setting_length(s) > SNMP_COLUMNS_MAX) {
		ld_fail(&ld, s, "columns", "at most %d", SNMP_COLUMNS_MAX);
		goto fail;
	}
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *c = config_setting_get_elem(s, (unsigned)i);

		if (load_column(&ld, c, &p->columns[p->ncolumns]) < 0)
			goto fail;
		for (size_t k = 0; k < p->ncolumns; k++)
			if (p->columns[k].field == p->columns[p->ncolumns].field) {
				ld_fail(&ld, c, "field", "%s given twice",
				        snmp_field_name(p->columns[k].field));
				goto fail;
			}
		p->ncolumns++;
	}
	if ((s = config_setting_get_member(root, "traps")) != NULL && load_traps(&ld, s, p) < 0)
		goto fail;
	config_destroy(&cfg);
	*out = p;
	return 0;
fail:
	config_destroy(&cfg);
	free(p);
	return -1;
}

int snmp_profile_find(const char *dir, const char *name, struct snmp_profile **out, char *err,
                      size_t errlen)
{
	char path[4096];
	int rc;

	if (strchr(name, '/') != NULL)
		return snmp_profile_load(name, out, err, errlen);
	for (const char *c = name; *c != '\0'; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' ||
		      *c == '-')) {
			snprintf(err, errlen, "vendor profile name \"%s\": use [a-z0-9_-]", name);
			return -1;
		}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.conf", dir, name) >= sizeof(path)) {
		snprintf(err, errlen, "vendor profile path too long");
		return -1;
	}
	rc = snmp_profile_load(path, out, err, errlen);
	return rc;
}

void snmp_profile_free(struct snmp_profile *p)
{
	free(p);
}
