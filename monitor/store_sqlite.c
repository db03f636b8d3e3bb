/* store_sqlite: the embedded SQLite backend of store.h (WAL mode, versioned migrations).
 * Migrations only ever append: a store written by an older ontwatch is upgraded in place. */
#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "monitor/store.h"

/* Each entry upgrades the schema from version i to i+1. Never edit a shipped one. */
static const char *const migrations[] = {
	/* 1: inventory and readings */
	"CREATE TABLE ont ("
	"  id INTEGER PRIMARY KEY,"
	"  serial TEXT UNIQUE,"
	"  olt TEXT NOT NULL, port TEXT NOT NULL, ont INTEGER NOT NULL,"
	"  description TEXT,"
	"  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	"  present INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX ont_location ON ont(olt, port, ont);"
	"CREATE TABLE reading ("
	"  ont_id INTEGER NOT NULL REFERENCES ont(id), time INTEGER NOT NULL,"
	"  status INTEGER NOT NULL,"
	"  rx_dbm REAL, tx_dbm REAL, olt_rx_dbm REAL, bias_ma REAL, temp_c REAL,"
	"  voltage_v REAL, distance_m INTEGER,"
	"  PRIMARY KEY (ont_id, time)) WITHOUT ROWID;"
	"CREATE INDEX reading_time ON reading(time);",
	/* 2: work orders and their event history */
	"CREATE TABLE work_order ("
	"  id TEXT PRIMARY KEY,"
	"  problem_key TEXT NOT NULL,"
	"  state TEXT NOT NULL, open INTEGER NOT NULL,"
	"  olt TEXT, owner TEXT,"
	"  opened INTEGER NOT NULL, updated INTEGER NOT NULL,"
	"  doc TEXT NOT NULL);"
	/* one open order per problem, whichever daemon opened it */
	"CREATE UNIQUE INDEX work_order_open_key ON work_order(problem_key) WHERE open;"
	"CREATE INDEX work_order_olt ON work_order(olt, open);"
	"CREATE TABLE order_event ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  order_id TEXT NOT NULL REFERENCES work_order(id),"
	"  time INTEGER NOT NULL, event TEXT NOT NULL, doc TEXT NOT NULL);"
	"CREATE INDEX order_event_order ON order_event(order_id, seq);",
	/* 3: OLT poll health */
	"CREATE TABLE poll_health ("
	"  olt TEXT PRIMARY KEY,"
	"  started INTEGER NOT NULL, duration REAL NOT NULL,"
	"  onts INTEGER NOT NULL, errors INTEGER NOT NULL, ok INTEGER NOT NULL,"
	"  error TEXT, last_success INTEGER NOT NULL DEFAULT 0,"
	"  polls INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0);",
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

enum stmt_id {
	ST_ONT_UPSERT_SERIAL,
	ST_ONT_FIND_LOCATION,
	ST_ONT_INSERT_LOCATION,
	ST_ONT_TOUCH,
	ST_READING_INSERT,
	ST_READING_PRUNE,
	ST_READINGS_OF,
	ST_ONT_DESCRIBE,
	ST_ONTS_ABSENT,
	ST_ONTS_ALL,
	ST_ONTS_OLT,
	ST_POLL_PUT,
	ST_POLL_LAST,
	ST_ORDER_PUT,
	ST_EVENT_ADD,
	ST_ORDERS_EACH,
	ST_EVENTS_EACH,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ONT_UPSERT_SERIAL] =
	    "INSERT INTO ont(serial, olt, port, ont, first_seen, last_seen, present)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?5, 1)"
	    " ON CONFLICT(serial) DO UPDATE SET olt = ?2, port = ?3, ont = ?4,"
	    " last_seen = max(last_seen, ?5), present = 1 RETURNING id",
	[ST_ONT_FIND_LOCATION] =
	    "SELECT id FROM ont WHERE serial IS NULL AND olt = ?1 AND port = ?2 AND ont = ?3",
	[ST_ONT_INSERT_LOCATION] =
	    "INSERT INTO ont(serial, olt, port, ont, first_seen, last_seen, present)"
	    " VALUES (NULL, ?1, ?2, ?3, ?4, ?4, 1) RETURNING id",
	[ST_ONT_TOUCH] = "UPDATE ont SET last_seen = max(last_seen, ?2), present = 1 WHERE id = ?1",
	[ST_READING_INSERT] =
	    "INSERT OR REPLACE INTO reading(ont_id, time, status, rx_dbm, tx_dbm, olt_rx_dbm,"
	    " bias_ma, temp_c, voltage_v, distance_m) VALUES (?,?,?,?,?,?,?,?,?,?)",
	[ST_READING_PRUNE] = "DELETE FROM reading WHERE time < ?1",
	[ST_READINGS_OF] =
	    "SELECT r.time, r.status, r.rx_dbm, r.tx_dbm, r.olt_rx_dbm, r.bias_ma, r.temp_c,"
	    " r.voltage_v, r.distance_m, o.olt, o.port, o.ont, o.serial"
	    " FROM reading r JOIN ont o ON o.id = r.ont_id"
	    " WHERE o.serial = ?1 AND r.time >= ?2 AND r.time < ?3 ORDER BY r.time",
	[ST_ONT_DESCRIBE] = "UPDATE ont SET description = ?2 WHERE serial = ?1",
	[ST_ONTS_ABSENT] = "UPDATE ont SET present = 0 WHERE olt = ?1 AND last_seen < ?2"
	                   " AND present = 1",
	[ST_ONTS_ALL] = "SELECT id, serial, olt, port, ont, description, first_seen, last_seen,"
	                " present FROM ont ORDER BY olt, port, ont, id",
	[ST_ONTS_OLT] = "SELECT id, serial, olt, port, ont, description, first_seen, last_seen,"
	                " present FROM ont WHERE olt = ?1 ORDER BY port, ont, id",
	[ST_POLL_PUT] = "INSERT INTO poll_health(olt, started, duration, onts, errors, ok, error,"
	                " last_success, polls, failures) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	                " CASE WHEN ?6 THEN ?2 ELSE 0 END, 1, CASE WHEN ?6 THEN 0 ELSE 1 END)"
	                " ON CONFLICT(olt) DO UPDATE SET started = ?2, duration = ?3, onts = ?4,"
	                " errors = ?5, ok = ?6, error = ?7,"
	                " last_success = CASE WHEN ?6 THEN ?2 ELSE last_success END,"
	                " polls = polls + 1, failures = failures + CASE WHEN ?6 THEN 0 ELSE 1 END",
	[ST_POLL_LAST] = "SELECT last_success FROM poll_health WHERE olt = ?1",
	[ST_ORDER_PUT] =
	    "INSERT INTO work_order(id, problem_key, state, open, olt, owner, opened, updated,"
	    " doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	    " ON CONFLICT(id) DO UPDATE SET problem_key = ?2, state = ?3, open = ?4, olt = ?5,"
	    " owner = ?6, updated = ?8, doc = ?9",
	[ST_EVENT_ADD] = "INSERT INTO order_event(order_id, time, event, doc) VALUES (?,?,?,?)",
	[ST_ORDERS_EACH] = "SELECT id, problem_key, state, open, olt, owner, opened, updated, doc"
	                   " FROM work_order WHERE (?1 = 0 OR open) AND (?2 IS NULL OR olt = ?2)"
	                   " ORDER BY opened, id",
	[ST_EVENTS_EACH] = "SELECT seq, time, event, doc FROM order_event WHERE order_id = ?1"
	                   " ORDER BY seq",
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[ST_COUNT];
	int txdepth;
	int version;
};

