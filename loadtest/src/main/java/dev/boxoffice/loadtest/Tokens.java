package dev.boxoffice.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints session tokens the server accepts, without accounts: HS256 JWTs with {@code typ} = session,
 * {@code sub} = user, {@code iat} and {@code exp}, signed with the server's session key (the base64
 * line of {@code <data>/keys/session.key}, or the same value given on the command line). This is
 * how a load test acts as a hundred thousand distinct users.
 *
 * <p>Thread policy: thread-safe; {@link #mint} is safe from any thread, each pooled MAC serving one
 * at a time.
 */
public final class Tokens {
  /** Long enough for any bounded run plus its checks. */
  static final Duration TTL = Duration.ofHours(2);

  private static final String HMAC = "HmacSHA256";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** The encoded JOSE header of every token, {@code {"alg":"HS256"}}, and the dot after it. */
  private static final String HEADER =
      BASE64URL.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.US_ASCII)) + ".";

  private final SecretKeySpec key;

  /**
   * Initialised MACs, reused: getting one looks the algorithm up among the security providers,
   * which costs more than signing, and this process shares the machine with the server it drives.
   */
  private final ConcurrentLinkedQueue<Mac> macs = new ConcurrentLinkedQueue<>();

  private Tokens(byte[] key) {
    this.key = new SecretKeySpec(key, HMAC);
    macs.offer(newMac());
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

  /** A session token (an HS256 JWT) for {@code user}, valid from now for {@link #TTL}. */
  public String mint(String user) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode claims = Run.JSON.createObjectNode();
    claims.put("typ", "session");
    claims.put("sub", user);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(TTL).getEpochSecond());
    String signingInput;
    try {
      signingInput = HEADER + BASE64URL.encodeToString(Run.JSON.writeValueAsBytes(claims));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a token's claims", e);
    }
    Mac mac = macs.poll();
    if (mac == null) {
      mac = newMac();
    }
    try {
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature);
    } finally {
      macs.offer(mac);
    }
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JDK has " + HMAC, e);
    }
  }
}
