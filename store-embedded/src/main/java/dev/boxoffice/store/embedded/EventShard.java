package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.TicketTypeCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One event's state and the lock that serialises every decision on it: the single writer of that
 * event. A decision runs under the lock and reports the journal records of what it changed; they
 * are queued to the journal before the lock is released, so the journal's order is the decision
 * order. The caller then waits, outside the lock, for them to be durable. The journal is FIFO, so
 * waiting for the shard's latest append covers every earlier change an answer may depend on.
 *
 * <p>The shard knows nothing of holds or lotteries: a feature hands it a {@link Decision} over
 * {@link EventState} and the records to journal.
 *
 * <p>Thread policy: thread-safe; {@code lastAppend} is guarded by {@code lock}.
 */
final class EventShard {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final EventState state;
  private final Journal journal;
  private final ReentrantLock lock = new ReentrantLock();
  private CompletableFuture<Void> lastAppend = DONE;

  EventShard(EventState state, Journal journal) {
    this.state = state;
    this.journal = journal;
  }

  /** One decision on an event's state, reporting the records of its changes to the sink. */
  @FunctionalInterface
  interface Decision<R> {
    R decide(EventState state, Consumer<JournalRecord> changes);
  }

  /** A decision's result and the future of the commit that makes it durable. */
  record Decided<R>(R result, CompletableFuture<Void> durable) {}

  /**
   * Decides under the lock and journals the changes, then waits for them outside it; each step in a
   * span of its own ({@link StoreTracing}).
   */
  <R> R decide(Decision<R> decision) {
    Decided<R> decided = StoreTracing.inSpan("decide", () -> decideNow(decision));
    StoreTracing.inSpan(
        "journal wait",
        () -> {
          Journal.awaitDurable(decided.durable());
          return null;
        });
    return decided.result();
  }

  /**
   * Decides under the lock and queues the changes; the returned future completes when they, and
   * every earlier change of this event, are durable.
   */
  <R> Decided<R> decideNow(Decision<R> decision) {
    List<JournalRecord> records = new ArrayList<>(2);
    lock.lock();
    try {
      R result = decision.decide(state, records::add);
      if (!records.isEmpty()) {
        lastAppend = journal.append(records);
      }
      return new Decided<>(result, lastAppend);
    } finally {
      lock.unlock();
    }
  }

  /** {@link EventState#soldOut}, without the lock. */
  boolean soldOut(TicketTypeCode type, Instant now) {
    return state.soldOut(type, now);
  }

  /** Reads the state under the lock: what is decided, at most a group commit ahead of disk. */
  <R> R read(Function<EventState, R> reader) {
    lock.lock();
    try {
      return reader.apply(state);
    } finally {
      lock.unlock();
    }
  }
}