static int db_fail(struct store *st, const char *what)
{
	log_warnx("store: %s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return -1;
}

static int exec_sql(struct store *st, const char *sql, const char *what)
{
	char *err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_warnx("store: %s: %s: %s", st->path, what, err ? err : "failed");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int user_version(struct store *st, int *version)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, "reading the schema version");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, "reading the schema version");
}

static int migrate(struct store *st, int target)
{
	int version, from;

	if (user_version(st, &version) < 0)
		return -1;
	if (version > NMIGRATIONS) {
		log_warnx("store: %s: schema version %d is newer than this ontwatch (%d);"
		          " upgrade ontwatch",
		          st->path, version, NMIGRATIONS);
		return -1;
	}
	from = version;
	while (version < target) {
		char *bump;
		int rc;

		if (exec_sql(st, "BEGIN IMMEDIATE", "starting a migration") < 0)
			return -1;
		bump = xasprintf("PRAGMA user_version = %d", version + 1);
		rc = exec_sql(st, migrations[version], "migrating the schema");
		if (rc == 0)
			rc = exec_sql(st, bump, "migrating the schema");
		free(bump);
		if (rc < 0) {
			exec_sql(st, "ROLLBACK", "rolling back a migration");
			return -1;
		}
		if (exec_sql(st, "COMMIT", "committing a migration") < 0)
			return -1;
		version++;
	}
	if (from == 0)
		log_info("store: %s: created (schema %d)", st->path, version);
	else if (from != version)
		log_info("store: %s: migrated schema %d -> %d", st->path, from, version);
	st->version = version;
	return 0;
}

