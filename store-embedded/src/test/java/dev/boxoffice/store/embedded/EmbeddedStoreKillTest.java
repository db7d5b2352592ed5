package dev.boxoffice.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.inventory.TypeStock;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An acknowledged hold or order survives {@code kill -9} of the process in mid-stream, in both
 * {@link JournalSync} modes (even without an fsync per commit, a written commit is in the operating
 * system's hands, which a killed process cannot take back), kill after kill on the same folder, and
 * the event is never oversold. {@value #KILLS} kills per mode, each after a random number of
 * acknowledged changes, until well after the event sold out.
 */
@Timeout(180)
class EmbeddedStoreKillTest {
  private static final int KILLS = 25;
  // About 2,500 holds are acknowledged over the kills (a third of the changes are completions),
  // give or take 300: 1,500 sells out in all but a few runs in ten thousand.
  private static final int CAPACITY = 1_500;
  private static final int MOST_ACKNOWLEDGED_PER_RUN = 300;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(JournalSync.class)
  void everyAcknowledgedHoldAndOrderSurvivesRepeatedSigkill(JournalSync sync) throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Event event = KillableStoreProcess.event(CAPACITY);
    try (EmbeddedStore store = open(sync)) {
      StoreSamples.putOnSale(store, event);
    }

    boolean soldOut = false;
    int sold = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      String context = "kill " + kill + " (seed " + seed + ")";
      Process process = KillableStoreProcess.start(dir, sync, "u" + kill);
      KillableStoreProcess.Acknowledged acknowledged;
      try {
        acknowledged =
            KillableStoreProcess.Acknowledged.read(
                process, 1 + random.nextInt(MOST_ACKNOWLEDGED_PER_RUN));
      } finally {
        // SIGKILL while the threads keep writing: no shutdown hook, no close, no final commit.
        process.destroyForcibly();
        process.waitFor();
      }
      soldOut |= acknowledged.soldOut;
      assertThat(acknowledged.refused).as(context).isZero();

      try (EmbeddedStore store = open(sync)) {
        acknowledged.assertKeptIn(store);
        sold += acknowledged.holds.size();
        TypeStock stock =
            store
                .stores()
                .inventory()
                .stock(event.id())
                .orElseThrow()
                .of(StoreSamples.GA)
                .orElseThrow();
        // The oversell check: TypeStock refuses counts where held + sold exceed the capacity, so
        // reading the rebuilt stock at all means it adds up.
        assertThat(stock.held() + stock.sold()).as(context).isLessThanOrEqualTo(CAPACITY);
        assertThat(stock.sold())
            .as("every acknowledged hold sold: " + context)
            .isGreaterThanOrEqualTo(sold);
      }
    }
    assertThat(soldOut).as("the event sold out between kills").isTrue();
  }

  private EmbeddedStore open(JournalSync sync) {
    return EmbeddedStore.open(dir, InstantSource.system(), sync, JournalListener.NONE);
  }
}
