package dev.boxoffice.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests Helidon refuses before any route runs (malformed HTTP, headers too large, a
 * body over the server's limit) with a problem document, like every other error of the API. The
 * detail is generic: the refused request may be hostile, and nothing of it is echoed.
 *
 * <p>Before routing, the server has only parsed bytes from the client, so a failure there is the
 * client's: Helidon reports some parse failures (a method name with bytes no token may hold) as an
 * internal error, and those are answered 400 here, not 500. The connection is closed after any
 * refusal.
 *
 * <p>Thread policy: stateless.
 */
final class RefusalHandler implements DirectHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalHandler.class);

  @Override
  public TransportResponse handle(
      TransportRequest request,
      EventType eventType,
      Status status,
      ServerResponseHeaders responseHeaders,
      String message) {
    Status answered = status.code() == 500 ? Status.BAD_REQUEST_400 : status;
    if (answered != status) {
      LOG.debug("refused an unparsable request: {}", message);
    }
    ProblemType type =
        switch (answered.code()) {
          case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
          case 501, 505 -> ProblemType.NOT_SUPPORTED;
          default ->
              answered.code() < 500 ? ProblemType.INVALID_REQUEST : ProblemType.INTERNAL_ERROR;
        };
    Problem problem =
        new Problem(
            type, answered.code(), "the server refused this request: " + answered.reasonPhrase());
    responseHeaders.set(HeaderNames.CONTENT_TYPE, Reply.PROBLEM_JSON);
    return TransportResponse.builder()
        .status(answered)
        .headers(responseHeaders)
        .entity(Json.write(problem.document()))
        .keepAlive(false)
        .build();
  }
}
