/* ontmap: templates are compiled into literal and capture segments and matched with bounded
 * backtracking (a capture ends where the next literal matches; adjacent captures are refused so
 * the search stays small). */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "probes/capture/ontmap.h"

#define TMPL_SEGS  16
#define TMPL_MAX   256
#define CIRCUIT_IN 256

enum field { F_LIT = 0, F_OLT, F_FRAME, F_SLOT, F_PORT, F_ONT, F_SKIP, F_COUNT };

static const struct {
	enum field f;
	const char *name;
} field_names[] = {
	{ F_OLT, "olt" },   { F_FRAME, "frame" }, { F_SLOT, "slot" },
	{ F_PORT, "port" }, { F_ONT, "ont" },     { F_SKIP, "*" },
};

struct seg {
	enum field f;
	char *lit;
	size_t litlen;
};

struct tmpl {
	struct seg seg[TMPL_SEGS];
	int nseg;
	char olt[ONT_OLT_MAX];
};

struct vlanmap {
	int outer, inner;
	struct ont_ref ref;
};

struct macmap {
	uint8_t mac[6];
	struct ont_ref ref;
};

struct usermap {
	char user[64];
	struct ont_ref ref;
};

struct ontmap {
	struct tmpl *tmpl;
	size_t ntmpl;
	struct vlanmap *vlan;
	size_t nvlan;
	struct macmap *mac;
	size_t nmac;
	struct usermap *user;
	size_t nuser;
};

struct ontmap *ontmap_new(void)
{
	return xcalloc(1, sizeof(struct ontmap));
}

static void tmpl_clear(struct tmpl *t)
{
	for (int i = 0; i < t->nseg; i++)
		free(t->seg[i].lit);
	t->nseg = 0;
}

void ontmap_free(struct ontmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->ntmpl; i++)
		tmpl_clear(&m->tmpl[i]);
	free(m->tmpl);
	free(m->vlan);
	free(m->mac);
	free(m->user);
	free(m);
}

static bool is_numeric(enum field f)
{
	return f == F_FRAME || f == F_SLOT || f == F_PORT || f == F_ONT;
}

static int tmpl_compile(struct tmpl *t, const char *s, const char **err)
{
	bool seen[F_COUNT] = { false };

	if (strlen(s) >= TMPL_MAX) {
		*err = "template too long";
		return -1;
	}
	while (*s) {
		if (t->nseg == TMPL_SEGS) {
			*err = "template has too many parts";
			return -1;
		}
		struct seg *g = &t->seg[t->nseg];
		if (*s == '{') {
			const char *close = strchr(s, '}');
			size_t n = close ? (size_t)(close - s - 1) : 0;
			g->f = F_LIT;
			for (size_t i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++)
				if (close && strlen(field_names[i].name) == n &&
				    !strncmp(s + 1, field_names[i].name, n))
					g->f = field_names[i].f;
			if (g->f == F_LIT) {
				*err = "unknown field (olt, frame, slot, port, ont, * are known)";
				return -1;
			}
			if (g->f != F_SKIP && seen[g->f]) {
				*err = "field used twice";
				return -1;
			}
			if (t->nseg > 0 && t->seg[t->nseg - 1].f != F_LIT) {
				*err = "two fields need a literal between them";
				return -1;
			}
			seen[g->f] = true;
			s = close + 1;
		} else {
			size_t n = strcspn(s, "{");
			g->f = F_LIT;
			g->lit = xmalloc(n + 1);
			memcpy(g->lit, s, n);
			g->lit[n] = '\0';
			g->litlen = n;
			s += n;
		}
		t->nseg++;
	}
	if (!seen[F_ONT]) {
		*err = "template lacks {ont}";
		return -1;
	}
	return 0;
}

