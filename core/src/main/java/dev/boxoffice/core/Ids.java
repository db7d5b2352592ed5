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
    long hi = random.nextLong();
    long lo = random.nextLong();
    StringBuilder out = new StringBuilder(prefix.length() + 26).append(prefix);
    for (int i = 0; i < 13; i++) {
      out.append(ALPHABET[(int) (hi & 31)]);
      hi >>>= 5;
    }
    for (int i = 0; i < 13; i++) {
      out.append(ALPHABET[(int) (lo & 31)]);
      lo >>>= 5;
    }
    return out.toString();
  }

  /**
   * A new identifier with the given prefix whose first 10 characters are {@code at} in milliseconds
   * since the epoch (most significant first) and whose last 16 are random: ids made later sort
   * after earlier ones, so a store's index on them grows at its end instead of at random places.
   */
  public static String timeOrdered(String prefix, Instant at) {
    long millis = at.toEpochMilli();
    long random = ThreadLocalRandom.current().nextLong();
    StringBuilder out = new StringBuilder(prefix.length() + 26).append(prefix);
    for (int shift = 45; shift >= 0; shift -= 5) {
      out.append(ALPHABET[(int) ((millis >>> shift) & 31)]);
    }
    for (int i = 0; i < 12; i++) {
      out.append(ALPHABET[(int) (random & 31)]);
      random >>>= 5;
    }
    int more = ThreadLocalRandom.current().nextInt();
    for (int i = 0; i < 4; i++) {
      out.append(ALPHABET[more & 31]);
      more >>>= 5;
    }
    return out.toString();
  }

  /** Whether {@code value} is a plausible identifier: 1 to 64 URL-safe characters. */
  public static boolean wellFormed(String value) {
    if (value == null || value.isEmpty() || value.length() > 64) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
