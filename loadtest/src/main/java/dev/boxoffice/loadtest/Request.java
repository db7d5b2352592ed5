package dev.boxoffice.loadtest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP/1.1 request, already encoded: the bytes to write on a keep-alive connection. Built once
 * and sent many times where the request does not change (a health probe, an event read). Immutable:
 * the bytes are never handed out for writing.
 */
public final class Request {
  private final String method;
  private final String path;
  private final byte[] bytes;

  private Request(String method, String path, byte[] bytes) {
    this.method = Objects.requireNonNull(method, "method");
    this.path = Objects.requireNonNull(path, "path");
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  /** A GET, with a bearer token when {@code bearer} is not null. */
  public static Request get(String host, String path, String bearer) {
    return of("GET", host, path, bearer, null);
  }

  /** A POST of a JSON body (or of no body when {@code json} is null). */
  public static Request post(String host, String path, String bearer, String json) {
    return of("POST", host, path, bearer, json);
  }

  /** A DELETE. */
  public static Request delete(String host, String path, String bearer) {
    return of("DELETE", host, path, bearer, null);
  }

  /**
   * Any request. {@code host} is the Host header value ({@code 127.0.0.1:8080}); {@code bearer} and
   * {@code json} may be null for none. A body is sent with Content-Length, as JSON; a POST or
   * DELETE without one says {@code Content-Length: 0}.
   */
  public static Request of(String method, String host, String path, String bearer, String json) {
    return of(method, host, path, bearer, json, Map.of());
  }

  /** Any request, with more {@code headers} (names and values of plain ASCII). */
  public static Request of(
      String method,
      String host,
      String path,
      String bearer,
      String json,
      Map<String, String> headers) {
    StringBuilder head = new StringBuilder(160 + (bearer == null ? 0 : bearer.length()));
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host);
    if (bearer != null) {
      head.append("\r\nAuthorization: Bearer ").append(bearer);
    }
    headers.forEach((name, value) -> head.append("\r\n").append(name).append(": ").append(value));
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    if (json != null) {
      head.append("\r\nContent-Type: application/json");
    }
    if (json != null || !method.equals("GET")) {
      head.append("\r\nContent-Length: ").append(body.length);
    }
    head.append("\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return new Request(method, path, all);
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The encoded request; callers must not modify it. */
  byte[] bytes() {
    return bytes;
  }

  /** The encoded request as text, for tests and messages. */
  public String wireText() {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
