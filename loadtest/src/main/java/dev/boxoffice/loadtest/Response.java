package dev.boxoffice.loadtest;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP response as the load generator needs it: the status and the body bytes (decoded from
 * chunks when the server sent chunks). Immutable by convention: the body array is owned by this
 * response and not shared by the connection that read it.
 */
public final class Response {
  private final int status;
  private final byte[] body;

  Response(int status, byte[] body) {
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  /** The body bytes; callers must not modify them. */
  public byte[] body() {
    return body;
  }

  /** Whether the status is 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Response[" + status + ", " + body.length + " bytes]";
  }
}
