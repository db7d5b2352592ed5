package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spans of requests: one server span per request named by its route, continuing the caller's W3C
 * trace, with the store's decision and journal wait as children; its trace id in the log context
 * and in problem bodies.
 */
class TracingHttpTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private final TestServer t = TestServer.with(s -> s.withAccessLogSample(1));

  @AfterEach
  void stop() {
    t.close();
  }

  private List<SpanData> spans(String name) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> OTEL.getSpans().stream().anyMatch(s -> s.getName().equals(name)));
    return OTEL.getSpans().stream().filter(s -> s.getName().equals(name)).toList();
  }

  @Test
  void aHoldIsAServerSpanInTheCallersTraceWithTheStoresStepsAsChildren() {
    t.createEvent("show", 10, 4);

    TestServer.Answer held =
        t.send(
            t.request("/v1/events/show/holds")
                .header("Authorization", "Bearer " + t.tokenFor("alice"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + TRACE + "-" + CALLER_SPAN + "-01")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"ticketType\":\"GA\",\"quantity\":1}"))
                .build());
    assertThat(held.status()).isEqualTo(201);

    SpanData server = spans("POST /v1/events/{eventId}/holds").getFirst();
    assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.getTraceId()).isEqualTo(TRACE);
    assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("http.route")))
        .isEqualTo("/v1/events/{eventId}/holds");
    assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(201);
    for (String step : List.of("decide", "journal wait")) {
      assertThat(spans(step))
          .as(step)
          .anySatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(server.getSpanId()));
    }
  }

  @Test
  void aRequestWithoutATraceStartsOneAndItsIdIsInTheProblemAndTheLog() {
    try (LogCapture log = LogCapture.named(AccessLog.LOGGER, Level.INFO)) {
      String traceId =
          t.get("/v1/events/nowhere", null)
              .problem(404, "event-not-found")
              .path("traceId")
              .asText();

      SpanData server = spans("GET /v1/events/{eventId}").getFirst();
      assertThat(server.getParentSpanContext().isValid()).isFalse();
      assertThat(traceId).isEqualTo(server.getTraceId());
      await().atMost(Duration.ofSeconds(5)).until(() -> !log.events().isEmpty());
      assertThat(log.events().getFirst().getMDCPropertyMap())
          .containsEntry(RequestTracing.TRACE_ID, traceId);
    }
  }

  @Test
  void aRequestItsCallerDoesNotTraceNamesNoTrace() {
    TestServer.Answer answer =
        t.send(
            t.request("/v1/events/nowhere")
                .header("traceparent", "00-" + TRACE + "-" + CALLER_SPAN + "-00")
                .GET()
                .build());

    assertThat(answer.problem(404, "event-not-found").has("traceId")).isFalse();
    assertThat(OTEL.getSpans()).isEmpty();
  }

  @Test
  void aPathNoRouteHasIsASpanNamedByItsMethodOnly() {
    t.get("/no/such/thing", null).problem(404, "not-found");

    assertThat(spans("GET")).hasSize(1);
  }
}
