package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.LotteryTables.DRAWS;
import static dev.boxoffice.store.embedded.LotteryTables.ENTRIES;
import static dev.boxoffice.store.embedded.LotteryTables.LOTTERIES;
import static dev.boxoffice.store.embedded.LotteryTables.OFFERS;

import dev.boxoffice.core.Watch;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.DrawResult;
import dev.boxoffice.core.lottery.Entry;
import dev.boxoffice.core.lottery.EntryResult;
import dev.boxoffice.core.lottery.Lottery;
import dev.boxoffice.core.lottery.LotteryBook;
import dev.boxoffice.core.lottery.LotteryChange;
import dev.boxoffice.core.lottery.LotteryStatus;
import dev.boxoffice.core.lottery.LotteryTerms;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.lottery.Standing;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Lottery} port: each lottery's {@link LotteryBook} is a part of its event's state
 * ({@link EventState.Part}), beside the event's ledger in the same {@link EventShard}, so that the
 * draw and its offers (holds on that ledger), and an expired offer and the next one, are each one
 * atomic decision. Every change is journaled and waited for before it is answered.
 *
 * <p>The draw runs in three steps, so that a draw over millions of entrants holds the event's lock
 * only briefly: freeze the entrant set (under the lock), compute the draw (outside it), then record
 * the draw and make the offers (under the lock again). Two draws of one lottery at once both
 * compute; the first to record wins and the second answers its result.
 *
 * <p>Thread policy: thread-safe.
 */
