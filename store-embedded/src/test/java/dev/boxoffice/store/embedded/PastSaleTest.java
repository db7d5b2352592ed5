package dev.boxoffice.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.TypeStock;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A past sale written straight into the tables reads back as if the store had sold it. */
@Timeout(60)
class PastSaleTest {
  private static final EventId EVENT = new EventId(PastSale.EVENT_ID);
  private static final TicketTypeCode GA = new TicketTypeCode("GA");

  @TempDir Path dir;

  @Test
  void theOrdersAreSoldAndTheEndedHoldsAnswerHowTheyEnded() {
    List<Long> progress = new ArrayList<>();
    PastSale.write(dir, 3_000, 2_000_010, InstantSource.system(), progress::add);

    assertThat(progress).containsExactly(1_000_000L, 2_000_000L, 2_003_010L);
    try (EmbeddedStore store = open()) {
      var stores = store.stores();
      assertThat(stores.events().find(EVENT)).isPresent();
      assertThat(stores.inventory().stock(EVENT).orElseThrow().of(GA))
          .contains(new TypeStock(GA, 3_000, 0, 0, 3_000));
      assertThat(stores.orders().byUser(new UserId("buyer-2999"))).hasSize(1);

      List<HoldEnd> ends = new ArrayList<>();
      store
          .journal()
          .scan(
              InventoryTables.ENDED,
              (hold, ended) -> {
                if (ends.size() < 20) {
                  ends.add(new HoldEnd(new HoldId(hold), ended.user()));
                }
              });
      long expired = 0;
      long released = 0;
      for (HoldEnd end : ends) {
        CompleteResult result =
            stores.inventory().complete(end.hold(), end.user(), InstantSource.system().instant());
        if (result instanceof CompleteResult.Expired) {
          expired++;
        } else if (result instanceof CompleteResult.Released) {
          released++;
        }
      }
      assertThat(expired + released).isEqualTo(ends.size());
      assertThat(released).isPositive();
    }
  }

  @Test
  void aFolderWithTheEventAlreadyIsRefused() {
    PastSale.write(dir, 10, 10, InstantSource.system(), written -> {});

    assertThatThrownBy(() -> PastSale.write(dir, 10, 10, InstantSource.system(), written -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already");
  }

  private EmbeddedStore open() {
    return EmbeddedStore.open(dir, InstantSource.system(), JournalSync.FULL, JournalListener.NONE);
  }

  private record HoldEnd(HoldId hold, UserId user) {}
}
