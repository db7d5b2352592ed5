-- The catalog, built-in accounts and the blacklist: the system of record every server shares.

CREATE TABLE events (
  id               text        PRIMARY KEY,
  created          bigserial   NOT NULL UNIQUE,  -- creation order: the list is oldest first
  name             text        NOT NULL,
  venue            text        NOT NULL,
  starts_at        timestamptz NOT NULL,
  sale_opens_at    timestamptz NOT NULL,
  sale_closes_at   timestamptz NOT NULL,
  hold_ttl_millis  bigint      NOT NULL,
  per_user_limit   integer     NOT NULL,
  mode             text        NOT NULL
);

CREATE TABLE ticket_types (
  event_id     text    NOT NULL REFERENCES events (id),
  position     integer NOT NULL,  -- the event's order of its types
  code         text    NOT NULL,
  name         text    NOT NULL,
  price_minor  bigint  NOT NULL,
  currency     text    NOT NULL,
  capacity     integer NOT NULL,
  PRIMARY KEY (event_id, code),
  UNIQUE (event_id, position)
);

CREATE TABLE accounts (
  username       text        PRIMARY KEY,
  password_hash  text        NOT NULL,
  created_at     timestamptz NOT NULL
);

CREATE TABLE blacklist (
  kind   text NOT NULL CHECK (kind IN ('user', 'address')),
  value  text NOT NULL,
  PRIMARY KEY (kind, value)
);
