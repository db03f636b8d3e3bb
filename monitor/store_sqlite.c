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
#include "monitor/store_cache.h"

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
	/* 4: passive capture evidence per ONT and time bucket (no subscriber identifiers) */
	"CREATE TABLE capture_bucket ("
	"  olt TEXT NOT NULL, port TEXT NOT NULL, ont INTEGER NOT NULL,"
	"  start INTEGER NOT NULL, seconds INTEGER NOT NULL,"
	"  subscribers INTEGER NOT NULL, pppoe_drops INTEGER NOT NULL,"
	"  pppoe_redials INTEGER NOT NULL, lcp_echo_lost INTEGER NOT NULL,"
	"  dhcp_reinits INTEGER NOT NULL, tcp_data INTEGER NOT NULL,"
	"  tcp_retrans INTEGER NOT NULL, bytes INTEGER NOT NULL,"
	"  PRIMARY KEY (olt, port, ont, start)) WITHOUT ROWID;"
	"CREATE INDEX capture_bucket_start ON capture_bucket(start);",
	/* 5: dispatch: customers, the delivery journal, the outbox, dead letters */
	"CREATE TABLE customer ("
	"  serial TEXT PRIMARY KEY, customer_id TEXT NOT NULL, name TEXT, tier TEXT,"
	"  phone TEXT, address TEXT, lat REAL, lon REAL, splitter TEXT, windows TEXT,"
	"  updated INTEGER NOT NULL);"
	"CREATE INDEX customer_splitter ON customer(splitter);"
	"CREATE TABLE journal ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL,"
	"  event TEXT NOT NULL, body TEXT NOT NULL, time INTEGER NOT NULL);"
	"CREATE TABLE outbox ("
	"  output TEXT NOT NULL, event INTEGER NOT NULL REFERENCES journal(id),"
	"  order_id TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_try REAL NOT NULL DEFAULT 0, last_error TEXT,"
	"  PRIMARY KEY (output, event));"
	"CREATE INDEX outbox_order ON outbox(output, order_id, event);"
	"CREATE TABLE outbox_cursor (output TEXT PRIMARY KEY, last_event INTEGER NOT NULL);"
	"CREATE TABLE dead_letter ("
	"  output TEXT NOT NULL, event INTEGER NOT NULL REFERENCES journal(id),"
	"  order_id TEXT NOT NULL, failed INTEGER NOT NULL, attempts INTEGER NOT NULL,"
	"  status INTEGER NOT NULL, response TEXT, PRIMARY KEY (output, event));",
	/* 6: orders in opening order without a sort, so a caller that stops early (dispatch
	 * looking for batching peers among thousands of open orders) reads only what it uses */
	"CREATE INDEX work_order_opened ON work_order(opened, id);",
	/* 7: silences (maintenance windows) and the order each one holds back; matchers are
	 * NULL for "any" */
	"CREATE TABLE silence ("
	"  id TEXT PRIMARY KEY,"
	"  olt TEXT, port TEXT, splitter TEXT, serial TEXT,"
	"  starts INTEGER NOT NULL, ends INTEGER NOT NULL,"
	"  reason TEXT NOT NULL, author TEXT NOT NULL,"
	"  created INTEGER NOT NULL, created_by TEXT,"
	"  ended_early INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX silence_ends ON silence(ends);"
	"ALTER TABLE work_order ADD COLUMN silence TEXT;"
	"ALTER TABLE work_order ADD COLUMN silenced_until INTEGER;"
	"CREATE INDEX work_order_silence ON work_order(silence) WHERE silence IS NOT NULL;",
	/* 8: detector snapshots: a restart continues from them plus the readings since */
	"CREATE TABLE detector_state ("
	"  serial TEXT PRIMARY KEY,"
	"  olt TEXT NOT NULL, port TEXT NOT NULL, ont INTEGER NOT NULL,"
	"  saved INTEGER NOT NULL, state BLOB NOT NULL);"
	"CREATE INDEX detector_state_olt ON detector_state(olt);",
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

