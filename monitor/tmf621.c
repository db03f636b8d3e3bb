/* tmf621: the mapping is a table of statuses plus a fixed field order, so identical events
 * give identical bytes (golden tests). Fields absent from the event are left out, never
 * invented. */
#include "config.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/tmf621.h"

#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER)

/* ontwatch event or state -> TMF621 TroubleTicketStatusType */
static const struct {
	const char *event;
	const char *status;
} statuses[] = {
	{ "opened", "acknowledged" },    { "updated", "acknowledged" },
	{ "escalated", "acknowledged" }, { "acknowledged", "acknowledged" },
	{ "dispatched", "pending" },     { "in_progress", "inProgress" },
	{ "completed", "resolved" },     { "verified", "closed" },
	{ "reopened", "inProgress" },    { "resolved", "resolved" },
	{ "cancelled", "cancelled" },
};

static const struct {
	const char *severity;
	const char *tmf;
} severities[] = { { "critical", "Critical" }, { "major", "Major" }, { "minor", "Minor" } };

const char *tmf621_status(const char *event)
{
	for (size_t i = 0; event != NULL && i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(statuses[i].event, event) == 0)
			return statuses[i].status;
	return "acknowledged";
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, key, json_string(v));
}

static json_t *note(const char *date, const char *text)
{
	json_t *n = json_object();

	set_str(n, "date", date);
	json_object_set_new(n, "author", json_string("ontwatch"));
	json_object_set_new(n, "text", json_string(text));
	return n;
}

static void related_entities(json_t *order, json_t *out)
{
	json_t *onts = json_object_get(order, "onts"), *t;
	const char *splitter = str(order, "splitter");
	size_t i;

	json_array_foreach(onts, i, t)
	{
		json_t *e = json_object();
		char name[256];
		const char *serial = str(t, "serial");

		snprintf(name, sizeof(name), "%s/%s/%lld", str(t, "olt") ? str(t, "olt") : "",
		         str(t, "port") ? str(t, "port") : "",
		         (long long)json_integer_value(json_object_get(t, "ont")));
		json_object_set_new(e, "id", json_string(serial ? serial : name));
		json_object_set_new(e, "name", json_string(name));
		json_object_set_new(e, "role", json_string("affectedOnt"));
		json_object_set_new(e, "@referredType", json_string("Resource"));
		json_array_append_new(out, e);
	}
	if (splitter != NULL) {
		json_t *e = json_object();

		json_object_set_new(e, "id", json_string(splitter));
		json_object_set_new(e, "name", json_string(splitter));
		json_object_set_new(e, "role", json_string("splitter"));
		json_object_set_new(e, "@referredType", json_string("Resource"));
		json_array_append_new(out, e);
	}
}

static void related_parties(json_t *order, json_t *out)
{
	json_t *onts = json_object_get(order, "onts"), *t;
	size_t i;

	json_array_foreach(onts, i, t)
	{
		const char *cid = str(t, "customer_id");
		json_t *p;
		bool seen = false;
		size_t k;

		if (cid == NULL)
			continue;
		json_array_foreach(out, k, p) seen = seen || strcmp(str(p, "id"), cid) == 0;
		if (seen)
			continue;
		p = json_object();
		json_object_set_new(p, "id", json_string(cid));
		json_object_set_new(p, "role", json_string("customer"));
		json_object_set_new(p, "@referredType", json_string("Individual"));
		json_array_append_new(out, p);
	}
}

/* The visit windows as TMF646-style time slots ("validFor" periods). */
static json_t *time_slots(json_t *visit)
{
	json_t *slots = json_array(), *w;
	size_t i;

	json_array_foreach(json_object_get(visit, "windows"), i, w)
	{
		json_t *slot = json_object(), *valid = json_object();

		set_str(valid, "startDateTime", str(w, "start"));
		set_str(valid, "endDateTime", str(w, "end"));
		json_object_set_new(slot, "@type", json_string("TimeSlot"));
		json_object_set_new(slot, "validFor", valid);
		json_array_append_new(slots, slot);
	}
	return slots;
}

