package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.RoomTables.ADMISSIONS;
import static dev.boxoffice.store.embedded.RoomTables.FINISHED;
import static dev.boxoffice.store.embedded.RoomTables.LINE;
import static dev.boxoffice.store.embedded.RoomTables.OPENINGS;
import static dev.boxoffice.store.embedded.RoomTables.PRE_QUEUE;
import static dev.boxoffice.store.embedded.RoomTables.ROOMS;
import static dev.boxoffice.store.embedded.RoomTables.SOLD_OUT;

import dev.boxoffice.core.Watch;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.waitingroom.JoinResult;
import dev.boxoffice.core.waitingroom.QueueBook;
import dev.boxoffice.core.waitingroom.QueueStanding;
import dev.boxoffice.core.waitingroom.RoomChange;
import dev.boxoffice.core.waitingroom.RoomStats;
import dev.boxoffice.core.waitingroom.RoomTerms;
import dev.boxoffice.core.waitingroom.WaitingRoom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WaitingRoom} port: each room's {@link QueueBook} is a part of its event's state
 * ({@link EventState.Part}), beside the event's ledger in the same {@link EventShard}, so that a
 * hold is refused to a user without a live session in the same decision that would take the stock,
 * and a completed purchase ends its buyer's session in the decision that completes it. Every change
 * is journaled and waited for before it is answered.
 *
 * <p>Thread policy: thread-safe.
 */