int store_schema_latest(void)
{
	return NMIGRATIONS;
}

int store_open_at(const char *path, int max_version, struct store **out)
{
	struct store *st = xcalloc(1, sizeof(*st));
	sqlite3_stmt *probe = NULL;
	int rc;

	st->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		log_warnx("store: %s: cannot open: %s", path,
		          st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	/* Touch the schema first: a file that is not a database fails here
	 * with a clear message instead of at the first write. */
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &probe, NULL) !=
	        SQLITE_OK ||
	    sqlite3_step(probe) != SQLITE_ROW) {
		log_warnx("store: %s: not a usable SQLite database (corrupt?): %s", path,
		          sqlite3_errmsg(st->db));
		goto fail;
	}
	sqlite3_finalize(probe);
	probe = NULL;
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		log_warnx("store: %s: read-only; ontwatch needs to write its store", path);
		goto fail;
	}
	if (exec_sql(st, "PRAGMA journal_mode = WAL", "enabling WAL") < 0 ||
	    exec_sql(st, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON",
	             "setting pragmas") < 0)
		goto fail;
	if (migrate(st, max_version < NMIGRATIONS ? max_version : NMIGRATIONS) < 0)
		goto fail;
	for (int i = 0; i < ST_COUNT && st->version >= NMIGRATIONS; i++)
		if (sqlite3_prepare_v3(st->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
		                       &st->stmt[i], NULL) != SQLITE_OK) {
			db_fail(st, "preparing statements");
			goto fail;
		}
	*out = st;
	return 0;
fail:
	sqlite3_finalize(probe);
	store_close(st);
	return -1;
}

int store_open(const char *path, struct store **out)
{
	return store_open_at(path, NMIGRATIONS, out);
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db != NULL) {
		if (st->txdepth > 0)
			exec_sql(st, "COMMIT", "committing at close");
		sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		sqlite3_close(st->db);
	}
	free(st->path);
	free(st);
}

int store_schema_version(struct store *st)
{
	return st->version;
}

int store_begin(struct store *st)
{
	if (st->txdepth++ > 0)
		return 0;
	if (exec_sql(st, "BEGIN IMMEDIATE", "starting a transaction") < 0) {
		st->txdepth = 0;
		return -1;
	}
	return 0;
}

int store_commit(struct store *st)
{
	if (st->txdepth == 0 || --st->txdepth > 0)
		return 0;
	if (exec_sql(st, "COMMIT", "committing") < 0) {
		exec_sql(st, "ROLLBACK", "rolling back after a failed commit");
		return -1;
	}
	return 0;
}

int store_rollback(struct store *st)
{
	if (st->txdepth == 0)
		return 0;
	st->txdepth = 0;
	return exec_sql(st, "ROLLBACK", "rolling back");
}

