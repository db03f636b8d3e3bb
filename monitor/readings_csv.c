/* readings_csv: a hand-written parser (no sscanf, no per-row allocation) because replay reads
 * tens of millions of rows; every field is length-checked and range-checked. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xmalloc.h"
#include "monitor/readings_csv.h"

#define BUF_SIZE (1 << 20)
#define COLS_MAX 32

enum col {
	C_IGNORE = 0,
	C_TIME,
	C_OLT,
	C_PORT,
	C_ONT,
	C_SERIAL,
	C_STATUS,
	C_RX,
	C_TX,
	C_OLTRX,
	C_BIAS,
	C_TEMP,
	C_VOLT,
	C_COUNT
};

static const struct {
	enum col c;
	const char *name;
	double lo, hi; /* accepted range of a number */
} cols[] = {
	{ C_TIME, "time", 0, 0 },           { C_OLT, "olt", 0, 0 },
	{ C_PORT, "port", 0, 0 },           { C_ONT, "ont", 0, 0 },
	{ C_SERIAL, "serial", 0, 0 },       { C_STATUS, "status", 0, 0 },
	{ C_RX, "rx_dbm", -70, 30 },        { C_TX, "tx_dbm", -70, 30 },
	{ C_OLTRX, "olt_rx_dbm", -70, 30 }, { C_BIAS, "bias_ma", 0, 500 },
	{ C_TEMP, "temp_c", -80, 200 },     { C_VOLT, "voltage_v", 0, 20 },
};

struct readings_csv {
	int fd;
	bool own_fd;
	char *path;
	char *buf;
	size_t start, end;
	bool eof;
	uint64_t line; /* of the last line returned */
	uint64_t rows;
	uint64_t bytes; /* read from fd */
	enum col map[COLS_MAX];
	int ncols;
	char last_time[24]; /* the previous row's time text and value */
	size_t last_time_len;
	int64_t last_time_val;
	char err[READINGS_CSV_ERR_MAX];
};

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char *s, int n, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

int readings_csv_parse_time(const char *s, size_t n, int64_t *out)
{
	unsigned y, mo, d, h, mi, se;
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (n != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
	    digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &se))
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 ||
	    se > 60)
		return -1;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

int readings_csv_parse_num(const char *s, size_t n, double *out)
{
	size_t i = 0;
	bool neg = false;
	double ip = 0, fp = 0, scale = 1;
	int nd = 0;

	if (n == 0 || n > 32)
		return -1;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i++;
	}
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, nd++)
		ip = ip * 10 + (s[i] - '0');
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, nd++) {
			fp = fp * 10 + (s[i] - '0');
			scale *= 10;
		}
	}
	if (i != n || nd == 0)
		return -1;
	*out = neg ? -(ip + fp / scale) : ip + fp / scale;
	return 0;
}

/* "FILE:LINE: what[ name]" */
static void fail_msg(struct readings_csv *rd, const char *what, const char *name)
{
	snprintf(rd->err, sizeof(rd->err), "%s:%llu: %s%s%s", rd->path,
	         (unsigned long long)rd->line, what, name ? " " : "", name ? name : "");
}

/* Next line (without its end) or NULL at EOF/error; *toolong when it had to be cut. */
static char *next_line(struct readings_csv *rd, size_t *len, bool *toolong, int *ioerr)
{
	*toolong = false;
	*ioerr = 0;
	for (;;) {
		char *nl = memchr(rd->buf + rd->start, '\n', rd->end - rd->start);
		if (nl) {
			char *l = rd->buf + rd->start;
			*len = (size_t)(nl - l);
			rd->start += *len + 1;
			rd->line++;
			if (*len > READINGS_CSV_LINE_MAX)
				*toolong = true;
			return l;
		}
		if (rd->eof) {
			if (rd->start == rd->end)
				return NULL;
			char *l = rd->buf + rd->start;
			*len = rd->end - rd->start;
			rd->start = rd->end;
			rd->line++;
			if (*len > READINGS_CSV_LINE_MAX)
				*toolong = true;
			return l;
		}
		if (rd->end - rd->start > READINGS_CSV_LINE_MAX) {
			/* drop what we have of an overlong line; keep reading to its end */
			rd->start = rd->end = 0;
			*toolong = true;
			char *l;
			size_t dummy;
			bool tl;
			l = next_line(rd, &dummy, &tl, ioerr);
			if (l)
				*len = READINGS_CSV_LINE_MAX + 1;
			return l;
		}
		if (rd->start > 0) {
			memmove(rd->buf, rd->buf + rd->start, rd->end - rd->start);
			rd->end -= rd->start;
			rd->start = 0;
		}
		ssize_t n;
		do
			n = read(rd->fd, rd->buf + rd->end, BUF_SIZE - rd->end);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			*ioerr = errno;
			return NULL;
		}
		if (n == 0)
			rd->eof = true;
		rd->end += (size_t)n;
		rd->bytes += (uint64_t)n;
	}
}

