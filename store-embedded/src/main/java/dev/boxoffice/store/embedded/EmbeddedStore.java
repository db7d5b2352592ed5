package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.inventory.Stock;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.Orders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every port, in memory, made durable by a {@link Journal}. The single-machine default.
 *
 * <p>Concurrency: each event is a {@link Shard}, a ledger guarded by its own lock; there is no
 * global lock. A mutating call decides under the shard's lock and queues the resulting journal
 * records before unlocking, so the journal's order is the decision order. It then waits, outside
 * the lock, for the shard's latest append to be durable, and only then answers. The journal is
 * FIFO, so waiting for the latest append covers every earlier change the answer may depend on (a
 * released or expired hold whose tickets this hold took, the first completion a repeated one
 * returns). Reads of stock see decided state, which may run a group commit ahead of disk.
 *
 * <p>Expiry: a daemon thread ends expired holds every {@link #EXPIRY_SWEEP}, so tickets return to
 * the pool within that time even if nobody asks; every decision also ends due holds first.
 */
public final class EmbeddedStore implements Events, Inventory, Orders, Accounts, AutoCloseable {
  /** How often expired holds are swept back into the pool. */
  public static final Duration EXPIRY_SWEEP = Duration.ofMillis(200);

  /** The database file {@link #open} keeps in the data directory. */
  public static final String DATABASE_FILE = "boxoffice.db";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final Journal journal;
  private final InstantSource clock;
  private final ConcurrentHashMap<EventId, Shard> shards = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<OrderId, Order> orders = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UserId, List<Order>> ordersByUser = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UserId, Account> accounts = new ConcurrentHashMap<>();
  private final LongAdder expired = new LongAdder();
  private final Thread sweeper;

  private EmbeddedStore(Journal journal, InstantSource clock) {
    this.journal = journal;
    this.clock = clock;
    recover(journal.recover());
    this.sweeper =
        Thread.ofPlatform()
            .name("boxoffice-expiry")
            .daemon()
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      Thread.sleep(EXPIRY_SWEEP);
                      expire(clock.instant());
                    } catch (InterruptedException e) {
                      return;
                    } catch (RuntimeException e) {
                      // Once the journal has failed or closed nothing more can be made durable,
                      // and healthy() says so; the sweeper stops rather than fail every 200 ms.
                      // Anything else is a bug in one sweep: log it and keep sweeping.
                      if (!journal.healthy()) {
                        return;
                      }
                      LOG.error("expiry sweep failed; retrying", e);
                    }
                  }
                });
  }

  /** A store with no durability at all: tests and benchmarks of the decisions alone. */
  public static EmbeddedStore inMemory(InstantSource clock) {
    return new EmbeddedStore(Journal.none(), clock);
  }

  /**
   * The durable store: opens (creating if needed, readable by the owner only, see {@link
   * DataFolder}) {@code <dataDir>/boxoffice.db}, a {@link SqliteJournal} committing as {@code sync}
   * says, rebuilds state from it and releases, durably, the holds that expired while the store was
   * down. {@code listener} hears about every group commit.
   *
   * @throws JournalException if the database cannot be opened or read, or another process has it
   */
  public static EmbeddedStore open(
      Path dataDir, InstantSource clock, JournalSync sync, JournalListener listener) {
    DataFolder.prepare(dataDir, dataDir.resolve(DATABASE_FILE));
    SqliteJournal journal = SqliteJournal.open(dataDir.resolve(DATABASE_FILE), sync, listener);
    try {
      return new EmbeddedStore(journal, clock);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /**
   * Whether every change is still being made durable. False once the journal has failed (every
   * later change is then refused) or the store is closed: report not ready, restart from disk.
   */
  public boolean healthy() {
    return journal.healthy();
  }

  /** The store as one bundle of ports. */
  public Stores stores() {
    return new Stores(this, this, this, this);
  }

  /** Holds ended by expiry since start. */
  public long expiredHolds() {
    return expired.sum();
  }

  // ---- Events

  @Override
  public boolean create(Event event) {
    Shard shard = new Shard(new EventLedger(event));
    // Locked before it is published, so no hold on the new event can reach the journal ahead of
    // the event itself.
    shard.lock.lock();
    try {
      if (shards.putIfAbsent(event.id(), shard) != null) {
        return false;
      }
      shard.lastAppend = journal.append(List.of(new JournalRecord.EventCreated(event)));
    } finally {
      shard.lock.unlock();
    }
    awaitDurable(shard.lastAppend);
    return true;
  }

  @Override
  public Optional<Event> find(EventId id) {
    return Optional.ofNullable(shards.get(id)).map(s -> s.ledger.event());
  }

  @Override
  public List<Event> list() {
    return shards.values().stream()
        .map(s -> s.ledger.event())
        .sorted(Comparator.comparing(Event::startsAt).thenComparing(e -> e.id().value()))
        .toList();
  }

  // ---- Inventory

  @Override
  public HoldResult hold(HoldRequest request, Instant now) {
    Shard shard = shards.get(request.event());
    if (shard == null) {
      return new HoldResult.UnknownEvent(request.event());
    }
    HoldId id = HoldId.random(request.event(), now);
    return shard.decide((ledger, changes) -> ledger.hold(request, now, id, changes));
  }

  @Override
  public CompleteResult complete(HoldId hold, UserId user, Instant now) {
    Shard shard = shards.get(hold.event());
    if (shard == null) {
      return new CompleteResult.NotFound(hold);
    }
    OrderId id = OrderId.random();
    CompleteResult result =
        shard.decide((ledger, changes) -> ledger.complete(hold, user, now, id, changes));
    // Index on every completion, first or repeated: both wait for the same commit, and a repeated
    // one must not answer before the order can be read.
    if (result instanceof CompleteResult.Completed(Order order, boolean repeated)) {
      index(order);
    }
    return result;
  }

  @Override
  public ReleaseResult release(HoldId hold, UserId user, Instant now) {
    Shard shard = shards.get(hold.event());
    if (shard == null) {
      return new ReleaseResult.NotFound(hold);
    }
    return shard.decide((ledger, changes) -> ledger.release(hold, user, now, changes));
  }

  /**
   * Ends expired holds in every event, then waits once for all their commits together, so a sweep
   * costs one group commit however many events it touches.
   */
  @Override
  public int expire(Instant now) {
    int count = 0;
    List<CompletableFuture<Void>> appends = new ArrayList<>();
    for (Shard shard : shards.values()) {
      Decided<Integer> ended = shard.decideNow((ledger, changes) -> ledger.expire(now, changes));
      if (ended.result() > 0) {
        count += ended.result();
        appends.add(ended.durable());
      }
    }
    awaitDurable(CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)));
    return count;
  }

  @Override
  public Optional<Stock> stock(EventId event) {
    Shard shard = shards.get(event);
    if (shard == null) {
      return Optional.empty();
    }
    shard.lock.lock();
    try {
      return Optional.of(shard.ledger.stock());
    } finally {
      shard.lock.unlock();
    }
  }

  // ---- Orders

  @Override
  public Optional<Order> find(OrderId id) {
    return Optional.ofNullable(orders.get(id));
  }

  @Override
  public List<Order> byUser(UserId user) {
    List<Order> mine = ordersByUser.get(user);
    if (mine == null) {
      return List.of();
    }
    synchronized (mine) {
      return List.copyOf(mine);
    }
  }

  // ---- Accounts

  @Override
  public boolean register(Account account) {
    if (accounts.putIfAbsent(account.user(), account) != null) {
      return false;
    }
    awaitDurable(journal.append(List.of(new JournalRecord.AccountRegistered(account))));
    return true;
  }

  @Override
  public Optional<Account> find(UserId user) {
    return Optional.ofNullable(accounts.get(user));
  }

  @Override
  public void close() {
    sweeper.interrupt();
    try {
      sweeper.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    journal.close();
  }

  /** Waits until the append is durable; a journal failure surfaces as itself, unwrapped. */
  private static void awaitDurable(CompletableFuture<Void> append) {
    try {
      append.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof JournalException failure) {
        throw failure;
      }
      throw e;
    }
  }

  /** Makes the order readable, once; a caller that finds it being indexed waits until it is. */
  private void index(Order order) {
    orders.computeIfAbsent(
        order.id(),
        id -> {
          ordersByUser
              .computeIfAbsent(order.user(), u -> Collections.synchronizedList(new ArrayList<>()))
              .add(order);
          return order;
        });
  }

  private void recover(Journal.State state) {
    state.accounts().forEach(a -> accounts.put(a.user(), a));
    state.events().forEach(e -> shards.put(e.id(), new Shard(new EventLedger(e))));
    for (Order order : state.orders()) {
      shards.get(order.event()).ledger.apply(new LedgerChange.OrderPlaced(order));
      index(order);
    }
    for (Hold hold : state.liveHolds()) {
      shards.get(hold.event()).ledger.apply(new LedgerChange.HoldCreated(hold));
    }
    // Holds that expired while the store was down go back to the pool now, durably.
    expire(clock.instant());
  }

  /** A decision's result and the future of the commit that makes it durable. */
  private record Decided<R>(R result, CompletableFuture<Void> durable) {}

  /** One decision on a ledger, reporting its changes to the sink. */
  @FunctionalInterface
  private interface Decision<R> {
    R decide(EventLedger ledger, Consumer<LedgerChange> changes);
  }

  /**
   * One event's ledger and the lock that serialises it. {@code lastAppend} is the future of the
   * latest journal append made for this event; guarded by {@code lock}.
   */
  private final class Shard {
    final EventLedger ledger;
    final ReentrantLock lock = new ReentrantLock();
    CompletableFuture<Void> lastAppend = DONE;

    Shard(EventLedger ledger) {
      this.ledger = ledger;
    }

    /**
     * Runs one decision under the lock, journals its changes, then waits for durability outside the
     * lock. The decision gets a sink for the changes it makes.
     */
    /** Decides under the lock and journals the changes, then waits for them outside it. */
    <R> R decide(Decision<R> decision) {
      Decided<R> decided = decideNow(decision);
      awaitDurable(decided.durable());
      return decided.result();
    }

    /**
     * Runs one decision under the lock and queues its changes; the returned future completes when
     * they, and every earlier change of this event, are durable.
     */
    <R> Decided<R> decideNow(Decision<R> decision) {
      List<JournalRecord> records = new ArrayList<>(2);
      lock.lock();
      try {
        R result =
            decision.decide(
                ledger,
                change -> {
                  records.add(new JournalRecord.Ledger(change));
                  if (change instanceof LedgerChange.HoldEnded ended
                      && ended.how() == LedgerChange.HoldEnd.EXPIRED) {
                    expired.increment();
                  }
                });
        if (!records.isEmpty()) {
          lastAppend = journal.append(records);
        }
        return new Decided<>(result, lastAppend);
      } finally {
        lock.unlock();
      }
    }
  }
}
