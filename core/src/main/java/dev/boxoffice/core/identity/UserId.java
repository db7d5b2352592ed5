package dev.boxoffice.core.identity;

import dev.boxoffice.core.InvalidValueException;

/**
 * A user, as named by the {@code sub} of their session token: 1 to 128 printable characters. Ids
 * from an external issuer may use any printable ASCII; built-in accounts are stricter, see {@link
 * Account}.
 */
public record UserId(String value) {
  public UserId {
    InvalidValueException.require(
        value != null && !value.isEmpty() && value.length() <= 128 && printable(value),
        "user",
        "must be 1-128 printable ASCII characters");
  }

  private static boolean printable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}
