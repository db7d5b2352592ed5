package dev.boxoffice.http;

import dev.boxoffice.core.identity.UserId;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * One request as routes see it: path parameters, the body parsed strictly, and who is calling.
 * Every accessor either returns a valid value or throws a {@link ProblemException}.
 *
 * <p>Thread policy: confined to the request's thread.
 */
final class Call {
  /** The largest request body accepted: far above any valid one, small enough to hold in memory. */
  static final int MAX_BODY = 64 * 1024;

  private final ServerRequest request;
  private final Auth auth;

  Call(ServerRequest request, Auth auth) {
    this.request = request;
    this.auth = auth;
  }

  /** The request method. */
  Method method() {
    return request.prologue().method();
  }

  /** The request path, decoded. */
  String path() {
    return request.path().path();
  }

  /** The path parameter of the matched route template. */
  String param(String name) {
    try {
      return request.path().pathParameters().get(name);
    } catch (NoSuchElementException e) {
      throw new IllegalStateException("route has no parameter " + name, e);
    }
  }

  /** The signed-in user, or a 401 problem. */
  UserId user() {
    return auth.user(request.headers());
  }

  /** Returns if the caller is the admin, else throws a 401 problem. */
  void requireAdmin() {
    auth.requireAdmin(request.headers());
  }

  /** The body parsed as JSON by {@code reader}, or a 400/413 problem. */
  <T> T body(Json.Body<T> reader) {
    return reader.read(bytes());
  }

  /**
   * The raw body, at most {@link #MAX_BODY} bytes; empty when there is none. A body that breaks off
   * or breaks the framing throws out of here without the stream being closed: closing would try to
   * read the rest of a body that has no rest.
   */
  byte[] bytes() {
    if (!request.content().hasEntity()) {
      return new byte[0];
    }
    OptionalLong declared = request.headers().contentLength();
    @SuppressWarnings("resource") // closed below once the body was read whole
    InputStream in = request.content().inputStream();
    try {
      boolean declaredTooLarge = declared.isPresent() && declared.getAsLong() > MAX_BODY;
      // Reading exactly the declared length avoids readNBytes' growing buffers on the hot path.
      int toRead =
          declared.isPresent() ? (int) Math.min(declared.getAsLong(), MAX_BODY) : MAX_BODY + 1;
      byte[] body = declaredTooLarge ? new byte[0] : in.readNBytes(toRead);
      if (declaredTooLarge || body.length > MAX_BODY) {
        // Read the rest (the server's payload limit bounds it) before answering, so the client
        // is not cut off mid-upload and actually sees the 413.
        in.transferTo(OutputStream.nullOutputStream());
        in.close();
        throw tooLarge();
      }
      in.close();
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ProblemException tooLarge() {
    return ProblemType.PAYLOAD_TOO_LARGE
        .detail("the body must be at most " + MAX_BODY + " bytes")
        .with("maxBytes", MAX_BODY)
        .raise();
  }
}
