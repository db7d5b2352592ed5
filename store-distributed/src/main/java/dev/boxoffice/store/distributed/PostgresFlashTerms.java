package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.flashsale.FlashTerms;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Each event's flash-sale terms, kept in PostgreSQL ({@code flash_terms}) for every server.
 *
 * <p>Thread policy: thread-safe.
 */
final class PostgresFlashTerms {
  private final Jdbi jdbi;

  PostgresFlashTerms(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Sets the terms of an event whose stock is open, or replaces them; false for another event. */
  boolean set(EventId event, FlashTerms terms) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO flash_terms (event_id, challenge_difficulty, interval_millis)"
                            + " SELECT id, :difficulty, :interval FROM stock_events WHERE id ="
                            + " :event ON CONFLICT (event_id) DO UPDATE SET challenge_difficulty ="
                            + " excluded.challenge_difficulty, interval_millis ="
                            + " excluded.interval_millis")
                    .bind("event", event.value())
                    .bind("difficulty", terms.challengeDifficulty())
                    .bind("interval", terms.purchaseInterval().toMillis())
                    .execute())
        > 0;
  }

  Optional<FlashTerms> find(EventId event) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT challenge_difficulty, interval_millis FROM flash_terms"
                        + " WHERE event_id = :event")
                .bind("event", event.value())
                .map((rs, ctx) -> new FlashTerms(rs.getInt(1), Duration.ofMillis(rs.getLong(2))))
                .findOne());
  }
}
