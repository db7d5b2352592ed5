package dev.boxoffice.core.inventory;

import static dev.boxoffice.core.testing.InvalidValues.assertRefuses;
import static dev.boxoffice.core.testing.TestEvents.GA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hold ids, quantities and hold requests refuse bad values and name the field. */
class InventoryValuesTest {
  private static final EventId EVENT = new EventId("ev1");
  private static final UserId USER = new UserId("alice");

  @Test
  void aHoldIdIsAnEventIdAndAKeyJoinedByADot() {
    HoldId id = new HoldId("ev1.key-9");
    assertThat(id.event()).isEqualTo(EVENT);
    assertRefuses("holdId", () -> new HoldId(null));
    assertRefuses("holdId", () -> new HoldId("nodot"));
    assertRefuses("holdId", () -> new HoldId(".key"));
    assertRefuses("holdId", () -> new HoldId("ev1."));
    assertRefuses("holdId", () -> new HoldId("ev1.key.more"));
    assertRefuses("holdId", () -> new HoldId("ev 1.key"));
    assertRefuses("holdId", () -> new HoldId("e".repeat(65) + ".key"));
  }

  @Test
  void aRandomHoldIdBelongsToItsEvent() {
    EventId longest = new EventId("e".repeat(64));
    Instant now = Instant.parse("2030-01-01T10:00:00Z");

    assertThat(HoldId.random(EVENT, now).event()).isEqualTo(EVENT);
    assertThat(HoldId.random(longest, now).event()).isEqualTo(longest);
    assertThat(HoldId.random(EVENT, now)).isNotEqualTo(HoldId.random(EVENT, now));
  }

  @Test
  void holdIdsOfOneEventSortInTheOrderTheyWereMade() {
    Instant start = Instant.parse("2030-01-01T10:00:00Z");
    List<String> made = new ArrayList<>();
    for (long millis : new long[] {0, 1, 31, 32, 1_000, 86_400_000L, 40L * 365 * 86_400_000L}) {
      made.add(HoldId.random(EVENT, start.plusMillis(millis)).value());
    }
    assertThat(made).isSorted();
    assertThatThrownBy(() -> HoldId.random(EVENT, Instant.EPOCH.minusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aQuantityIsOneToAThousand() {
    assertThat(new Quantity(1)).isEqualTo(Quantity.ONE);
    assertThat(new Quantity(Quantity.MAX).value()).isEqualTo(1000);
    assertRefuses("quantity", () -> new Quantity(0));
    assertRefuses("quantity", () -> new Quantity(-1));
    assertRefuses("quantity", () -> new Quantity(Quantity.MAX + 1));
    assertRefuses("quantity", () -> new Quantity(Integer.MIN_VALUE));
  }

  @Test
  void aHoldRequestNeedsEveryField() {
    assertRefuses("eventId", () -> HoldRequest.openSale(null, USER, GA, Quantity.ONE));
    assertRefuses("user", () -> HoldRequest.openSale(EVENT, null, GA, Quantity.ONE));
    assertRefuses("ticketType", () -> HoldRequest.openSale(EVENT, USER, null, Quantity.ONE));
    assertRefuses("quantity", () -> HoldRequest.openSale(EVENT, USER, GA, null));
    assertRefuses("right", () -> new HoldRequest(EVENT, USER, GA, Quantity.ONE, null));
  }

  @Test
  void aStockSnapshotThatBreaksTheInvariantCannotExist() {
    assertThat(new TypeStock(GA, 10, 5, 3, 2).available()).isEqualTo(5);
    assertThatThrownBy(() -> new TypeStock(GA, 10, 5, 3, 3))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new TypeStock(GA, 10, -1, 8, 3))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new TypeStock(GA, 10, 11, -1, 0))
        .isInstanceOf(IllegalStateException.class);
  }
}
