package dev.boxoffice.loadtest;

import java.util.Objects;

/**
 * One ticket type's counts from the admin inventory: {@code GET /v1/events/{id}/inventory}.
 *
 * @param code the ticket type's code
 * @param capacity tickets of this type in total
 * @param available tickets nobody holds or bought
 * @param held tickets in live holds
 * @param sold tickets in orders
 */
public record TypeCount(String code, long capacity, long available, long held, long sold) {
  public TypeCount {
    Objects.requireNonNull(code, "code");
  }
}
