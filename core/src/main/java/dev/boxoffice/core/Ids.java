package dev.boxoffice.core;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random identifiers: 26 lowercase base-32 characters, URL-safe, whose alphabet is in ASCII order.
 * They need to be unique, not secret: every operation on a hold or order also checks who asks.
 * {@link #random} is 128 random bits; {@link #timeOrdered} is a millisecond timestamp then 80
 * random bits, so that such ids sort in creation order.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private Ids() {}

  /** A new random identifier with the given prefix. */
  public static String random(String prefix) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder out = new StringBuilder(prefix.length() + 26).append(prefix);
    append(out, random.nextLong(), 13);
    append(out, random.nextLong(), 13);
    return out.toString();
  }

  /**
   * A new identifier with the given prefix whose first 10 characters are {@code at} in milliseconds
   * since the epoch and whose last 16 are 80 random bits: ids made in a later millisecond sort
   * after earlier ones (from 1970 to the year 37,000), so a store's index on them grows at its end
   * instead of at random places.
   *
   * @throws IllegalArgumentException for an instant before 1970
   */
  public static String timeOrdered(String prefix, Instant at) {
    long millis = at.toEpochMilli();
    if (millis < 0) {
      throw new IllegalArgumentException("time-ordered ids start in 1970: " + at);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder out = new StringBuilder(prefix.length() + 26).append(prefix);
    append(out, millis, 10);
    append(out, random.nextLong(), 8);
    append(out, random.nextLong(), 8);
    return out.toString();
  }

  /**
   * The smallest id {@link #timeOrdered} can make with this prefix at {@code at} or later: every id
   * it made before {@code at}'s millisecond sorts before this one, every later one after.
   */
  public static String timeOrderedFrom(String prefix, Instant at) {
    long millis = Math.max(0, at.toEpochMilli());
    StringBuilder out = new StringBuilder(prefix.length() + 10).append(prefix);
    append(out, millis, 10);
    return out.toString();
  }

  /** Appends the low {@code 5 * chars} bits of {@code bits}, most significant first. */
  private static void append(StringBuilder out, long bits, int chars) {
    for (int shift = 5 * (chars - 1); shift >= 0; shift -= 5) {
      out.append(ALPHABET[(int) ((bits >>> shift) & 31)]);
    }
  }

  /** Whether {@code value} is a plausible identifier: 1 to 64 URL-safe characters. */
  public static boolean wellFormed(String value) {
    if (value == null || value.isEmpty() || value.length() > 64) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!urlSafe(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code c} is a letter, a digit, {@code -} or {@code _}: the base64url alphabet. */
  public static boolean urlSafe(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
