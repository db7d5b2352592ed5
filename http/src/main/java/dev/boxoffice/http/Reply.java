package dev.boxoffice.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a route answers: a status, a body already serialised, its content type and extra headers.
 * Routes return replies instead of writing to the response, so {@link Dispatch} sends every answer,
 * records its metrics and handles failures in one place. The body array is owned by the reply and
 * never changed after construction.
 */
final class Reply {
  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";

  private static final byte[] NO_BODY = new byte[0];

  private final int status;
  private final byte[] body;
  private final String contentType;
  private final List<Header> headers;

  private Reply(int status, byte[] body, String contentType, List<Header> headers) {
    this.status = status;
    this.body = body;
    this.contentType = contentType;
    this.headers = List.copyOf(headers);
  }

  /** A JSON body. */
  static Reply json(int status, Object view) {
    return new Reply(status, Json.write(view), JSON, List.of());
  }

  /** Bytes of a given type, such as the metrics text; the array must not change afterwards. */
  static Reply bytes(int status, byte[] body, String contentType) {
    return new Reply(status, body, contentType, List.of());
  }

  /** No body at all, as for 204. */
  static Reply empty(int status) {
    return new Reply(status, NO_BODY, null, List.of());
  }

  /** The problem document, with the status it carries. */
  static Reply problem(Problem problem) {
    return new Reply(problem.status(), Json.write(problem.document()), PROBLEM_JSON, List.of());
  }

  /** A 429 saying what is limited and when to come back (in whole seconds, at least one). */
  static Reply tooManyRequests(Duration wait, String what) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return problem(
            ProblemType.TOO_MANY_REQUESTS
                .detail("too many " + what + "; retry in " + seconds + " s")
                .with("retryAfterSeconds", seconds))
        .header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
  }

  /** This reply with one more header. */
  Reply header(HeaderName name, String value) {
    List<Header> more = new ArrayList<>(headers);
    more.add(HeaderValues.create(name, value));
    return new Reply(status, body, contentType, more);
  }

  /** This reply, telling the client that the connection closes after it. */
  Reply closingConnection() {
    return header(HeaderNames.CONNECTION, "close");
  }

  /** Whether the connection closes after this reply. */
  boolean closesConnection() {
    for (Header header : headers) {
      if (header.headerName().equals(HeaderNames.CONNECTION) && header.get().equals("close")) {
        return true;
      }
    }
    return false;
  }

  int status() {
    return status;
  }

  /** The body; callers only write it out. */
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
}
