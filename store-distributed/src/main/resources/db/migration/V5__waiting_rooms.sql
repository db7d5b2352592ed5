-- Waiting rooms: each event's room terms and the seed that shuffles its pre-queue. The line itself
-- lives in Redis, beside the event's stock.

CREATE TABLE rooms (
  event_id        text             PRIMARY KEY REFERENCES stock_events (id),
  enabled         boolean          NOT NULL,
  queue_opens_at  timestamptz      NOT NULL,
  rate            double precision NOT NULL,
  max_active      integer          NOT NULL,
  access_millis   bigint           NOT NULL,
  paused          boolean          NOT NULL,
  seed            text             NOT NULL
);