enum stmt_id {
	ST_ONT_UPSERT_SERIAL,
	ST_ONT_SEEN,
	ST_ONT_BY_SERIAL,
	ST_ONT_INSERT_SERIAL,
	ST_ONT_IDS_OLT,
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
	ST_ONT_SERIAL,
	ST_POLL_PUT,
	ST_POLL_LAST,
	ST_ORDER_PUT,
	ST_EVENT_ADD,
	ST_ORDERS_EACH,
	ST_EVENTS_EACH,
	ST_CAPTURE_PUT,
	ST_CAPTURE_EACH,
	ST_CAPTURE_PRUNE,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ONT_UPSERT_SERIAL] =
	    "INSERT INTO ont(serial, olt, port, ont, first_seen, last_seen, present, description)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?5, 1, ?6)"
	    " ON CONFLICT(serial) DO UPDATE SET olt = ?2, port = ?3, ont = ?4,"
	    " last_seen = max(last_seen, ?5), present = 1,"
	    " description = coalesce(?6, description) RETURNING id",
	/* the fast path for a known ONT: the cached id counts only if the row still has
	 * this serial at this location (else changes() is 0 and the upsert decides) */
	[ST_ONT_SEEN] = "UPDATE ont SET last_seen = max(last_seen, ?5), present = 1,"
	                " description = coalesce(?6, description)"
	                " WHERE id = ?7 AND serial = ?1 AND olt = ?2 AND port = ?3 AND ont = ?4",
	[ST_ONT_BY_SERIAL] = "SELECT id FROM ont WHERE serial = ?1",
	[ST_ONT_INSERT_SERIAL] =
	    "INSERT INTO ont(serial, olt, port, ont, first_seen, last_seen, present, description)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?5, 1, ?6) ON CONFLICT(serial) DO NOTHING",
	[ST_ONT_IDS_OLT] = "SELECT id, serial FROM ont WHERE olt = ?1 AND serial IS NOT NULL",
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
	[ST_ONT_SERIAL] = "SELECT id, serial, olt, port, ont, description, first_seen, last_seen,"
	                  " present FROM ont WHERE serial = ?1",
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
	    " doc, silence, silenced_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
	    " ON CONFLICT(id) DO UPDATE SET problem_key = ?2, state = ?3, open = ?4, olt = ?5,"
	    " owner = ?6, updated = ?8, doc = ?9",
	[ST_EVENT_ADD] = "INSERT INTO order_event(order_id, time, event, doc) VALUES (?,?,?,?)",
	[ST_ORDERS_EACH] = "SELECT id, problem_key, state, open, olt, owner, opened, updated, doc,"
	                   " silence, silenced_until FROM work_order WHERE (?1 = 0 OR open) AND "
	                   "(?2 IS NULL OR olt = ?2)"
	                   " ORDER BY opened, id",
	[ST_EVENTS_EACH] = "SELECT seq, time, event, doc FROM order_event WHERE order_id = ?1"
	                   " ORDER BY seq",
	/* a bucket written twice (two flushes, two daemons) adds up */
	[ST_CAPTURE_PUT] =
	    "INSERT INTO capture_bucket(olt, port, ont, start, seconds, subscribers, pppoe_drops,"
	    " pppoe_redials, lcp_echo_lost, dhcp_reinits, tcp_data, tcp_retrans, bytes)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
	    " ON CONFLICT(olt, port, ont, start) DO UPDATE SET"
	    " subscribers = max(subscribers, ?6), pppoe_drops = pppoe_drops + ?7,"
	    " pppoe_redials = pppoe_redials + ?8, lcp_echo_lost = lcp_echo_lost + ?9,"
	    " dhcp_reinits = dhcp_reinits + ?10, tcp_data = tcp_data + ?11,"
	    " tcp_retrans = tcp_retrans + ?12, bytes = bytes + ?13",
	[ST_CAPTURE_EACH] =
	    "SELECT olt, port, ont, start, seconds, subscribers, pppoe_drops, pppoe_redials,"
	    " lcp_echo_lost, dhcp_reinits, tcp_data, tcp_retrans, bytes FROM capture_bucket"
	    " WHERE (?1 IS NULL OR (olt = ?1 AND port = ?2 AND ont = ?3))"
	    " AND start >= ?4 AND start < ?5 ORDER BY olt, port, ont, start",
	[ST_CAPTURE_PRUNE] = "DELETE FROM capture_bucket WHERE start < ?1",
};

/* Known ONTs remembered by one store handle; a daemon polls far fewer. */
#define STORE_CACHE_MAX (1u << 20)

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[ST_COUNT];
	sqlite3_stmt *dstmt[24]; /* dispatch statements, prepared on first use */
	sqlite3_stmt *sstmt[8];  /* silence statements, prepared on first use */
	sqlite3_stmt *kstmt[2];  /* detector snapshot statements, prepared on first use */
	struct store_cache *ids; /* serial -> ont.id of the ONTs this process has stored */
	char **loaded;           /* OLTs whose ONTs were read into ids (since the last clear) */
	size_t nloaded;
	int txdepth;
	int version;
	bool readonly; /* store_open_readonly: never checkpoints */
};