static int parse_header(struct readings_csv *rd, char *l, size_t len)
{
	bool seen[C_COUNT] = { false };
	size_t i = 0;

	if (len >= 3 && (unsigned char)l[0] == 0xef && (unsigned char)l[1] == 0xbb &&
	    (unsigned char)l[2] == 0xbf)
		i = 3; /* UTF-8 byte order mark */
	if (len > 0 && l[len - 1] == '\r')
		len--;
	rd->ncols = 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && l[j] != ',')
			j++;
		if (rd->ncols == COLS_MAX) {
			fail_msg(rd, "too many columns", NULL);
			return -1;
		}
		enum col c = C_IGNORE;
		for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
			if (strlen(cols[k].name) == j - i &&
			    memcmp(cols[k].name, l + i, j - i) == 0)
				c = cols[k].c;
		if (c != C_IGNORE && seen[c]) {
			fail_msg(rd, "duplicate column in header", NULL);
			return -1;
		}
		seen[c] = true;
		rd->map[rd->ncols++] = c;
		i = j + 1;
	}
	static const enum col need[] = { C_TIME, C_OLT, C_PORT, C_ONT, C_STATUS };
	for (size_t k = 0; k < sizeof(need) / sizeof(need[0]); k++)
		if (!seen[need[k]]) {
			fail_msg(rd, "header lacks column", cols[need[k] - 1].name);
			return -1;
		}
	return 0;
}

struct readings_csv *readings_csv_open(const char *path, char err[READINGS_CSV_ERR_MAX])
{
	struct readings_csv *rd = xcalloc(1, sizeof(*rd));
	char *l;
	size_t len;
	bool toolong;
	int ioerr;

	rd->fd = -1;
	rd->path = xstrdup(path);
	rd->buf = xmalloc(BUF_SIZE);
	if (strcmp(path, "-") == 0) {
		rd->fd = 0;
	} else {
		rd->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (rd->fd < 0) {
			snprintf(err, READINGS_CSV_ERR_MAX, "%s: %s", path, strerror(errno));
			goto fail;
		}
		rd->own_fd = true;
	}
	l = next_line(rd, &len, &toolong, &ioerr);
	if (l == NULL) {
		snprintf(err, READINGS_CSV_ERR_MAX, "%s: %s", path,
		         ioerr ? strerror(ioerr) : "empty file, a header is required");
		goto fail;
	}
	if (toolong) {
		snprintf(err, READINGS_CSV_ERR_MAX, "%s:1: header too long", path);
		goto fail;
	}
	if (parse_header(rd, l, len) < 0) {
		snprintf(err, READINGS_CSV_ERR_MAX, "%s", rd->err);
		goto fail;
	}
	rd->last_time_len = 0;
	return rd;
fail:
	readings_csv_close(rd);
	return NULL;
}

