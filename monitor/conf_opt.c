/* conf_opt: the option-table engine behind every configuration section. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/conf_opt.h"

void conf_err(struct conf_ctx *ctx, const config_setting_t *s, const char *path, const char *fmt,
              ...)
{
	const char *file = ctx->file;
	char msg[512];
	va_list ap;
	int line = 0;

	if (s != NULL) {
		const char *sf = config_setting_source_file(s);

		if (sf != NULL)
			file = sf;
		line = (int)config_setting_source_line(s);
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx->errs->msg = xreallocarray(ctx->errs->msg, ctx->errs->n + 1, sizeof(char *));
	if (line > 0)
		ctx->errs->msg[ctx->errs->n++] =
		    xasprintf("%s:%d: %s%s%s", file, line, path ? path : "", path ? ": " : "", msg);
	else
		ctx->errs->msg[ctx->errs->n++] =
		    xasprintf("%s: %s%s%s", file, path ? path : "", path ? ": " : "", msg);
}

#define FIELD(obj, o, type)  ((type *)(void *)((char *)(obj) + (o)->offset))
#define CFIELD(obj, o, type) ((const type *)(const void *)((const char *)(obj) + (o)->offset))

void conf_opt_defaults(const struct conf_opt *tab, void *obj)
{
	for (const struct conf_opt *o = tab; o->name != NULL; o++) {
		switch (o->type) {
		case COPT_INT:
		case COPT_ENUM:
			*FIELD(obj, o, int) = (int)o->def;
			break;
		case COPT_DOUBLE:
			*FIELD(obj, o, double) = o->def;
			break;
		case COPT_BOOL:
			*FIELD(obj, o, bool) = o->def != 0;
			break;
		case COPT_STRING:
			free(*FIELD(obj, o, char *));
			*FIELD(obj, o, char *) = o->defstr ? xstrdup(o->defstr) : NULL;
			break;
		case COPT_STRBUF:
			snprintf(FIELD(obj, o, char), o->bufsize, "%s", o->defstr ? o->defstr : "");
			break;
		}
	}
}

static const char *type_name(int t)
{
	switch (t) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a number";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "true or false";
	case CONFIG_TYPE_GROUP:
		return "a group { ... }";
	case CONFIG_TYPE_ARRAY:
		return "an array [ ... ]";
	case CONFIG_TYPE_LIST:
		return "a list ( ... )";
	}
	return "a value";
}

static bool in_list(const char *name, const char *const *list)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

static int parse_one(struct conf_ctx *ctx, const config_setting_t *s, const char *path,
                     const struct conf_opt *o, void *obj)
{
	int t = config_setting_type(s);
	double num = 0;

	switch (o->type) {
	case COPT_INT:
		if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
			goto wrong_type;
		num = (double)config_setting_get_int64(s);
		break;
	case COPT_DOUBLE:
		if (t == CONFIG_TYPE_FLOAT)
			num = config_setting_get_float(s);
		else if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)
			num = (double)config_setting_get_int64(s);
		else
			goto wrong_type;
		break;
	case COPT_BOOL:
		if (t != CONFIG_TYPE_BOOL)
			goto wrong_type;
		*FIELD(obj, o, bool) = config_setting_get_bool(s) != 0;
		return 0;
	case COPT_STRING:
	case COPT_STRBUF:
	case COPT_ENUM: {
		const char *v;

		if (t != CONFIG_TYPE_STRING)
			goto wrong_type;
		v = config_setting_get_string(s);
		if (o->type == COPT_ENUM) {
			for (int i = 0; o->names[i] != NULL; i++)
				if (strcmp(o->names[i], v) == 0) {
					*FIELD(obj, o, int) = i;
					return 0;
				}
			char allowed[256] = "";
			for (int i = 0; o->names[i] != NULL; i++) {
				strncat(allowed, i ? ", " : "",
				        sizeof(allowed) - strlen(allowed) - 1);
				strncat(allowed, o->names[i],
				        sizeof(allowed) - strlen(allowed) - 1);
			}
			conf_err(ctx, s, path, "\"%s\" is not one of: %s", v, allowed);
			return 1;
		}
		if (v[0] == '\0' && o->required) {
			conf_err(ctx, s, path, "must not be empty");
			return 1;
		}
		if (o->type == COPT_STRBUF) {
			if (strlen(v) >= o->bufsize) {
				conf_err(ctx, s, path, "longer than %zu characters",
				         o->bufsize - 1);
				return 1;
			}
			snprintf(FIELD(obj, o, char), o->bufsize, "%s", v);
		} else {
			free(*FIELD(obj, o, char *));
			*FIELD(obj, o, char *) = xstrdup(v);
		}
		return 0;
	}
	}
	if (o->min < o->max && (num < o->min || num > o->max)) {
		conf_err(ctx, s, path, "%g is out of range (%g .. %g)", num, o->min, o->max);
		return 1;
	}
	if (o->type == COPT_INT)
		*FIELD(obj, o, int) = (int)num;
	else
		*FIELD(obj, o, double) = num;
	return 0;

wrong_type : {
	const char *want = o->type == COPT_INT      ? "an integer"
	                   : o->type == COPT_DOUBLE ? "a number"
	                   : o->type == COPT_BOOL   ? "true or false"
	                                            : "a string";
	conf_err(ctx, s, path, "expected %s, found %s", want, type_name(t));
	return 1;
}
}

int conf_opt_parse(struct conf_ctx *ctx, const config_setting_t *g, const char *path,
                   const struct conf_opt *tab, void *obj, const char *const *handled)
{
	int nerr = 0;
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		const struct conf_opt *o;
		char sub[256];

		if (name == NULL)
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", path ? path : "", path && *path ? "." : "",
		         name);
		if (in_list(name, handled))
			continue;
		for (o = tab; o->name != NULL; o++)
			if (strcmp(o->name, name) == 0)
				break;
		if (o->name == NULL) {
			conf_err(ctx, s, sub, "unknown setting");
			nerr++;
			continue;
		}
		nerr += parse_one(ctx, s, sub, o, obj);
	}
	for (const struct conf_opt *o = tab; o->name != NULL; o++) {
		if (!o->required || config_setting_get_member(g, o->name) != NULL)
			continue;
		char sub[256];

		snprintf(sub, sizeof(sub), "%s%s%s", path ? path : "", path && *path ? "." : "",
		         o->name);
		conf_err(ctx, g, sub, "required setting is missing");
		nerr++;
	}
	return nerr;
}

void conf_print_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(fp, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", fp);
		else if (*s == '\t')
			fputs("\\t", fp);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

void conf_opt_print(FILE *fp, int indent, const struct conf_opt *tab, const void *obj,
                    bool show_secrets)
{
	for (const struct conf_opt *o = tab; o->name != NULL; o++) {
		const char *str = NULL;

		switch (o->type) {
		case COPT_STRING:
			str = *CFIELD(obj, o, char *const);
			if (str == NULL)
				continue;
			break;
		case COPT_STRBUF:
			str = CFIELD(obj, o, char);
			break;
		default:
			break;
		}
		fprintf(fp, "%*s%s = ", indent, "", o->name);
		switch (o->type) {
		case COPT_INT:
			fprintf(fp, "%d", *CFIELD(obj, o, int));
			break;
		case COPT_DOUBLE: {
			double v = *CFIELD(obj, o, double);

			/* libconfig needs a decimal point to keep a float a float */
			if (v == floor(v) && fabs(v) < 1e15)
				fprintf(fp, "%.1f", v);
			else
				fprintf(fp, "%.10g", v);
			break;
		}
		case COPT_BOOL:
			fputs(*CFIELD(obj, o, bool) ? "true" : "false", fp);
			break;
		case COPT_ENUM:
			conf_print_string(fp, o->names[*CFIELD(obj, o, int)]);
			break;
		case COPT_STRING:
		case COPT_STRBUF:
			if (o->secret && !show_secrets)
				fputs("\"********\"", fp);
			else
				conf_print_string(fp, str);
			break;
		}
		fputs(";\n", fp);
	}
}

void conf_opt_free(const struct conf_opt *tab, void *obj)
{
	for (const struct conf_opt *o = tab; o->name != NULL; o++)
		if (o->type == COPT_STRING) {
			free(*FIELD(obj, o, char *));
			*FIELD(obj, o, char *) = NULL;
		}
}
