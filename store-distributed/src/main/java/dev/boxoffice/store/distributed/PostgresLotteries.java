package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.lottery.DrawSummary;
import dev.boxoffice.core.lottery.Entry;
import dev.boxoffice.core.lottery.LotteryTerms;
import dev.boxoffice.core.lottery.Offer;
import dev.boxoffice.core.lottery.Seed;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The record of every lottery ({@code V6__lotteries.sql}, {@code V7__lottery_freeze.sql}): terms
 * and secrets, entries, the draw and its offers. Every write may be repeated, by any server, and
 * changes nothing the second time; two servers writing one draw's offers at once agree on the first
 * written.
 *
 * <p>Thread policy: thread-safe.
 */
final class PostgresLotteries {
  /** How many entries are read from PostgreSQL at a time when they are streamed. */
  private static final int FETCH = 10_000;

  private final Jdbi jdbi;

  /** A lottery as set up: its terms, the seed of its draw and the key of its pseudonyms. */
  record SetUp(EventId event, LotteryTerms terms, Seed seed, Seed pseudonymKey) {}

  /** An entry into the lottery of {@code event}. */
  record Entered(EventId event, Entry entry) {}

  PostgresLotteries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Sets up the lottery of an event whose stock is open, unless it has one. True if its lottery
   * (now or before) runs on {@code terms}; the first seed and key stay.
   */
  boolean setUp(EventId event, LotteryTerms terms, Seed seed, Seed pseudonymKey) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO lotteries (event_id, register_opens_at, register_closes_at,"
                        + " cooldown_millis, tickets_per_winner, offer_ttl_millis, waitlist_size,"
                        + " entrant_list, seed, pseudonym_key, draw_at) SELECT id, :opens, :closes,"
                        + " :cooldown, :per, :ttl, :waitlist, :list, :seed, :key, :drawAt"
                        + " FROM stock_events WHERE id = :event ON CONFLICT (event_id) DO NOTHING")
                .bind("event", event.value())
                .bind("opens", Columns.utc(terms.registerOpensAt()))
                .bind("closes", Columns.utc(terms.registerClosesAt()))
                .bind("cooldown", terms.cooldown().toMillis())
                .bind("per", terms.ticketsPerWinner())
                .bind("ttl", terms.offerTtl().toMillis())
                .bind("waitlist", terms.waitlistSize())
                .bind("list", terms.entrantList().name())
                .bind("seed", seed.hex())
                .bind("key", pseudonymKey.hex())
                .bind("drawAt", Columns.utc(terms.drawAt()))
                .execute());
    return find(event).map(found -> found.terms().equals(terms)).orElse(false);
  }

  Optional<SetUp> find(EventId event) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM lotteries WHERE event_id = :event")
                .bind("event", event.value())
                .map(
                    (rs, ctx) ->
                        new SetUp(
                            event,
                            new LotteryTerms(
                                Columns.instant(rs, "register_opens_at"),
                                Columns.instant(rs, "register_closes_at"),
                                Duration.ofMillis(rs.getLong("cooldown_millis")),
                                rs.getInt("tickets_per_winner"),
                                Duration.ofMillis(rs.getLong("offer_ttl_millis")),
                                rs.getInt("waitlist_size"),
                                LotteryTerms.EntrantList.valueOf(rs.getString("entrant_list"))),
                            new Seed(rs.getString("seed")),
                            new Seed(rs.getString("pseudonym_key"))))
                .findOne());
  }

  /**
   * Records these entries in one transaction, except those of a lottery whose entrant set is
   * frozen; those recorded before change nothing. Answers, for each entry, whether it is recorded.
   */
  List<Boolean> enter(List<Entered> entries) {
    return jdbi.inTransaction(
        h -> {
          // Locked to share: a freeze waits for these entries, or they see it.
          Set<String> frozen = new HashSet<>();
          h.createQuery(
                  "SELECT event_id, frozen FROM lotteries WHERE event_id = ANY(:events)"
                      + " ORDER BY event_id FOR SHARE")
              .bind(
                  "events",
                  entries.stream().map(e -> e.event().value()).distinct().toArray(String[]::new))
              .map((rs, ctx) -> rs.getBoolean(2) && frozen.add(rs.getString(1)))
              .list();
          PreparedBatch insert =
              h.prepareBatch(
                  "INSERT INTO lottery_entries (event_id, user_id, entry_id, token_id, entered_at)"
                      + " VALUES (:event, :user, :id, :token, :at) ON CONFLICT DO NOTHING");
          List<Entered> refused = new ArrayList<>();
          for (Entered entered : entries) {
            if (frozen.contains(entered.event().value())) {
              refused.add(entered);
              continue;
            }
            Entry entry = entered.entry();
            insert
                .bind("event", entered.event().value())
                .bind("user", entry.user().value())
                .bind("id", entry.id())
                .bind("token", entry.tokenId())
                .bind("at", Columns.utc(entry.enteredAt()))
                .add();
          }
          if (insert.size() > 0) {
            insert.execute();
          }
          // Refused unless recorded before the freeze (its recorder's answer lost, say).
          Set<String> before =
              refused.isEmpty()
                  ? Set.of()
                  : new HashSet<>(
                      h.createQuery(
                              "SELECT entry_id FROM lottery_entries WHERE entry_id = ANY(:ids)")
                          .bind(
                              "ids",
                              refused.stream().map(e -> e.entry().id()).toArray(String[]::new))
                          .mapTo(String.class)
                          .list());
          return entries.stream()
              .map(e -> !frozen.contains(e.event().value()) || before.contains(e.entry().id()))
              .toList();
        });
  }

  /**
   * Freezes the lottery's entrant set: no entry is recorded after this returns, and those recorded
   * before are all visible to a read that starts after it.
   */
  void freeze(EventId event) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE lotteries SET frozen = true WHERE event_id = :event")
                .bind("event", event.value())
                .execute());
  }

  /** Whether the lottery's entrant set is frozen. */
  boolean frozen(EventId event) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT frozen FROM lotteries WHERE event_id = :event")
                .bind("event", event.value())
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
  }

  /** Hands every entry of the lottery to {@code each}, streamed, in no particular order. */
  void entries(EventId event, Consumer<Entry> each) {
    jdbi.useTransaction(
        h ->
            h.createQuery(
                    "SELECT user_id, entry_id, token_id, entered_at FROM lottery_entries"
                        + " WHERE event_id = :event")
                .bind("event", event.value())
                .setFetchSize(FETCH)
                .map(
                    (rs, ctx) ->
                        new Entry(
                            rs.getString("entry_id"),
                            new UserId(rs.getString("user_id")),
                            rs.getString("token_id"),
                            Columns.instant(rs, "entered_at")))
                .forEach(each));
  }

  /** The draw of the lottery, once it is recorded; the seed is the lottery's. */
  Optional<DrawSummary> draw(EventId event, Seed seed) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM lottery_draws WHERE event_id = :event")
                .bind("event", event.value())
                .map((rs, ctx) -> summary(rs, seed))
                .findOne());
  }

  /** Records the draw, unless one is recorded; true if this one is. */
  boolean drawn(EventId event, DrawSummary summary) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO lottery_draws (event_id, drawn_at, algorithm, entrants_digest,"
                            + " winners_digest, waitlist_digest, entrants, winners, waitlisted)"
                            + " VALUES (:event, :at, :algorithm, :entrants_digest, :winners_digest,"
                            + " :waitlist_digest, :entrants, :winners, :waitlisted)"
                            + " ON CONFLICT (event_id) DO NOTHING")
                    .bind("event", event.value())
                    .bind("at", Columns.utc(summary.drawnAt()))
                    .bind("algorithm", summary.algorithm())
                    .bind("entrants_digest", summary.entrantsDigest())
                    .bind("winners_digest", summary.winnersDigest())
                    .bind("waitlist_digest", summary.waitlistDigest())
                    .bind("entrants", summary.entrants())
                    .bind("winners", summary.winners())
                    .bind("waitlisted", summary.waitlisted())
                    .execute())
        == 1;
  }

  private static DrawSummary summary(ResultSet rs, Seed seed) throws SQLException {
    return new DrawSummary(
        Columns.instant(rs, "drawn_at"),
        rs.getString("algorithm"),
        seed,
        rs.getString("entrants_digest"),
        rs.getString("winners_digest"),
        rs.getString("waitlist_digest"),
        rs.getInt("entrants"),
        rs.getInt("winners"),
        rs.getInt("waitlisted"));
  }

  /**
   * Records these offers, at consecutive places, unless offers at those places are recorded;
   * returns the offers that stand at those places.
   */
  List<Offer> offer(EventId event, List<Offer> offers) {
    return jdbi.inTransaction(
        h -> {
          PreparedBatch insert =
              h.prepareBatch(
                  "INSERT INTO lottery_offers (event_id, place, user_id, hold_id, expires_at)"
                      + " VALUES (:event, :place, :user, :hold, :expires) ON CONFLICT DO NOTHING");
          for (Offer offer : offers) {
            insert
                .bind("event", event.value())
                .bind("place", offer.place())
                .bind("user", offer.user().value())
                .bind("hold", offer.hold().value())
                .bind("expires", Columns.utc(offer.expiresAt()))
                .add();
          }
          insert.execute();
          return h.createQuery(
                  "SELECT * FROM lottery_offers WHERE event_id = :event"
                      + " AND place BETWEEN :first AND :last ORDER BY place")
              .bind("event", event.value())
              .bind("first", offers.getFirst().place())
              .bind("last", offers.getLast().place())
              .map((rs, ctx) -> offer(rs))
              .list();
        });
  }

  /** Every offer the lottery made, in place order. */
  List<Offer> offers(EventId event) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM lottery_offers WHERE event_id = :event ORDER BY place")
                .bind("event", event.value())
                .map((rs, ctx) -> offer(rs))
                .list());
  }

  private static Offer offer(ResultSet rs) throws SQLException {
    return new Offer(
        new UserId(rs.getString("user_id")),
        rs.getInt("place"),
        new HoldId(rs.getString("hold_id")),
        Columns.instant(rs, "expires_at"));
  }

  /** Marks these offers' holds as lapsed: they ended unpaid. */
  void lapsed(List<HoldId> holds) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE lottery_offers SET lapsed = true WHERE hold_id = ANY(:holds)")
                .bind("holds", holds.stream().map(HoldId::value).toArray(String[]::new))
                .execute());
  }

  /** The holds of a lottery's offers that ended: completed (their orders recorded), or lapsed. */
  record Ended(Set<HoldId> completed, Set<HoldId> lapsed) {
    boolean contains(HoldId hold) {
      return completed.contains(hold) || lapsed.contains(hold);
    }
  }

  Ended ended(EventId event) {
    Set<HoldId> completed = new HashSet<>();
    Set<HoldId> lapsed = new HashSet<>();
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT o.hold_id, o.lapsed FROM lottery_offers o WHERE o.event_id = :event AND"
                        + " (o.lapsed OR EXISTS (SELECT 1 FROM orders r WHERE r.hold_id = o.hold_id))")
                .bind("event", event.value())
                .map(
                    (rs, ctx) ->
                        (rs.getBoolean(2) ? lapsed : completed).add(new HoldId(rs.getString(1))))
                .list());
    return new Ended(completed, lapsed);
  }

  /** Records the expiry each of these offers was made with. */
  void stamp(List<Offer> offers) {
    jdbi.useTransaction(
        h -> {
          PreparedBatch update =
              h.prepareBatch(
                  "UPDATE lottery_offers SET expires_at = :expires WHERE hold_id = :hold");
          for (Offer offer : offers) {
            update
                .bind("hold", offer.hold().value())
                .bind("expires", Columns.utc(offer.expiresAt()))
                .add();
          }
          update.execute();
        });
  }

  /** The lotteries drawn with offers outstanding, or owed: those the workers settle. */
  List<EventId> offering() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT event_id FROM lotteries WHERE offered AND NOT settled")
                .map((rs, ctx) -> new EventId(rs.getString(1)))
                .list());
  }

  /** Notes that every offer of the lottery ended and none is owed: nothing more to settle. */
  void settled(EventId event) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE lotteries SET settled = true WHERE event_id = :event")
                .bind("event", event.value())
                .execute());
  }

  /** Notes that the draw's offers are made in Redis: the draw is done. */
  void offered(EventId event) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE lotteries SET offered = true WHERE event_id = :event")
                .bind("event", event.value())
                .execute());
  }

  /** The lotteries whose draw is due by {@code now} and not done. */
  List<EventId> due(Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT event_id FROM lotteries WHERE NOT offered AND draw_at <= :now")
                .bind("now", Columns.utc(now))
                .map((rs, ctx) -> new EventId(rs.getString(1)))
                .list());
  }
}
