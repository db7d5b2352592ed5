package dev.boxoffice.core.order;

import dev.boxoffice.core.Ids;
import dev.boxoffice.core.InvalidValueException;

/** Identifies an order. URL-safe, 1 to 64 characters. */
public record OrderId(String value) {
  public OrderId {
    InvalidValueException.require(Ids.wellFormed(value), "orderId", "must be 1-64 URL-safe chars");
  }

  public static OrderId random() {
    return new OrderId(Ids.random("or_"));
  }

  @Override
  public String toString() {
    return value;
  }
}
