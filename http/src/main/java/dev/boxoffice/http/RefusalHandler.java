package dev.boxoffice.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers the requests Helidon refuses before any route runs (malformed HTTP, headers too large, a
 * body over the server's limit) with a problem document, like every other error of the API. The
 * detail is generic: the refused request may be hostile, and nothing of it is echoed.
 *
 * <p>Thread policy: stateless.
 */
final class RefusalHandler implements DirectHandler {
  @Override
  public TransportResponse handle(
      TransportRequest request,
      EventType eventType,
      Status status,
      ServerResponseHeaders responseHeaders,
      String message) {
    Problem problem =
        switch (status.code()) {
          case 413 -> ProblemType.PAYLOAD_TOO_LARGE.detail("the body is too large");
          case 500 -> Dispatch.internalError();
          default ->
              new Problem(
                  status.code() >= 400 && status.code() < 500
                      ? ProblemType.INVALID_REQUEST
                      : ProblemType.INTERNAL_ERROR,
                  status.code(),
                  "the server refused this request: " + status.reasonPhrase());
        };
    responseHeaders.set(HeaderNames.CONTENT_TYPE, Reply.PROBLEM_JSON);
    return TransportResponse.builder()
        .status(status)
        .headers(responseHeaders)
        .entity(Json.write(problem.document()))
        .keepAlive(eventType.keepAlive())
        .build();
  }
}
