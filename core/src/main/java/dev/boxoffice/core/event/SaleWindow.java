package dev.boxoffice.core.event;

import dev.boxoffice.core.InvalidValueException;
import java.time.Instant;

/** When holds may be created: from {@code opensAt} (inclusive) to {@code closesAt} (exclusive). */
public record SaleWindow(Instant opensAt, Instant closesAt) {
  public SaleWindow {
    InvalidValueException.present(opensAt, "saleOpensAt");
    InvalidValueException.present(closesAt, "saleClosesAt");
    InvalidValueException.require(
        opensAt.isBefore(closesAt), "saleClosesAt", "must be after saleOpensAt");
  }

  /** Whether the sale is open at {@code now}. */
  public boolean isOpenAt(Instant now) {
    return !now.isBefore(opensAt) && now.isBefore(closesAt);
  }
}
