/* fleet_conf: hands the configuration's OLTs (profile and tags) and its threshold overrides
 * to the fleet pipeline, the same way for the daemon and for replay. */
#ifndef OW_FLEET_CONF_H
#define OW_FLEET_CONF_H

#include "monitor/conf.h"
#include "monitor/fleet.h"

/* Declare every OLT of conf, then every threshold override in order (first match wins).
 * 0; -1 when an OLT or override was refused (the rest are applied), with its OLT name (or
 * "override") in *refused. */
int fleet_conf_apply(struct fleet *f, const struct conf *conf, const char **refused);

#endif
