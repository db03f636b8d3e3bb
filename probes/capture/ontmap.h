/* ontmap: subscriber line -> ONT mapping driven by configuration data: circuit-id templates with
 * named captures, VLAN maps and a MAC table from customer data. No vendor knowledge in code. */
#ifndef OW_CAPTURE_ONTMAP_H
#define OW_CAPTURE_ONTMAP_H

#include <stddef.h>
#include <stdint.h>

#include "lib/ont_reading.h"

#define ONTMAP_ANY_VLAN (-1)

/* The ONT a subscriber hangs off, in the readings' terms. */
struct ont_ref {
	char olt[ONT_OLT_MAX];
	char port[ONT_PORT_MAX]; /* "frame/slot/port", the parts the template captured */
	int32_t ont;
};

struct ontmap;

/* New, empty map (caller owns; ontmap_free). */
struct ontmap *ontmap_new(void);
/* Free; NULL is fine. */
void ontmap_free(struct ontmap *m);
/* Add a circuit-id template such as "{olt} xpon {frame}/{slot}/{port}:{ont}"; fields are olt,
 * frame, slot, port, ont and * (skip); `olt` names the OLT when the template has no {olt}
 * (may be NULL then). Returns 0, or -1 with *err set to a static reason. */
int ontmap_add_template(struct ontmap *m, const char *tmpl, const char *olt, const char **err);
/* Map a VLAN pair (inner ONTMAP_ANY_VLAN matches any or none) to an ONT. 0 or -1. */
int ontmap_add_vlan(struct ontmap *m, int outer, int inner, const struct ont_ref *ref);
/* Map a subscriber MAC (customer data) to an ONT. 0 or -1 (duplicate MAC). */
int ontmap_add_mac(struct ontmap *m, const uint8_t mac[6], const struct ont_ref *ref);
/* Map a PPPoE user name (customer data) to an ONT. 0 or -1 (duplicate or too long). */
int ontmap_add_user(struct ontmap *m, const char *user, const struct ont_ref *ref);
/* Load "mac-or-user,olt,port,ont" lines (# comments) from a file: a first column that reads as
 * a MAC maps that MAC, anything else a PPPoE user name. 0, or -1 with *line set. */
int ontmap_load_macs(struct ontmap *m, const char *path, int *line);
/* Parse "OLT:PORT:ONT" into *ref. 0 or -1. */
int ontmap_parse_ref(const char *s, struct ont_ref *ref);
/* Parse a MAC "aa:bb:cc:dd:ee:ff". 0 or -1. */
int ontmap_parse_mac(const char *s, uint8_t mac[6]);
/* Map one subscriber: MAC table first, then user names, then templates in order on circuit_id,
 * then VLANs (user and circuit_id may be NULL or empty). Returns 0 and fills *ref, or -1. */
int ontmap_lookup(const struct ontmap *m, const uint8_t mac[6], const char *user,
                  const char *circuit_id, const uint16_t *vlan, int nvlan, struct ont_ref *ref);
/* Number of rules of all kinds. */
size_t ontmap_size(const struct ontmap *m);

#endif
