package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.core.lottery.LotteryRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-machine store: one adapter per port ({@link EmbeddedCatalog}, {@link
 * EmbeddedInventory}, {@link EmbeddedOrders}, {@link EmbeddedAccounts}, {@link EmbeddedLottery},
 * {@link EmbeddedWaitingRoom}, {@link EmbeddedFlashSale}, {@link EmbeddedOrderPipeline}, {@link
 * EmbeddedChallenges}, {@link EmbeddedBlacklist}), all in memory and all made durable by one {@link
 * Journal}, which they share with nothing else. Every change is answered only once durable, and
 * nothing is readable before it is.
 *
 * <p>On open, state is rebuilt from the journal, and holds that expired while the store was down go
 * back to the pool, durably. A daemon thread ends expired holds every {@link #EXPIRY_SWEEP}, so
 * tickets return within that time even if nobody asks; every decision also ends due holds first.
 * Another runs each lottery's draw within {@link #DRAW_CHECK} of its cool-down's end, so that a
 * long draw never delays the sweep. A third moves waiting rooms on every {@link #ADMISSION_STEP}. A
 * fourth finalises accepted purchases as they come ({@link EmbeddedOrderPipeline}); pending ones
 * found on open are finalised first.
 *
 * <p>Once the journal has failed, memory may hold a decision the disk never got: every port then
 * refuses reads and writes alike ({@link JournalException}, answered 503) and {@link #healthy} says
 * false, until a restart reads the disk again.
 *
 * <p>Thread policy: thread-safe; {@link #close} stops the threads, then the journal.
 */
public final class EmbeddedStore implements AutoCloseable {
  /**
   * How often expired holds are swept back into the pool. Often, so that each sweep is small: it
   * holds an event's lock while it ends that event's due holds and makes one commit of them; at
   * 16,000 holds a second, a sweep every 200 ms ended 3,000 at once and held up the requests behind
   * it.
   */
  public static final Duration EXPIRY_SWEEP = Duration.ofMillis(50);

  /** How often lotteries are checked for a draw that is due: draws run this soon after. */
  static final Duration DRAW_CHECK = Duration.ofMillis(200);

  /**
   * How often waiting rooms take their admission step: sessions end, the line opens, the serving
   * counter moves. Admission credit accrues with time, so the rate holds whatever the step.
   */
  static final Duration ADMISSION_STEP = Duration.ofMillis(50);

  /** Ended holds older than {@link EmbeddedInventory#ENDED_KEPT} are forgotten once an hour. */
  private static final long SWEEPS_PER_FORGETTING =
      Duration.ofHours(1).toMillis() / EXPIRY_SWEEP.toMillis();

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

  private final Journal journal;
  private final Stores stores;
  private final EmbeddedInventory inventory;
  private final EmbeddedLottery lottery;
  private final EmbeddedWaitingRoom rooms;
  private final InstantSource clock;
  private final Thread sweeper;
  private final Thread drawer;
  private final Thread admitter;
  private final Thread finaliser;

  /** One round of a background thread's work. */
  @FunctionalInterface
  private interface Step {
    void run() throws InterruptedException;
  }

  /** How long the order thread waits for an order before it looks again. */
  static final Duration ORDER_WAIT = Duration.ofMillis(50);

  private EmbeddedStore(
      Journal journal,
      Duration endedInLedger,
      InstantSource clock,
      SaleRules rules,
      JournalListener listener) {
    this.journal = journal;
    EmbeddedOrders orders = new EmbeddedOrders(journal);
    // This store runs lotteries, so their tickets go only to the draw's offers.
    SaleRules withLottery = rules.with(SaleMode.LOTTERY, new LotteryRule());
    this.inventory = new EmbeddedInventory(journal, endedInLedger, withLottery, orders);
    EmbeddedLottery lottery = new EmbeddedLottery(journal, inventory);
    EmbeddedWaitingRoom rooms = new EmbeddedWaitingRoom(journal, inventory);
    this.lottery = lottery;
    this.rooms = rooms;
    this.clock = clock;
    EmbeddedOrderPipeline pipeline =
        new EmbeddedOrderPipeline(journal, inventory, orders, listener, clock);
    EmbeddedFlashSale flash = new EmbeddedFlashSale(journal, inventory, pipeline);
    long started = System.nanoTime();
    String read =
        String.join(
            ", ",
            inventory.recover(),
            pipeline.recover(),
            flash.recover(),
            lottery.recover(),
            rooms.recover());
    this.stores =
        new Stores(
            new EmbeddedCatalog(journal),
            inventory,
            orders,
            new EmbeddedAccounts(journal),
            lottery,
            rooms,
            flash,
            pipeline,
            new EmbeddedChallenges(),
            new EmbeddedBlacklist(journal),
            new EmbeddedTokenBuckets(clock));
    // Holds that expired while the store was down go back to the pool now, durably (and lapsed
    // lottery offers pass on); draws that fell due run now; waiting rooms take a step, from which
    // their admission rate counts; orders accepted before the stop are finalised.
    inventory.expire(clock.instant());
    inventory.forgetEnded(clock.instant());
    lottery.drawDue(clock.instant());
    rooms.admitDue(clock.instant());
    pipeline.finalise(clock.instant());
    LOG.info("state rebuilt in {} ms: {}", (System.nanoTime() - started) / 1_000_000, read);
    AtomicLong sweeps = new AtomicLong();
    this.sweeper =
        background(
            "boxoffice-expiry",
            EXPIRY_SWEEP,
            () -> {
              inventory.expire(clock.instant());
              if (sweeps.incrementAndGet() % SWEEPS_PER_FORGETTING == 0) {
                inventory.forgetEnded(clock.instant());
              }
            });
    this.drawer = background("boxoffice-draws", DRAW_CHECK, () -> lottery.drawDue(clock.instant()));
    this.admitter =
        background("boxoffice-admissions", ADMISSION_STEP, () -> rooms.admitDue(clock.instant()));
    this.finaliser =
        background("boxoffice-orders", Duration.ZERO, () -> pipeline.finaliseNext(ORDER_WAIT));
  }

  /** A daemon thread doing {@code work} every {@code period}, until interrupted. */
  private Thread background(String name, Duration period, Step work) {
    return Thread.ofPlatform()
        .name(name)
        .daemon()
        .start(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  if (period.isPositive()) {
                    Thread.sleep(period);
                  }
                  work.run();
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // Once the journal has failed or closed nothing more can be made durable, and
                  // healthy() says so; the thread stops rather than fail every time. Anything
                  // else is a bug in one round: log it and go on.
                  if (!journal.healthy()) {
                    return;
                  }
                  LOG.error("{} failed; retrying", name, e);
                }
              }
            });
  }

  /** A store over a given journal: tests that make the journal slow or failing. */
  static EmbeddedStore over(Journal journal, InstantSource clock) {
    return new EmbeddedStore(
        journal, Duration.ZERO, clock, SaleRules.standard(), JournalListener.NONE);
  }

  /**
   * A store with no durability at all: tests and benchmarks of the decisions alone. Ended holds are
   * remembered for {@link EventLedger#TOMBSTONE_RETENTION}, by the ledgers.
   */
  public static EmbeddedStore inMemory(InstantSource clock) {
    return new EmbeddedStore(
        Journal.none(),
        EventLedger.TOMBSTONE_RETENTION,
        clock,
        SaleRules.standard(),
        JournalListener.NONE);
  }

  /**
   * {@link #open(Path, InstantSource, JournalSync, JournalListener, SaleRules)} selling by the
   * standard rules.
   */
  public static EmbeddedStore open(
      Path dataDir, InstantSource clock, JournalSync sync, JournalListener listener) {
    return open(dataDir, clock, sync, listener, SaleRules.standard());
  }

  /**
   * The durable store: opens (creating if needed, readable by the owner only, see {@link
   * DataFolder}) the journal in {@code dataDir}, migrating a folder an earlier release wrote once
   * ({@link DataFormat}), and rebuilds state from it. The journal commits as {@code sync} says;
   * {@code listener} hears about every group commit; {@code rules} judge the right of every hold,
   * by the event's sale mode.
   *
   * @throws JournalException if the journal cannot be opened or read, or another process has it
   */
  public static EmbeddedStore open(
      Path dataDir,
      InstantSource clock,
      JournalSync sync,
      JournalListener listener,
      SaleRules rules) {
    DataFolder.prepare(dataDir);
    Path journalDir = DataFormat.prepare(dataDir);
    Journal journal = GroupCommitJournal.start(RocksJournal.open(journalDir, sync), listener);
    try {
      return new EmbeddedStore(journal, Duration.ZERO, clock, rules, listener);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /**
   * Whether every change is still being made durable. False once the journal has failed (every
   * later call is then refused) or the store is closed: report not ready, restart from disk.
   */
  public boolean healthy() {
    return journal.healthy();
  }

  /** The store's ports: catalog, inventory, orders and accounts. */
  public Stores stores() {
    return stores;
  }

  /** The journal under the store: tools that write many records at once ({@link PastSale}). */
  Journal journal() {
    return journal;
  }

  /** Holds ended by expiry since start. */
  public long expiredHolds() {
    return inventory.expiredHolds();
  }

  /** Lottery entries taken since start. */
  public long lotteryEntries() {
    return lottery.entries();
  }

  /** Lottery draws run since start. */
  public long lotteryDraws() {
    return lottery.draws();
  }

  /** Winners offered their tickets by the lottery draws run since start. */
  public long lotteryWinners() {
    return lottery.winners();
  }

  /** Users admitted from waiting rooms since start. */
  public long admittedFromRooms() {
    return rooms.admitted();
  }

  /** Users waiting now in every waiting room, in its pre-queue or its line. */
  public long waitingInRooms() {
    return rooms.waiting(clock.instant());
  }

  /** Users admitted from waiting rooms whose shopping session is live now. */
  public long shoppingFromRooms() {
    return rooms.shopping(clock.instant());
  }

  @Override
  public void close() {
    for (Thread thread : List.of(sweeper, drawer, admitter, finaliser)) {
      thread.interrupt();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    journal.close();
  }
}
