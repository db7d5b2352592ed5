package dev.boxoffice.store.distributed;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.VIP;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.core.testing.TestEvents.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.Race;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recording orders in groups: the schema's last line against a ticket sold twice holds for a whole
 * group as for one order, and groups recorded at once by several servers neither deadlock nor sell
 * past capacity.
 */
class PostgresOrdersRecordTest {
  private final MutableClock clock = new MutableClock();
  private TestDatabase database;
  private PostgresOrders orders;
  private Event event;

  @BeforeEach
  void open() {
    database = TestDatabase.open();
    orders = database.store().orders();
    event = anEvent(clock.now()).capacity(GA, 5).capacity(VIP, 5).build();
    assertThat(database.store().stockEvents().create(event)).isTrue();
  }

  @AfterEach
  void close() {
    database.close();
  }

  private Order order(int user, TicketTypeCode type, int quantity) {
    return new Order(
        OrderId.random(),
        HoldId.random(event.id(), clock.now()),
        event.id(),
        user(user),
        type,
        quantity,
        event.ticketType(type).orElseThrow().price().times(quantity),
        clock.now());
  }

  private int sold(TicketTypeCode type) {
    return orders.sold(event.id()).types().get(type);
  }

  @Test
  void aGroupIsRecordedWholeAndCountedPerType() {
    List<Order> group = List.of(order(1, GA, 2), order(2, VIP, 1), order(3, GA, 1));

    assertThat(orders.record(group)).isEqualTo(new PostgresOrders.Recording(Set.of(), Set.of()));

    assertThat(sold(GA)).isEqualTo(3);
    assertThat(sold(VIP)).isEqualTo(1);
    for (Order order : group) {
      assertThat(orders.find(order.id())).contains(order);
    }
  }

  @Test
  void anOrderRecordedAgainIsRecordedAndCountedOnce() {
    Order once = order(1, GA, 2);
    assertThat(orders.record(List.of(once)).before()).isEmpty();

    assertThat(orders.record(List.of(once, order(2, GA, 1), once)))
        .as("the second recording of a hold's order keeps the first")
        .isEqualTo(new PostgresOrders.Recording(Set.of(), Set.of(once.hold())));

    assertThat(sold(GA)).isEqualTo(3);
    assertThat(orders.byUser(user(1))).containsExactly(once);
  }

  @Test
  void inAGroupThatWouldSellPastCapacityExactlyTheOrdersThatDoNotFitAreRefused() {
    Order first = order(1, GA, 2);
    Order second = order(2, GA, 2);
    Order third = order(3, GA, 2);
    Order other = order(4, VIP, 1);

    Set<HoldId> refused = orders.record(List.of(first, second, third, other)).refused();

    assertThat(refused).hasSize(1);
    assertThat(sold(GA)).isEqualTo(4);
    assertThat(sold(VIP)).isEqualTo(1);
    for (Order order : List.of(first, second, third, other)) {
      assertThat(orders.find(order.id()).isPresent())
          .as(order.hold().value())
          .isNotEqualTo(refused.contains(order.hold()));
    }
  }

  @Test
  void groupsRecordedAtOnceByManyWritersNeverSellPastCapacity() throws Exception {
    List<List<Order>> groups = new ArrayList<>();
    for (int g = 0; g < 8; g++) {
      // Overlapping groups: each also carries its neighbour's orders, in the opposite order.
      groups.add(new ArrayList<>(List.of(order(g, GA, 1), order(g, VIP, 1))));
    }
    for (int g = 0; g < 8; g++) {
      List<Order> neighbour = groups.get((g + 1) % 8);
      groups.get(g).add(neighbour.get(1));
      groups.get(g).add(neighbour.get(0));
    }

    List<Set<HoldId>> refused =
        Race.onPlatformThreads(8, g -> orders.record(groups.get(g)).refused());

    assertThat(sold(GA)).isEqualTo(5);
    assertThat(sold(VIP)).isEqualTo(5);
    long recorded =
        groups.stream()
            .flatMap(List::stream)
            .distinct()
            .filter(o -> orders.find(o.id()).isPresent())
            .count();
    assertThat(recorded).isEqualTo(10);
    assertThat(refused.stream().flatMap(Set::stream).distinct().count()).isEqualTo(6);
  }
}
