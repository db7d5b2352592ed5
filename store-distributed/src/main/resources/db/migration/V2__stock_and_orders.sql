-- The inventory's record of each event whose stock is open (kept apart from the catalog, which lists
-- an event only once its stock is open), how many tickets of each type are sold, and the orders.
-- Redis decides holds and sales; these tables make a sale permanent, and the constraints make
-- a second order of one hold, or more tickets sold than a type has, impossible whatever Redis says.

CREATE TABLE stock_events (
  id               text        PRIMARY KEY,
  created          bigserial   NOT NULL UNIQUE,
  name             text        NOT NULL,
  venue            text        NOT NULL,
  starts_at        timestamptz NOT NULL,
  sale_opens_at    timestamptz NOT NULL,
  sale_closes_at   timestamptz NOT NULL,
  hold_ttl_millis  bigint      NOT NULL,
  per_user_limit   integer     NOT NULL,
  mode             text        NOT NULL
);

CREATE TABLE stock (
  event_id     text    NOT NULL REFERENCES stock_events (id),
  position     integer NOT NULL,
  code         text    NOT NULL,
  name         text    NOT NULL,
  price_minor  bigint  NOT NULL,
  currency     text    NOT NULL,
  capacity     integer NOT NULL,
  sold         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, code),
  UNIQUE (event_id, position),
  CHECK (sold BETWEEN 0 AND capacity)
);

CREATE TABLE orders (
  id           text        PRIMARY KEY,
  placed       bigserial   NOT NULL UNIQUE,  -- the order in which orders were recorded
  hold_id      text        NOT NULL UNIQUE,  -- one order per hold, whoever records it how often
  event_id     text        NOT NULL,
  user_id      text        NOT NULL,
  ticket_type  text        NOT NULL,
  quantity     integer     NOT NULL CHECK (quantity > 0),
  total_minor  bigint      NOT NULL,
  currency     text        NOT NULL,
  created_at   timestamptz NOT NULL,
  FOREIGN KEY (event_id, ticket_type) REFERENCES stock (event_id, code)
);

CREATE INDEX orders_by_user ON orders (user_id, created_at, placed);
