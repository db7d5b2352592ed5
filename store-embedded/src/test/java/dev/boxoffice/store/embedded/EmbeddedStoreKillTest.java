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
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An acknowledged hold or order survives {@code kill -9} of the process in mid-stream, in both
 * {@link JournalSync} modes: even without an fsync per commit, a committed transaction is in the
 * operating system's hands, which a killed process cannot take back.
 */
@Timeout(60)
class EmbeddedStoreKillTest {
  private static final int CAPACITY = 100_000;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 400;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(JournalSync.class)
  void everyAcknowledgedHoldAndOrderSurvivesSigkill(JournalSync sync) throws Exception {
    Instant now = Instant.now();
    Event event =
        new Event(
            new EventId(KillableStoreProcess.EVENT),
            "Kill test",
            "Lab",
            now.plus(Duration.ofDays(1)),
            new SaleWindow(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1))),
            Duration.ofHours(1),
            1,
            SaleMode.FIRST_COME,
            List.of(new TicketType(StoreSamples.GA, "General", new Money(4_500, "EUR"), CAPACITY)));
    try (EmbeddedStore store =
        EmbeddedStore.open(dir, InstantSource.system(), sync, JournalListener.NONE)) {
      StoreSamples.putOnSale(store, event);
    }

    Map<HoldId, UserId> holds = new HashMap<>();
    Map<HoldId, OrderId> orders = new HashMap<>();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KillableStoreProcess.class.getName(),
                dir.toString(),
                sync.name())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      int acknowledged = 0;
      for (String line = lines.readLine();
          line != null && acknowledged < ACKNOWLEDGED_BEFORE_KILL;
          line = lines.readLine()) {
        String[] parts = line.split(" ", -1);
        switch (parts[0]) {
          case "HOLD" -> holds.put(new HoldId(parts[1]), new UserId(parts[2]));
          case "ORDER" -> orders.put(new HoldId(parts[2]), new OrderId(parts[1]));
          default -> {}
        }
        acknowledged = holds.size() + orders.size();
      }
    } finally {
      // SIGKILL while the threads keep writing: no shutdown hook, no close, no final commit.
      process.destroyForcibly();
      process.waitFor();
    }
    assertThat(holds.size() + orders.size()).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

    try (EmbeddedStore store =
        EmbeddedStore.open(dir, InstantSource.system(), sync, JournalListener.NONE)) {
      TypeStock stock =
          store
              .stores()
              .inventory()
              .stock(event.id())
              .orElseThrow()
              .of(StoreSamples.GA)
              .orElseThrow();
      assertThat(stock.held() + stock.sold())
          .as("every acknowledged hold is still held or sold")
          .isGreaterThanOrEqualTo(holds.size());
      assertThat(stock.sold()).isGreaterThanOrEqualTo(orders.size());
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
      assertThat(lost).as("acknowledged changes missing after kill -9").isEmpty();
    }
  }
}
