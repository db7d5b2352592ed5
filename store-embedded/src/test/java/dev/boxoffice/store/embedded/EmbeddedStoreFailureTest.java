package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.StoreSamples.GA;
import static dev.boxoffice.store.embedded.StoreSamples.account;
import static dev.boxoffice.store.embedded.StoreSamples.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.TypeStock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store whose journal stops accepting writes refuses changes and says it is unhealthy, instead of
 * answering from memory that the disk no longer matches.
 */
@Timeout(60)
class EmbeddedStoreFailureTest {
  private static final int FILE_LIMIT_KIB = 512;

  @TempDir Path dir;

  private final StoreSamples.HandClock clock = new StoreSamples.HandClock();

  @Test
  void aJournalThatCannotWriteFailsTheChangeAndEveryLaterOne() throws Exception {
    Event event = event("ev_failing", 10, 6);
    try (EmbeddedStore store =
        EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE)) {
      StoreSamples.putOnSale(store, event);
    }
    // Now the disk refuses every new hold.
    JournalEngine failing =
        new FaultyEngine(
            RocksJournal.open(dir.resolve(DataFormat.JOURNAL), JournalSync.FULL),
            FaultyEngine.writing(InventoryTables.HOLDS));
    try (EmbeddedStore store =
        EmbeddedStore.over(GroupCommitJournal.start(failing, JournalListener.NONE), clock)) {
      assertThat(store.healthy()).isTrue();

      assertThatThrownBy(
              () ->
                  store
                      .stores()
                      .inventory()
                      .hold(
                          HoldRequest.openSale(
                              event.id(), new UserId("alice"), GA, new Quantity(2)),
                          clock.instant()))
          .isInstanceOf(JournalException.class)
          .hasStackTraceContaining("disk refused the write");

      assertThat(store.healthy()).isFalse();
      assertThatThrownBy(() -> store.stores().accounts().register(account("bob")))
          .as("a change the disk would take is refused too: the journal has failed for good")
          .isInstanceOf(JournalException.class);
      // Memory may hold the refused hold; nothing is read from it any more.
      assertThatThrownBy(() -> store.stores().inventory().stock(event.id()))
          .isInstanceOf(JournalException.class);
      assertThatThrownBy(() -> store.stores().events().list()).isInstanceOf(JournalException.class);
      assertThatThrownBy(() -> store.stores().accounts().find(new UserId("bob")))
          .isInstanceOf(JournalException.class);
      assertThatThrownBy(() -> store.stores().orders().byUser(new UserId("alice")))
          .isInstanceOf(JournalException.class);
    }

    try (EmbeddedStore store =
        EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE)) {
      assertThat(store.healthy()).isTrue();
      assertThat(store.stores().inventory().stock(event.id()).orElseThrow().of(GA))
          .as("nothing that failed reached the disk")
          .contains(new TypeStock(GA, 10, 10, 0, 0));
      assertThat(store.stores().accounts().find(new UserId("bob"))).isEmpty();
    }
  }

  /**
   * A real failing disk: the process may write files of at most {@value #FILE_LIMIT_KIB} KiB
   * ({@code prlimit --fsize}), so RocksDB's log write fails (EFBIG) after a few thousand changes.
   * Every change before is acknowledged and durable; the failing one and every later one is
   * refused.
   */
  @ParameterizedTest
  @EnumSource(JournalSync.class)
  void aDiskThatRefusesWritesFailsChangesAndLosesNoAcknowledgedOne(JournalSync sync)
      throws Exception {
    assumeTrue(
        Files.isExecutable(KillableStoreProcess.PRLIMIT), "needs prlimit(1) from util-linux");
    Event event = KillableStoreProcess.event(1_000_000);
    try (EmbeddedStore store =
        EmbeddedStore.open(dir, InstantSource.system(), sync, JournalListener.NONE)) {
      StoreSamples.putOnSale(store, event);
    }

    Process process = KillableStoreProcess.start(dir, sync, "u", FILE_LIMIT_KIB * 1024);
    KillableStoreProcess.Acknowledged acknowledged =
        KillableStoreProcess.Acknowledged.read(process, Integer.MAX_VALUE);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("every thread stopped").isTrue();

    assertThat(acknowledged.refused)
        .as("each thread was refused")
        .isEqualTo(KillableStoreProcess.THREADS);
    assertThat(acknowledged.count()).isGreaterThan(100);
    try (EmbeddedStore store =
        EmbeddedStore.open(dir, InstantSource.system(), sync, JournalListener.NONE)) {
      acknowledged.assertKeptIn(store);
    }
  }
}
