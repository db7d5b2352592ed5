package dev.boxoffice.loadtest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;

/**
 * Mints session tokens the server accepts, without accounts: HS256 JWTs with {@code typ} = session,
 * {@code sub} = user, {@code iat} and {@code exp}, signed with the server's session key (the base64
 * line of {@code <data>/keys/session.key}, or the same value given on the command line). This is
 * how a load test acts as a hundred thousand distinct users.
 *
 * <p>Thread policy: immutable; {@link #mint} is safe from any thread.
 */
public final class Tokens {
  /** Long enough for any bounded run plus its checks. */
  static final Duration TTL = Duration.ofHours(2);

  private final MACSigner signer;

  private Tokens(byte[] key) {
    try {
      this.signer = new MACSigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable session key: " + e.getMessage(), e);
    }
  }

  /** Tokens signed with {@code key}, at least 32 bytes. */
  public static Tokens withKey(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the session key must be at least 32 bytes");
    }
    return new Tokens(key.clone());
  }

  /** Tokens signed with a base64 (standard or URL-safe) key. */
  public static Tokens withBase64Key(String encoded) {
    String text = encoded.strip();
    try {
      byte[] key =
          text.indexOf('-') >= 0 || text.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(text)
              : Base64.getDecoder().decode(text);
      return withKey(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the session key is not base64: " + e.getMessage(), e);
    }
  }

  /** Tokens signed with the key the server keeps in {@code <dataDir>/keys/session.key}. */
  public static Tokens fromDataDir(Path dataDir) throws IOException {
    return withBase64Key(Files.readString(sessionKeyFile(dataDir), StandardCharsets.US_ASCII));
  }

  static Path sessionKeyFile(Path dataDir) {
    return dataDir.resolve("keys").resolve("session.key");
  }

  /** A token for {@code user}, valid from now for {@link #TTL}. */
  public String mint(String user) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .claim("typ", "session")
            .subject(user)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(TTL)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign a token", e);
    }
    return jwt.serialize();
  }
}
