package dev.boxoffice.http;

import java.util.Objects;

/**
 * Where the server listens and how it authenticates.
 *
 * @param host the interface to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port; 0 picks a free one (see {@link BoxofficeServer#port()})
 * @param adminKey the bearer secret of admin routes; compared in constant time
 * @param tokens signs and verifies session tokens
 */
public record HttpSettings(String host, int port, String adminKey, SessionTokens tokens) {
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
  }

  @Override
  public String toString() {
    return "HttpSettings[host=" + host + ", port=" + port + ", adminKey=<hidden>]";
  }
}