static int copy_str(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '"')
			return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static int parse_row(struct readings_csv *rd, char *l, size_t len, struct ont_reading *r)
{
	size_t i = 0;
	int c = 0;
	bool seen_ont = false;

	ont_reading_clear(r, 0);
	if (len > 0 && l[len - 1] == '\r')
		len--;
	for (; c < rd->ncols && i <= len; c++) {
		size_t j = i;
		while (j < len && l[j] != ',')
			j++;
		const char *s = l + i;
		size_t n = j - i;
		enum col col = rd->map[c];
		double v;

		i = j + 1;
		switch (col) {
		case C_IGNORE:
			break;
		case C_TIME:
			if (n == rd->last_time_len && memcmp(s, rd->last_time, n) == 0) {
				r->time = rd->last_time_val;
				break;
			}
			if (readings_csv_parse_time(s, n, &r->time) < 0) {
				fail_msg(rd, "invalid time (want YYYY-MM-DDTHH:MM:SSZ)", NULL);
				return -1;
			}
			memcpy(rd->last_time, s, n);
			rd->last_time_len = n;
			rd->last_time_val = r->time;
			break;
		case C_OLT:
			if (n == 0 || copy_str(r->olt, sizeof(r->olt), s, n) < 0) {
				fail_msg(rd, "invalid or empty olt", NULL);
				return -1;
			}
			break;
		case C_PORT:
			if (n == 0 || copy_str(r->port, sizeof(r->port), s, n) < 0) {
				fail_msg(rd, "invalid or empty port", NULL);
				return -1;
			}
			break;
		case C_ONT: {
			unsigned u;
			if (n == 0 || n > 5 || digits(s, (int)n, &u) < 0 || u > 65535) {
				fail_msg(rd, "invalid ont id (want 0..65535)", NULL);
				return -1;
			}
			r->ont = (int32_t)u;
			seen_ont = true;
			break;
		}
		case C_SERIAL:
			if (copy_str(r->serial, sizeof(r->serial), s, n) < 0) {
				fail_msg(rd, "invalid serial", NULL);
				return -1;
			}
			break;
		case C_STATUS: {
			char st[16];
			if (n == 0)
				break; /* missing: unknown */
			if (copy_str(st, sizeof(st), s, n) < 0 ||
			    ont_status_parse(st, &r->status) < 0 ||
			    r->status == ONT_STATUS_UNKNOWN) {
				fail_msg(rd, "invalid status", NULL);
				return -1;
			}
			break;
		}
		default:
			if (n == 0)
				break; /* missing value */
			if (readings_csv_parse_num(s, n, &v) < 0 || v < cols[col - 1].lo ||
			    v > cols[col - 1].hi) {
				fail_msg(rd, "invalid", cols[col - 1].name);
				return -1;
			}
			switch (col) {
			case C_RX:
				r->rx_dbm = v;
				break;
			case C_TX:
				r->tx_dbm = v;
				break;
			case C_OLTRX:
				r->olt_rx_dbm = v;
				break;
			case C_BIAS:
				r->bias_ma = v;
				break;
			case C_TEMP:
				r->temp_c = v;
				break;
			default:
				r->voltage_v = v;
				break;
			}
		}
	}
	if (c != rd->ncols || i <= len) {
		fail_msg(rd, c != rd->ncols ? "too few fields" : "too many fields", NULL);
		return -1;
	}
	if (!seen_ont) {
		fail_msg(rd, "missing ont id", NULL);
		return -1;
	}
	return 0;
}

int readings_csv_next(struct readings_csv *rd, struct ont_reading *r)
{
	for (;;) {
		size_t len;
		bool toolong;
		int ioerr;
		char *l = next_line(rd, &len, &toolong, &ioerr);

		if (l == NULL) {
			if (ioerr) {
				snprintf(rd->err, sizeof(rd->err), "%s: %s", rd->path,
				         strerror(ioerr));
				return -2;
			}
			return 0;
		}
		if (len == 0 || (len == 1 && l[0] == '\r'))
			continue; /* blank line */
		rd->rows++;
		if (toolong) {
			fail_msg(rd, "line too long", NULL);
			return -1;
		}
		struct ont_reading tmp;
		if (parse_row(rd, l, len, &tmp) < 0)
			return -1;
		*r = tmp;
		return 1;
	}
}

const char *readings_csv_error(const struct readings_csv *rd)
{
	return rd->err;
}

uint64_t readings_csv_rows(const struct readings_csv *rd)
{
	return rd->rows;
}

uint64_t readings_csv_bytes(const struct readings_csv *rd)
{
	return rd->bytes;
}

void readings_csv_close(struct readings_csv *rd)
{
	if (rd == NULL)
		return;
	if (rd->own_fd && rd->fd >= 0)
		close(rd->fd);
	free(rd->buf);
	free(rd->path);
	free(rd);
}
