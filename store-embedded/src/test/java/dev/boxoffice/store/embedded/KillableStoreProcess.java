package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Quantity;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A process for {@link EmbeddedStoreKillTest} to kill: it opens a durable store and, on several
 * threads, takes holds and completes every other one, printing each change only after the store
 * acknowledged it. Whatever it printed must be on disk after a {@code kill -9}, in either {@link
 * JournalSync} mode.
 *
 * <p>Arguments: the data folder and the {@link JournalSync} mode. Output lines: {@code READY}, then
 * {@code HOLD <holdId> <user>} and {@code ORDER <orderId> <holdId> <user>}.
 */
final class KillableStoreProcess {
  static final String EVENT = "ev_kill";
  static final int THREADS = 8;

  private KillableStoreProcess() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    JournalSync sync = JournalSync.valueOf(args[1]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    InstantSource clock = InstantSource.system();
    EmbeddedStore store = EmbeddedStore.open(dataDir, clock, sync, JournalListener.NONE);
    EventId event = new EventId(EVENT);
    out.println("READY");
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; ; i++) {
                      UserId user = new UserId("user-" + thread + "-" + i);
                      HoldResult held =
                          store
                              .stores()
                              .inventory()
                              .hold(
                                  HoldRequest.openSale(event, user, StoreSamples.GA, Quantity.ONE),
                                  clock.instant());
                      if (!(held instanceof HoldResult.Held(var hold))) {
                        return;
                      }
                      print(out, "HOLD " + hold.id() + " " + user);
                      if (i % 2 == 0
                          && store.stores().inventory().complete(hold.id(), user, clock.instant())
                              instanceof CompleteResult.Completed(var order, var repeated)) {
                        print(out, "ORDER " + order.id() + " " + hold.id() + " " + user);
                      }
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
    }
  }
}
