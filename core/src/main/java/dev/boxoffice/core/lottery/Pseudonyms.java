package dev.boxoffice.core.lottery;

import dev.boxoffice.core.identity.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The names a lottery of pseudonyms gives its entrants: {@code p} and 32 hexadecimal digits, the
 * first 128 bits of HMAC-SHA-256 of the user id under the lottery's secret key (never revealed,
 * unlike the seed, so nobody else can link a pseudonym to a guessed user id).
 *
 * <p>Thread policy: not thread-safe; one per thread.
 */
public final class Pseudonyms {
  private final Mac mac;

  public Pseudonyms(Seed key) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  /** The pseudonym of {@code user}. */
  public String of(UserId user) {
    byte[] digest = mac.doFinal(user.value().getBytes(StandardCharsets.US_ASCII));
    return "p" + HexFormat.of().formatHex(digest, 0, 16);
  }
}
