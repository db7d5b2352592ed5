package dev.boxoffice.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How often accounts may be tried: sign-in attempts per username and per client address, and
 * sign-ups per client address. Every attempt counts, right or wrong, and is counted before the
 * password is hashed, so a guesser also cannot make the server burn its CPU on Argon2. Beyond a
 * limit the answer is 429 with {@code Retry-After}; an unknown username is limited exactly like a
 * known one, so the answers still reveal nothing.
 *
 * @param signInPerUsername sign-in attempts for one username, from anywhere
 * @param signInPerAddress sign-in attempts from one client address, for any usernames
 * @param signUpPerAddress new accounts from one client address (each account has its own per-person
 *     ticket limit, so free accounts would otherwise get round it)
 */
public record AccountLimits(Rate signInPerUsername, Rate signInPerAddress, Rate signUpPerAddress) {
  /**
   * 10 sign-ins per username per 5 minutes, 60 per address per minute, 20 sign-ups per address per
   * hour.
   */
  public static final AccountLimits DEFAULT =
      new AccountLimits(
          new Rate(10, Duration.ofMinutes(5)),
          new Rate(60, Duration.ofMinutes(1)),
          new Rate(20, Duration.ofHours(1)));

  /** No limits, for tests that sign in many times from one address. */
  public static final AccountLimits NONE =
      new AccountLimits(Rate.UNLIMITED, Rate.UNLIMITED, Rate.UNLIMITED);

  public AccountLimits {
    Objects.requireNonNull(signInPerUsername, "signInPerUsername");
    Objects.requireNonNull(signInPerAddress, "signInPerAddress");
    Objects.requireNonNull(signUpPerAddress, "signUpPerAddress");
  }
}
