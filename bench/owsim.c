/* owsim: an snmpd dlmod serving one simulated OLT's .snmprec from memory, so the
 * benchmark measures the poller, not a slow simulator. The file is named by the
 * environment variable OWSIM_DATA (one snmpd per simulated OLT). GET and GETNEXT
 * (hence GETBULK) are answered by binary search over the sorted records. */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void init_owsim(void);
void deinit_owsim(void);

struct rec {
	oid name[MAX_OID_LEN];
	size_t len;
	u_char type;
	long i;
	u_char *s;
	size_t slen;
};

static struct rec *recs;
static size_t nrecs;
static netsnmp_handler_registration *reg;

static int rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return snmp_oid_compare(x->name, x->len, y->name, y->len);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One "oid|type|value" line; types 2 (INTEGER), 4 (string), 4x (hex), 66 (Gauge32). */
static int parse_line(char *line, struct rec *r)
{
	char *type = strchr(line, '|'), *val, *nl;

	if (type == NULL || (val = strchr(type + 1, '|')) == NULL)
		return -1;
	*type++ = '\0';
	*val++ = '\0';
	if ((nl = strchr(val, '\n')) != NULL)
		*nl = '\0';
	r->len = MAX_OID_LEN;
	if (read_objid(line, r->name, &r->len) == 0)
		return -1;
	if (strcmp(type, "2") == 0 || strcmp(type, "66") == 0) {
		r->type = type[0] == '2' ? ASN_INTEGER : ASN_GAUGE;
		r->i = strtol(val, NULL, 10);
	} else if (strcmp(type, "4") == 0) {
		r->type = ASN_OCTET_STR;
		r->slen = strlen(val);
		r->s = (u_char *)strdup(val);
	} else if (strcmp(type, "4x") == 0) {
		size_t n = strlen(val) / 2;

		r->type = ASN_OCTET_STR;
		r->s = malloc(n + 1);
		for (size_t k = 0; k < n; k++)
			r->s[k] = (u_char)(hexval(val[2 * k]) << 4 | hexval(val[2 * k + 1]));
		r->slen = n;
	} else {
		return -1;
	}
	return 0;
}

static void set_value(netsnmp_variable_list *vb, const struct rec *r)
{
	snmp_set_var_objid(vb, r->name, r->len);
	if (r->type == ASN_OCTET_STR)
		snmp_set_var_typed_value(vb, r->type, r->s, r->slen);
	else
		snmp_set_var_typed_value(vb, r->type, &r->i, sizeof(r->i));
}

/* First record strictly after (name, len), or NULL. */
static const struct rec *after(const oid *name, size_t len)
{
	size_t lo = 0, hi = nrecs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (snmp_oid_compare(recs[mid].name, recs[mid].len, name, len) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nrecs ? &recs[lo] : NULL;
}

/* The record named exactly (name, len), or NULL. */
static const struct rec *exact(const oid *name, size_t len)
{
	size_t lo = 0, hi = nrecs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = snmp_oid_compare(recs[mid].name, recs[mid].len, name, len);

		if (c == 0)
			return &recs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int handler(netsnmp_mib_handler *h, netsnmp_handler_registration *hr,
                   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	(void)h;
	(void)hr;
	for (netsnmp_request_info *req = requests; req != NULL; req = req->next) {
		netsnmp_variable_list *vb = req->requestvb;
		const struct rec *r;

		if (req->processed)
			continue;
		switch (reqinfo->mode) {
		case MODE_GET:
			r = exact(vb->name, vb->name_length);
			if (r != NULL)
				set_value(vb, r);
			else
				netsnmp_set_request_error(reqinfo, req, SNMP_NOSUCHINSTANCE);
			break;
		case MODE_GETNEXT:
			r = after(vb->name, vb->name_length);
			/* Nothing after it here: leave the varbind, the agent moves on. */
			if (r != NULL)
				set_value(vb, r);
			break;
		default:
			netsnmp_set_request_error(reqinfo, req, SNMP_ERR_NOTWRITABLE);
			break;
		}
	}
	return SNMP_ERR_NOERROR;
}

void init_owsim(void)
{
	const char *path = getenv("OWSIM_DATA");
	char line[1024];
	size_t cap = 0, root_len;
	FILE *f;

	if (path == NULL || (f = fopen(path, "r")) == NULL) {
		snmp_log(LOG_ERR, "owsim: set OWSIM_DATA to a readable .snmprec file\n");
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (nrecs == cap) {
			cap = cap ? cap * 2 : 4096;
			recs = realloc(recs, cap * sizeof(*recs));
		}
		memset(&recs[nrecs], 0, sizeof(recs[nrecs]));
		if (parse_line(line, &recs[nrecs]) == 0)
			nrecs++;
	}
	fclose(f);
	if (nrecs == 0)
		return;
	qsort(recs, nrecs, sizeof(*recs), rec_cmp);
	/* Register the longest prefix shared by all records. */
	root_len = recs[0].len;
	for (size_t i = 1; i < nrecs; i++) {
		size_t k = 0;

		while (k < root_len && k < recs[i].len && recs[i].name[k] == recs[0].name[k])
			k++;
		root_len = k;
	}
	reg = netsnmp_create_handler_registration("owsim", handler, recs[0].name, root_len,
	                                          HANDLER_CAN_RONLY);
	netsnmp_register_handler(reg);
	snmp_log(LOG_INFO, "owsim: %zu records from %s\n", nrecs, path);
}

void deinit_owsim(void)
{
	if (reg != NULL)
		netsnmp_unregister_handler(reg);
	for (size_t i = 0; i < nrecs; i++)
		free(recs[i].s);
	free(recs);
}