int ontmap_add_template(struct ontmap *m, const char *tmpl, const char *olt, const char **err)
{
	struct tmpl t;

	memset(&t, 0, sizeof(t));
	if (tmpl_compile(&t, tmpl, err) < 0)
		goto fail;
	bool has_olt = false;
	for (int i = 0; i < t.nseg; i++)
		has_olt |= t.seg[i].f == F_OLT;
	if (!has_olt && (!olt || !*olt)) {
		*err = "template without {olt} needs an OLT name";
		goto fail;
	}
	if (olt && strlen(olt) >= sizeof(t.olt)) {
		*err = "OLT name too long";
		goto fail;
	}
	if (olt)
		strcpy(t.olt, olt);
	m->tmpl = xreallocarray(m->tmpl, m->ntmpl + 1, sizeof(*m->tmpl));
	m->tmpl[m->ntmpl++] = t;
	return 0;
fail:
	tmpl_clear(&t);
	return -1;
}

int ontmap_add_vlan(struct ontmap *m, int outer, int inner, const struct ont_ref *ref)
{
	if (outer < 0 || outer > 4095 || inner < ONTMAP_ANY_VLAN || inner > 4095)
		return -1;
	m->vlan = xreallocarray(m->vlan, m->nvlan + 1, sizeof(*m->vlan));
	m->vlan[m->nvlan++] = (struct vlanmap){ outer, inner, *ref };
	return 0;
}

int ontmap_add_mac(struct ontmap *m, const uint8_t mac[6], const struct ont_ref *ref)
{
	for (size_t i = 0; i < m->nmac; i++)
		if (!memcmp(m->mac[i].mac, mac, 6))
			return -1;
	m->mac = xreallocarray(m->mac, m->nmac + 1, sizeof(*m->mac));
	memcpy(m->mac[m->nmac].mac, mac, 6);
	m->mac[m->nmac++].ref = *ref;
	return 0;
}

int ontmap_add_user(struct ontmap *m, const char *user, const struct ont_ref *ref)
{
	if (!*user || strlen(user) >= sizeof(m->user->user))
		return -1;
	for (size_t i = 0; i < m->nuser; i++)
		if (!strcmp(m->user[i].user, user))
			return -1;
	m->user = xreallocarray(m->user, m->nuser + 1, sizeof(*m->user));
	strcpy(m->user[m->nuser].user, user);
	m->user[m->nuser++].ref = *ref;
	return 0;
}

int ontmap_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
	           &tail) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}

static int parse_ont_id(const char *s, size_t n, int32_t *out)
{
	long v = 0;

	if (n == 0 || n > 9)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = (int32_t)v;
	return 0;
}

int ontmap_parse_ref(const char *s, struct ont_ref *ref)
{
	const char *c1 = strchr(s, ':');
	const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	struct ont_ref r;

	memset(&r, 0, sizeof(r));
	if (!c2 || c1 == s || (size_t)(c1 - s) >= sizeof(r.olt) ||
	    (size_t)(c2 - c1 - 1) >= sizeof(r.port) || parse_ont_id(c2 + 1, strlen(c2 + 1), &r.ont))
		return -1;
	memcpy(r.olt, s, (size_t)(c1 - s));
	memcpy(r.port, c1 + 1, (size_t)(c2 - c1 - 1));
	*ref = r;
	return 0;
}

int ontmap_load_macs(struct ontmap *m, const char *path, int *line)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	int n = 0;

	*line = 0;
	if (!f)
		return -1;
	while (fgets(buf, sizeof(buf), f)) {
		n++;
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		char *comma = strchr(buf, ',');
		struct ont_ref ref;
		uint8_t mac[6];
		if (!comma)
			goto fail;
		*comma = '\0';
		/* the rest is olt,port,ont: reuse the OLT:PORT:ONT parser */
		for (char *p = comma + 1; *p; p++)
			if (*p == ',')
				*p = ':';
		if (ontmap_parse_ref(comma + 1, &ref) < 0)
			goto fail;
		if (ontmap_parse_mac(buf, mac) == 0 ? ontmap_add_mac(m, mac, &ref) < 0
		                                    : ontmap_add_user(m, buf, &ref) < 0)
			goto fail;
	}
	fclose(f);
	return 0;
