package dev.boxoffice.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder written by the release before RocksDB opens in this one: moved once, the old files
 * kept aside, nothing lost. The fixture {@code format-1/boxoffice.db} was written by that release's
 * journal: event {@code opera} (three ticket types of 100), accounts alice and bob, an order of two
 * GA tickets by alice, a live hold of one by bob (expiring 30 s after {@link #WRITTEN}), and a hold
 * alice released.
 */
@Timeout(60)
class DataFormatTest {
  static final Instant WRITTEN = StoreSamples.NOW;
  static final HoldId SOLD = new HoldId("opera.h01qfm45fbv8xfmc2zqx5bq30d6");
  static final HoldId LIVE = new HoldId("opera.h01qfm45fbv302c2ee0b8ydvr83");
  static final TicketTypeCode GA = new TicketTypeCode("GA");

  @TempDir Path dir;

  private void formatOneFolder() throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = getClass().getResourceAsStream("/format-1/boxoffice.db")) {
      Files.copy(in, dir.resolve(FormatOne.DATABASE));
    }
  }

  private EmbeddedStore open() {
    return EmbeddedStore.open(
        dir, InstantSource.fixed(WRITTEN.plusSeconds(1)), JournalSync.FULL, JournalListener.NONE);
  }

  @Test
  void aFormatOneFolderIsMovedOnceAndEverythingInItKept() throws Exception {
    formatOneFolder();

    try (CapturedLog log = new CapturedLog(DataFormat.class);
        EmbeddedStore store = open()) {
      assertThat(log.messages())
          .anyMatch(m -> m.contains("format 1") && m.contains("moving it to format 2"))
          .anyMatch(m -> m.contains("1 events, 2 accounts, 1 live holds, 1 orders"))
          .anyMatch(m -> m.contains(DataFormat.BACKUP_ONE));
      var stores = store.stores();
      EventId opera = new EventId("opera");
      assertThat(stores.events().find(opera)).isPresent();
      assertThat(stores.inventory().stock(opera).orElseThrow().of(GA))
          .contains(new TypeStock(GA, 100, 97, 1, 2));
      assertThat(stores.accounts().find(new UserId("alice"))).isPresent();
      assertThat(stores.accounts().find(new UserId("bob"))).isPresent();
      assertThat(stores.orders().byUser(new UserId("alice")))
          .singleElement()
          .extracting(Order::hold)
          .isEqualTo(SOLD);
      assertThat(stores.inventory().release(LIVE, new UserId("bob"), WRITTEN.plusSeconds(1)))
          .as("bob's hold is live")
          .isInstanceOf(ReleaseResult.Released.class);
      assertThat(stores.inventory().complete(SOLD, new UserId("alice"), WRITTEN.plusSeconds(2)))
          .isInstanceOf(CompleteResult.Completed.class);
    }

    assertThat(dir.resolve(DataFormat.FILE)).hasContent("2\n");
    assertThat(dir.resolve(FormatOne.DATABASE)).doesNotExist();
    assertThat(dir.resolve(DataFormat.BACKUP_ONE).resolve(FormatOne.DATABASE)).exists();
    try (CapturedLog log = new CapturedLog(DataFormat.class);
        EmbeddedStore store = open()) {
      assertThat(log.messages()).as("moved once").isEmpty();
      assertThat(store.stores().orders().byUser(new UserId("alice"))).hasSize(1);
    }
  }

  @Test
  void aMoveInterruptedBeforeItsEndStartsAgainFromTheOldFiles() throws Exception {
    formatOneFolder();
    // What a crash in the middle of the move leaves: a half-written new journal.
    Files.createDirectories(dir.resolve("journal.migrating"));
    Files.writeString(dir.resolve("journal.migrating").resolve("CURRENT"), "garbage");
    Files.createDirectories(dir.resolve(DataFormat.JOURNAL));

    try (EmbeddedStore store = open()) {
      assertThat(store.stores().orders().byUser(new UserId("alice"))).hasSize(1);
    }
    assertThat(dir.resolve("journal.migrating")).doesNotExist();
  }

  @Test
  void aFolderOfANewerFormatIsRefused() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(DataFormat.FILE), "3\n");

    assertThatThrownBy(this::open)
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("format '3'")
        .hasMessageContaining("newer release");
  }

  @Test
  void aNewFolderIsOfTheCurrentFormat() {
    try (EmbeddedStore store = open()) {
      assertThat(store.healthy()).isTrue();
    }

    assertThat(dir.resolve(DataFormat.FILE)).hasContent("2\n");
    assertThat(dir.resolve(DataFormat.BACKUP_ONE)).doesNotExist();
  }
}
