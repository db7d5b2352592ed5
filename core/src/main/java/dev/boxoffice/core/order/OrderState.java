package dev.boxoffice.core.order;

import java.util.Objects;

/**
 * An order and where it stands. A completed hold is confirmed at once; a purchase starts pending.
 */
public sealed interface OrderState {
  Order order();

  OrderStatus status();

  record Pending(Order order) implements OrderState {
    public Pending {
      Objects.requireNonNull(order, "order");
    }

    @Override
    public OrderStatus status() {
      return OrderStatus.PENDING;
    }
  }

  record Confirmed(Order order) implements OrderState {
    public Confirmed {
      Objects.requireNonNull(order, "order");
    }

    @Override
    public OrderStatus status() {
      return OrderStatus.CONFIRMED;
    }
  }

  /** Not sold; {@code reason} says why, for a person. */
  record Failed(Order order, String reason) implements OrderState {
    public Failed {
      Objects.requireNonNull(order, "order");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public OrderStatus status() {
      return OrderStatus.FAILED;
    }
  }
}
