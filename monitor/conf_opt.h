/* conf_opt: table-driven reading of libconfig groups into C structs (one row per
 * option: name, type, bounds, default), so every option is described exactly once. */
#ifndef OW_CONF_OPT_H
#define OW_CONF_OPT_H

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "monitor/conf.h"

enum conf_opt_type {
	COPT_INT,    /* int */
	COPT_DOUBLE, /* double; integers accepted */
	COPT_STRING, /* char *, owned by the struct */
	COPT_STRBUF, /* char[bufsize] inside the struct */
	COPT_BOOL,   /* bool */
	COPT_ENUM,   /* int index into names[] */
};

struct conf_opt {
	const char *name;
	enum conf_opt_type type;
	size_t offset;
	double min, max;          /* numeric bounds (inclusive) when min < max */
	double def;               /* default for numbers, bools and enums */
	const char *defstr;       /* default for strings (NULL = none) */
	const char *const *names; /* COPT_ENUM: accepted names, NULL-terminated */
	size_t bufsize;           /* COPT_STRBUF */
	bool required;
	bool secret; /* masked when printed */
};

/* Where messages go while parsing one file. */
struct conf_ctx {
	const char *file;
	struct conf_errors *errs;
};

/* Record "file:line: path: message" for setting s (or the file when s is NULL). */
void conf_err(struct conf_ctx *ctx, const config_setting_t *s, const char *path, const char *fmt,
              ...) __attribute__((format(printf, 4, 5)));
/* Fill obj with the table's defaults. */
void conf_opt_defaults(const struct conf_opt *tab, void *obj);
/* Read group g into obj. Members named in `handled` are left to the caller;
 * any other member not in the table is an error. Returns the number of errors. */
int conf_opt_parse(struct conf_ctx *ctx, const config_setting_t *g, const char *path,
                   const struct conf_opt *tab, void *obj, const char *const *handled);
/* Print obj's options, one "name = value;" per line, indented. */
void conf_opt_print(FILE *fp, int indent, const struct conf_opt *tab, const void *obj,
                    bool show_secrets);
/* Free the strings the table owns in obj; obj itself stays. */
void conf_opt_free(const struct conf_opt *tab, void *obj);
/* Print a string as a libconfig string literal (escaped). */
void conf_print_string(FILE *fp, const char *s);

#endif
