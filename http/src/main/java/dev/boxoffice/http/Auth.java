package dev.boxoffice.http;

import dev.boxoffice.core.identity.UserId;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: a user, named by a session token in {@code Authorization: Bearer} or in the
 * {@value #COOKIE} cookie, or the admin, who presents the admin key as a bearer token. The admin
 * key is compared as SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time
 * whatever the input, so neither its content nor its length leaks through timing.
 *
 * <p>A browser sends the cookie with requests that other sites start too (a form posted from
 * anywhere). So a request that changes something and is authenticated by the cookie alone must show
 * it comes from this site: an {@code Origin} whose host and port are this request's {@code Host},
 * or {@code Sec-Fetch-Site: same-origin}, or an {@code X-Requested-With} header, which a cross-site
 * page cannot add without a CORS preflight this server never grants. Two {@code Authorization}
 * headers are refused: which one counts would be a guess.
 *
 * <p>Thread policy: immutable and thread-safe.
 */
final class Auth {
  static final String COOKIE = "boxoffice_session";

  private static final String BEARER = "bearer ";
  private static final HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");
  private static final HeaderName X_REQUESTED_WITH = HeaderNames.create("X-Requested-With");
  private static final HeaderName X_FORWARDED_PROTO = HeaderNames.create("X-Forwarded-Proto");
  private static final Set<Method> SAFE = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);

  private final SessionTokens tokens;
  private final byte[] adminDigest;

  Auth(SessionTokens tokens, String adminKey) {
    this.tokens = tokens;
    this.adminDigest = sha256(adminKey);
  }

  /** The signed-in user, or a 401 problem (400 for two credentials, 403 for a cross-site one). */
  UserId user(ServerRequest request) {
    Headers headers = request.headers();
    Optional<String> token;
    if (headers.contains(HeaderNames.AUTHORIZATION)) {
      token = bearer(headers);
    } else {
      token = headers.first(HeaderNames.COOKIE).flatMap(Auth::sessionCookie);
      if (token.isPresent() && !SAFE.contains(request.prologue().method())) {
        requireSameSite(headers);
      }
    }
    return token
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

  private static void requireSameSite(Headers headers) {
    boolean sameSite =
        headers.contains(X_REQUESTED_WITH)
            || headers.first(SEC_FETCH_SITE).map("same-origin"::equals).orElse(false)
            || sameOrigin(headers);
    if (!sameSite) {
      throw ProblemType.CROSS_SITE_REQUEST
          .detail(
              "a change authenticated by the session cookie must come from this site: send an"
                  + " Origin of this host (browsers do), or X-Requested-With, or use"
                  + " Authorization: Bearer")
          .with("header", "Origin")
          .raise();
    }
  }

  /**
   * Whether {@code Origin} is this server's own origin: the scheme the client used (what a proxy in
   * front says in {@code X-Forwarded-Proto}, else plain http) with the {@code Host} it asked for.
   * Default ports are left out on both sides, as browsers write origins.
   */
  private static boolean sameOrigin(Headers headers) {
    Optional<String> origin = headers.first(HeaderNames.ORIGIN);
    Optional<String> host = headers.first(HeaderNames.HOST);
    if (origin.isEmpty() || host.isEmpty()) {
      return false;
    }
    String scheme =
        headers
            .first(X_FORWARDED_PROTO)
            .map(proto -> proto.split(",", -1)[0].strip())
            .orElse("http");
    return withoutDefaultPort(origin.get()).equals(withoutDefaultPort(scheme + "://" + host.get()));
  }

  private static String withoutDefaultPort(String origin) {
    String lower = origin.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") && lower.endsWith(":80")) {
      return lower.substring(0, lower.length() - 3);
    }
    if (lower.startsWith("https://") && lower.endsWith(":443")) {
      return lower.substring(0, lower.length() - 4);
    }
    return lower;
  }

  /** The bearer token of the one Authorization header; a 400 problem if there are several. */
  private static Optional<String> bearer(Headers headers) {
    if (!headers.contains(HeaderNames.AUTHORIZATION)) {
      return Optional.empty();
    }
    List<String> values = headers.get(HeaderNames.AUTHORIZATION).allValues();
    if (values.size() != 1) {
      throw ProblemType.INVALID_REQUEST
          .detail("send one Authorization header, not " + values.size())
          .with("header", "Authorization")
          .raise();
    }
    String v = values.get(0);
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
