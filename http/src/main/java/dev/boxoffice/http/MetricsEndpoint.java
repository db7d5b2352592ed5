package dev.boxoffice.http;

import java.util.Objects;

/**
 * Where {@code /metrics} is served and who may read it. By default it is on the server's own port
 * and needs the admin key (Prometheus sends it as a bearer token), since the meters tell anyone how
 * the sale is going. With a port of its own it is served there instead, beside the health checks,
 * usually on an address only the monitoring network reaches.
 *
 * @param host the address of the metrics port; unused without one
 * @param port the metrics port, {@link #SAME_PORT} for the server's own, 0 for any free one
 * @param adminKeyRequired whether reading the metrics needs the admin key
 */
public record MetricsEndpoint(String host, int port, boolean adminKeyRequired) {
  public static final int SAME_PORT = -1;

  /** On the server's port, behind the admin key. */
  public static final MetricsEndpoint DEFAULT = new MetricsEndpoint("127.0.0.1", SAME_PORT, true);

  public MetricsEndpoint {
    Objects.requireNonNull(host, "host");
    if (port < SAME_PORT || port > 65_535) {
      throw new IllegalArgumentException("metrics port must be between 0 and 65535: " + port);
    }
  }

  /** Whether the metrics have a listener of their own. */
  boolean ownPort() {
    return port != SAME_PORT;
  }
}
