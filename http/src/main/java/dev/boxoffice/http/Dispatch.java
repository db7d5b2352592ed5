package dev.boxoffice.http;

import dev.boxoffice.core.Ids;
import dev.boxoffice.core.StoreUnavailableException;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one route for one request and is the only place that writes responses: it sets the request
 * id (header and log context), calls the route's {@link Chain}, turns a {@link ProblemException}
 * into its problem and any other failure into a bare 500 problem (logged, never shown), sends the
 * reply (or streams its events) and records the request's timer. It runs on the server's request
 * thread, with no hand-off.
 *
 * <p>Thread policy: immutable; one instance serves all requests of its route concurrently.
 */
final class Dispatch implements Handler {
  static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
  static final String MDC_KEY = "request_id";

  private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);
  private static final OutageLog OUTAGES = new OutageLog(LOG);
  private static final int MAX_REQUEST_ID = 128;

  /** The status recorded for a request whose client went away before its answer (as nginx). */
  static final int CLIENT_GONE = 499;

  private final Endpoint endpoint;
  private final Auth auth;
  private final TrustedProxies proxies;
  private final HttpMetrics.RouteTimers timers;
  private final String template;
  private final AccessLog accessLog;

  Dispatch(
      Endpoint endpoint,
      Auth auth,
      TrustedProxies proxies,
      HttpMetrics.RouteTimers timers,
      String template,
      AccessLog accessLog) {
    this.endpoint = endpoint;
    this.auth = auth;
    this.proxies = proxies;
    this.timers = timers;
    this.template = template;
    this.accessLog = accessLog;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    long start = System.nanoTime();
    String requestId = requestId(req);
    String method = req.prologue().method().text();
    int status = 500;
    long bytes = 0;
    Call call = null;
    Span span = Span.getInvalid();
    MDC.put(MDC_KEY, requestId);
    try {
      span = RequestTracing.start(req, method, template);
      call = new Call(req, auth, proxies);
      try (Scope scope = span.makeCurrent()) {
        Reply reply = answer(req, call);
        status = reply.status();
        boolean headOnly = req.prologue().method() == Method.HEAD;
        bytes = headOnly ? 0 : reply.body().length;
        boolean closes = send(res, requestId, reply, headOnly);
        if (closes || req.headers().containsToken(HeaderValues.CONNECTION_CLOSE)) {
          // Helidon says "Connection: close" to a client that asked for it, then would wait for
          // another request all the same.
          throw new CloseConnectionException("the connection closes after this reply");
        }
      }
    } catch (DataReader.InsufficientDataAvailableException | ServerConnectionException e) {
      // The client hung up, or was cut off as too slow, in the middle of its request: there is
      // nobody to answer, and nothing failed here.
      status = CLIENT_GONE;
      LOG.debug("the client went away during {} {}", method, logged(req));
      throw new CloseConnectionException("the client went away", e);
    } finally {
      try {
        long nanos = System.nanoTime() - start;
        timers.record(method, status, nanos);
        accessLog.record(
            method,
            template,
            status,
            nanos,
            bytes,
            call == null ? Optional.empty() : call.userIfChecked());
      } finally {
        // Whatever failed above, the request's span ends and its thread keeps no log context.
        RequestTracing.end(span, status);
        MDC.remove(MDC_KEY);
      }
    }
  }

  private Reply answer(ServerRequest req, Call call) {
    try {
      return endpoint.answer(call);
    } catch (DataReader.InsufficientDataAvailableException | ServerConnectionException e) {
      throw e; // see handle()
    } catch (ProblemException e) {
      return Reply.problem(e.problem());
    } catch (RequestException e) {
      return rejected(e.status(), e.getMessage(), e.keepAlive());
    } catch (HttpException e) {
      return rejected(e.status(), e.getMessage(), e.keepAlive());
    } catch (UncheckedIOException e) {
      // The client went away or sent a broken body mid-way.
      return Reply.problem(ProblemType.MALFORMED_BODY.detail("could not read the body"));
    } catch (StoreUnavailableException e) {
      OUTAGES.report(req.prologue().method().text() + " " + logged(req), e);
      return Reply.problem(
          ProblemType.STORE_UNAVAILABLE.detail(
              "the store is unavailable: no change was made, nothing could be read; retry later"));
    } catch (RuntimeException e) {
      LOG.error("unexpected failure in {} {}", req.prologue().method().text(), logged(req), e);
      return Reply.problem(internalError());
    }
  }

  /** A request the server itself refused while we read it, such as a malformed chunked body. */
  private static Reply rejected(Status status, String message, boolean keepAlive) {
    Problem problem;
    if (status.code() < 500) {
      problem = RefusalHandler.refused(status);
    } else {
      LOG.error("server refused a request with {}: {}", status.code(), message);
      problem = internalError();
    }
    Reply reply = Reply.problem(problem);
    return keepAlive ? reply : reply.closingConnection();
  }

  static Problem internalError() {
    return ProblemType.INTERNAL_ERROR.detail("the server failed; the request id identifies it");
  }

  /** The server's handler of last resort, for a failure that escaped a dispatch. */
  static void lastResort(ServerRequest req, ServerResponse res, Throwable failure) {
    LOG.error("unhandled failure in {} {}", req.prologue().method().text(), path(req), failure);
    send(res, requestId(req), Reply.problem(internalError()), false);
  }

  /**
   * Sends a reply, or only its head (status and headers, with the length the body would have) when
   * {@code headOnly}, or streams its events. Returns whether the connection must now be closed: the
   * reply says {@code Connection: close}, or it refuses a body it did not read, whose rest would be
   * taken for the next request.
   */
  static boolean send(ServerResponse res, String requestId, Reply reply, boolean headOnly) {
    if (res.isSent()) {
      return false;
    }
    res.status(Status.create(reply.status()));
    res.header(REQUEST_ID, requestId);
    if (reply.contentType() != null) {
      res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
    }
    for (Header header : reply.headers()) {
      res.header(header);
    }
    if (reply.status() == 401) {
      res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"boxoffice\"");
    }
    boolean close = reply.status() == 413 || reply.closesConnection();
    if (close) {
      res.header(HeaderValues.CONNECTION_CLOSE);
    }
    if (reply.stream().isPresent() && !headOnly) {
      EventStreams.write(res, reply.stream().get());
      return false;
    }
    if (headOnly) {
      res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(reply.body().length));
      res.send();
    } else {
      res.send(reply.body());
    }
    return close;
  }

  /**
   * What a log line names the request by: its route's template, which holds no client data (a path
   * may carry a token, as the compatibility routes' do); the path for one no route matched.
   */
  private String logged(ServerRequest req) {
    return template.startsWith("/") ? template : path(req);
  }

  /** The request path as logged: at most 200 characters of it. */
  private static String path(ServerRequest req) {
    String path = req.path().path();
    return path.length() <= 200 ? path : path.substring(0, 200) + "...";
  }

  /** The caller's X-Request-Id if it is sane (1-128 visible ASCII characters), else a new one. */
  static String requestId(ServerRequest req) {
    Optional<String> given = req.headers().first(REQUEST_ID);
    if (given.isPresent() && sane(given.get())) {
      return given.get();
    }
    return Ids.random("rq_");
  }

  private static boolean sane(String id) {
    if (id.isEmpty() || id.length() > MAX_REQUEST_ID) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!Ids.urlSafe(c) && c != '.' && c != ':') {
        return false;
      }
    }
    return true;
  }
}
