package dev.boxoffice.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.InvalidValueException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions that a value is refused with an {@link InvalidValueException} naming its field. */
public final class InvalidValues {
  private InvalidValues() {}

  /**
   * Asserts that {@code construction} throws an {@link InvalidValueException} naming {@code field}.
   */
  public static void assertRefuses(String field, ThrowingCallable construction) {
    assertThatThrownBy(construction)
        .isInstanceOf(InvalidValueException.class)
        .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo(field));
  }
}
