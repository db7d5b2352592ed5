-- The flash sale: each event's terms, and the orders the order pipeline could not sell (accepted,
-- then refused by the stock's record: only a Redis that lost sales it made can accept those).

CREATE TABLE flash_terms (
  event_id              text    PRIMARY KEY REFERENCES stock_events (id),
  challenge_difficulty  integer NOT NULL,
  interval_millis       bigint  NOT NULL
);

CREATE TABLE failed_orders (
  id           text        PRIMARY KEY,
  hold_id      text        NOT NULL UNIQUE,
  event_id     text        NOT NULL REFERENCES stock_events (id),
  user_id      text        NOT NULL,
  ticket_type  text        NOT NULL,
  quantity     integer     NOT NULL CHECK (quantity > 0),
  total_minor  bigint      NOT NULL,
  currency     text        NOT NULL,
  created_at   timestamptz NOT NULL,
  reason       text        NOT NULL
);