static int db_fail(struct store *st, const char *what)
{
	log_warnx("store: %s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return -1;
}

/* Drop the remembered ids (and which OLTs they were read for). */
static void forget_ids(struct store *st)
{
	store_cache_clear(st->ids);
	for (size_t i = 0; i < st->nloaded; i++)
		free(st->loaded[i]);
	free(st->loaded);
	st->loaded = NULL;
	st->nloaded = 0;
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
	st->ids = store_cache_new(STORE_CACHE_MAX);
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
	    exec_sql(st,
	             "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
	             /* 16 MiB of pages, allocated as used: a poll of 64 OLTs x 4,096
	              * ONTs touches the ONT index all over, and with the 2 MiB default
	              * SQLite re-read those pages from the OS (about 6% of the daemon's
	              * CPU in that benchmark) */
	             " PRAGMA cache_size = -16384",
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

int store_open_readonly(const char *path, struct store **out)
{
	struct store *st = xcalloc(1, sizeof(*st));
	int rc, version;

	st->path = xstrdup(path);
	st->ids = store_cache_new(STORE_CACHE_MAX);
	st->readonly = true;
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		log_warnx("store: %s: cannot open read-only: %s", path,
		          st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (exec_sql(st, "PRAGMA query_only = ON", "setting pragmas") < 0 ||
	    user_version(st, &version) < 0)
		goto fail;
	if (version != NMIGRATIONS) {
		log_warnx("store: %s: schema version %d, this ontwatch reads %d", path, version,
		          NMIGRATIONS);
		goto fail;
	}
	st->version = version;
	for (int i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v3(st->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
		                       &st->stmt[i], NULL) != SQLITE_OK) {
			db_fail(st, "preparing statements");
			goto fail;
		}
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	for (size_t i = 0; i < sizeof(st->dstmt) / sizeof(st->dstmt[0]); i++)
		sqlite3_finalize(st->dstmt[i]);
	for (size_t i = 0; i < sizeof(st->kstmt) / sizeof(st->kstmt[0]); i++)
		sqlite3_finalize(st->kstmt[i]);
	for (size_t i = 0; i < sizeof(st->sstmt) / sizeof(st->sstmt[0]); i++)
		sqlite3_finalize(st->sstmt[i]);
	if (st->db != NULL) {
		if (st->txdepth > 0)
			exec_sql(st, "COMMIT", "committing at close");
		if (!st->readonly)
			sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL,
			                          NULL);
		sqlite3_close(st->db);
	}
	forget_ids(st);
	store_cache_free(st->ids);
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
		forget_ids(st);
		return -1;
	}
	return 0;
}

int store_rollback(struct store *st)
{
	if (st->txdepth == 0)
		return 0;
	st->txdepth = 0;
	/* ids learnt in the transaction may be undone; hits are checked anyway */
	forget_ids(st);
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

/* Bind serial, location, time and description as ?1..?6 (the ONT statements' order). */
static void bind_ont(sqlite3_stmt *s, const struct ont_reading *r)
{
	sqlite3_bind_text(s, 1, r->serial, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->olt, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->port, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, r->ont);
	sqlite3_bind_int64(s, 5, r->time);
	if (r->description[0] != '\0')
		sqlite3_bind_text(s, 6, r->description, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 6);
}

/* The row `id` still holds this serial at this location: refresh it. *hit tells. */
static int ont_seen(struct store *st, const struct ont_reading *r, int64_t id, bool *hit)
{
	sqlite3_stmt *s = st->stmt[ST_ONT_SEEN];

	bind_ont(s, r);
	sqlite3_bind_int64(s, 7, id);
	if (step_done(st, s, "updating an ONT") < 0)
		return -1;
	*hit = sqlite3_changes(st->db) == 1;
	return 0;
}

/* The id of a serial not (or no longer) cached: look it up, refresh it when it has not
 * moved, insert it when new, and let the upsert move it otherwise. */
static int ont_id_lookup(struct store *st, const struct ont_reading *r, int64_t *id)
{
	sqlite3_stmt *s = st->stmt[ST_ONT_BY_SERIAL];
	int64_t found = 0;
	bool hit = false;
	int rc;

	sqlite3_bind_text(s, 1, r->serial, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		found = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW) {
		if (ont_seen(st, r, found, &hit) < 0)
			return -1;
		s = st->stmt[ST_ONT_UPSERT_SERIAL];
	} else if (rc == SQLITE_DONE) {
		s = st->stmt[ST_ONT_INSERT_SERIAL];
	} else {
		return db_fail(st, "looking up an ONT");
	}
	if (!hit) {
		bind_ont(s, r);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) /* the upsert returns the id */
			found = sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_DONE) /* an insert, which the write lock lets through */
			found =
			    sqlite3_changes(st->db) == 1 ? sqlite3_last_insert_rowid(st->db) : 0;
		sqlite3_reset(s);
		if ((rc != SQLITE_ROW && rc != SQLITE_DONE) || found == 0)
			return db_fail(st, "recording an ONT");
	}
	store_cache_put(st->ids, r->serial, found);
	*id = found;
	return 0;
}

/* A serial not remembered: insert it, or when it exists after all (another OLT's, another
 * process's), look it up. */
static int ont_id_insert(struct store *st, const struct ont_reading *r, int64_t *id)
{
	sqlite3_stmt *s = st->stmt[ST_ONT_INSERT_SERIAL];

	bind_ont(s, r);
	if (step_done(st, s, "recording an ONT") < 0)
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return ont_id_lookup(st, r, id);
	*id = sqlite3_last_insert_rowid(st->db);
	store_cache_put(st->ids, r->serial, *id);
	return 0;
}

/* Remember the ids of an OLT's ONTs the first time this handle stores readings of it, so
 * that a restarted daemon's first poll takes the fast path too. */
static int ids_load(struct store *st, const char *olt)
{
	sqlite3_stmt *s = st->stmt[ST_ONT_IDS_OLT];
	int rc;

	for (size_t i = 0; i < st->nloaded; i++)
		if (strcmp(st->loaded[i], olt) == 0)
			return 0;
	sqlite3_bind_text(s, 1, olt, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *serial = (const char *)sqlite3_column_text(s, 1);

		if (serial != NULL)
			store_cache_put(st->ids, serial, sqlite3_column_int64(s, 0));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, "reading ONT ids");
	st->loaded = xreallocarray(st->loaded, st->nloaded + 1, sizeof(*st->loaded));
	st->loaded[st->nloaded++] = xstrdup(olt);
	return 0;
}

static int ont_id_for(struct store *st, const struct ont_reading *r, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if (r->serial[0] != '\0') {
		int64_t cached;
		bool hit = false;

		if (store_cache_get(st->ids, r->serial, &cached)) {
			if (ont_seen(st, r, cached, &hit) < 0)
				return -1;
			if (hit) {
				*id = cached;
				return 0;
			}
			return ont_id_lookup(st, r, id);
		}
		/* not remembered although its OLT's ONTs were read: most likely new */
		return ont_id_insert(st, r, id);
	}
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

		if (r[i].serial[0] != '\0' && (i == 0 || strcmp(r[i].olt, r[i - 1].olt) != 0) &&
		    ids_load(st, r[i].olt) < 0)
			goto fail;
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

/* Visit the rows of a prepared ONT query (olt or serial bound as ?1 when given). */
static int onts_visit(struct store *st, sqlite3_stmt *s, const char *key, store_ont_cb cb,
                      void *arg, bool *any)
{
	int rc, ret = 0;

	*any = false;
	if (key != NULL)
		sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
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
		*any = true;
		if ((ret = cb(arg, &o)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "listing ONTs");
	return ret;
}

int store_onts_each(struct store *st, const char *olt, store_ont_cb cb, void *arg)
{
	bool any;

	return onts_visit(st, st->stmt[olt ? ST_ONTS_OLT : ST_ONTS_ALL], olt, cb, arg, &any);
}

int store_ont_get(struct store *st, const char *serial, store_ont_cb cb, void *arg)
{
	bool any;
	int rc = onts_visit(st, st->stmt[ST_ONT_SERIAL], serial, cb, arg, &any);

	return rc == 0 && !any ? STORE_NOT_FOUND : rc;
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
	bind_text_or_null(s, 10, o->silence);
	if (o->silence != NULL && o->silence[0] != '\0')
		sqlite3_bind_int64(s, 11, o->silenced_until);
	else
		sqlite3_bind_null(s, 11);
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
			.silence = (const char *)sqlite3_column_text(s, 9),
			.silenced_until = sqlite3_column_int64(s, 10),
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

int store_capture_put(struct store *st, const struct store_capture_bucket *b)
{
	sqlite3_stmt *s = st->stmt[ST_CAPTURE_PUT];
	const int64_t v[] = { b->subscribers,  b->pppoe_drops, b->pppoe_redials, b->lcp_echo_lost,
		              b->dhcp_reinits, b->tcp_data,    b->tcp_retrans,   b->bytes };

	sqlite3_bind_text(s, 1, b->olt, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, b->port, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 3, b->ont);
	sqlite3_bind_int64(s, 4, b->start);
	sqlite3_bind_int(s, 5, b->seconds);
	for (int i = 0; i < (int)(sizeof(v) / sizeof(v[0])); i++)
		sqlite3_bind_int64(s, 6 + i, v[i]);
	return step_done(st, s, "recording capture evidence");
}

int store_capture_each(struct store *st, const char *olt, const char *port, int ont, int64_t from,
                       int64_t to, store_capture_cb cb, void *arg)
{
	sqlite3_stmt *s = st->stmt[ST_CAPTURE_EACH];
	int rc, cbrc = 0;

	bind_text_or_null(s, 1, olt);
	bind_text_or_null(s, 2, port);
	sqlite3_bind_int(s, 3, ont);
	sqlite3_bind_int64(s, 4, from);
	sqlite3_bind_int64(s, 5, to);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_capture_bucket b = {
			.olt = (const char *)sqlite3_column_text(s, 0),
			.port = (const char *)sqlite3_column_text(s, 1),
			.ont = sqlite3_column_int(s, 2),
			.start = sqlite3_column_int64(s, 3),
			.seconds = sqlite3_column_int(s, 4),
			.subscribers = sqlite3_column_int(s, 5),
			.pppoe_drops = sqlite3_column_int64(s, 6),
			.pppoe_redials = sqlite3_column_int64(s, 7),
			.lcp_echo_lost = sqlite3_column_int64(s, 8),
			.dhcp_reinits = sqlite3_column_int64(s, 9),
			.tcp_data = sqlite3_column_int64(s, 10),
			.tcp_retrans = sqlite3_column_int64(s, 11),
			.bytes = sqlite3_column_int64(s, 12),
		};
		if ((cbrc = cb(arg, &b)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (cbrc != 0)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : db_fail(st, "reading capture evidence");
}

int store_capture_prune(struct store *st, int64_t before, int64_t *deleted)
{
	sqlite3_stmt *s = st->stmt[ST_CAPTURE_PRUNE];

	sqlite3_bind_int64(s, 1, before);
	if (step_done(st, s, "pruning capture evidence") < 0)
		return -1;
	*deleted = sqlite3_changes(st->db);
	return 0;
}
/* ---- dispatch: customers, journal, outbox, dead letters ---------------------------------
 * Kept apart from the statements above and prepared on first use, so this part of the
 * store can grow without touching the rest. */

enum dstmt_id {
	DS_CUSTOMER_EXISTS,
	DS_CUSTOMER_PUT,
	DS_CUSTOMER_GET,
	DS_CUSTOMERS_COUNT,
	DS_ORDER_GET,
	DS_JOURNAL_ADD,
	DS_CURSOR_GET,
	DS_CURSOR_PUT,
	DS_FANOUT,
	DS_READY,
	DS_EACH,
	DS_NEXT_DUE,
	DS_DONE,
	DS_RETRY,
	DS_DEAD_ADD,
	DS_DEAD_EACH,
	DS_JOURNAL_PRUNE,
	DS_DEAD_REQUEUE,
	DS_DEAD_DELETE,
	DS_JOURNAL_LAST,
	DS_ORDERS_COUNT,
	DS_ORDERS_OPENED,
	DS_OUTBOX_COUNTS,
	DS_COUNT
};

static const char *const dstmt_sql[DS_COUNT] = {
	[DS_CUSTOMER_EXISTS] = "SELECT 1 FROM customer WHERE serial = ?1",
	[DS_CUSTOMER_PUT] =
	    "INSERT INTO customer(serial, customer_id, name, tier, phone, address, lat, lon,"
	    " splitter, windows, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
	    " ON CONFLICT(serial) DO UPDATE SET customer_id = ?2, name = ?3, tier = ?4,"
	    " phone = ?5, address = ?6, lat = ?7, lon = ?8, splitter = ?9, windows = ?10,"
	    " updated = ?11",
	[DS_CUSTOMER_GET] = "SELECT serial, customer_id, name, tier, phone, address, lat, lon,"
	                    " splitter, windows FROM customer WHERE serial = ?1",
	[DS_CUSTOMERS_COUNT] = "SELECT count(*) FROM customer",
	[DS_ORDER_GET] = "SELECT id, problem_key, state, open, olt, owner, opened, updated, doc,"
	                 " silence, silenced_until FROM work_order WHERE id = ?1",
	[DS_JOURNAL_ADD] = "INSERT INTO journal(order_id, event, body, time) VALUES (?,?,?,?)",
	[DS_CURSOR_GET] = "SELECT last_event FROM outbox_cursor WHERE output = ?1",
	[DS_CURSOR_PUT] = "INSERT INTO outbox_cursor(output, last_event) VALUES (?1, ?2)"
	                  " ON CONFLICT(output) DO UPDATE SET last_event = ?2",
	[DS_FANOUT] = "INSERT INTO outbox(output, event, order_id) SELECT ?1, id, order_id"
	              " FROM journal WHERE id > ?2 ORDER BY id",
	[DS_READY] = "SELECT o.output, o.event, o.order_id, j.event, j.body, j.time, o.attempts,"
	             " o.next_try, o.last_error FROM outbox o JOIN journal j ON j.id = o.event"
	             " WHERE o.output = ?1 AND o.next_try <= ?2 AND NOT EXISTS (SELECT 1 FROM"
	             " outbox p WHERE p.output = o.output AND p.order_id = o.order_id"
	             " AND p.event < o.event) ORDER BY o.event LIMIT ?3",
	[DS_EACH] = "SELECT o.output, o.event, o.order_id, j.event, j.body, j.time, o.attempts,"
	            " o.next_try, o.last_error FROM outbox o JOIN journal j ON j.id = o.event"
	            " WHERE ?1 IS NULL OR o.output = ?1 ORDER BY o.event, o.output",
	[DS_NEXT_DUE] = "SELECT min(next_try) FROM outbox WHERE output = ?1",
	[DS_DONE] = "DELETE FROM outbox WHERE output = ?1 AND event = ?2",
	[DS_RETRY] = "UPDATE outbox SET attempts = attempts + 1, next_try = ?3, last_error = ?4"
	             " WHERE output = ?1 AND event = ?2",
	[DS_DEAD_ADD] = "INSERT OR REPLACE INTO dead_letter(output, event, order_id, failed,"
	                " attempts, status, response) SELECT output, event, order_id, ?3,"
	                " attempts + 1, ?4, ?5 FROM outbox WHERE output = ?1 AND event = ?2",
	[DS_DEAD_EACH] = "SELECT d.output, d.event, d.order_id, j.event, d.failed, d.attempts,"
	                 " d.status, d.response, j.body FROM dead_letter d"
	                 " JOIN journal j ON j.id = d.event ORDER BY d.failed, d.event",
	[DS_JOURNAL_PRUNE] = "DELETE FROM journal WHERE time < ?1"
	                     " AND id NOT IN (SELECT event FROM outbox)"
	                     " AND id NOT IN (SELECT event FROM dead_letter)",
	[DS_DEAD_REQUEUE] = "INSERT OR IGNORE INTO outbox(output, event, order_id)"
	                    " SELECT output, event, order_id FROM dead_letter"
	                    " WHERE output = ?1 AND event = ?2",
	[DS_DEAD_DELETE] = "DELETE FROM dead_letter WHERE output = ?1 AND event = ?2",
	[DS_JOURNAL_LAST] = "SELECT coalesce(max(id), 0) FROM journal",
	/* "WHERE open" lets SQLite walk the partial index of open orders only */
	[DS_ORDERS_COUNT] = "SELECT state, json_extract(doc, '$.cause'), count(*) FROM work_order"
	                    " WHERE open GROUP BY 1, 2 ORDER BY 1, 2",
	[DS_ORDERS_OPENED] = "SELECT json_extract(doc, '$.cause'), count(*) FROM work_order"
	                     " WHERE opened >= ?1 GROUP BY 1 ORDER BY 1",
	/* each subquery is an index lookup on (output, event): no walk of the queues */
	[DS_OUTBOX_COUNTS] =
	    "SELECT c.output, (SELECT count(*) FROM outbox o WHERE o.output = c.output),"
	    " coalesce((SELECT j.time FROM journal j WHERE j.id ="
	    " (SELECT min(event) FROM outbox o WHERE o.output = c.output)), 0),"
	    " (SELECT count(*) FROM dead_letter d WHERE d.output = c.output)"
	    " FROM outbox_cursor c ORDER BY c.output",
};

/* A statement prepared at its first use into *slot (kept until the store closes). */
static sqlite3_stmt *lazy_stmt(struct store *st, sqlite3_stmt **slot, const char *sql,
                               const char *what)
{
	if (*slot == NULL && sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot,
	                                        NULL) != SQLITE_OK) {
		db_fail(st, what);
		return NULL;
	}
	return *slot;
}

static sqlite3_stmt *dstmt(struct store *st, enum dstmt_id id)
{
	_Static_assert(DS_COUNT <= sizeof(st->dstmt) / sizeof(st->dstmt[0]), "dstmt too small");
	return lazy_stmt(st, &st->dstmt[id], dstmt_sql[id], "preparing a dispatch statement");
}

static const char *column_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

int store_customer_put(struct store *st, const struct store_customer *c, int64_t now, bool *created)
{
	sqlite3_stmt *e = dstmt(st, DS_CUSTOMER_EXISTS), *s = dstmt(st, DS_CUSTOMER_PUT);
	int rc;

	if (e == NULL || s == NULL)
		return -1;
	sqlite3_bind_text(e, 1, c->serial, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(e);
	sqlite3_reset(e);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "looking up a customer");
	sqlite3_bind_text(s, 1, c->serial, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, c->customer_id ? c->customer_id : "", -1, SQLITE_TRANSIENT);
	bind_text_or_null(s, 3, c->name);
	bind_text_or_null(s, 4, c->tier);
	bind_text_or_null(s, 5, c->phone);
	bind_text_or_null(s, 6, c->address);
	bind_value(s, 7, c->lat);
	bind_value(s, 8, c->lon);
	bind_text_or_null(s, 9, c->splitter);
	bind_text_or_null(s, 10, c->windows);
	sqlite3_bind_int64(s, 11, now);
	if (step_done(st, s, "storing a customer") < 0)
		return -1;
	if (created != NULL)
		*created = rc == SQLITE_DONE;
	return 0;
}

int store_customer_get(struct store *st, const char *serial, store_customer_cb cb, void *arg)
{
	sqlite3_stmt *s = dstmt(st, DS_CUSTOMER_GET);
	int rc, ret = STORE_NOT_FOUND;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, serial, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		struct store_customer c = {
			.serial = column_text(s, 0),
			.customer_id = column_text(s, 1),
			.name = column_text(s, 2),
			.tier = column_text(s, 3),
			.phone = column_text(s, 4),
			.address = column_text(s, 5),
			.lat = column_value(s, 6),
			.lon = column_value(s, 7),
			.splitter = column_text(s, 8),
			.windows = column_text(s, 9),
		};
		ret = cb(arg, &c);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "reading a customer");
	return ret;
}

int store_customers_count(struct store *st, int64_t *n)
{
	sqlite3_stmt *s = dstmt(st, DS_CUSTOMERS_COUNT);
	int rc;

	if (s == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, "counting customers");
}

int store_order_get(struct store *st, const char *id, store_order_cb cb, void *arg)
{
	sqlite3_stmt *s = dstmt(st, DS_ORDER_GET);
	int rc, ret = STORE_NOT_FOUND;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		struct store_order o = {
			.id = column_text(s, 0),
			.problem_key = column_text(s, 1),
			.state = column_text(s, 2),
			.open = sqlite3_column_int(s, 3) != 0,
			.olt = column_text(s, 4),
			.owner = column_text(s, 5),
			.opened = sqlite3_column_int64(s, 6),
			.updated = sqlite3_column_int64(s, 7),
			.doc = column_text(s, 8),
			.silence = column_text(s, 9),
			.silenced_until = sqlite3_column_int64(s, 10),
		};
		ret = cb(arg, &o);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "reading an order");
	return ret;
}

int store_journal_add(struct store *st, const char *order_id, const char *event, const char *body,
                      int64_t time, int64_t *id)
{
	sqlite3_stmt *s = dstmt(st, DS_JOURNAL_ADD);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, order_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, event, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, body, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, time);
	if (step_done(st, s, "journalling an order event") < 0)
		return -1;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* The output's cursor (known false for a new output) and the journal's last id. */
static int fanout_state(struct store *st, const char *output, bool *known, int64_t *cursor,
                        int64_t *last)
{
	sqlite3_stmt *g = dstmt(st, DS_CURSOR_GET), *m = dstmt(st, DS_JOURNAL_LAST);
	int rc;

	if (g == NULL || m == NULL)
		return -1;
	sqlite3_bind_text(g, 1, output, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(g);
	*known = rc == SQLITE_ROW;
	*cursor = *known ? sqlite3_column_int64(g, 0) : 0;
	sqlite3_reset(g);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "reading the outbox cursor");
	rc = sqlite3_step(m);
	*last = rc == SQLITE_ROW ? sqlite3_column_int64(m, 0) : 0;
	sqlite3_reset(m);
	return rc == SQLITE_ROW ? 0 : db_fail(st, "reading the journal");
}

int store_outbox_fanout(struct store *st, const char *output, int64_t *added)
{
	sqlite3_stmt *p = dstmt(st, DS_CURSOR_PUT), *f = dstmt(st, DS_FANOUT);
	int64_t cursor, last, n = 0;
	bool known;

	if (p == NULL || f == NULL)
		return -1;
	/* the common case, nothing new, takes no write lock */
	if (fanout_state(st, output, &known, &cursor, &last) < 0)
		return -1;
	if (known && last == cursor) {
		*added = 0;
		return 0;
	}
	if (store_begin(st) < 0 || fanout_state(st, output, &known, &cursor, &last) < 0)
		goto fail;
	/* a new output starts at the end: it is not flooded with history */
	if (known && last > cursor) {
		sqlite3_bind_text(f, 1, output, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(f, 2, cursor);
		if (step_done(st, f, "queueing deliveries") < 0)
			goto fail;
		n = sqlite3_changes64(st->db);
	}
	if (!known || last > cursor) {
		sqlite3_bind_text(p, 1, output, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(p, 2, last);
		if (step_done(st, p, "advancing the outbox cursor") < 0)
			goto fail;
	}
	if (store_commit(st) < 0)
		return -1;
	*added = n;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

static int outbox_rows(struct store *st, sqlite3_stmt *s, store_outbox_cb cb, void *arg)
{
	int rc, ret = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_outbox_item it = {
			.output = column_text(s, 0),
			.event = sqlite3_column_int64(s, 1),
			.order_id = column_text(s, 2),
			.name = column_text(s, 3),
			.body = column_text(s, 4),
			.created = sqlite3_column_int64(s, 5),
			.attempts = sqlite3_column_int(s, 6),
			.next_try = sqlite3_column_double(s, 7),
			.last_error = column_text(s, 8),
		};
		if ((ret = cb(arg, &it)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "reading the outbox");
	return ret;
}

int store_outbox_ready(struct store *st, const char *output, double now, int limit,
                       store_outbox_cb cb, void *arg)
{
	sqlite3_stmt *s = dstmt(st, DS_READY);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, output, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(s, 2, now);
	sqlite3_bind_int(s, 3, limit);
	return outbox_rows(st, s, cb, arg);
}

int store_outbox_each(struct store *st, const char *output, store_outbox_cb cb, void *arg)
{
	sqlite3_stmt *s = dstmt(st, DS_EACH);

	if (s == NULL)
		return -1;
	if (output != NULL)
		sqlite3_bind_text(s, 1, output, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 1);
	return outbox_rows(st, s, cb, arg);
}

int store_outbox_next_due(struct store *st, const char *output, double *when)
{
	sqlite3_stmt *s = dstmt(st, DS_NEXT_DUE);
	int rc, ret = STORE_NOT_FOUND;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, output, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*when = sqlite3_column_double(s, 0);
		ret = 0;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? ret : db_fail(st, "reading the outbox");
}

int store_outbox_done(struct store *st, const char *output, int64_t event)
{
	sqlite3_stmt *s = dstmt(st, DS_DONE);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, output, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, event);
	return step_done(st, s, "completing a delivery");
}

int store_outbox_retry(struct store *st, const char *output, int64_t event, double next_try,
                       const char *error)
{
	sqlite3_stmt *s = dstmt(st, DS_RETRY);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, output, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, event);
	sqlite3_bind_double(s, 3, next_try);
	bind_text_or_null(s, 4, error);
	return step_done(st, s, "scheduling a retry");
}

int store_outbox_dead(struct store *st, const char *output, int64_t event, int64_t now, int status,
                      const char *response)
{
	sqlite3_stmt *s = dstmt(st, DS_DEAD_ADD);

	if (s == NULL || store_begin(st) < 0)
		return -1;
	sqlite3_bind_text(s, 1, output, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, event);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int(s, 4, status);
	bind_text_or_null(s, 5, response);
	if (step_done(st, s, "recording a dead letter") < 0 ||
	    store_outbox_done(st, output, event) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st);
}

int store_dead_letters_each(struct store *st, store_dead_cb cb, void *arg)
{
	sqlite3_stmt *s = dstmt(st, DS_DEAD_EACH);
	int rc, ret = 0;

	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_dead_letter d = {
			.output = column_text(s, 0),
			.event = sqlite3_column_int64(s, 1),
			.order_id = column_text(s, 2),
			.name = column_text(s, 3),
			.failed = sqlite3_column_int64(s, 4),
			.attempts = sqlite3_column_int(s, 5),
			.status = sqlite3_column_int(s, 6),
			.response = column_text(s, 7),
			.body = column_text(s, 8),
		};
		if ((ret = cb(arg, &d)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "reading dead letters");
	return ret;
}

int store_journal_prune(struct store *st, int64_t before, int64_t *deleted)
{
	sqlite3_stmt *s = dstmt(st, DS_JOURNAL_PRUNE);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, before);
	if (step_done(st, s, "pruning the journal") < 0)
		return -1;
	*deleted = sqlite3_changes64(st->db);
	return 0;
}

int store_dead_letter_requeue(struct store *st, const char *output, int64_t event)
{
	sqlite3_stmt *q = dstmt(st, DS_DEAD_REQUEUE), *d = dstmt(st, DS_DEAD_DELETE);
	int64_t n;

	if (q == NULL || d == NULL || store_begin(st) < 0)
		return -1;
	sqlite3_bind_text(q, 1, output, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, event);
	if (step_done(st, q, "requeueing a dead letter") < 0)
		goto fail;
	n = sqlite3_changes64(st->db);
	sqlite3_bind_text(d, 1, output, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(d, 2, event);
	if (step_done(st, d, "requeueing a dead letter") < 0)
		goto fail;
	if (store_commit(st) < 0)
		return -1;
	return n > 0 ? 0 : STORE_NOT_FOUND;
fail:
	store_rollback(st);
	return -1;
}
/* ---- silences ----------------------------------------------------------------------------
 * Prepared on first use, like the dispatch statements. */

enum sstmt_id {
	SS_ADD,
	SS_GET,
	SS_EACH,
	SS_END,
	SS_COUNT_ACTIVE,
	SS_HOLD,
	SS_RELEASE_DUE,
	SS_COUNT
};

#define SILENCE_COLUMNS                                                                            \
	"SELECT s.id, s.olt, s.port, s.splitter, s.serial, s.starts, s.ends, s.reason,"            \
	" s.author, s.created, s.created_by, s.ended_early,"                                       \
	" (SELECT count(*) FROM work_order w WHERE w.silence = s.id AND w.open) FROM silence s"

static const char *const sstmt_sql[SS_COUNT] = {
	[SS_ADD] = "INSERT INTO silence(id, olt, port, splitter, serial, starts, ends, reason,"
	           " author, created, created_by, ended_early)"
	           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[SS_GET] = SILENCE_COLUMNS " WHERE s.id = ?1",
	[SS_EACH] = SILENCE_COLUMNS " WHERE s.ends > ?1 ORDER BY s.starts, s.id",
	[SS_END] = "UPDATE silence SET ends = ?2, ended_early = 1,"
	           " starts = CASE WHEN starts > ?2 THEN ?2 ELSE starts END"
	           " WHERE id = ?1 AND ends > ?2",
	[SS_COUNT_ACTIVE] = "SELECT count(*) FROM silence WHERE starts <= ?1 AND ends > ?1",
	[SS_HOLD] = "UPDATE work_order SET silence = ?2, silenced_until = ?3 WHERE id = ?1",
	[SS_RELEASE_DUE] =
	    "SELECT w.id, w.problem_key, w.state, w.open, w.olt, w.owner, w.opened, w.updated,"
	    " w.doc, w.silence, w.silenced_until FROM work_order w"
	    " LEFT JOIN silence s ON s.id = w.silence"
	    " WHERE w.silence IS NOT NULL AND w.open AND (s.id IS NULL OR s.ends <= ?1)"
	    " ORDER BY w.opened, w.id",
};

static sqlite3_stmt *sstmt(struct store *st, enum sstmt_id id)
{
	_Static_assert(SS_COUNT <= sizeof(st->sstmt) / sizeof(st->sstmt[0]), "sstmt too small");
	return lazy_stmt(st, &st->sstmt[id], sstmt_sql[id], "preparing a silence statement");
}

int store_silence_add(struct store *st, const struct store_silence *si)
{
	sqlite3_stmt *s = sstmt(st, SS_ADD);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, si->id, -1, SQLITE_TRANSIENT);
	bind_text_or_null(s, 2, si->olt);
	bind_text_or_null(s, 3, si->port);
	bind_text_or_null(s, 4, si->splitter);
	bind_text_or_null(s, 5, si->serial);
	sqlite3_bind_int64(s, 6, si->starts);
	sqlite3_bind_int64(s, 7, si->ends);
	sqlite3_bind_text(s, 8, si->reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 9, si->author, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 10, si->created);
	bind_text_or_null(s, 11, si->created_by);
	sqlite3_bind_int(s, 12, si->ended_early ? 1 : 0);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT)
		return STORE_CONFLICT;
	return rc == SQLITE_DONE ? 0 : db_fail(st, "storing a silence");
}

static int silence_rows(struct store *st, sqlite3_stmt *s, store_silence_cb cb, void *arg, int none)
{
	int rc, ret = none;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_silence si = {
			.id = column_text(s, 0),
			.olt = column_text(s, 1),
			.port = column_text(s, 2),
			.splitter = column_text(s, 3),
			.serial = column_text(s, 4),
			.starts = sqlite3_column_int64(s, 5),
			.ends = sqlite3_column_int64(s, 6),
			.reason = column_text(s, 7),
			.author = column_text(s, 8),
			.created = sqlite3_column_int64(s, 9),
			.created_by = column_text(s, 10),
			.ended_early = sqlite3_column_int(s, 11) != 0,
			.held = sqlite3_column_int64(s, 12),
		};
		if ((ret = cb(arg, &si)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "reading silences");
	return ret;
}

int store_silence_get(struct store *st, const char *id, store_silence_cb cb, void *arg)
{
	sqlite3_stmt *s = sstmt(st, SS_GET);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	return silence_rows(st, s, cb, arg, STORE_NOT_FOUND);
}

int store_silences_each(struct store *st, int64_t after, store_silence_cb cb, void *arg)
{
	sqlite3_stmt *s = sstmt(st, SS_EACH);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, after);
	return silence_rows(st, s, cb, arg, 0);
}

static int silence_exists(void *arg, const struct store_silence *s)
{
	(void)arg;
	(void)s;
	return 0;
}

int store_silence_end(struct store *st, const char *id, int64_t now)
{
	sqlite3_stmt *s = sstmt(st, SS_END);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, now);
	if (step_done(st, s, "ending a silence") < 0)
		return -1;
	if (sqlite3_changes(st->db) == 1)
		return 0;
	rc = store_silence_get(st, id, silence_exists, NULL);
	return rc == 0 ? STORE_CONFLICT : rc;
}

int store_silences_count_active(struct store *st, int64_t now, int64_t *n)
{
	sqlite3_stmt *s = sstmt(st, SS_COUNT_ACTIVE);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, "counting silences");
}

int store_order_hold(struct store *st, const char *order_id, const char *silence, int64_t until)
{
	sqlite3_stmt *s = sstmt(st, SS_HOLD);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, order_id, -1, SQLITE_TRANSIENT);
	bind_text_or_null(s, 2, silence);
	if (silence != NULL && silence[0] != '\0')
		sqlite3_bind_int64(s, 3, until);
	else
		sqlite3_bind_null(s, 3);
	if (step_done(st, s, "marking a held order") < 0)
		return -1;
	return sqlite3_changes(st->db) == 1 ? 0 : STORE_NOT_FOUND;
}

int store_orders_release_due(struct store *st, int64_t now, store_order_cb cb, void *arg)
{
	sqlite3_stmt *s = sstmt(st, SS_RELEASE_DUE);
	int rc, ret = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_order o = {
			.id = column_text(s, 0),
			.problem_key = column_text(s, 1),
			.state = column_text(s, 2),
			.open = sqlite3_column_int(s, 3) != 0,
			.olt = column_text(s, 4),
			.owner = column_text(s, 5),
			.opened = sqlite3_column_int64(s, 6),
			.updated = sqlite3_column_int64(s, 7),
			.doc = column_text(s, 8),
			.silence = column_text(s, 9),
			.silenced_until = sqlite3_column_int64(s, 10),
		};
		if ((ret = cb(arg, &o)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "reading held orders");
	return ret;
}

static int count_rows(struct store *st, sqlite3_stmt *s, bool with_state, store_count_cb cb,
                      void *arg)
{
	int rc, ret = 0, c = with_state ? 1 : 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((ret = cb(arg, with_state ? column_text(s, 0) : NULL, column_text(s, c),
		              sqlite3_column_int64(s, c + 1))) != 0)
			break;
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "counting orders");
	return ret;
}

int store_orders_count(struct store *st, store_count_cb cb, void *arg)
{
	sqlite3_stmt *s = dstmt(st, DS_ORDERS_COUNT);

	return s == NULL ? -1 : count_rows(st, s, true, cb, arg);
}

int store_orders_opened_count(struct store *st, int64_t since, store_count_cb cb, void *arg)
{
	sqlite3_stmt *s = dstmt(st, DS_ORDERS_OPENED);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, since);
	return count_rows(st, s, false, cb, arg);
}

