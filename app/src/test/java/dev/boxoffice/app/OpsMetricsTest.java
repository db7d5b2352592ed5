package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.http.SessionTokens;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alert rules under {@code ops/} against a real server: after a short load
 * that touches every feature they chart (holds, a completion, a release, a refusal, a lottery's
 * entries and draw, a waiting room's joins and admissions, a request beyond a rate limit), every
 * metric their expressions name is on {@code /metrics}, and the load moved the figures they show.
 */
@Timeout(120)
class OpsMetricsTest {
  private static final String ADMIN_KEY = "ops-metrics-admin-key-0123456789";
  private static final byte[] SESSION_KEY = new byte[32];
  private static final Pattern ROUTE_LABEL = Pattern.compile("route=\"([^\"]+)\"");

  private static final SessionTokens TOKENS =
      SessionTokens.hmac(SESSION_KEY, Duration.ofHours(1), Clock.systemUTC());

  @TempDir static Path dir;

  private static ServerProcess server;

  /** The samples of {@code /metrics} after the load: series (name and labels) to value. */
  private static Map<String, Double> samples;

  @BeforeAll
  static void startAServerAndRunALoad() throws Exception {
    server =
        ServerProcess.start(
            List.of(
                "serve",
                "--data",
                dir.resolve("data").toString(),
                "--rate-limit",
                "listOrders=1/1h:user"),
            ServerProcess.keys(ADMIN_KEY, SESSION_KEY),
            dir.resolve("server.log"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // Long enough for the entries below, on a slow machine too; the draw waits for it.
    Instant lotteryCloses = now.plusSeconds(5);
    TestLotteries.create(server, ADMIN_KEY, lotteryCloses, 2, 0);
    for (int i = 0; i < 4; i++) {
      enterTheLottery("entrant-" + i);
    }
    sellAFewTickets(now);
    joinAWaitingRoom(now);

    String token = TOKENS.issue(new UserId("reader"));
    assertThat(server.get("/v1/orders", token).status()).isEqualTo(200);
    assertThat(server.get("/v1/orders", token).status()).as("beyond the limit").isEqualTo(429);

    Thread.sleep(Math.max(0, Duration.between(Instant.now(), lotteryCloses).toMillis() + 200));
    ServerProcess.Reply drawn =
        server.send("POST", "/v1/events/night/lottery/draw", ADMIN_KEY, null);
    assertThat(drawn.status()).as(drawn.body().toString()).isEqualTo(200);

    // Admissions are the store's own steps, every 50 ms, long done by now; a slow machine waits.
    Instant deadline = Instant.now().plusSeconds(10);
    samples = scrape();
    while (total("boxoffice_queue_admitted_total") < 5 && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      samples = scrape();
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theLoadMovedEveryFigureTheDashboardShows() {
    assertThat(total("boxoffice_holds_granted_total")).isEqualTo(10);
    assertThat(total("boxoffice_orders_completed_total")).isEqualTo(5);
    assertThat(total("boxoffice_holds_released_total")).isEqualTo(1);
    assertThat(total("boxoffice_holds_refused_total", s -> s.contains("reason=\"limit_reached\"")))
        .isEqualTo(1);
    assertThat(total("boxoffice_lottery_entries_total")).isEqualTo(4);
    assertThat(total("boxoffice_lottery_draws_total")).isEqualTo(1);
    assertThat(total("boxoffice_lottery_winners_total")).isEqualTo(2);
    assertThat(total("boxoffice_queue_admitted_total")).isEqualTo(5);
    assertThat(total("boxoffice_queue_waiting")).isZero();
    assertThat(total("boxoffice_queue_shoppers")).isEqualTo(5);
    assertThat(
            total(
                "boxoffice_requests_limited_total",
                s -> s.contains("route=\"/v1/orders\"") && s.contains("key=\"user\"")))
        .isEqualTo(1);
    assertThat(total("http_server_requests_seconds_count", s -> s.contains("status=\"429\"")))
        .isEqualTo(1);
    assertThat(total("boxoffice_journal_commit_seconds_count")).isPositive();
    assertThat(total("boxoffice_journal_batch_size_records_count")).isPositive();
  }

  @Test
  void everyMetricTheDashboardUsesIsOnMetrics() {
    List<String> expressions = OpsFiles.dashboardExpressions();
    assertThat(expressions).hasSizeGreaterThan(20);

    assertThat(missing(OpsFiles.metricNames(expressions)))
        .as("metrics the dashboard uses that the server does not publish")
        .isEmpty();
  }

  @Test
  void everyMetricAndRouteTheAlertsUseIsOnMetrics() {
    List<String> expressions = OpsFiles.alertExpressions();
    assertThat(expressions).hasSize(5);

    assertThat(missing(OpsFiles.metricNames(expressions)))
        .as("metrics the alert rules use that the server does not publish")
        .isEmpty();
    Set<String> routes = new TreeSet<>();
    for (String expression : expressions) {
      Matcher m = ROUTE_LABEL.matcher(expression);
      while (m.find()) {
        routes.add(m.group(1));
      }
    }
    assertThat(routes).isNotEmpty();
    assertThat(routes)
        .as("route templates the alert rules name")
        .allMatch(
            route -> samples.keySet().stream().anyMatch(s -> s.contains("\"" + route + "\"")));
  }

  private static Set<String> missing(Set<String> names) {
    Set<String> published = new TreeSet<>();
    samples.keySet().forEach(series -> published.add(nameOf(series)));
    Set<String> missing = new TreeSet<>(names);
    missing.removeAll(published);
    return missing;
  }

  private static void enterTheLottery(String user) throws Exception {
    String session = TOKENS.issue(new UserId(user));
    ServerProcess.Reply token =
        server.send("POST", "/v1/events/night/lottery/tokens", session, null);
    assertThat(token.status()).as(token.body().toString()).isEqualTo(201);
    ServerProcess.Reply entered =
        server.send(
            "POST",
            "/v1/events/night/lottery/entries",
            session,
            ServerProcess.json(Map.of("token", token.body().path("token").asText())));
    assertThat(entered.status()).as(entered.body().toString()).isEqualTo(201);
  }

  /** Ten holds on a sale open now: five completed, one released, and one refused over the limit. */
  private static void sellAFewTickets(Instant now) throws Exception {
    createEvent("gig", now.minusSeconds(60), "");
    List<String> holds = new ArrayList<>();
    List<String> holders = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String session = TOKENS.issue(new UserId("fan-" + i));
      ServerProcess.Reply held =
          server.send(
              "POST", "/v1/events/gig/holds", session, "{\"ticketType\":\"GA\",\"quantity\":1}");
      assertThat(held.status()).as(held.body().toString()).isEqualTo(201);
      holds.add(held.body().path("holdId").asText());
      holders.add(session);
    }
    for (int i = 0; i < 5; i++) {
      ServerProcess.Reply done =
          server.send("POST", "/v1/holds/" + holds.get(i) + "/complete", holders.get(i), null);
      assertThat(done.status()).as(done.body().toString()).isEqualTo(201);
    }
    assertThat(server.send("DELETE", "/v1/holds/" + holds.get(5), holders.get(5), null).status())
        .isEqualTo(204);
    ServerProcess.Reply tooMany =
        server.send(
            "POST",
            "/v1/events/gig/holds",
            holders.get(9),
            "{\"ticketType\":\"GA\",\"quantity\":2}");
    assertThat(tooMany.status()).as(tooMany.body().toString()).isEqualTo(422);
  }

  /** Five users join the waiting room of a sale open now; the room admits them as they come. */
  private static void joinAWaitingRoom(Instant now) throws Exception {
    createEvent(
        "onsale",
        now.minusSeconds(60),
        ",\"waitingRoom\":{\"queueOpensAt\":\"%s\",\"admissionRatePerSecond\":50}"
            .formatted(now.minusSeconds(120)));
    for (int i = 0; i < 5; i++) {
      ServerProcess.Reply joined =
          server.send(
              "POST", "/v1/events/onsale/queue", TOKENS.issue(new UserId("queuer-" + i)), null);
      assertThat(joined.status()).as(joined.body().toString()).isEqualTo(201);
    }
  }

  private static void createEvent(String id, Instant opens, String more) throws Exception {
    String body =
        """
        {"id":"%s","name":"Gig","venue":"Hall","startsAt":"%s","saleOpensAt":"%s",
         "saleClosesAt":"%s","perUserLimit":1%s,
         "ticketTypes":[{"code":"GA","name":"General","priceMinor":1000,"currency":"EUR","capacity":100}]}
        """
            .formatted(
                id, opens.plus(Duration.ofDays(2)), opens, opens.plus(Duration.ofDays(1)), more);
    ServerProcess.Reply created = server.send("POST", "/v1/events", ADMIN_KEY, body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
  }

  private static Map<String, Double> scrape() throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(server.base().resolve("/metrics"))
                  .header("Authorization", "Bearer " + ADMIN_KEY)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      Map<String, Double> found = new HashMap<>();
      response
          .body()
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .forEach(
              line -> {
                int space = line.lastIndexOf(' ');
                found.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
              });
      return found;
    }
  }

  private static String nameOf(String series) {
    int brace = series.indexOf('{');
    return brace < 0 ? series : series.substring(0, brace);
  }

  private static double total(String name) {
    return total(name, s -> true);
  }

  /** The sum of the series of {@code name} whose text (name and labels) passes {@code which}. */
  private static double total(String name, Predicate<String> which) {
    return samples.entrySet().stream()
        .filter(e -> nameOf(e.getKey()).equals(name) && which.test(e.getKey()))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }
}
