package dev.boxoffice.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a route answers: a status, a body already serialised (or a stream of events), its content
 * type and extra headers. Routes return replies instead of writing to the response, so {@link
 * Dispatch} sends every answer, records its metrics and handles failures in one place. The body
 * array is owned by the reply and never changed after construction.
 */
public final class Reply {
  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";
  static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

  private static final byte[] NO_BODY = new byte[0];

  private final int status;
  private final byte[] body;
  private final String contentType;
  private final List<Header> headers;
  private final Stream stream;

  private Reply(int status, byte[] body, String contentType, List<Header> headers, Stream stream) {
    this.status = status;
    this.body = body;
    this.contentType = contentType;
    this.headers = List.copyOf(headers);
    this.stream = stream;
  }

  private Reply(int status, byte[] body, String contentType, List<Header> headers) {
    this(status, body, contentType, headers, null);
  }

  /** A JSON body. */
  public static Reply json(int status, Object view) {
    return new Reply(status, Json.write(view), JSON, List.of());
  }

  /** Bytes of a given type, such as the metrics text; the array must not change afterwards. */
  public static Reply bytes(int status, byte[] body, String contentType) {
    return new Reply(status, body, contentType, List.of());
  }

  /** No body at all, as for 204. */
  public static Reply empty(int status) {
    return new Reply(status, NO_BODY, null, List.of());
  }

  /** The problem document, with the status it carries. */
  public static Reply problem(Problem problem) {
    return new Reply(problem.status(), Json.write(problem.document()), PROBLEM_JSON, List.of());
  }

  /**
   * Server-Sent Events: what {@code source} sends, as it comes, and a comment every {@code
   * heartbeat} while it is quiet. See {@link EventSource} for how the stream ends.
   */
  public static Reply events(EventSource source, Duration heartbeat) {
    Objects.requireNonNull(source, "source");
    if (heartbeat.toMillis() < 1) {
      throw new IllegalArgumentException("heartbeat must be at least a millisecond: " + heartbeat);
    }
    return new Reply(200, NO_BODY, EVENT_STREAM, List.of(), new Stream(source, heartbeat));
  }

  /** A 429 saying what is limited and when to come back (in whole seconds, at least one). */
  public static Reply tooManyRequests(Duration wait, String what) {
    long seconds = Math.max(1, wholeSeconds(wait));
    return problem(
            ProblemType.TOO_MANY_REQUESTS
                .detail("too many " + what + "; retry in " + seconds + " s")
                .with("retryAfterSeconds", seconds))
        .header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
  }

  /** {@code duration} in whole seconds, rounded up: what headers such as Retry-After say. */
  static long wholeSeconds(Duration duration) {
    return (duration.toNanos() + 999_999_999L) / 1_000_000_000L;
  }

  /** This reply with one more header. */
  public Reply header(HeaderName name, String value) {
    List<Header> more = new ArrayList<>(headers);
    more.add(HeaderValues.create(name, value));
    return new Reply(status, body, contentType, more, stream);
  }

  /** 304 for a client that has {@code reply} already: its headers (its ETag), no body. */
  static Reply notModified(Reply reply) {
    return new Reply(304, NO_BODY, null, reply.headers);
  }

  /** The value of one of this reply's own headers, if it has it. */
  Optional<String> headerValue(HeaderName name) {
    for (Header header : headers) {
      if (header.headerName().equals(name)) {
        return Optional.of(header.get());
      }
    }
    return Optional.empty();
  }

  /** This reply, telling the client that the connection closes after it. */
  Reply closingConnection() {
    return header(HeaderNames.CONNECTION, "close");
  }

  /** Whether the connection closes after this reply. */
  boolean closesConnection() {
    return headerValue(HeaderNames.CONNECTION).filter("close"::equals).isPresent();
  }

  public int status() {
    return status;
  }

  /** The body; callers only write it out. Empty for an event stream. */
  byte[] body() {
    return body;
  }

  /** The content type, or null when there is no body. */
  String contentType() {
    return contentType;
  }

  List<Header> headers() {
    return headers;
  }

  /** The events to stream, if this is an event stream. */
  Optional<Stream> stream() {
    return Optional.ofNullable(stream);
  }

  /** An event stream's source and heartbeat. */
  record Stream(EventSource source, Duration heartbeat) {}
}
