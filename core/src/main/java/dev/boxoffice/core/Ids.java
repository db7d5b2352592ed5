package dev.boxoffice.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random identifiers: 128 bits rendered as 26 lowercase base-32 characters, URL-safe. They need to
 * be unique, not secret: every operation on a hold or order also checks who asks.
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