/* Run a statement to completion (no rows expected). */
static int step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(st, what);
	return 0;
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	if (v != NULL && v[0] != '\0')
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void bind_value(sqlite3_stmt *s, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

static int ont_id_for(struct store *st, const struct ont_reading *r, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if (r->serial[0] != '\0') {
		s = st->stmt[ST_ONT_UPSERT_SERIAL];
		sqlite3_bind_text(s, 1, r->serial, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, r->olt, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, r->port, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 4, r->ont);
		sqlite3_bind_int64(s, 5, r->time);
	} else {
		s = st->stmt[ST_ONT_FIND_LOCATION];
		sqlite3_bind_text(s, 1, r->olt, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, r->port, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, r->ont);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			*id = sqlite3_column_int64(s, 0);
			sqlite3_reset(s);
			s = st->stmt[ST_ONT_TOUCH];
			sqlite3_bind_int64(s, 1, *id);
			sqlite3_bind_int64(s, 2, r->time);
			return step_done(st, s, "updating an ONT");
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return db_fail(st, "looking up an ONT");
		s = st->stmt[ST_ONT_INSERT_LOCATION];
		sqlite3_bind_text(s, 1, r->olt, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, r->port, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, r->ont);
		sqlite3_bind_int64(s, 4, r->time);
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, "recording an ONT");
}

int store_readings_add(struct store *st, const struct ont_reading *r, size_t n)
{
	sqlite3_stmt *s = st->stmt[ST_READING_INSERT];

	if (store_begin(st) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t id;

		if (ont_id_for(st, &r[i], &id) < 0)
			goto fail;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, r[i].time);
		sqlite3_bind_int(s, 3, (int)r[i].status);
		bind_value(s, 4, r[i].rx_dbm);
		bind_value(s, 5, r[i].tx_dbm);
		bind_value(s, 6, r[i].olt_rx_dbm);
		bind_value(s, 7, r[i].bias_ma);
		bind_value(s, 8, r[i].temp_c);
		bind_value(s, 9, r[i].voltage_v);
		if (r[i].distance_m >= 0)
			sqlite3_bind_int(s, 10, r[i].distance_m);
		else
			sqlite3_bind_null(s, 10);
		if (step_done(st, s, "storing a reading") < 0)
			goto fail;
	}
	return store_commit(st);
fail:
	store_rollback(st);
	return -1;
}

int store_readings_prune(struct store *st, int64_t before, int64_t *deleted)
{
	sqlite3_stmt *s = st->stmt[ST_READING_PRUNE];

	sqlite3_bind_int64(s, 1, before);
	if (step_done(st, s, "pruning readings") < 0)
		return -1;
	*deleted = sqlite3_changes64(st->db);
	return 0;
}