final class EmbeddedWaitingRoom implements WaitingRoom {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedWaitingRoom.class);

  private final Journal journal;
  private final EmbeddedInventory inventory;
  private final Watchers watchers = new Watchers("room-watchers");

  /** The events that have a room, for the admission steps. */
  private final Map<EventId, EventShard> rooms = new ConcurrentHashMap<>();

  /** Each room's terms as last set: read on every selling call, without the event's lock. */
  private final Map<EventId, RoomTerms> terms = new ConcurrentHashMap<>();

  /** Users admitted since start, by every room's admission steps. */
  private final LongAdder admissions = new LongAdder();

  EmbeddedWaitingRoom(Journal journal, EmbeddedInventory inventory) {
    this.journal = journal;
    this.inventory = inventory;
  }

  /**
   * Rebuilds the rooms the journal holds, after the inventory's: terms, pre-queue, opening, line,
   * admissions, ended sessions and sell outs, in that order.
   *
   * @return what was read: "N waiting rooms, N in line"
   */
  String recover() {
    journal.scan(
        ROOMS,
        (id, setUp) -> {
          EventId event = new EventId(id);
          EventShard shard = inventory.shard(event).orElseThrow();
          shard.read(
              s -> {
                s.add(
                    newPart(event, new QueueBook(s.ledger().event(), setUp.terms(), setUp.seed())));
                return null;
              });
          rooms.put(event, shard);
          terms.put(event, setUp.terms());
        });
    journal.scan(
        PRE_QUEUE,
        (key, at) ->
            replay(Table.eventOf(key), new RoomChange.Joined(RoomTables.user(key), 0, at)));
    journal.scan(OPENINGS, (id, at) -> replay(new EventId(id), new RoomChange.Opened(at)));
    AtomicInteger inLine = new AtomicInteger();
    journal.scan(
        LINE,
        (key, joined) -> {
          replay(Table.eventOf(key), joined);
          inLine.incrementAndGet();
        });
    journal.scan(ADMISSIONS, (key, admitted) -> replay(Table.eventOf(key), admitted));
    journal.scan(
        FINISHED,
        (key, at) -> replay(Table.eventOf(key), new RoomChange.Finished(RoomTables.user(key), at)));
    journal.scan(SOLD_OUT, (id, at) -> replay(new EventId(id), new RoomChange.SoldOut(at)));
    return String.format("%,d waiting rooms, %,d in line", rooms.size(), inLine.get());
  }

  private void replay(EventId event, RoomChange change) {
    rooms
        .get(event)
        .read(
            s -> {
              part(s).orElseThrow().book.apply(change);
              return null;
            });
  }

  @Override
  public boolean configure(Event event, RoomTerms terms, Seed seed) {
    journal.requireHealthy();
    Optional<EventShard> found = inventory.shard(event.id());
    if (found.isEmpty() || !found.get().read(s -> s.ledger().event()).equals(event)) {
      return false;
    }
    EventShard shard = found.get();
    QueueBook.requireFits(event, terms);
    shard.decide(
        (state, records) -> {
          Optional<Part> existing = part(state);
          if (existing.isPresent()) {
            existing.get().book.retune(terms, existing.get().changes(records));
          } else {
            QueueBook book = new QueueBook(event, terms, seed);
            records.accept(
                new JournalRecord.Put<>(
                    ROOMS, event.id().value(), new RoomTables.SetUp(terms, seed)));
            state.add(newPart(event.id(), book));
            rooms.put(event.id(), shard);
          }
          this.terms.put(event.id(), terms); // under the lock: the last change is the one kept
          return null;
        });
    watchers.signalAll(event.id());
    return true;
  }

  @Override
  public Optional<RoomTerms> terms(EventId event) {
    journal.requireHealthy();
    return Optional.ofNullable(terms.get(event));
  }

  @Override
  public Optional<RoomStats> stats(EventId event, Instant now) {
    return read(event, p -> p.book.stats(now));
  }

  @Override
  public JoinResult join(EventId event, UserId user, Instant now) {
    journal.requireHealthy();
    EventShard shard = rooms.get(event);
    if (shard == null) {
      return new JoinResult.NoRoom(event);
    }
    return shard.decide(
        (state, records) -> {
          Part part = part(state).orElseThrow();
          return part.book.join(user, now, part.changes(records));
        });
  }

  @Override
  public QueueStanding standing(EventId event, UserId user, Instant now) {
    return read(event, p -> p.book.standing(user, now)).orElseGet(QueueStanding.NotJoined::new);
  }

  @Override
  public int admitDue(Instant now) {
    int admitted = 0;
    List<CompletableFuture<Void>> appends = new ArrayList<>();
    for (EventShard shard : rooms.values()) {
      EventShard.Decided<Integer> step =
          shard.decideNow(
              (state, records) -> {
                Part part = part(state).orElseThrow();
                return part.book.step(now, state.ledger(), part.changes(records));
              });
      admitted += step.result();
      appends.add(step.durable());
    }
    Journal.awaitDurable(CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)));
    admissions.add(admitted);
    return admitted;
  }

  /** Users admitted since start, in every room. */
  long admitted() {
    return admissions.sum();
  }

  /** Users waiting at {@code now} in every room, in its pre-queue or its line. */
  long waiting(Instant now) {
    return total(now, s -> s.preQueue() + s.waiting());
  }

  /** Admitted users whose session is live at {@code now}, in every room. */
  long shopping(Instant now) {
    return total(now, RoomStats::active);
  }

  /**
   * The sum of one figure of every room's stats, each read under its event's lock in turn (not one
   * snapshot of all rooms). No health check: a figure of memory is still a figure, and a scrape
   * should not fail because the journal has.
   */
  private long total(Instant now, ToLongFunction<RoomStats> figure) {
    long total = 0;
    for (EventShard shard : rooms.values()) {
      total += shard.read(s -> part(s).map(p -> figure.applyAsLong(p.book.stats(now))).orElse(0L));
    }
    return total;
  }

  @Override
  public Watch watch(EventId event, UserId user, Runnable changed) {
    return watchers.watch(event, user, changed);
  }

  private <R> Optional<R> read(EventId event, Function<Part, R> reader) {
    journal.requireHealthy();
    EventShard shard = rooms.get(event);
    return shard == null ? Optional.empty() : shard.read(s -> part(s).map(reader));
  }

  private static Optional<Part> part(EventState state) {
    return state.part(Part.class);
  }

  private Part newPart(EventId event, QueueBook book) {
    return new Part(event, book, change -> tell(event, book, change));
  }

  /** Whoever watches the states a change can move; not the places others' admissions move. */
  private void tell(EventId event, QueueBook book, RoomChange change) {
    switch (change) {
      case RoomChange.Joined joined -> watchers.signal(event, joined.user());
      case RoomChange.Admitted admitted -> {
        for (long p = admitted.from(); p <= admitted.upTo(); p++) {
          watchers.signal(event, book.userAt(p));
        }
      }
      case RoomChange.Finished finished -> watchers.signal(event, finished.user());
      case RoomChange.Opened opened -> {
        RoomStats stats = book.stats(opened.at());
        LOG.info(
            "waiting room {} opened: {} in line, the pre-queue shuffled with seed {}, order digest {}",
            event.value(),
            stats.waiting(),
            stats.seed().map(Seed::hex).orElse(""),
            stats.orderDigest().orElse(""));
        watchers.signalAll(event);
      }
      case RoomChange.SoldOut out -> watchers.signalAll(event);
      case RoomChange.Retuned retuned -> watchers.signalAll(event);
    }
  }

  /** A room's book as a part of its event's state, journaling what it changes. */
  private static final class Part implements EventState.Part {
    private final EventId event;
    private final QueueBook book;
    private final Consumer<RoomChange> told;

    Part(EventId event, QueueBook book, Consumer<RoomChange> told) {
      this.event = event;
      this.book = book;
      this.told = told;
    }

    /** Journals each change a decision makes, and tells its watchers. */
    Consumer<RoomChange> changes(Consumer<JournalRecord> records) {
      return change -> {
        RoomTables.record(event, book.seed(), change, records);
        told.accept(change);
      };
    }

    @Override
    public Optional<HoldResult> refusal(HoldRequest request, Instant now) {
      return book.refusal(request.user(), now).map(HoldResult.QueueRequired::new);
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
      book.settle(now, changes(records));
    }
  }
}
