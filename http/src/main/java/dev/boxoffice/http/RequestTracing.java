package dev.boxoffice.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * A server span per request, through the process's OpenTelemetry ({@link GlobalOpenTelemetry}: the
 * app sets it up when tracing is configured; a no-op otherwise). The span is named by the route
 * template ({@code POST /v1/events/{eventId}/holds}), continues the caller's trace when the request
 * carries a W3C {@code traceparent}, and is current while the request runs, so that the store's
 * spans are its children and its trace id is in the log context ({@code trace_id}, {@code span_id})
 * and in problem bodies ({@code traceId}).
 *
 * <p>Thread policy: stateless.
 */
final class RequestTracing {
  static final String NAME = "dev.boxoffice.http";
  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";

  private static final TextMapGetter<ServerRequestHeaders> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ServerRequestHeaders headers) {
          List<String> names = new ArrayList<>();
          headers.forEach(h -> names.add(h.name()));
          return names;
        }

        @Override
        public String get(ServerRequestHeaders headers, String key) {
          return headers == null ? null : headers.first(HeaderNames.create(key)).orElse(null);
        }
      };

  private RequestTracing() {}

  /** Starts the request's span, a child of the caller's if it sent one, named by its route. */
  static Span start(ServerRequest req, String method, String template) {
    Context parent =
        GlobalOpenTelemetry.getPropagators()
            .getTextMapPropagator()
            .extract(Context.root(), req.headers(), HEADERS);
    Span span =
        GlobalOpenTelemetry.getTracer(NAME)
            .spanBuilder(template.startsWith("/") ? method + " " + template : method)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", method)
            .setAttribute("http.route", template)
            .startSpan();
    SpanContext context = span.getSpanContext();
    if (context.isSampled()) {
      MDC.put(TRACE_ID, context.getTraceId());
      MDC.put(SPAN_ID, context.getSpanId());
    }
    return span;
  }

  /** Ends the request's span with its status; a 5xx is an error. */
  static void end(Span span, int status) {
    span.setAttribute("http.response.status_code", status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
    MDC.remove(TRACE_ID);
    MDC.remove(SPAN_ID);
  }

  /** The trace id of the current request, if it is traced (recorded and exported). */
  static String currentTraceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isSampled() ? context.getTraceId() : null;
  }
}
