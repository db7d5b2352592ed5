package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The access log: a line per request with the route template, status, duration, size and request
 * id, and a signed-in user only as a hash; never the path, a token or a body; sampled, with every
 * 5xx kept.
 */
class AccessLogTest {
  private static final Feature FAILING =
      routes ->
          routes.get(
              "/v1/failing",
              "getFailing",
              Route.Access.PUBLIC,
              call -> {
                throw new IllegalStateException("broken on purpose");
              });

  private static TestServer server(double sample) {
    return new TestServer(
        UnaryOperator.identity(),
        UnaryOperator.identity(),
        s -> s.withAccessLogSample(sample),
        List.of(FAILING));
  }

  /** The fields of each access log line, once {@code count} have been written. */
  private static List<Map<String, Object>> lines(LogCapture log, int count) {
    await().atMost(Duration.ofSeconds(5)).until(() -> log.events().size() >= count);
    return log.events().stream().map(AccessLogTest::fields).toList();
  }

  private static Map<String, Object> fields(ILoggingEvent event) {
    Map<String, Object> fields = new HashMap<>();
    event.getKeyValuePairs().forEach(kv -> fields.put(kv.key, kv.value));
    fields.put("request_id", event.getMDCPropertyMap().get(Dispatch.MDC_KEY));
    fields.put("message", event.getFormattedMessage());
    return fields;
  }

  @Test
  void aRequestIsOneLineNamingItsRouteAndAUserOnlyByHash() {
    try (TestServer t = server(1);
        LogCapture log = LogCapture.named(AccessLog.LOGGER, Level.INFO)) {
      t.createEvent("show", 10, 4);
      String token = t.tokenFor("alice");
      TestServer.Answer held =
          t.post("/v1/events/show/holds", token, "{\"ticketType\":\"GA\",\"quantity\":1}");

      Map<String, Object> line = lines(log, 2).get(1);
      assertThat(line)
          .containsEntry("method", "POST")
          .containsEntry("route", "/v1/events/{eventId}/holds")
          .containsEntry("status", 201)
          .containsEntry("bytes", (long) held.response().body().length)
          .containsEntry("request_id", held.header("X-Request-Id"));
      assertThat((double) line.get("duration_ms")).isPositive();
      assertThat((String) line.get("user_hash")).matches("[0-9a-f]{16}");
      assertThat(line.toString()).doesNotContain("alice", token, "show", "GA");
      assertThat(lines(log, 2).get(0)).doesNotContainKey("user_hash");
    }
  }

  @Test
  void oneUserHasOneHashAndTwoUsersTwo() {
    try (TestServer t = server(1);
        LogCapture log = LogCapture.named(AccessLog.LOGGER, Level.INFO)) {
      t.get("/v1/orders", t.tokenFor("alice"));
      t.get("/v1/orders", t.tokenFor("alice"));
      t.get("/v1/orders", t.tokenFor("bob"));

      List<Object> hashes = lines(log, 3).stream().map(l -> l.get("user_hash")).toList();
      assertThat(hashes.get(0)).isEqualTo(hashes.get(1)).isNotEqualTo(hashes.get(2));
    }
  }

  @Test
  void offLogsOnlyTheServersFailures() {
    try (TestServer t = server(0);
        LogCapture log = LogCapture.named(AccessLog.LOGGER, Level.INFO)) {
      for (int i = 0; i < 20; i++) {
        t.get("/v1/events", null);
      }
      t.get("/v1/failing", null).problem(500, "internal-error");

      List<Map<String, Object>> lines = lines(log, 1);
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).containsEntry("route", "/v1/failing").containsEntry("status", 500);
    }
  }

  @Test
  void aSampleLogsAboutItsShare() {
    AccessLog sampled = new AccessLog(0.25);
    int logged = 0;
    for (int i = 0; i < 10_000; i++) {
      logged += sampled.logs(200) ? 1 : 0;
    }
    assertThat(logged).isBetween(2_200, 2_800);
    assertThat(sampled.logs(503)).isTrue();
  }
}