final class EmbeddedLottery implements Lottery {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLottery.class);

  private final Journal journal;
  private final EmbeddedInventory inventory;
  private final Reservations<EventId> opening = new Reservations<>();
  private final SecureRandom random = new SecureRandom();

  /** Who waits for news of their standing: an entry is one's news, a draw or offer everyone's. */
  private final Watchers watchers = new Watchers("lottery-watchers");

  /** The lotteries whose draw has not run, with when it is due. */
  private final Map<EventId, Instant> undrawn = new ConcurrentHashMap<>();

  /** Since start: new entries, draws run, and winners those draws offered tickets. */
  private final LongAdder entriesTaken = new LongAdder();

  private final LongAdder drawsRun = new LongAdder();
  private final LongAdder winnersDrawn = new LongAdder();

  EmbeddedLottery(Journal journal, EmbeddedInventory inventory) {
    this.journal = journal;
    this.inventory = inventory;
  }

  /**
   * Rebuilds the lotteries the journal holds, after the inventory's: their set-up, entries, draws
   * (recomputed from the entries and checked against what was recorded) and offers.
   *
   * @return what was read: "N lotteries, N entries"
   */
  String recover() {
    AtomicInteger lotteries = new AtomicInteger();
    journal.scan(
        LOTTERIES,
        (id, setUp) -> {
          EventId event = new EventId(id);
          EventShard shard = inventory.shard(event).orElseThrow();
          Event on = shard.read(s -> s.ledger().event());
          Part part =
              newPart(
                  event, new LotteryBook(on, setUp.terms(), setUp.seed(), setUp.pseudonymKey()));
          shard.read(s -> add(s, part));
          lotteries.incrementAndGet();
        });
    AtomicInteger entries = new AtomicInteger();
    journal.scan(
        ENTRIES,
        (key, entry) -> {
          replay(Table.eventOf(key), new LotteryChange.Entered(entry));
          entries.incrementAndGet();
        });
    journal.scan(
        DRAWS,
        (key, summary) -> {
          replay(new EventId(key), new LotteryChange.Drawn(summary));
          undrawn.remove(new EventId(key));
        });
    journal.scan(
        OFFERS, (key, offer) -> replay(Table.eventOf(key), new LotteryChange.Offered(offer)));
    return String.format("%,d lotteries, %,d entries", lotteries.get(), entries.get());
  }

  private void replay(EventId event, LotteryChange change) {
    inventory
        .shard(event)
        .orElseThrow()
        .read(
            s -> {
              part(s).orElseThrow().book.apply(change);
              return null;
            });
  }

  private Void add(EventState state, Part part) {
    state.add(part);
    if (part.book.summary().isEmpty()) {
      undrawn.put(part.event, part.book.terms().drawAt());
    }
    return null;
  }

  @Override
  public boolean setUp(Event event, LotteryTerms terms, Seed seed) {
    journal.requireHealthy();
    Optional<EventShard> found = inventory.shard(event.id());
    if (found.isEmpty() || !found.get().read(s -> s.ledger().event()).equals(event)) {
      return false;
    }
    EventShard shard = found.get();
    Seed pseudonymKey = Seed.random(random);
    Part part = newPart(event.id(), new LotteryBook(event, terms, seed, pseudonymKey));
    Optional<LotteryTerms> existing = shard.read(s -> part(s).map(p -> p.book.terms()));
    if (existing.isPresent()) {
      return existing.get().equals(terms);
    }
    return opening.durably(
        event.id(),
        () -> shard.read(s -> part(s).isPresent()),
        () ->
            journal.append(
                List.of(
                    new JournalRecord.Put<>(
                        LOTTERIES,
                        event.id().value(),
                        new LotteryTables.SetUp(terms, seed, pseudonymKey)))),
        () -> shard.read(s -> add(s, part)));
  }

  @Override
  public Optional<LotteryStatus> status(EventId event) {
    return read(event, p -> LotteryStatus.of(event, p.book));
  }

  @Override
  public EntryResult enter(EventId event, UserId user, String tokenId, Instant now) {
    journal.requireHealthy();
    Optional<EventShard> shard = inventory.shard(event);
    if (shard.isEmpty()) {
      return new EntryResult.UnknownLottery(event);
    }
    String id = Entry.newId(event, now);
    EntryResult result =
        shard
            .get()
            .decide(
                (state, records) ->
                    part(state)
                        .<EntryResult>map(
                            p -> p.book.enter(user, tokenId, now, id, p.changes(records)))
                        .orElseGet(() -> new EntryResult.UnknownLottery(event)));
    if (result instanceof EntryResult.Entered) {
      entriesTaken.increment();
    }
    return result;
  }

  @Override
  public DrawResult draw(EventId event, Instant now) {
    journal.requireHealthy();
    Optional<EventShard> found = inventory.shard(event);
    Optional<LotteryBook> lottery =
        found.flatMap(shard -> shard.read(s -> part(s).map(p -> p.book)));
    if (lottery.isEmpty()) {
      return new DrawResult.UnknownLottery(event);
    }
    EventShard shard = found.get();
    LotteryBook book = lottery.get();
    long started = System.nanoTime();
    Optional<List<String>> entrants = shard.read(s -> book.freeze(now));
    if (entrants.isEmpty()) {
      return shard.read(
          s ->
              book.summary()
                  .<DrawResult>map(summary -> new DrawResult.Drawn(summary, true))
                  .orElseGet(
                      () -> new DrawResult.RegistrationOpen(book.terms().registerClosesAt())));
    }
    Draw.Outcome outcome = book.run(entrants.get()); // outside the lock: the set is frozen
    DrawResult result =
        shard.decide(
            inventory.onLedger(
                now,
                (state, ledgerChanges, records) ->
                    book.drawn(
                        outcome,
                        now,
                        state.ledger(),
                        part(state).orElseThrow().changes(records),
                        ledgerChanges)));
    if (result instanceof DrawResult.Drawn drawn && !drawn.again()) {
      drawsRun.increment();
      winnersDrawn.add(drawn.summary().winners());
      LOG.info(
          "lottery {} drawn in {} ms: {} entrants, {} winners offered their tickets, {} waitlisted",
          event.value(),
          (System.nanoTime() - started) / 1_000_000,
          drawn.summary().entrants(),
          drawn.summary().winners(),
          drawn.summary().waitlisted());
    }
    return result;
  }

  @Override
  public int drawDue(Instant now) {
    int ran = 0;
    for (Map.Entry<EventId, Instant> due : undrawn.entrySet()) {
      if (!now.isBefore(due.getValue())
          && draw(due.getKey(), now) instanceof DrawResult.Drawn drawn) {
        undrawn.remove(due.getKey());
        ran += drawn.again() ? 0 : 1;
      }
    }
    return ran;
  }

  /** Entries taken since start; repeats and refusals not counted. */
  long entries() {
    return entriesTaken.sum();
  }

  /** Draws run since start. */
  long draws() {
    return drawsRun.sum();
  }

  /** Winners offered their tickets by the draws run since start (the waitlist not counted). */
  long winners() {
    return winnersDrawn.sum();
  }

  @Override
  public Standing standing(EventId event, UserId user) {
    return read(event, p -> p.book.standing(user)).orElseGet(Standing.NotEntered::new);
  }

  @Override
  public Watch watch(EventId event, UserId user, Runnable changed) {
    return watchers.watch(event, user, changed);
  }

  /** Whoever watches the standings a change can move. */
  private void tell(EventId event, LotteryChange change) {
    switch (change) {
      case LotteryChange.Entered entered -> watchers.signal(event, entered.entry().user());
      case LotteryChange.Drawn drawn -> watchers.signalAll(event);
      case LotteryChange.Offered offered -> watchers.signalAll(event);
    }
  }

  private Part newPart(EventId event, LotteryBook book) {
    return new Part(event, book, change -> tell(event, change));
  }

  @Override
  public Optional<String> entrantName(EventId event, UserId user) {
    return read(event, p -> p.book.entrantName(user)).flatMap(Function.identity());
  }

  @Override
  public Optional<List<String>> entrants(EventId event) {
    return read(event, p -> p.book.drawnEntrants()).flatMap(Function.identity());
  }

  private <R> Optional<R> read(EventId event, Function<Part, R> reader) {
    journal.requireHealthy();
    return inventory.shard(event).flatMap(shard -> shard.read(s -> part(s).map(reader)));
  }

  private static Optional<Part> part(EventState state) {
    return state.part(Part.class);
  }

  /** A lottery's book as a part of its event's state, journaling what it changes. */
  private static final class Part implements EventState.Part {
    private final EventId event;
    private final LotteryBook book;
    private final Consumer<LotteryChange> told;

    Part(EventId event, LotteryBook book, Consumer<LotteryChange> told) {
      this.event = event;
      this.book = book;
      this.told = told;
    }

    /** Journals each change a decision makes, and tells its watchers. */
    Consumer<LotteryChange> changes(Consumer<JournalRecord> records) {
      return change -> {
        LotteryTables.record(event, change, records);
        told.accept(change);
      };
    }

    @Override
    public void observe(LedgerChange change) {
      book.observe(change);
    }

    @Override
    public void settle(
        EventLedger ledger,
        Instant now,
        Consumer<LedgerChange> ledgerChanges,
        Consumer<JournalRecord> records) {
      book.settle(now, ledger, changes(records), ledgerChanges);
    }
  }
}
