/* metrics: samples are kept per family until the text is asked for, so a collector can walk
 * each daemon part once (every family of one OLT at a time) and the exposition still has each
 * family's samples together, as the format requires. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "monitor/metrics.h"

struct buf {
	char *p;
	size_t len, cap;
};

struct metrics_family {
	char *name;
	char *help;
	enum metrics_type type;
	struct buf samples;
};

struct metrics {
	struct metrics_family **fam;
	size_t nfam;
};

static const struct {
	enum metrics_type type;
	const char *name;
} type_names[] = {
	{ METRICS_COUNTER, "counter" },
	{ METRICS_GAUGE, "gauge" },
};

static void buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = xreallocarray(b->p, cap, 1);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static bool name_char(char c, bool first, bool colon)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return true;
	if (c == ':')
		return colon;
	return !first && c >= '0' && c <= '9';
}

/* Metric names may hold colons; label names may not, and "__" starts reserved ones. */
static bool name_valid(const char *s, bool colon)
{
	if (s == NULL || s[0] == '\0')
		return false;
	if (!colon && s[0] == '_' && s[1] == '_')
		return false;
	for (size_t i = 0; s[i] != '\0'; i++)
		if (!name_char(s[i], i == 0, colon))
			return false;
	return true;
}

/* Length of the well-formed UTF-8 sequence at s (n bytes left), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	/* no overlong forms, no surrogates, nothing beyond U+10FFFF */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Escape backslash and newline (and the double quote in label values); bytes that are not
 * UTF-8 become U+FFFD, since Prometheus refuses the whole scrape otherwise. */
static void buf_escaped(struct buf *b, const char *s, bool quote)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		size_t l = utf8_len(u + i, n - i);

		if (l == 0) {
			buf_str(b, "\xef\xbf\xbd");
			i++;
			continue;
		}
		if (u[i] == '\\')
			buf_str(b, "\\\\");
		else if (u[i] == '\n')
			buf_str(b, "\\n");
		else if (u[i] == '"' && quote)
			buf_str(b, "\\\"");
		else
			buf_put(b, s + i, l);
		i += l;
	}
}

void metrics_format_value(double v, char *buf, size_t len)
{
	if (isnan(v)) {
		snprintf(buf, len, "NaN");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, len, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (v == 0) { /* also -0 */
		snprintf(buf, len, "0");
		return;
	}
	if (v == trunc(v) && fabs(v) <= 9007199254740992.0) {
		snprintf(buf, len, "%.0f", v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

struct metrics *metrics_new(void)
{
	return xcalloc(1, sizeof(struct metrics));
}

void metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nfam; i++) {
		free(m->fam[i]->name);
		free(m->fam[i]->help);
		free(m->fam[i]->samples.p);
		free(m->fam[i]);
	}
	free(m->fam);
	free(m);
}

struct metrics_family *metrics_family(struct metrics *m, const char *name, enum metrics_type type,
                                      const char *help)
{
	struct metrics_family *f;

	for (size_t i = 0; i < m->nfam; i++)
		if (strcmp(m->fam[i]->name, name) == 0)
			return m->fam[i]->type == type ? m->fam[i] : NULL;
	if (!name_valid(name, true))
		return NULL;
	f = xcalloc(1, sizeof(*f));
	f->name = xstrdup(name);
	f->help = xstrdup(help ? help : "");
	f->type = type;
	m->fam = xreallocarray(m->fam, m->nfam + 1, sizeof(*m->fam));
	m->fam[m->nfam++] = f;
	return f;
}

int metrics_add(struct metrics_family *f, double value, ...)
{
	struct buf *b;
	char num[40];
	const char *k;
	va_list ap;
	bool first = true;

	if (f == NULL) /* metrics_family refused the name: the sample goes nowhere */
		return -1;
	b = &f->samples;
	va_start(ap, value);
	while ((k = va_arg(ap, const char *)) != NULL) {
		(void)va_arg(ap, const char *);
		if (!name_valid(k, false)) {
			va_end(ap);
			return -1;
		}
	}
	va_end(ap);

	buf_str(b, f->name);
	va_start(ap, value);
	while ((k = va_arg(ap, const char *)) != NULL) {
		const char *v = va_arg(ap, const char *);

		buf_str(b, first ? "{" : ",");
		buf_str(b, k);
		buf_str(b, "=\"");
		buf_escaped(b, v ? v : "", true);
		buf_str(b, "\"");
		first = false;
	}
	va_end(ap);
	if (!first)
		buf_str(b, "}");
	metrics_format_value(value, num, sizeof(num));
	buf_str(b, " ");
	buf_str(b, num);
	buf_str(b, "\n");
	return 0;
}

char *metrics_text(const struct metrics *m, size_t *len)
{
	struct buf out = { NULL, 0, 0 };

	buf_put(&out, "", 0);
	for (size_t i = 0; i < m->nfam; i++) {
		const struct metrics_family *f = m->fam[i];
		const char *type = "untyped";

		if (f->samples.len == 0)
			continue;
		for (size_t t = 0; t < sizeof(type_names) / sizeof(type_names[0]); t++)
			if (type_names[t].type == f->type)
				type = type_names[t].name;
		buf_str(&out, "# HELP ");
		buf_str(&out, f->name);
		buf_str(&out, " ");
		buf_escaped(&out, f->help, false);
		buf_str(&out, "\n# TYPE ");
		buf_str(&out, f->name);
		buf_str(&out, " ");
		buf_str(&out, type);
		buf_str(&out, "\n");
		buf_put(&out, f->samples.p, f->samples.len);
	}
	if (len != NULL)
		*len = out.len;
	return out.p;
}
