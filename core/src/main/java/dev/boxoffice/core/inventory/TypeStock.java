package dev.boxoffice.core.inventory;

import dev.boxoffice.core.event.TicketTypeCode;

/** A snapshot of one ticket type's stock: {@code available + held + sold == capacity}. */
public record TypeStock(TicketTypeCode code, int capacity, int available, int held, int sold) {
  public TypeStock {
    if (available < 0 || held < 0 || sold < 0 || available + held + sold != capacity) {
      throw new IllegalStateException(
          "stock invariant broken for "
              + code
              + ": available="
              + available
              + " held="
              + held
              + " sold="
              + sold
              + " capacity="
              + capacity);
    }
  }
}
