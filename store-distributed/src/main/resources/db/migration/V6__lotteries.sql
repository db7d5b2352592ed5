-- Lotteries: each one's terms and secrets, every entry, the draw once it has run, and every offer it
-- made. Redis holds the live state beside the event's stock (entries as they come, the draw order,
-- the offers' holds); these tables are the record it is rebuilt from. An entry is acknowledged only
-- once it is here; the draw is recomputed from these entries and the seed by anyone who checks it.

CREATE TABLE lotteries (
  event_id            text        PRIMARY KEY REFERENCES stock_events (id),
  register_opens_at   timestamptz NOT NULL,
  register_closes_at  timestamptz NOT NULL,
  cooldown_millis     bigint      NOT NULL,
  tickets_per_winner  integer     NOT NULL,
  offer_ttl_millis    bigint      NOT NULL,
  waitlist_size       integer     NOT NULL,
  entrant_list        text        NOT NULL,
  seed                text        NOT NULL,
  pseudonym_key       text        NOT NULL,
  draw_at             timestamptz NOT NULL,
  offered             boolean     NOT NULL DEFAULT false, -- the draw's offers are made in Redis
  settled             boolean     NOT NULL DEFAULT false  -- every offer ended, and none is owed
);

CREATE INDEX lotteries_undrawn ON lotteries (draw_at) WHERE NOT offered;
CREATE INDEX lotteries_offering ON lotteries (event_id) WHERE offered AND NOT settled;

CREATE TABLE lottery_entries (
  event_id    text        NOT NULL REFERENCES lotteries (event_id),
  user_id     text        NOT NULL,
  entry_id    text        NOT NULL UNIQUE,
  token_id    text        NOT NULL,
  entered_at  timestamptz NOT NULL,
  PRIMARY KEY (event_id, user_id)
);

CREATE TABLE lottery_draws (
  event_id         text        PRIMARY KEY REFERENCES lotteries (event_id),
  drawn_at         timestamptz NOT NULL,
  algorithm        text        NOT NULL,
  entrants_digest  text        NOT NULL,
  winners_digest   text        NOT NULL,
  waitlist_digest  text        NOT NULL,
  entrants         integer     NOT NULL,
  winners          integer     NOT NULL,
  waitlisted       integer     NOT NULL
);

-- One offer per place in the draw order and per user: servers offering at once make one offer. An
-- offer that ended unpaid is marked lapsed before it is passed on.
CREATE TABLE lottery_offers (
  event_id    text        NOT NULL REFERENCES lotteries (event_id),
  place       integer     NOT NULL,
  user_id     text        NOT NULL,
  hold_id     text        NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  lapsed      boolean     NOT NULL DEFAULT false,
  PRIMARY KEY (event_id, place),
  UNIQUE (event_id, user_id)
);
