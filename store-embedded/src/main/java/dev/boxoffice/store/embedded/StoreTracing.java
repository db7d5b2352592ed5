package dev.boxoffice.store.embedded;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.function.Supplier;

/**
 * The store's spans, through the process's OpenTelemetry ({@link GlobalOpenTelemetry}, which the
 * app sets up when tracing is configured; a no-op otherwise): a decision on an event ({@code
 * decide}) and the wait for its journal commit ({@code journal wait}), children of the request's
 * span; and each group commit ({@code journal commit}), made only when a request it serves is
 * traced, as a child of the first such request and linked from every such request's span.
 *
 * <p>Thread policy: stateless; spans are thread-safe.
 */
final class StoreTracing {
  static final String NAME = "dev.boxoffice.store";

  private StoreTracing() {}

  private static Tracer tracer() {
    return GlobalOpenTelemetry.getTracer(NAME);
  }

  /** Runs {@code work} in a child span of the current one, named {@code name}. */
  static <R> R inSpan(String name, Supplier<R> work) {
    Span span = tracer().spanBuilder(name).startSpan();
    try {
      return work.get();
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * A span for one group commit serving {@code callers} (the spans current when each append was
   * made), or an invalid one when none of them is traced.
   */
  static Span commit(List<Span> callers, int records) {
    Span first = callers.stream().filter(StoreTracing::traced).findFirst().orElse(null);
    if (first == null) {
      return Span.getInvalid();
    }
    return tracer()
        .spanBuilder("journal commit")
        .setParent(Context.root().with(first))
        .setAttribute("boxoffice.journal.records", records)
        .setAttribute("boxoffice.journal.appends", callers.size())
        .startSpan();
  }

  /** Links every traced caller's span to the commit that made its records durable. */
  static void linkCallers(List<Span> callers, Span commit) {
    SpanContext committed = commit.getSpanContext();
    if (!committed.isValid()) {
      return;
    }
    for (Span caller : callers) {
      if (traced(caller)) {
        caller.addLink(committed);
      }
    }
  }

  private static boolean traced(Span span) {
    return span.getSpanContext().isSampled();
  }
}
