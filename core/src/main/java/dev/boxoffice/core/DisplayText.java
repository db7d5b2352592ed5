package dev.boxoffice.core;

/**
 * Text that people read: an event's name and venue, a ticket type's name. It is 1 to {@value
 * #MAX_LENGTH} characters, not blank, and free of what would let it pass for something else where
 * it is shown or logged: control characters (NUL, line breaks, escapes), the invisible marks that
 * reorder text on screen (bidirectional embeddings, overrides and isolates, as in "Trojan Source"),
 * and halves of a UTF-16 surrogate pair.
 */
public final class DisplayText {
  public static final int MAX_LENGTH = 200;

  private DisplayText() {}

  /** Returns {@code value} if it is valid display text, else throws naming {@code field}. */
  public static String require(String value, String field) {
    InvalidValueException.require(
        value != null && !value.isBlank() && value.length() <= MAX_LENGTH,
        field,
        "must be 1-" + MAX_LENGTH + " characters");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      InvalidValueException.require(
          !Character.isISOControl(c), field, "must not hold control characters or line breaks");
      InvalidValueException.require(
          !bidiControl(c), field, "must not hold invisible text-direction marks");
      if (Character.isHighSurrogate(c)) {
        InvalidValueException.require(
            i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1)),
            field,
            "must be valid Unicode");
        i++;
      } else {
        InvalidValueException.require(!Character.isLowSurrogate(c), field, "must be valid Unicode");
      }
    }
    return value;
  }

  /** The Unicode bidirectional formatting characters (UAX #9): marks, embeddings, isolates. */
  private static boolean bidiControl(char c) {
    return c == '\u061c'
        || c == '\u200e'
        || c == '\u200f'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