static double column_value(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

static void column_copy(sqlite3_stmt *s, int i, char *dst, size_t size)
{
	const unsigned char *v = sqlite3_column_text(s, i);

	snprintf(dst, size, "%s", v ? (const char *)v : "");
}

int store_readings_each(struct store *st, const char *serial, int64_t from, int64_t to,
                        store_reading_cb cb, void *arg)
{
	sqlite3_stmt *s = st->stmt[ST_READINGS_OF];
	int rc, ret = 0;

	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ont_reading r;

		ont_reading_clear(&r, sqlite3_column_int64(s, 0));
		r.status = (enum ont_status)sqlite3_column_int(s, 1);
		r.rx_dbm = column_value(s, 2);
		r.tx_dbm = column_value(s, 3);
		r.olt_rx_dbm = column_value(s, 4);
		r.bias_ma = column_value(s, 5);
		r.temp_c = column_value(s, 6);
		r.voltage_v = column_value(s, 7);
		r.distance_m =
		    sqlite3_column_type(s, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 8);
		column_copy(s, 9, r.olt, sizeof(r.olt));
		column_copy(s, 10, r.port, sizeof(r.port));
		r.ont = sqlite3_column_int(s, 11);
		column_copy(s, 12, r.serial, sizeof(r.serial));
		if ((ret = cb(arg, &r)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "reading history");
	return ret;
}

int store_ont_describe(struct store *st, const char *serial, const char *description)
{
	sqlite3_stmt *s = st->stmt[ST_ONT_DESCRIBE];

	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	bind_text_or_null(s, 2, description);
	if (step_done(st, s, "describing an ONT") < 0)
		return -1;
	return sqlite3_changes(st->db) > 0 ? 0 : STORE_NOT_FOUND;
}

int store_onts_mark_absent(struct store *st, const char *olt, int64_t since, int64_t *marked)
{
	sqlite3_stmt *s = st->stmt[ST_ONTS_ABSENT];

	sqlite3_bind_text(s, 1, olt, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, since);
	if (step_done(st, s, "marking removed ONTs") < 0)
		return -1;
	*marked = sqlite3_changes64(st->db);
	return 0;
}

int store_onts_each(struct store *st, const char *olt, store_ont_cb cb, void *arg)
{
	sqlite3_stmt *s = st->stmt[olt ? ST_ONTS_OLT : ST_ONTS_ALL];
	int rc, ret = 0;

	if (olt != NULL)
		sqlite3_bind_text(s, 1, olt, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_ont o = {
			.id = sqlite3_column_int64(s, 0),
			.serial = (const char *)sqlite3_column_text(s, 1),
			.olt = (const char *)sqlite3_column_text(s, 2),
			.port = (const char *)sqlite3_column_text(s, 3),
			.ont = sqlite3_column_int(s, 4),
			.description = (const char *)sqlite3_column_text(s, 5),
			.first_seen = sqlite3_column_int64(s, 6),
			.last_seen = sqlite3_column_int64(s, 7),
			.present = sqlite3_column_int(s, 8) != 0,
		};
		if ((ret = cb(arg, &o)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "listing ONTs");
	return ret;
}

int store_poll_health_put(struct store *st, const struct store_poll_health *h)
{
	sqlite3_stmt *s = st->stmt[ST_POLL_PUT];

	sqlite3_bind_text(s, 1, h->olt, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, h->started);
	sqlite3_bind_double(s, 3, h->duration);
	sqlite3_bind_int(s, 4, h->onts);
	sqlite3_bind_int(s, 5, h->errors);
	sqlite3_bind_int(s, 6, h->ok ? 1 : 0);
	bind_text_or_null(s, 7, h->error);
	return step_done(st, s, "recording poll health");
}

int store_poll_last_success(struct store *st, const char *olt, int64_t *when)
{
	sqlite3_stmt *s = st->stmt[ST_POLL_LAST];
	int rc;

	sqlite3_bind_text(s, 1, olt, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*when = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return STORE_NOT_FOUND;
	return rc == SQLITE_ROW ? 0 : db_fail(st, "reading poll health");
}

int store_order_put(struct store *st, const struct store_order *o)
{
	sqlite3_stmt *s = st->stmt[ST_ORDER_PUT];
	int rc;

	sqlite3_bind_text(s, 1, o->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, o->problem_key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, o->state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 4, o->open ? 1 : 0);
	bind_text_or_null(s, 5, o->olt);
	bind_text_or_null(s, 6, o->owner);
	sqlite3_bind_int64(s, 7, o->opened);
	sqlite3_bind_int64(s, 8, o->updated);
	sqlite3_bind_text(s, 9, o->doc, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT)
		return STORE_CONFLICT; /* the caller knows which key; not an I/O failure */
	return rc == SQLITE_DONE ? 0 : db_fail(st, "storing an order");
}

int store_order_event_add(struct store *st, const char *order_id, int64_t time, const char *event,
                          const char *doc, int64_t *seq)
{
	sqlite3_stmt *s = st->stmt[ST_EVENT_ADD];

	sqlite3_bind_text(s, 1, order_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, time);
	sqlite3_bind_text(s, 3, event, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, doc, -1, SQLITE_TRANSIENT);
	if (step_done(st, s, "storing an order event") < 0)
		return -1;
	if (seq != NULL)
		*seq = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_orders_each(struct store *st, bool open_only, const char *olt, store_order_cb cb,
                      void *arg)
{
	sqlite3_stmt *s = st->stmt[ST_ORDERS_EACH];
	int rc, ret = 0;

	sqlite3_bind_int(s, 1, open_only ? 1 : 0);
	if (olt != NULL)
		sqlite3_bind_text(s, 2, olt, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 2);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_order o = {
			.id = (const char *)sqlite3_column_text(s, 0),
			.problem_key = (const char *)sqlite3_column_text(s, 1),
			.state = (const char *)sqlite3_column_text(s, 2),
			.open = sqlite3_column_int(s, 3) != 0,
			.olt = (const char *)sqlite3_column_text(s, 4),
			.owner = (const char *)sqlite3_column_text(s, 5),
			.opened = sqlite3_column_int64(s, 6),
			.updated = sqlite3_column_int64(s, 7),
			.doc = (const char *)sqlite3_column_text(s, 8),
		};
		if ((ret = cb(arg, &o)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "listing orders");
	return ret;
}

int store_order_events_each(struct store *st, const char *order_id, store_event_cb cb, void *arg)
{
	sqlite3_stmt *s = st->stmt[ST_EVENTS_EACH];
	int rc, ret = 0;

	sqlite3_bind_text(s, 1, order_id, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((ret = cb(arg, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
		              (const char *)sqlite3_column_text(s, 2),
		              (const char *)sqlite3_column_text(s, 3))) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "listing order events");
	return ret;
}
