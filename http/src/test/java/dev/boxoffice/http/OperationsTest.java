package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.StoreUnavailableException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.inventory.Stock;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OperationsTest {
  private final TestServer t = new TestServer();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void livenessIsAlwaysUpAndReadinessFollowsTheApp() {
    var live = t.get("/health/live", null);
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().path("status").asText()).isEqualTo("UP");
    assertThat(t.get("/health/ready", null).status()).isEqualTo(200);
    t.ready.set(false);
    var notReady = t.get("/health/ready", null);
    assertThat(notReady.status()).isEqualTo(503);
    assertThat(notReady.json().path("status").asText()).isEqualTo("DOWN");
    assertThat(t.get("/health/live", null).status()).isEqualTo(200);
  }

  @Test
  void metricsArePrometheusTextWithRequestTimersByRouteTemplate() {
    t.get("/v1/events/abc", null);
    t.get("/v1/events/def", null);
    var metrics = t.get("/metrics", TestServer.ADMIN_KEY);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.contentType()).startsWith("text/plain");
    assertThat(metrics.text())
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/v1/events/{eventId}\",status=\"404\"} 2");
  }

  @Test
  void inventedMethodNamesDoNotAddTimeSeries() {
    requestSeries(); // the scrape's own timer exists from here on
    int before = requestSeries();
    for (int i = 0; i < 200; i++) {
      TestServer.Answer answer =
          t.send(t.request("/x" + i).method("ZZ" + i, HttpRequest.BodyPublishers.noBody()).build());
      answer.problem(404, "not-found");
    }
    int after = requestSeries();
    assertThat(after - before).as("new series for 200 invented methods").isEqualTo(1);
    assertThat(t.get("/metrics", TestServer.ADMIN_KEY).text())
        .contains("method=\"OTHER\",route=\"unmatched\",status=\"404\"} 200");
  }

  private int requestSeries() {
    return (int)
        t.get("/metrics", TestServer.ADMIN_KEY)
            .text()
            .lines()
            .filter(l -> l.startsWith("http_server_requests_seconds_count{"))
            .count();
  }

  @Test
  void headAnswersWhatGetWouldWithoutTheBody() {
    t.createEvent("show", 10, 4);
    for (String path : new String[] {"/health/live", "/v1/events", "/v1/events/show", "/nope"}) {
      var get = t.get(path, null);
      var head = t.send(t.request(path).HEAD().build());
      assertThat(head.status()).as(path).isEqualTo(get.status());
      assertThat(head.response().body()).as(path).isEmpty();
      assertThat(head.contentType()).as(path).isEqualTo(get.contentType());
      assertThat(head.header("Content-Length"))
          .as(path)
          .isEqualTo(Integer.toString(get.response().body().length));
    }
  }

  @Test
  void optionsListsTheAllowedMethods() {
    var events = t.send(t.request("/v1/events").method("OPTIONS", noBody()).build());
    assertThat(events.status()).isEqualTo(204);
    assertThat(events.header("Allow")).isEqualTo("POST, GET, HEAD, OPTIONS");
    var hold = t.send(t.request("/v1/holds/h1").method("OPTIONS", noBody()).build());
    assertThat(hold.header("Allow")).isEqualTo("DELETE, OPTIONS");
    t.send(t.request("/nowhere").method("OPTIONS", noBody()).build()).problem(404, "not-found");
  }

  private static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }

  @Test
  void metricsNeedTheAdminKeyByDefault() {
    t.get("/metrics", null).problem(401, "admin-required");
    t.get("/metrics", t.tokenFor("alice")).problem(401, "admin-required");
  }

  @Test
  void metricsCanHaveAPortOfTheirOwnAndBeOpenThere() throws Exception {
    int port;
    try (var probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (TestServer separate =
        TestServer.with(s -> s.withMetrics(new MetricsEndpoint("127.0.0.1", port, false)))) {
      separate.get("/metrics", TestServer.ADMIN_KEY).problem(404, "not-found");
      var client = HttpClient.newHttpClient();
      var scrape =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("boxoffice_connections_open");
      var health =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      var events =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(events.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aTakenPortIsAPlainErrorWithoutAStackTraceInTheLog() throws Exception {
    try (LogCapture logs = LogCapture.all(Level.DEBUG)) {
      int taken = t.server.port();
      assertThatThrownBy(
              () ->
                  TestServer.with(
                      s ->
                          new HttpSettings(
                              s.host(),
                              taken,
                              s.adminKey(),
                              s.tokens(),
                              s.connections(),
                              s.signInPerUsername(),
                              s.rateLimits(),
                              s.trustedProxies(),
                              s.metrics(),
                              s.readCacheTtl(),
                              s.accessLogSample())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + taken);
      assertThat(logs.events()).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
      assertThat(logs.atLeast(Level.WARN)).isEmpty();
    }
  }

  @Test
  void theOpenApiDocumentIsServed() {
    var doc = t.get("/openapi.yaml", null);
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.contentType()).startsWith("application/yaml");
    assertThat(doc.text()).startsWith("openapi: 3.1");
  }

  @Test
  void unknownPathsAreNotFoundAndWrongMethodsNotAllowed() {
    t.get("/nowhere", null).problem(404, "not-found");
    t.get("/v1/events/x/y/z", null).problem(404, "not-found");
    var wrong = t.delete("/v1/events", TestServer.ADMIN_KEY);
    wrong.problem(405, "method-not-allowed");
    assertThat(wrong.header("Allow")).isEqualTo("POST, GET, HEAD, OPTIONS");
    var put =
        t.send(t.request("/v1/holds/a.b").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
    put.problem(405, "method-not-allowed");
    assertThat(put.header("Allow")).isEqualTo("DELETE, OPTIONS");
  }

  @Test
  void aSaneRequestIdIsEchoedAndOtherwiseOneIsMade() {
    var given = t.send(t.request("/health/live").header("X-Request-Id", "abc-123.x").build());
    assertThat(given.header("X-Request-Id")).isEqualTo("abc-123.x");
    var bad = t.send(t.request("/health/live").header("X-Request-Id", "a b <script>").build());
    assertThat(bad.header("X-Request-Id")).startsWith("rq_").hasSize(29);
    var none = t.get("/nowhere", null);
    assertThat(none.header("X-Request-Id")).startsWith("rq_");
  }

  /** An inventory whose every call fails with {@code failure}. */
  private static Inventory failing(Supplier<RuntimeException> failure) {
    return new Inventory() {
      @Override
      public boolean setUp(Event event) {
        throw failure.get();
      }

      @Override
      public HoldResult hold(HoldRequest request, Instant now) {
        throw failure.get();
      }

      @Override
      public CompleteResult complete(HoldId hold, UserId user, Instant now) {
        throw failure.get();
      }

      @Override
      public ReleaseResult release(HoldId hold, UserId user, Instant now) {
        throw failure.get();
      }

      @Override
      public int expire(Instant now) {
        return 0;
      }

      @Override
      public Optional<Stock> stock(EventId event) {
        throw failure.get();
      }
    };
  }

  @Test
  void aFailingStoreGivesABare500ProblemWithoutDetails() {
    Inventory broken = failing(() -> new IllegalStateException("disk on fire"));
    try (LogCapture logged = LogCapture.of(Dispatch.class, Level.ERROR);
        TestServer failing =
            new TestServer(UnaryOperator.identity(), s -> s.withInventory(broken))) {
      var answer =
          failing.post(
              "/v1/events/show/holds",
              failing.tokenFor("ann"),
              "{\"ticketType\":\"GA\",\"quantity\":1}");
      JsonNode problem = answer.problem(500, "internal-error");
      assertThat(answer.text()).doesNotContain("disk on fire").doesNotContain("Exception");
      assertThat(problem.size()).isEqualTo(4);
      String requestId = answer.header("X-Request-Id");
      assertThat(requestId).isNotBlank();

      // What the client does not see, the operator finds in the log under the same request id.
      assertThat(logged.events()).hasSize(1);
      ILoggingEvent line = logged.events().get(0);
      assertThat(line.getMDCPropertyMap()).containsEntry(Dispatch.MDC_KEY, requestId);
      assertThat(line.getThrowableProxy().getMessage()).isEqualTo("disk on fire");
    }
  }

  @Test
  void aStoreThatCannotWriteGivesA503AndTheServerStaysUp() {
    Inventory full = failing(() -> new StoreUnavailableException("journal write failed: EFBIG"));
    try (LogCapture logged = LogCapture.of(Dispatch.class, Level.ERROR);
        TestServer failing = new TestServer(UnaryOperator.identity(), s -> s.withInventory(full))) {
      var answer =
          failing.post(
              "/v1/events/show/holds",
              failing.tokenFor("ann"),
              "{\"ticketType\":\"GA\",\"quantity\":1}");

      answer.problem(503, "store-unavailable");
      assertThat(answer.text()).doesNotContain("EFBIG").doesNotContain("Exception");
      assertThat(logged.events())
          .singleElement()
          .satisfies(line -> assertThat(line.getThrowableProxy().getMessage()).contains("EFBIG"));
      assertThat(failing.get("/health/live", null).status()).isEqualTo(200);
    }
  }
}
