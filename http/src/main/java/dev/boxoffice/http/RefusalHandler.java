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
 * <p>Helidon reports some request lines it cannot parse (a method name with bytes no token may
 * hold) as an internal error. Such a failure came before the request line was read, so it carries
 * no request, and it is answered 400 here, not 500. A 500 that does carry a request is a real
 * failure of the server: it stays a 500 and is logged. The connection is closed after any refusal.
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
    Status answered = status;
    if (status.code() == 500) {
      if (request == TransportRequest.empty()) {
        LOG.debug("refused a request line that does not parse: {}", message);
        answered = Status.BAD_REQUEST_400;
      } else {
        LOG.warn(
            "the server failed before routing {} {}: {}",
            request.method(),
            request.path(),
            message);
      }
    }
    Problem problem = answered.code() == 500 ? Dispatch.internalError() : refused(answered);
    responseHeaders.set(HeaderNames.CONTENT_TYPE, Reply.PROBLEM_JSON);
    return TransportResponse.builder()
        .status(answered)
        .headers(responseHeaders)
        .entity(Json.write(problem.document()))
        .keepAlive(false)
        .build();
  }

  /** The problem for a request refused as HTTP, whether before routing or while a route read it. */
  static Problem refused(Status status) {
    ProblemType type =
        switch (status.code()) {
          case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
          case 501, 505 -> ProblemType.NOT_SUPPORTED;
          default -> status.code() < 500 ? ProblemType.INVALID_REQUEST : ProblemType.INTERNAL_ERROR;
        };
    return new Problem(
        type, status.code(), "the server refused this request: " + status.reasonPhrase());
  }
}