int store_outbox_counts(struct store *st, store_outbox_count_cb cb, void *arg)
{
	sqlite3_stmt *s = dstmt(st, DS_OUTBOX_COUNTS);
	int rc, ret = 0;

	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_outbox_count c = {
			.output = column_text(s, 0),
			.queued = sqlite3_column_int64(s, 1),
			.oldest = sqlite3_column_int64(s, 2),
			.dead = sqlite3_column_int64(s, 3),
		};
		if ((ret = cb(arg, &c)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "counting the outbox");
	return ret;
}

/* Detector snapshots. */

static const char *const kstmt_sql[] = {
	"INSERT INTO detector_state(serial, olt, port, ont, saved, state)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(serial) DO UPDATE SET"
	" olt = excluded.olt, port = excluded.port, ont = excluded.ont,"
	" saved = excluded.saved, state = excluded.state",
	"SELECT serial, olt, port, ont, saved, state FROM detector_state WHERE olt = ?1",
};

int store_detector_put(struct store *st, const struct store_detector *d)
{
	sqlite3_stmt *s =
	    lazy_stmt(st, &st->kstmt[0], kstmt_sql[0], "preparing a snapshot statement");

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, d->serial, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, d->olt, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, d->port, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 4, d->ont);
	sqlite3_bind_int64(s, 5, d->saved);
	sqlite3_bind_blob(s, 6, d->state, (int)d->len, SQLITE_STATIC);
	return step_done(st, s, "storing a detector snapshot");
}

int store_detector_each(struct store *st, const char *olt, store_detector_cb cb, void *arg)
{
	sqlite3_stmt *s =
	    lazy_stmt(st, &st->kstmt[1], kstmt_sql[1], "preparing a snapshot statement");
	int rc, ret = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, olt, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_detector d = {
			.serial = column_text(s, 0),
			.olt = column_text(s, 1),
			.port = column_text(s, 2),
			.ont = sqlite3_column_int(s, 3),
			.saved = sqlite3_column_int64(s, 4),
			.state = sqlite3_column_blob(s, 5),
			.len = (size_t)sqlite3_column_bytes(s, 5),
		};
		if ((ret = cb(arg, &d)) != 0)
			break;
	}
	sqlite3_reset(s);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_fail(st, "reading detector snapshots");
	return ret;
}
