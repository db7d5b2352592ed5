package dev.boxoffice.core.lottery;

import dev.boxoffice.core.InvalidValueException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret a lottery's draw is derived from: 32 random bytes, drawn when the event is created and
 * kept secret until the draw. Its {@link #commitment}, published at once, binds the server to it:
 * after the draw the seed is revealed and anyone can check that it hashes to the commitment.
 *
 * @param hex the 32 bytes as 64 lowercase hexadecimal digits
 */
public record Seed(String hex) {
  public static final int BYTES = 32;

  public Seed {
    InvalidValueException.require(
        hex != null && hex.length() == 2 * BYTES && hex.chars().allMatch(Seed::lowerHex),
        "seed",
        "must be " + 2 * BYTES + " lowercase hexadecimal digits");
  }

  /** A new seed from {@code random}, which should be a {@link SecureRandom}. */
  public static Seed random(SecureRandom random) {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return new Seed(HexFormat.of().formatHex(bytes));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  /** The published commitment: SHA-256 of the seed's 32 bytes, in hexadecimal. */
  public String commitment() {
    return HexFormat.of().formatHex(sha256().digest(bytes()));
  }

  /** Hides the secret from logs and messages; {@link #hex} still gives it. */
  @Override
  public String toString() {
    return "Seed[commitment=" + commitment() + "]";
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static boolean lowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
