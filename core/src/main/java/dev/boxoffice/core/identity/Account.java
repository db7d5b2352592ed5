package dev.boxoffice.core.identity;

import dev.boxoffice.core.InvalidValueException;
import java.time.Instant;
import java.util.regex.Pattern;

/** A built-in account: a username (3-64 of {@code A-Za-z0-9._@-}) and its password hash. */
public record Account(UserId user, String passwordHash, Instant createdAt) {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");

  public Account {
    InvalidValueException.present(user, "username");
    InvalidValueException.require(
        validUsername(user.value()), "username", "must be 3-64 characters of A-Za-z0-9._@-");
    InvalidValueException.require(
        passwordHash != null && !passwordHash.isEmpty(), "password", "is required");
    InvalidValueException.present(createdAt, "createdAt");
  }

  /** Whether {@code name} may name a built-in account. */
  public static boolean validUsername(String name) {
    return name != null && USERNAME.matcher(name).matches();
  }
}
