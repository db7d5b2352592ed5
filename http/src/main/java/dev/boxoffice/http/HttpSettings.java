package dev.boxoffice.http;

import java.util.Objects;

/**
 * Where the server listens and how it authenticates.
 *
 * @param host the interface to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port; 0 picks a free one (see {@link BoxofficeServer#port()})
 * @param adminKey the bearer secret of admin routes; compared in constant time
 * @param tokens signs and verifies session tokens
 * @param connections how long the server waits for clients, and how many it keeps
 * @param accounts how often accounts may be signed into and created
 * @param metrics where {@code /metrics} is served and who may read it
 */
public record HttpSettings(
    String host,
    int port,
    String adminKey,
    SessionTokens tokens,
    ConnectionLimits connections,
    AccountLimits accounts,
    MetricsEndpoint metrics) {

  /** Settings with the default limits. */
  public static HttpSettings of(String host, int port, String adminKey, SessionTokens tokens) {
    return new HttpSettings(
        host,
        port,
        adminKey,
        tokens,
        ConnectionLimits.DEFAULT,
        AccountLimits.DEFAULT,
        MetricsEndpoint.DEFAULT);
  }

  /** These settings with other connection limits. */
  public HttpSettings withConnections(ConnectionLimits limits) {
    return new HttpSettings(host, port, adminKey, tokens, limits, accounts, metrics);
  }

  /** These settings with other account limits. */
  public HttpSettings withAccounts(AccountLimits limits) {
    return new HttpSettings(host, port, adminKey, tokens, connections, limits, metrics);
  }

  /** These settings with metrics served elsewhere or otherwise. */
  public HttpSettings withMetrics(MetricsEndpoint endpoint) {
    return new HttpSettings(host, port, adminKey, tokens, connections, accounts, endpoint);
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
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(metrics, "metrics");
    if (metrics.ownPort() && metrics.port() == port && port != 0) {
      throw new IllegalArgumentException("the metrics port must differ from the server's: " + port);
    }
  }

  @Override
  public String toString() {
    return "HttpSettings[host=" + host + ", port=" + port + ", adminKey=<hidden>]";
  }
}
