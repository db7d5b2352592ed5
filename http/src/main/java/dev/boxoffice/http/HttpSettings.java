package dev.boxoffice.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the server listens, how it authenticates, and what it limits.
 *
 * @param host the interface to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port; 0 picks a free one (see {@link BoxofficeServer#port()})
 * @param adminKey the bearer secret of admin routes; compared in constant time
 * @param tokens signs and verifies session tokens
 * @param connections how long the server waits for clients, and how many it keeps
 * @param signInPerUsername sign-in attempts for one username, from anywhere, right or wrong
 * @param rateLimits limits by route operationId, each in place of the route's own default of the
 *     same key ({@link Routes#limit})
 * @param trustedProxies proxies whose {@code X-Forwarded-For} names the client
 * @param metrics where {@code /metrics} is served and who may read it
 * @param readCacheTtl how long a cached public read may be served after it was computed, if no
 *     write made it stale first ({@link ReadCache}); zero turns the cache off
 * @param accessLogSample the share of requests the access log writes a line for, 0 (none) to 1
 *     (all); every 5xx is logged ({@link AccessLog})
 */
public record HttpSettings(
    String host,
    int port,
    String adminKey,
    SessionTokens tokens,
    ConnectionLimits connections,
    Rate signInPerUsername,
    Map<String, List<RateLimit>> rateLimits,
    TrustedProxies trustedProxies,
    MetricsEndpoint metrics,
    Duration readCacheTtl,
    double accessLogSample) {

  /** One request in a hundred has an access log line (and every 5xx). */
  public static final double DEFAULT_ACCESS_LOG_SAMPLE = 0.01;

  /** Cached public reads are at most a second old. */
  public static final Duration DEFAULT_READ_CACHE_TTL = Duration.ofSeconds(1);

  /** 10 sign-ins per username per 5 minutes: a burst of ten, then one every thirty seconds. */
  public static final Rate DEFAULT_SIGN_IN_PER_USERNAME = new Rate(10, Duration.ofMinutes(5));

  /** Settings with every route's default limits. */
  public static HttpSettings of(String host, int port, String adminKey, SessionTokens tokens) {
    return new HttpSettings(
        host,
        port,
        adminKey,
        tokens,
        ConnectionLimits.DEFAULT,
        DEFAULT_SIGN_IN_PER_USERNAME,
        Map.of(),
        TrustedProxies.NONE,
        MetricsEndpoint.DEFAULT,
        DEFAULT_READ_CACHE_TTL,
        DEFAULT_ACCESS_LOG_SAMPLE);
  }

  public HttpSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is required");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
    }
    if (adminKey == null || adminKey.isBlank()) {
      throw new IllegalArgumentException("adminKey is required");
    }
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(signInPerUsername, "signInPerUsername");
    Map<String, List<RateLimit>> copy = new HashMap<>();
    rateLimits.forEach((operationId, limits) -> copy.put(operationId, List.copyOf(limits)));
    rateLimits = Map.copyOf(copy);
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    Objects.requireNonNull(metrics, "metrics");
    if (metrics.ownPort() && metrics.port() == port && port != 0) {
      throw new IllegalArgumentException("the metrics port must differ from the server's: " + port);
    }
    if (!(accessLogSample >= 0 && accessLogSample <= 1)) {
      throw new IllegalArgumentException("the access log's sample is a share from 0 to 1");
    }
    if (readCacheTtl.isNegative()) {
      throw new IllegalArgumentException("the read cache's time must not be negative");
    }
  }

  /** These settings with other connection limits. */
  public HttpSettings withConnections(ConnectionLimits limits) {
    return new HttpSettings(
        host,
        port,
        adminKey,
        tokens,
        limits,
        signInPerUsername,
        rateLimits,
        trustedProxies,
        metrics,
        readCacheTtl,
        accessLogSample);
  }

  /** These settings with another limit of sign-ins per username. */
  public HttpSettings withSignInPerUsername(Rate rate) {
    return new HttpSettings(
        host,
        port,
        adminKey,
        tokens,
        connections,
        rate,
        rateLimits,
        trustedProxies,
        metrics,
        readCacheTtl,
        accessLogSample);
  }

  /**
   * These settings with {@code limits} in place of the current limits of the same operationId and
   * key ({@link RateLimit#merge}); the others stay.
   */
  public HttpSettings withRateLimits(Map<String, List<RateLimit>> limits) {
    Map<String, List<RateLimit>> merged = RateLimit.merge(rateLimits, limits);
    return new HttpSettings(
        host,
        port,
        adminKey,
        tokens,
        connections,
        signInPerUsername,
        merged,
        trustedProxies,
        metrics,
        readCacheTtl,
        accessLogSample);
  }

  /** These settings trusting these proxies. */
  public HttpSettings withTrustedProxies(TrustedProxies proxies) {
    return new HttpSettings(
        host,
        port,
        adminKey,
        tokens,
        connections,
        signInPerUsername,
        rateLimits,
        proxies,
        metrics,
        readCacheTtl,
        accessLogSample);
  }

  /** These settings with metrics served elsewhere or otherwise. */
  public HttpSettings withMetrics(MetricsEndpoint endpoint) {
    return new HttpSettings(
        host,
        port,
        adminKey,
        tokens,
        connections,
        signInPerUsername,
        rateLimits,
        trustedProxies,
        endpoint,
        readCacheTtl,
        accessLogSample);
  }

  /** These settings keeping cached public reads for {@code ttl} at most; zero turns it off. */
  public HttpSettings withReadCacheTtl(Duration ttl) {
    return new HttpSettings(
        host,
        port,
        adminKey,
        tokens,
        connections,
        signInPerUsername,
        rateLimits,
        trustedProxies,
        metrics,
        ttl,
        accessLogSample);
  }

  /** These settings logging this share of requests, 0 to 1 ({@link AccessLog}). */
  public HttpSettings withAccessLogSample(double sample) {
    return new HttpSettings(
        host,
        port,
        adminKey,
        tokens,
        connections,
        signInPerUsername,
        rateLimits,
        trustedProxies,
        metrics,
        readCacheTtl,
        sample);
  }

  @Override
  public String toString() {
    return "HttpSettings[host=" + host + ", port=" + port + ", adminKey=<hidden>]";
  }
}
