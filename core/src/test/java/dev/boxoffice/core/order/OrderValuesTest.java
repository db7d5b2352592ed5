package dev.boxoffice.core.order;

import static dev.boxoffice.core.testing.InvalidValues.assertRefuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Order ids refuse bad values and name the field; an order needs every part. */
class OrderValuesTest {
  @Test
  void anOrderIdIsOneToSixtyFourUrlSafeCharacters() {
    assertThat(OrderId.random().value()).startsWith("or_").hasSize(29);
    assertRefuses("orderId", () -> new OrderId(null));
    assertRefuses("orderId", () -> new OrderId(""));
    assertRefuses("orderId", () -> new OrderId("o".repeat(65)));
    assertRefuses("orderId", () -> new OrderId("or.1"));
  }

  @Test
  void anOrderNeedsAPositiveQuantity() {
    assertThatThrownBy(
            () ->
                new Order(
                    OrderId.random(),
                    new HoldId("ev1.k"),
                    new EventId("ev1"),
                    new UserId("alice"),
                    new TicketTypeCode("GA"),
                    0,
                    new Money(0, "EUR"),
                    Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
