package dev.boxoffice.loadtest;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the load goes: a server on this machine. Only loopback addresses are accepted, so the tool
 * cannot be pointed at someone else's service by mistake.
 *
 * @param address the socket address to connect to
 * @param hostHeader the Host header value, such as {@code 127.0.0.1:8080}
 */
public record Target(InetSocketAddress address, String hostHeader) {
  public Target {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(hostHeader, "hostHeader");
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("only loopback targets are allowed: " + address);
    }
  }

  /**
   * The target of an {@code http://} URL whose host is 127.0.0.1, localhost or ::1.
   *
   * @throws IllegalArgumentException for another scheme or host, or a URL with a path
   */
  public static Target parse(String url) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("only http:// URLs are supported: " + url);
    }
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("no host in " + url);
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String lower = bare.toLowerCase(Locale.ROOT);
    if (!lower.equals("127.0.0.1") && !lower.equals("localhost") && !lower.equals("::1")) {
      throw new IllegalArgumentException(
          "refusing to load-test " + host + ": only 127.0.0.1, localhost and ::1 are allowed");
    }
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
      throw new IllegalArgumentException("give the server's base URL without a path: " + url);
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    InetAddress address;
    try {
      address =
          lower.equals("localhost")
              ? InetAddress.getLoopbackAddress()
              : InetAddress.getByName(bare);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve " + host, e);
    }
    String hostHeader = (bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare) + ":" + port;
    return new Target(new InetSocketAddress(address, port), hostHeader);
  }

  /** 127.0.0.1 on {@code port}. */
  public static Target local(int port) {
    return parse("http://127.0.0.1:" + port);
  }

  /** The base URL, for reports. */
  public String url() {
    return "http://" + hostHeader;
  }
}
