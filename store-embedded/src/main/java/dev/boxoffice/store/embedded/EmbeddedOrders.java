package dev.boxoffice.store.embedded;

import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.Orders;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@link Orders} port: an index of the orders {@link EmbeddedInventory} has made durable, by id
 * and by user. The inventory adds each order once its commit is done, so nothing here was ever
 * unacknowledged.
 *
 * <p>Thread policy: thread-safe; each user's list is immutable, replaced when an order is added.
 */
final class EmbeddedOrders implements Orders {
  private final Journal journal;
  private final ConcurrentHashMap<OrderId, Order> orders = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UserId, List<Order>> byUser = new ConcurrentHashMap<>();

  EmbeddedOrders(Journal journal) {
    this.journal = journal;
  }

  @Override
  public Optional<Order> find(OrderId id) {
    journal.requireHealthy();
    return Optional.ofNullable(orders.get(id));
  }

  @Override
  public List<Order> byUser(UserId user) {
    journal.requireHealthy();
    return byUser.getOrDefault(user, List.of());
  }

  /** Makes a durable order readable, once; a caller that finds it being added waits until it is. */
  void add(Order order) {
    orders.computeIfAbsent(
        order.id(),
        id -> {
          byUser.merge(order.user(), List.of(order), EmbeddedOrders::concat);
          return order;
        });
  }

  private static List<Order> concat(List<Order> mine, List<Order> more) {
    return Stream.concat(mine.stream(), more.stream()).toList();
  }
}