int tmf621_from_event(const char *event_json, char **out, const char **why)
{
	json_t *ev = json_loads(event_json, 0, NULL), *order, *t, *visit, *prio;
	json_t *entities, *parties, *notes;
	const char *event, *time, *sev;
	char text[1024];
	char *s;

	order = json_object_get(ev, "order");
	event = str(ev, "event");
	time = str(ev, "time");
	if (!json_is_object(ev) || !json_is_object(order) || event == NULL || time == NULL ||
	    str(order, "id") == NULL) {
		*why = "not an ontwatch.order/1 event (needs event, time and order.id)";
		json_decref(ev);
		return -1;
	}
	visit = json_object_get(order, "visit");
	t = json_object();
	json_object_set_new(t, "@type", json_string("OntwatchTroubleTicket"));
	json_object_set_new(t, "@baseType", json_string("TroubleTicket"));
	json_object_set_new(t, "externalId", json_string(str(order, "id")));
	set_str(t, "name", str(order, "summary"));
	snprintf(text, sizeof(text), "%s (cause %s, scope %s, OLT %s port %s)",
	         str(order, "summary") ? str(order, "summary") : "optical degradation",
	         str(order, "cause") ? str(order, "cause") : "unknown",
	         str(order, "scope") ? str(order, "scope") : "ont",
	         str(order, "olt") ? str(order, "olt") : "-",
	         str(order, "port") ? str(order, "port") : "-");
	json_object_set_new(t, "description", json_string(text));
	sev = str(order, "severity");
	for (size_t i = 0; sev != NULL && i < sizeof(severities) / sizeof(severities[0]); i++)
		if (strcmp(severities[i].severity, sev) == 0)
			set_str(t, "severity", severities[i].tmf);
	json_object_set_new(t, "ticketType", json_string("proactiveMaintenance"));
	prio = json_object_get(order, "priority");
	if (json_is_integer(prio)) {
		snprintf(text, sizeof(text), "%lld", (long long)json_integer_value(prio));
		json_object_set_new(t, "priority", json_string(text));
	}
	json_object_set_new(t, "status", json_string(tmf621_status(event)));
	json_object_set_new(t, "statusChangeReason", json_string(event));
	set_str(t, "creationDate", str(order, "opened_at"));
	json_object_set_new(t, "lastUpdate", json_string(time));
	if (visit != NULL) {
		set_str(t, "requestedResolutionDate", str(visit, "due_by"));
		json_object_set_new(t, "timeSlot", time_slots(visit));
	}
	entities = json_array();
	related_entities(order, entities);
	json_object_set_new(t, "relatedEntity", entities);
	parties = json_array();
	related_parties(order, parties);
	json_object_set_new(t, "relatedParty", parties);
	notes = json_array();
	if (str(ev, "note") != NULL)
		json_array_append_new(notes, note(time, str(ev, "note")));
	if (str(order, "priority_reason") != NULL) {
		snprintf(text, sizeof(text), "priority: %s", str(order, "priority_reason"));
		json_array_append_new(notes, note(time, text));
	}
	if (str(order, "predicted_impact_at") != NULL) {
		snprintf(text, sizeof(text), "customer impact predicted at %s",
		         str(order, "predicted_impact_at"));
		json_array_append_new(notes, note(time, text));
	}
	if (visit != NULL && str(visit, "customer_message") != NULL) {
		snprintf(text, sizeof(text), "customer message: %s",
		         str(visit, "customer_message"));
		json_array_append_new(notes, note(time, text));
	}
	json_object_set_new(t, "note", notes);
	s = json_dumps(t, JSON_FLAGS);
	json_decref(t);
	json_decref(ev);
	if (s == NULL)
		abort(); /* jansson fails only on allocation */
	*out = s;
	return 0;
}
