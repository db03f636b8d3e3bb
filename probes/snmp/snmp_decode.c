/* snmp_decode: value conversions, sentinels, status maps, serial rendering and
 * index decoding; every read of agent bytes is bounded by the given length. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/snmp/snmp_decode.h"

#define TEXT_NUM_MAX 32 /* longest number text we accept */

static bool is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

/* Strict decimal: [-+]digits[.digits] within s[0..len); returns chars used or 0. */
static size_t parse_decimal(const uint8_t *s, size_t len, double *out)
{
	char buf[TEXT_NUM_MAX + 1];
	size_t i = 0, ndig = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < len && is_digit(s[i]))
		i++, ndig++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i]))
			i++, ndig++;
	}
	if (ndig == 0 || i > TEXT_NUM_MAX)
		return 0;
	memcpy(buf, s, i);
	buf[i] = '\0';
	*out = strtod(buf, NULL);
	return i;
}

int snmp_decode_text_number(const uint8_t *s, size_t len, double *out)
{
	size_t i = 0;
	double v;

	while (i < len && s[i] == ' ')
		i++;
	if (parse_decimal(s + i, len - i, &v) == 0 || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int snmp_decode_text_dbm(const uint8_t *s, size_t len, double *out)
{
	/* Find "dBm", then walk back over spaces and the number before it. */
	for (size_t k = 0; k + 3 <= len; k++) {
		size_t end, start;
		double v;

		if (memcmp(s + k, "dBm", 3) != 0)
			continue;
		end = k;
		while (end > 0 && s[end - 1] == ' ')
			end--;
		start = end;
		while (start > 0 && (is_digit(s[start - 1]) || s[start - 1] == '.'))
			start--;
		if (start > 0 && (s[start - 1] == '-' || s[start - 1] == '+'))
			start--;
		if (start == end || parse_decimal(s + start, end - start, &v) != end - start ||
		    !isfinite(v))
			return -1;
		*out = v;
		return 0;
	}
	return -1;
}

static bool is_missing(const struct snmp_column *c, int64_t raw)
{
	for (size_t i = 0; i < c->nmissing; i++)
		if (c->missing[i] == raw)
			return true;
	return false;
}

static void set_number(struct ont_reading *r, enum snmp_field f, double v)
{
	switch (f) {
	case SNMP_F_RX_DBM:
		r->rx_dbm = v;
		break;
	case SNMP_F_TX_DBM:
		r->tx_dbm = v;
		break;
	case SNMP_F_OLT_RX_DBM:
		r->olt_rx_dbm = v;
		break;
	case SNMP_F_BIAS_MA:
		r->bias_ma = v;
		break;
	case SNMP_F_TEMP_C:
		r->temp_c = v;
		break;
	case SNMP_F_VOLTAGE_V:
		r->voltage_v = v;
		break;
	case SNMP_F_DISTANCE_M:
		r->distance_m = isnan(v) ? -1 : (int32_t)lround(v);
		break;
	default:
		break;
	}
}

static int decode_number(const struct snmp_column *c, const struct snmp_value *v,
                         struct ont_reading *r)
{
	double x;

	set_number(r, c->field, NAN);
	switch (c->conv) {
	case SNMP_CONV_LINEAR:
	case SNMP_CONV_MW_TO_DBM:
		if (v->type != SNMP_V_INT && v->type != SNMP_V_UINT)
			return SNMP_DECODE_INVALID;
		if (is_missing(c, v->i))
			return SNMP_DECODE_MISSING;
		x = (double)v->i * c->scale;
		if (c->conv == SNMP_CONV_MW_TO_DBM) {
			/* No light is not a number of dBm: leave it missing. */
			if (!(x > 0))
				return SNMP_DECODE_MISSING;
			x = 10.0 * log10(x);
		} else {
			x += c->offset;
		}
		break;
	case SNMP_CONV_TEXT_DBM:
	case SNMP_CONV_TEXT_NUMBER:
		if (v->type != SNMP_V_OCTETS)
			return SNMP_DECODE_INVALID;
		if (c->conv == SNMP_CONV_TEXT_DBM) {
			if (snmp_decode_text_dbm(v->s, v->len, &x) < 0)
				return SNMP_DECODE_INVALID;
		} else {
			if (snmp_decode_text_number(v->s, v->len, &x) < 0)
				return SNMP_DECODE_INVALID;
			x = x * c->scale + c->offset;
		}
		break;
	default:
		return SNMP_DECODE_INVALID;
	}
	if (!isfinite(x) || x < c->valid_min || x > c->valid_max)
		return SNMP_DECODE_INVALID;
	if (c->field == SNMP_F_DISTANCE_M && (x < 0 || x > INT32_MAX))
		return SNMP_DECODE_INVALID;
	set_number(r, c->field, x);
	return SNMP_DECODE_OK;
}

static int decode_status(const struct snmp_column *c, const struct snmp_value *v,
                         struct ont_reading *r)
{
	enum ont_status st = c->map_default;

	if (v->type != SNMP_V_INT && v->type != SNMP_V_UINT)
		return SNMP_DECODE_INVALID;
	if (is_missing(c, v->i))
		return SNMP_DECODE_MISSING;
	for (size_t i = 0; i < c->nmap; i++)
		if (c->map[i].raw == v->i) {
			st = c->map[i].status;
			break;
		}
	if (c->field == SNMP_F_STATUS)
		r->status = st;
	else
		r->last_down = st;
	return SNMP_DECODE_OK;
}

static bool printable(uint8_t c)
{
	return c >= 0x20 && c < 0x7f;
}

static int decode_serial(const struct snmp_column *c, const struct snmp_value *v,
                         struct ont_reading *r)
{
	static const char hex[] = "0123456789ABCDEF";
	char buf[ONT_SERIAL_MAX];
	size_t o = 0, nascii;

	if (v->type != SNMP_V_OCTETS || v->len == 0)
		return SNMP_DECODE_INVALID;
	switch (c->conv) {
	case SNMP_CONV_SERIAL_ASCII:
		nascii = v->len;
		break;
	case SNMP_CONV_SERIAL_HEX:
		nascii = 0;
		break;
	default:
		nascii = c->ascii_bytes < v->len ? c->ascii_bytes : v->len;
		break;
	}
	for (size_t i = 0; i < v->len; i++) {
		if (i < nascii) {
			if (!printable(v->s[i]) || o + 1 >= sizeof(buf))
				return SNMP_DECODE_INVALID;
			buf[o++] = (char)v->s[i];
		} else {
			if (o + 2 >= sizeof(buf))
				return SNMP_DECODE_INVALID;
			buf[o++] = hex[v->s[i] >> 4];
			buf[o++] = hex[v->s[i] & 15];
		}
	}
	buf[o] = '\0';
	memcpy(r->serial, buf, o + 1);
	return SNMP_DECODE_OK;
}

static int decode_text(const struct snmp_value *v, struct ont_reading *r)
{
	size_t n;

	if (v->type != SNMP_V_OCTETS)
		return SNMP_DECODE_INVALID;
	n = v->len < ONT_DESC_MAX - 1 ? v->len : ONT_DESC_MAX - 1;
	/* Operator text may hold anything; keep it printable for every output. */
	for (size_t i = 0; i < n; i++)
		r->description[i] = printable(v->s[i]) ? (char)v->s[i] : '?';
	r->description[n] = '\0';
	return SNMP_DECODE_OK;
}

int snmp_decode_value(const struct snmp_column *c, const struct snmp_value *v,
                      struct ont_reading *r)
{
	switch (c->field) {
	case SNMP_F_STATUS:
	case SNMP_F_LAST_DOWN:
		return decode_status(c, v, r);
	case SNMP_F_SERIAL:
		return decode_serial(c, v, r);
	case SNMP_F_DESCRIPTION:
		return decode_text(v, r);
	default:
		return decode_number(c, v, r);
	}
}

/* Append s to buf at *o; false when it does not fit. */
static bool append(char *buf, size_t len, size_t *o, const char *s, size_t n)
{
	if (*o + n >= len)
		return false;
	memcpy(buf + *o, s, n);
	*o += n;
	buf[*o] = '\0';
	return true;
}

int snmp_decode_index(const struct snmp_index *ix, const uint32_t *key, size_t len,
                      struct snmp_row_id *out)
{
	uint32_t ints[SNMP_PARTS_MAX] = { 0 };
	long vals[SNMP_VARS_MAX];
	struct snmp_row_id id = { .ont = -1 };
	size_t k = 0, o = 0;
	const char *p;

	for (size_t i = 0; i < ix->nparts; i++) {
		if (ix->parts[i].kind == SNMP_PART_INT) {
			if (k >= len)
				return -1;
			ints[i] = key[k++];
			continue;
		}
		/* Length-prefixed string: every sub-id must be a byte. */
		if (k >= len || key[k] > len - k - 1 || key[k] == 0)
			return -1;
		{
			size_t n = key[k++];
			bool keep = (int)i == ix->serial_part;

			if (keep && n >= sizeof(id.serial))
				return -1;
			for (size_t j = 0; j < n; j++, k++) {
				if (key[k] > 255 || (keep && !printable((uint8_t)key[k])))
					return -1;
				if (keep)
					id.serial[j] = (char)key[k];
			}
		}
	}
	if (k != len)
		return -1;
	for (size_t i = 0; i < ix->nvars; i++) {
		const struct snmp_index_var *v = &ix->vars[i];
		uint64_t x = ints[v->part] >> v->shift;

		if (v->bits > 0 && v->bits < 32)
			x &= (UINT64_C(1) << v->bits) - 1;
		vals[i] = (long)x + v->offset;
	}
	if (ix->ont_var >= 0) {
		if (vals[ix->ont_var] < 0 || vals[ix->ont_var] > INT32_MAX)
			return -1;
		id.ont = (int32_t)vals[ix->ont_var];
	}
	p = ix->port_fmt;
	while (*p != '\0') {
		const char *open = strchr(p, '{');
		char num[24];
		int n;

		if (open == NULL) {
			if (!append(id.port, sizeof(id.port), &o, p, strlen(p)))
				return -1;
			break;
		}
		if (!append(id.port, sizeof(id.port), &o, p, (size_t)(open - p)))
			return -1;
		{
			const char *close = strchr(open, '}');
			size_t nl = (size_t)(close - open - 1);
			size_t vi;

			for (vi = 0; vi < ix->nvars; vi++)
				if (strlen(ix->vars[vi].name) == nl &&
				    memcmp(ix->vars[vi].name, open + 1, nl) == 0)
					break;
			if (vi == ix->nvars)
				return -1;
			n = snprintf(num, sizeof(num), "%ld", vals[vi]);
			if (!append(id.port, sizeof(id.port), &o, num, (size_t)n))
				return -1;
			p = close + 1;
		}
	}
	*out = id;
	return 0;
}

void snmp_decode_finish(struct ont_reading *r)
{
	if (r->status == ONT_STATUS_OFFLINE &&
	    (r->last_down == ONT_STATUS_LOS || r->last_down == ONT_STATUS_DYING_GASP))
		r->status = r->last_down;
	/* A down ONT's optical values are stale on some agents; a reading
	 * that says "offline" must not carry light levels the detector trusts. */
	if (r->status == ONT_STATUS_LOS || r->status == ONT_STATUS_DYING_GASP ||
	    r->status == ONT_STATUS_OFFLINE) {
		r->rx_dbm = r->tx_dbm = r->olt_rx_dbm = NAN;
	}
}
