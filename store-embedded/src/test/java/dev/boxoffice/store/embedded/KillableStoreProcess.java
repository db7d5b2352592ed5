package dev.boxoffice.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process to kill, or to run out of disk: it opens a durable store and, on several threads, takes
 * holds and completes every other one, printing each change only after the store acknowledged it.
 * Whatever it printed must be on disk afterwards.
 *
 * <p>Arguments: the data folder, the {@link JournalSync} mode, a prefix for its user names and the
 * largest file it may write (0: no limit). Output lines: {@code HOLD <holdId> <user>}, {@code ORDER
 * <orderId> <holdId> <user>}, {@code SOLD_OUT} when a thread finds no ticket left (it keeps
 * asking), {@code REFUSED} when the store failed a change (the thread stops).
 */
final class KillableStoreProcess {
  static final String EVENT = "ev_kill";
  static final int THREADS = 8;

  /** util-linux's prlimit(1), which sets the file size limit of a running process. */
  static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

  private KillableStoreProcess() {}

  /** The event the process sells: on sale now, for an hour, one ticket per user. */
  static Event event(int capacity) {
    Instant now = Instant.now();
    return new Event(
        new EventId(EVENT),
        "Kill test",
        "Lab",
        now.plus(Duration.ofDays(1)),
        new SaleWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1))),
        Duration.ofHours(1),
        1,
        SaleMode.FIRST_COME,
        List.of(new TicketType(StoreSamples.GA, "General", new Money(4_500, "EUR"), capacity)));
  }

  /** Starts the process on {@code dataDir}. */
  static Process start(Path dataDir, JournalSync sync, String users) throws IOException {
    return start(dataDir, sync, users, 0);
  }

  /**
   * Starts the process on {@code dataDir}; once its store is open, it may not write files past
   * {@code fileLimit} bytes (with {@code prlimit(1)}), as on a disk that refuses writes; 0 for no
   * limit.
   */
  static Process start(Path dataDir, JournalSync sync, String users, long fileLimit)
      throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            KillableStoreProcess.class.getName(),
            dataDir.toString(),
            sync.name(),
            users,
            Long.toString(fileLimit))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    JournalSync sync = JournalSync.valueOf(args[1]);
    String users = args[2];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    InstantSource clock = InstantSource.system();
    EmbeddedStore store = EmbeddedStore.open(dataDir, clock, sync, JournalListener.NONE);
    long fileLimit = Long.parseLong(args[3]);
    if (fileLimit > 0) {
      String pid = Long.toString(ProcessHandle.current().pid());
      int status =
          new ProcessBuilder(PRLIMIT.toString(), "--pid", pid, "--fsize=" + fileLimit)
              .inheritIO()
              .start()
              .waitFor();
      if (status != 0) {
        throw new IllegalStateException("prlimit failed: " + status);
      }
    }
    EventId event = new EventId(EVENT);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; ; i++) {
                        UserId user = new UserId(users + "-" + thread + "-" + i);
                        HoldResult held =
                            store
                                .stores()
                                .inventory()
                                .hold(
                                    HoldRequest.openSale(
                                        event, user, StoreSamples.GA, Quantity.ONE),
                                    clock.instant());
                        if (!(held instanceof HoldResult.Held(var hold))) {
                          print(out, "SOLD_OUT");
                          Thread.sleep(5);
                          continue;
                        }
                        print(out, "HOLD " + hold.id() + " " + user);
                        if (i % 2 == 0
                            && store.stores().inventory().complete(hold.id(), user, clock.instant())
                                instanceof CompleteResult.Completed(var order, var repeated)) {
                          print(out, "ORDER " + order.id() + " " + hold.id() + " " + user);
                        }
                      }
                    } catch (JournalException e) {
                      print(out, "REFUSED");
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    System.exit(0); // without closing the failed store
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
    }
  }

  /** What one run of the process acknowledged, read from its output. */
  static final class Acknowledged {
    final Map<HoldId, UserId> holds = new HashMap<>();
    final Map<HoldId, OrderId> orders = new HashMap<>();
    boolean soldOut;
    int refused;

    /**
     * Reads the process's lines until {@code enough} changes were acknowledged, a thread found the
     * event sold out, or the output ends.
     */
    static Acknowledged read(Process process, int enough) throws IOException {
      Acknowledged acknowledged = new Acknowledged();
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line = lines.readLine();
          line != null && acknowledged.count() < enough && !acknowledged.soldOut;
          line = lines.readLine()) {
        String[] parts = line.split(" ", -1);
        switch (parts[0]) {
          case "HOLD" -> acknowledged.holds.put(new HoldId(parts[1]), new UserId(parts[2]));
          case "ORDER" -> acknowledged.orders.put(new HoldId(parts[2]), new OrderId(parts[1]));
          case "SOLD_OUT" -> acknowledged.soldOut = true;
          case "REFUSED" -> acknowledged.refused++;
          default -> throw new IllegalStateException("unexpected output: " + line);
        }
      }
      return acknowledged;
    }

    int count() {
      return holds.size() + orders.size();
    }

    /**
     * Asserts that every acknowledged hold is still live or became its acknowledged order, by
     * completing each (so they are all orders afterwards).
     */
    void assertKeptIn(EmbeddedStore store) {
      List<String> lost = new ArrayList<>();
      for (var hold : holds.entrySet()) {
        CompleteResult result =
            store
                .stores()
                .inventory()
                .complete(hold.getKey(), hold.getValue(), InstantSource.system().instant());
        if (!(result instanceof CompleteResult.Completed(Order order, boolean repeated))) {
          lost.add(hold.getKey() + " -> " + result);
          continue;
        }
        OrderId acknowledgedOrder = orders.get(hold.getKey());
        if (acknowledgedOrder != null && (!repeated || !order.id().equals(acknowledgedOrder))) {
          lost.add(hold.getKey() + " order " + acknowledgedOrder + " -> " + order);
        }
      }
      assertThat(lost).as("acknowledged changes missing").isEmpty();
    }
  }
}
