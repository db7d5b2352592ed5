package dev.boxoffice.core.inventory;

import dev.boxoffice.core.InvalidValueException;

/** How many tickets one hold takes: 1 to 1000 (the event's per-user limit caps it further). */
public record Quantity(int value) {
  public static final int MAX = 1000;
  public static final Quantity ONE = new Quantity(1);

  public Quantity {
    InvalidValueException.require(
        value >= 1 && value <= MAX, "quantity", "must be between 1 and " + MAX);
  }
}
