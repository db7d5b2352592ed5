package dev.boxoffice.bench;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.store.embedded.EmbeddedStore;
import dev.boxoffice.store.embedded.JournalSync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One hold followed by its completion, by a fresh user each time: the reserved-purchase hot path
 * without HTTP. The ledger and store are rebuilt every iteration so that stock never runs out.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HoldCompleteBenchmark {
  static final TicketTypeCode GA = new TicketTypeCode("GA");
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  static final Consumer<LedgerChange> DISCARD = change -> {};

  static Event event() {
    return new Event(
        EventId.random(),
        "Benchmark",
        "Stadium",
        NOW.plus(Duration.ofDays(30)),
        new SaleWindow(NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1))),
        Duration.ofSeconds(30),
        4,
        SaleMode.FIRST_COME,
        List.of(new TicketType(GA, "General admission", new Money(5000, "EUR"), 10_000_000)));
  }

  /** The ledger alone: the cost of the rules. Single-threaded, as a ledger always is. */
  @State(Scope.Thread)
  public static class LedgerState {
    EventLedger ledger;
    int user;

    @Setup(Level.Iteration)
    public void setUp() {
      Event event = event();
      ledger = new EventLedger(event, SaleRules.standard().of(event.mode()));
      user = 0;
    }
  }

  @Benchmark
  public CompleteResult ledger(LedgerState state) {
    UserId user = new UserId("u" + state.user++);
    HoldRequest request = HoldRequest.openSale(state.ledger.event().id(), user, GA, Quantity.ONE);
    HoldResult held = state.ledger.hold(request, NOW, HoldId.random(request.event(), NOW), DISCARD);
    HoldId hold = ((HoldResult.Held) held).hold().id();
    return state.ledger.complete(hold, user, NOW, OrderId.random(), DISCARD);
  }

  /** The embedded store without a journal: ledger plus lock, id generation and order index. */
  @State(Scope.Benchmark)
  public static class StoreState {
    EmbeddedStore store;
    Inventory inventory;
    EventId event;
    final AtomicInteger users = new AtomicInteger();

    @Setup(Level.Iteration)
    public void setUp() {
      store = EmbeddedStore.inMemory(InstantSource.fixed(NOW));
      inventory = store.stores().inventory();
      Event e = event();
      inventory.setUp(e);
      event = e.id();
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      store.close();
    }
  }

  @Benchmark
  @Threads(2)
  public CompleteResult storeInMemory(StoreState state) {
    UserId user = new UserId("u" + state.users.incrementAndGet());
    HoldResult held =
        state.inventory.hold(HoldRequest.openSale(state.event, user, GA, Quantity.ONE), NOW);
    return state.inventory.complete(((HoldResult.Held) held).hold().id(), user, NOW);
  }

  /**
   * The durable store, ten callers at once so that group commit has something to group: the
   * hold-and-complete write path with its syncs. Prints the journal's commits at the end of a run.
   */
  @State(Scope.Benchmark)
  public static class DurableState {
    @Param({"FULL", "NORMAL"})
    public JournalSync sync;

    Path dir;
    EmbeddedStore store;
    Inventory inventory;
    EventId event;
    final AtomicInteger users = new AtomicInteger();
    final AtomicLong commits = new AtomicLong();
    final AtomicLong commitRecords = new AtomicLong();
    final AtomicLong commitNanos = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory(Path.of("target"), "journal-bench");
      store =
          EmbeddedStore.open(
              dir,
              InstantSource.fixed(NOW),
              sync,
              (records, nanos) -> {
                commits.incrementAndGet();
                commitRecords.addAndGet(records);
                commitNanos.addAndGet(nanos);
              });
      inventory = store.stores().inventory();
      Event e = event();
      inventory.setUp(e);
      event = e.id();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      store.close();
      System.out.printf(
          "%n%s: %d commits, %.1f records and %.0f us each%n",
          sync,
          commits.get(),
          commitRecords.get() / (double) commits.get(),
          commitNanos.get() / 1e3 / commits.get());
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Benchmark
  @Threads(10)
  public CompleteResult durable(DurableState state) {
    UserId user = new UserId("u" + state.users.incrementAndGet());
    HoldResult held =
        state.inventory.hold(HoldRequest.openSale(state.event, user, GA, Quantity.ONE), NOW);
    return state.inventory.complete(((HoldResult.Held) held).hold().id(), user, NOW);
  }
}
