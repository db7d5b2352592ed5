package dev.boxoffice.http;

import dev.boxoffice.core.identity.UserId;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Who is calling: a user, named by a session token in {@code Authorization: Bearer} or in the
 * {@value #COOKIE} cookie, or the admin, who presents the admin key as a bearer token. The admin
 * key is compared as SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time
 * whatever the input, so neither its content nor its length leaks through timing.
 *
 * <p>Thread policy: immutable and thread-safe.
 */
final class Auth {
  static final String COOKIE = "boxoffice_session";

  private static final String BEARER = "bearer ";

  private final SessionTokens tokens;
  private final byte[] adminDigest;

  Auth(SessionTokens tokens, String adminKey) {
    this.tokens = tokens;
    this.adminDigest = sha256(adminKey);
  }

  /** The signed-in user, or a 401 problem. */
  UserId user(Headers headers) {
    return token(headers)
        .flatMap(tokens::verify)
        .orElseThrow(
            () ->
                ProblemType.AUTHENTICATION_REQUIRED
                    .detail("send a valid session token as Authorization: Bearer <token>")
                    .raise());
  }

  /** Returns if the caller presented the admin key, else throws a 401 problem. */
  void requireAdmin(Headers headers) {
    Optional<String> presented = bearer(headers);
    if (presented.isEmpty() || !MessageDigest.isEqual(adminDigest, sha256(presented.get()))) {
      throw ProblemType.ADMIN_REQUIRED
          .detail("send the admin key as Authorization: Bearer <key>")
          .raise();
    }
  }

  /** The bearer token if an Authorization header is present, else the session cookie. */
  private static Optional<String> token(Headers headers) {
    if (headers.contains(HeaderNames.AUTHORIZATION)) {
      return bearer(headers);
    }
    return headers.first(HeaderNames.COOKIE).flatMap(Auth::sessionCookie);
  }

  private static Optional<String> bearer(Headers headers) {
    Optional<String> value = headers.first(HeaderNames.AUTHORIZATION);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get();
    if (v.length() <= BEARER.length() || !v.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    return Optional.of(v.substring(BEARER.length()).strip());
  }

  /** The value of {@value #COOKIE} in a Cookie header, parsed leniently. */
  static Optional<String> sessionCookie(String header) {
    for (String pair : header.split(";", -1)) {
      String p = pair.strip();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).strip().equals(COOKIE)) {
        String value = p.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
