/* fleet_conf: tags become "key=value" strings, the form overrides match them in; empty
 * override fields are "any". */
#include "config.h"

#include <stdio.h>

#include "monitor/fleet_conf.h"

_Static_assert(CONF_OVERRIDE_TAG_MAX < FLEET_TAG_MAX, "the fleet keeps every configured tag");

static const char *any(const char *s)
{
	return s ? s : "";
}

int fleet_conf_apply(struct fleet *f, const struct conf *conf, const char **refused)
{
	int rc = 0;

	for (size_t i = 0; i < conf->nolts; i++) {
		const struct conf_olt *o = &conf->olts[i];
		char tagbuf[FLEET_TAGS_MAX][FLEET_TAG_MAX];
		const char *tags[FLEET_TAGS_MAX];
		size_t n = 0;

		for (size_t t = 0; t < o->ntags && n < FLEET_TAGS_MAX; t++) {
			snprintf(tagbuf[n], sizeof(tagbuf[n]), "%s=%s", o->tags[t].key,
			         o->tags[t].value);
			tags[n] = tagbuf[n];
			n++;
		}
		if (fleet_add_olt(f, o->name, o->profile, tags, n) < 0 && rc == 0) {
			*refused = o->name;
			rc = -1;
		}
	}
	for (size_t i = 0; i < conf->noverrides; i++) {
		const struct conf_override *ov = &conf->overrides[i];

		if (fleet_add_rule(f, any(ov->olt), any(ov->port), any(ov->tag), ov->profile) < 0 &&
		    rc == 0) {
			*refused = "override";
			rc = -1;
		}
	}
	return rc;
}