fail:
	*line = n;
	fclose(f);
	return -1;
}

struct span {
	const char *p;
	size_t n;
};

static bool tmpl_match(const struct tmpl *t, int si, const char *s, size_t pos, size_t len,
                       struct span caps[F_COUNT])
{
	if (si == t->nseg)
		return pos == len;
	const struct seg *g = &t->seg[si];
	if (g->f == F_LIT)
		return len - pos >= g->litlen && !memcmp(s + pos, g->lit, g->litlen) &&
		       tmpl_match(t, si + 1, s, pos + g->litlen, len, caps);
	for (size_t end = pos + 1; end <= len; end++) {
		if (is_numeric(g->f) && !isdigit((unsigned char)s[end - 1]))
			return false;
		/* a capture can only end where the next literal (or the string) does begin */
		if (si + 1 < t->nseg) {
			const struct seg *nx = &t->seg[si + 1];
			if (len - end < nx->litlen || memcmp(s + end, nx->lit, nx->litlen))
				continue;
		} else if (end != len) {
			continue;
		}
		caps[g->f] = (struct span){ s + pos, end - pos };
		if (tmpl_match(t, si + 1, s, end, len, caps))
			return true;
	}
	return false;
}

static int tmpl_apply(const struct tmpl *t, const char *cid, struct ont_ref *ref)
{
	struct span caps[F_COUNT];
	struct ont_ref r;
	size_t len = strnlen(cid, CIRCUIT_IN);

	memset(caps, 0, sizeof(caps));
	memset(&r, 0, sizeof(r));
	if (!tmpl_match(t, 0, cid, 0, len, caps))
		return -1;
	if (caps[F_OLT].p) {
		if (caps[F_OLT].n >= sizeof(r.olt))
			return -1;
		memcpy(r.olt, caps[F_OLT].p, caps[F_OLT].n);
	} else {
		strcpy(r.olt, t->olt);
	}
	size_t off = 0;
	for (enum field f = F_FRAME; f <= F_PORT; f++) {
		if (!caps[f].p)
			continue;
		if (off + caps[f].n + 2 > sizeof(r.port))
			return -1;
		if (off)
			r.port[off++] = '/';
		memcpy(r.port + off, caps[f].p, caps[f].n);
		off += caps[f].n;
	}
	if (parse_ont_id(caps[F_ONT].p, caps[F_ONT].n, &r.ont) < 0)
		return -1;
	*ref = r;
	return 0;
}

int ontmap_lookup(const struct ontmap *m, const uint8_t mac[6], const char *user,
                  const char *circuit_id, const uint16_t *vlan, int nvlan, struct ont_ref *ref)
{
	for (size_t i = 0; i < m->nmac; i++)
		if (!memcmp(m->mac[i].mac, mac, 6)) {
			*ref = m->mac[i].ref;
			return 0;
		}
	if (user && *user)
		for (size_t i = 0; i < m->nuser; i++)
			if (!strcmp(m->user[i].user, user)) {
				*ref = m->user[i].ref;
				return 0;
			}
	if (circuit_id && *circuit_id)
		for (size_t i = 0; i < m->ntmpl; i++)
			if (tmpl_apply(&m->tmpl[i], circuit_id, ref) == 0)
				return 0;
	if (nvlan > 0)
		for (size_t i = 0; i < m->nvlan; i++) {
			const struct vlanmap *v = &m->vlan[i];
			if (v->outer != vlan[0])
				continue;
			if (v->inner != ONTMAP_ANY_VLAN && (nvlan < 2 || v->inner != vlan[1]))
				continue;
			*ref = v->ref;
			return 0;
		}
	return -1;
}

size_t ontmap_size(const struct ontmap *m)
{
	return m->ntmpl + m->nvlan + m->nmac + m->nuser;
}
