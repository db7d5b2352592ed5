-- A waiting room's line, recorded so that a Redis restarted empty gets it back: every join (its
-- place in line once it has one), the line's opening (decided here, so that servers opening it at
-- once agree: the shuffled pre-queue's places are written to the joins) and every admission (the
-- line served up to a place, at a time: the sessions of those admitted end an access time later).

ALTER TABLE rooms
  ADD COLUMN opened_at timestamptz,
  ADD COLUMN digest    text,
  ADD COLUMN shuffled  integer; -- how many the opening shuffled: the places 1..shuffled

CREATE TABLE room_joins (
  event_id  text    NOT NULL REFERENCES rooms (event_id),
  user_id   text    NOT NULL,
  position  bigint,           -- NULL while in the pre-queue
  seq       bigint  GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (event_id, user_id)
);

CREATE TABLE room_admissions (
  event_id     text        NOT NULL REFERENCES rooms (event_id),
  served_to    bigint      NOT NULL,
  admitted_at  timestamptz NOT NULL,
  PRIMARY KEY (event_id, served_to)
);
