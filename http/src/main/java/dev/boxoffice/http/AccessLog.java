package dev.boxoffice.http;

import dev.boxoffice.core.identity.UserId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request, on the logger {@code boxoffice.access}: its method, route template
 * (never the path, which may carry a token), status, duration, body size, the request id (from the
 * log context, as on every line of the request) and, for a signed-in caller, a salted hash of the
 * user id (HMAC-SHA-256 under a key drawn at start: the same user has the same hash in one run of
 * one server, and nobody can reverse it). Never a header, a token, a password or a body. As the
 * server logs JSON, each is one JSON object with these as fields. A share of requests is logged
 * ({@code sample}: 0 none, 1 all); every 5xx is.
 *
 * <p>Thread policy: thread-safe.
 */
final class AccessLog {
  static final String LOGGER = "boxoffice.access";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final double sample;
  private final HmacSha256 userHash;

  /**
   * @param sample the share of requests logged, 0 to 1 (checked by {@link HttpSettings})
   */
  AccessLog(double sample) {
    this.sample = sample;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.userHash = new HmacSha256(key);
  }

  /** Whether this request is logged: its share of the sample, or any failure of the server. */
  boolean logs(int status) {
    return status >= 500
        || (sample > 0 && (sample >= 1 || ThreadLocalRandom.current().nextDouble() < sample));
  }

  /** Logs one request, if {@link #logs} says so. */
  void record(
      String method, String route, int status, long nanos, long bytes, Optional<UserId> user) {
    if (!logs(status) || !LOG.isInfoEnabled()) {
      return;
    }
    var line =
        LOG.atInfo()
            .addKeyValue("method", method)
            .addKeyValue("route", route)
            .addKeyValue("status", status)
            .addKeyValue("duration_ms", nanos / 1_000_000.0)
            .addKeyValue("bytes", bytes);
    if (user.isPresent()) {
      line = line.addKeyValue("user_hash", hash(user.get()));
    }
    line.log("{} {} {}", method, route, status);
  }

  private String hash(UserId user) {
    byte[] digest = userHash.mac(user.value().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 8);
  }
}
