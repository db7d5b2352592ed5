-- Boxoffice embedded store, schema version 1 (PRAGMA user_version = 1).
--
-- These tables hold current state only, never history: a hold's row is deleted when the hold
-- ends (released, expired or completed), so a restart reads live holds and orders, however many
-- holds ever existed.
--
-- Instants of events and accounts are ISO-8601 text (Instant.toString). Those of holds and
-- orders are integer nanoseconds since the epoch (columns named _nanos), which a restart reads
-- back far faster than text. Both are exact. Durations are nanoseconds, money is minor units
-- plus an ISO-4217 code.
--
-- Statements end with a semicolon at the end of a line: that is how SqliteJournal splits this
-- file.

CREATE TABLE events (
  id              TEXT    NOT NULL PRIMARY KEY,
  name            TEXT    NOT NULL,
  venue           TEXT    NOT NULL,
  starts_at       TEXT    NOT NULL,
  sale_opens_at   TEXT    NOT NULL,
  sale_closes_at  TEXT    NOT NULL,
  hold_ttl_nanos  INTEGER NOT NULL CHECK (hold_ttl_nanos > 0),
  per_user_limit  INTEGER NOT NULL CHECK (per_user_limit >= 1),
  mode            TEXT    NOT NULL
) WITHOUT ROWID;

-- position keeps the event's own order of its ticket types.
CREATE TABLE ticket_types (
  event_id     TEXT    NOT NULL,
  position     INTEGER NOT NULL,
  code         TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  price_minor  INTEGER NOT NULL CHECK (price_minor >= 0),
  currency     TEXT    NOT NULL,
  capacity     INTEGER NOT NULL CHECK (capacity >= 0),
  PRIMARY KEY (event_id, position),
  UNIQUE (event_id, code)
) WITHOUT ROWID;

CREATE TABLE accounts (
  user_id        TEXT NOT NULL PRIMARY KEY,
  password_hash  TEXT NOT NULL,
  created_at     TEXT NOT NULL
) WITHOUT ROWID;

-- Live holds only. Rows are keyed by seq, assigned in creation order, not by the random hold id:
-- inserts then append to the end of the table and expiries delete from its old end, so a commit
-- touches few pages (a random text key made each commit about three times as slow). The journal
-- keeps the id-to-seq map of live holds in memory, which also refuses a hold id seen twice.
CREATE TABLE holds (
  seq          INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL,
  event_id     TEXT    NOT NULL,
  user_id      TEXT    NOT NULL,
  ticket_type  TEXT    NOT NULL,
  quantity     INTEGER NOT NULL CHECK (quantity >= 1),
  created_at_nanos  INTEGER NOT NULL,
  expires_at_nanos  INTEGER NOT NULL
);

-- Every order ever placed, seq in the order they were placed. UNIQUE (hold_id) is the last
-- line against double sale: a second order for one hold fails the commit, and the journal. Hold
-- ids are their event's id then their creation time (HoldId.random), so this index grows at the
-- end of each event's range instead of touching a random page per order (a third of each commit's
-- time). Order
-- ids are random 128-bit values, looked up in memory only, so they carry no index here.
CREATE TABLE orders (
  seq          INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL,
  hold_id      TEXT    NOT NULL UNIQUE,
  event_id     TEXT    NOT NULL,
  user_id      TEXT    NOT NULL,
  ticket_type  TEXT    NOT NULL,
  quantity     INTEGER NOT NULL CHECK (quantity >= 1),
  total_minor  INTEGER NOT NULL CHECK (total_minor >= 0),
  currency     TEXT    NOT NULL,
  created_at_nanos  INTEGER NOT NULL
);
