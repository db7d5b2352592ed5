package dev.boxoffice.core;

/**
 * A value failed validation. Carries the name of the offending field so the HTTP edge can name it
 * in its problem document.
 */
public final class InvalidValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidValueException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The field (JSON name) that holds the bad value. */
  public String field() {
    return field;
  }

  /** Throws unless {@code condition} holds. */
  public static void require(boolean condition, String field, String message) {
    if (!condition) {
      throw new InvalidValueException(field, message);
    }
  }

  /** Returns {@code value} when it is non-null, else throws naming the field. */
  public static <T> T present(T value, String field) {
    if (value == null) {
      throw new InvalidValueException(field, "is required");
    }
    return value;
  }
}
