package dev.boxoffice.http;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One request as endpoints and filters see it: path parameters, headers, the body parsed strictly,
 * and who is calling. Every accessor either returns a valid value or throws a {@link
 * ProblemException}.
 *
 * <p>Thread policy: confined to the request's thread.
 */
public final class Call {
  /** The largest request body accepted: far above any valid one, small enough to hold in memory. */
  public static final int MAX_BODY = 64 * 1024;

  private final ServerRequest request;
  private final Auth auth;
  private final TrustedProxies proxies;
  private final Map<Class<?>, Object> attached = new HashMap<>(2);
  private UserId user;

  Call(ServerRequest request, Auth auth, TrustedProxies proxies) {
    this.request = request;
    this.auth = auth;
    this.proxies = proxies;
  }

  /**
   * Hands {@code value} to what runs after this point of the chain: a filter's finding, such as the
   * right an access token gives, for the endpoint to use. One value per type.
   */
  public <T> void attach(Class<T> type, T value) {
    attached.put(type, type.cast(value));
  }

  /** What a filter before this point {@link #attach attached} under {@code type}, if anything. */
  public <T> Optional<T> attached(Class<T> type) {
    return Optional.ofNullable(attached.get(type)).map(type::cast);
  }

  /** The request method. */
  public Method method() {
    return request.prologue().method();
  }

  /** The request path, decoded. */
  public String path() {
    return request.path().path();
  }

  /** The first value of a request header, if it has one. */
  public Optional<String> header(HeaderName name) {
    return request.headers().first(name);
  }

  /** The first value of a query parameter, if the request has one. */
  public Optional<String> query(String name) {
    return request.query().contains(name)
        ? Optional.of(request.query().get(name))
        : Optional.empty();
  }

  /** The path parameter of the matched route template. */
  public String param(String name) {
    try {
      return request.path().pathParameters().get(name);
    } catch (NoSuchElementException e) {
      throw new IllegalStateException("route has no parameter " + name, e);
    }
  }

  /**
   * The event named by the path's {@code eventId}; an id that cannot exist is simply not found
   * (404).
   */
  public EventId eventId() {
    String raw = param("eventId");
    try {
      return new EventId(raw);
    } catch (InvalidValueException e) {
      throw EventRoutes.notFound(raw).raise();
    }
  }

  /**
   * The signed-in user, or a 401 (403 for a cross-site request riding on the cookie) problem.
   * Checked once per request.
   */
  public UserId user() {
    if (user == null) {
      user = auth.user(request);
    }
    return user;
  }

  /** The signed-in user, if this request checked for one and found them. */
  Optional<UserId> userIfChecked() {
    return Optional.ofNullable(user);
  }

  /**
   * The client's address, as a throttle key: the IPv4 address, or the /64 network of an IPv6 one
   * (one host commonly has a whole /64 to itself). Behind a {@link TrustedProxies trusted proxy},
   * the client it forwarded for.
   */
  public String clientAddress() {
    Optional<InetAddress> client = clientInetAddress();
    if (client.isEmpty()) {
      return request.remotePeer().host();
    }
    byte[] address = client.get().getAddress();
    if (address.length == 16) {
      Arrays.fill(address, 8, 16, (byte) 0);
      return HexFormat.of().formatHex(address, 0, 8) + "::/64";
    }
    return client.get().getHostAddress();
  }

  /**
   * The client's address: the peer's, or behind a {@link TrustedProxies trusted proxy} the client
   * it forwarded for; empty when the peer is not an IP socket.
   */
  public Optional<InetAddress> clientInetAddress() {
    if (!(request.remotePeer().address() instanceof InetSocketAddress peer)
        || peer.getAddress() == null) {
      return Optional.empty();
    }
    return Optional.of(
        proxies.none()
            ? peer.getAddress()
            : proxies.client(
                peer.getAddress(), request.headers().values(HeaderNames.X_FORWARDED_FOR)));
  }

  /** Returns if the caller is the admin, else throws a 401 problem. */
  public void requireAdmin() {
    auth.requireAdmin(request.headers());
  }

  /** The body parsed as JSON by {@code reader}, or a 400/413/415 problem. */
  public <T> T body(Json.Body<T> reader) {
    requireJson();
    return reader.read(bytes());
  }

  /** {@link #body}, for a body that may be left out: empty when the request has none. */
  public <T> Optional<T> bodyIfAny(Json.Body<T> reader) {
    return request.content().hasEntity() ? Optional.of(body(reader)) : Optional.empty();
  }

  /**
   * Returns if the body is declared JSON: {@code application/json} or {@code application/*+json},
   * in UTF-8 if a charset is named. Else a 415 problem: a form or text body is not taken for JSON,
   * which also keeps a cross-site form from posting to the API.
   */
  private void requireJson() {
    Optional<HttpMediaType> type = request.headers().contentType();
    boolean json =
        type.isPresent()
            && type.get().mediaType().type().equals("application")
            && (type.get().mediaType().subtype().equals("json")
                || type.get().mediaType().subtype().endsWith("+json"))
            && type.get().charset().map(c -> c.equalsIgnoreCase("utf-8")).orElse(true);
    if (!json) {
      throw ProblemType.UNSUPPORTED_MEDIA_TYPE
          .detail("send the body as JSON, with Content-Type: application/json")
          .with("header", "Content-Type")
          .raise();
    }
  }

  /**
   * The raw body, at most {@link #MAX_BODY} bytes; empty when there is none. A body that breaks off
   * or breaks the framing throws out of here without the stream being closed: closing would try to
   * read the rest of a body that has no rest.
   */
  public byte[] bytes() {
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
