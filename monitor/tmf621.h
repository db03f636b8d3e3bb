/* tmf621: maps an ontwatch.order/1 event to a TM Forum TMF621 TroubleTicket (v4 field names),
 * with the visit hints as TMF646-style time slots. Pure: JSON text in, JSON text out. */
#ifndef OW_TMF621_H
#define OW_TMF621_H

/* Map one event. 0 and a new compact JSON string in *out (caller frees), or -1 with a
 * static reason in *why when the event is not a valid ontwatch.order/1 event. */
int tmf621_from_event(const char *event_json, char **out, const char **why);
/* The TMF621 status of an ontwatch order event or state name ("inProgress", ...). */
const char *tmf621_status(const char *event);

#endif
