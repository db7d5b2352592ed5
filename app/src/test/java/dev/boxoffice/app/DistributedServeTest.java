package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.boxoffice.core.testing.Race;
import dev.boxoffice.core.testing.Services;
import dev.boxoffice.store.distributed.PostgresStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers given the same Redis and PostgreSQL are one deployment, from outside: an event made
 * on one sells on both, a session from one is accepted by the other (the signing key is kept in
 * PostgreSQL, not in either's data folder), and buyers racing through both get exactly the tickets
 * there are, each order recorded once; a server killed in the middle of a sale loses nothing it
 * acknowledged; and a worker does the background work of servers that only answer the API.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DistributedServeTest {
  private static final String ADMIN_KEY = "distributed-test-admin-key-0123";
  private static final int CAPACITY = 10;
  private static final int BUYERS = 30;

  @TempDir Path dir;

  private final String deployment = "test_" + UUID.randomUUID().toString().replace("-", "");
  private final List<ServerProcess> servers = new ArrayList<>();

  @BeforeEach
  void requireServices() {
    Services.requirePostgres();
    Services.requireRedis();
    Services.requireRabbitMq();
  }

  /** Starts one server of the deployment in each of {@code roles}. */
  private void start(String... roles) throws Exception {
    for (String role : roles) {
      int i = servers.size();
      servers.add(
          ServerProcess.start(
              List.of(
                  "serve",
                  "--store",
                  "distributed",
                  "--redis",
                  Services.REDIS_URL,
                  "--postgres",
                  Services.POSTGRES_URL,
                  "--rabbitmq",
                  Services.RABBITMQ_URL,
                  "--deployment",
                  deployment,
                  "--role",
                  role,
                  "--data",
                  dir.resolve("server-" + i).toString(),
                  "--rate-limit",
                  "createUser=off,createSession=off"),
              Map.of("BOXOFFICE_ADMIN_KEY", ADMIN_KEY),
              dir.resolve("server-" + i + ".log")));
    }
  }

  @AfterEach
  void stopAndForget() throws Exception {
    for (ServerProcess server : servers) {
      server.close();
    }
    try (PostgresStore records = PostgresStore.open(Services.POSTGRES_URL, deployment)) {
      records.dropSchema(deployment);
    }
    ConnectionFactory rabbit = new ConnectionFactory();
    rabbit.setUri(Services.RABBITMQ_URL);
    try (Connection connection = rabbit.newConnection();
        Channel channel = connection.createChannel()) {
      channel.queueDelete(deployment + ".orders");
      channel.queueDelete(deployment + ".orders.dead");
      channel.exchangeDelete(deployment + ".events");
    }
    RedisClient client = RedisClient.create(Services.REDIS_URL);
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page =
            redis.sync().scan(cursor, ScanArgs.Builder.matches(deployment + ":*").limit(500));
        if (!page.getKeys().isEmpty()) {
          redis.sync().del(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown();
    }
  }

  private ServerProcess server(int i) {
    return servers.get(i % servers.size());
  }

  /** Opens a first-come event of one ticket type through server 0. */
  private void openEvent(String id, int capacity, int perUserLimit) throws Exception {
    openEvent(id, capacity, perUserLimit, 60, Map.of());
  }

  /** Opens a first-come event, with more sections ({@code flashSale}, say). */
  private void openEvent(
      String id, int capacity, int perUserLimit, int holdSeconds, Map<String, Object> sections)
      throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> event =
        new HashMap<>(
            Map.of(
                "id",
                id,
                "name",
                "The tour",
                "venue",
                "Arena",
                "startsAt",
                now.plus(30, ChronoUnit.DAYS).toString(),
                "saleOpensAt",
                now.minusSeconds(1).toString(),
                "saleClosesAt",
                now.plus(30, ChronoUnit.DAYS).toString(),
                "holdTtlSeconds",
                holdSeconds,
                "perUserLimit",
                perUserLimit,
                "ticketTypes",
                List.of(
                    Map.of(
                        "code", "GA",
                        "name", "General admission",
                        "priceMinor", 4500,
                        "currency", "EUR",
                        "capacity", capacity))));
    event.putAll(sections); // a section may also set the event's own fields
    ServerProcess.Reply created =
        server(0).send("POST", "/v1/events", ADMIN_KEY, ServerProcess.json(event));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
  }

  /**
   * Signs up {@code count} buyers, each on one server and signed in on the other: every token must
   * work on both.
   */
  private List<String> buyers(int count) throws Exception {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String credentials =
          ServerProcess.json(Map.of("username", "buyer-" + i, "password", "correct-horse-" + i));
      assertThat(server(i).send("POST", "/v1/users", null, credentials).status()).isEqualTo(201);
      ServerProcess.Reply session = server(i + 1).send("POST", "/v1/sessions", null, credentials);
      assertThat(session.status()).isEqualTo(200);
      tokens.add(session.body().path("token").asText());
    }
    return tokens;
  }

  @Test
  void buyersRacingThroughTwoServersGetExactlyTheTicketsThereAre() throws Exception {
    start("all", "all");
    openEvent("tour", CAPACITY, 2);
    List<String> tokens = buyers(BUYERS);

    List<ServerProcess.Reply> holds =
        Race.onPlatformThreads(
            BUYERS,
            i ->
                send(
                    server(i),
                    "POST",
                    "/v1/events/tour/holds",
                    tokens.get(i),
                    "{\"ticketType\":\"GA\",\"quantity\":1}"));
    List<Integer> winners = new ArrayList<>();
    for (int i = 0; i < BUYERS; i++) {
      int status = holds.get(i).status();
      assertThat(status).as("hold of buyer " + i).isIn(201, 409);
      if (status == 201) {
        winners.add(i);
      }
    }
    assertThat(winners).hasSize(CAPACITY);

    for (int i : winners) {
      String hold = holds.get(i).body().path("holdId").asText();
      ServerProcess.Reply completed =
          server(i + 1).send("POST", "/v1/holds/" + hold + "/complete", tokens.get(i), null);
      assertThat(completed.status()).as(completed.body().toString()).isEqualTo(201);
      JsonNode orders = server(i).get("/v1/orders", tokens.get(i)).body().path("orders");
      assertThat(orders).hasSize(1);
      assertThat(orders.get(0).path("orderId").asText())
          .isEqualTo(completed.body().path("orderId").asText());
    }
    for (int s = 0; s < 2; s++) {
      JsonNode ga = server(s).get("/v1/events/tour", null).body().path("ticketTypes").get(0);
      assertThat(ga.path("available").asInt()).as("server " + s).isZero();
    }
  }

  @Test
  void everyOrderAServerAcknowledgedBeforeItWasKilledIsOnTheOther() throws Exception {
    start("all", "all");
    openEvent("crash", 100_000, 1000);
    List<String> tokens = buyers(8);
    Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicInteger count = new AtomicInteger();

    server(1)
        .killDuring(
            tokens.size(),
            (client, i) -> {
              ServerProcess.Reply hold =
                  server(1)
                      .send(
                          "POST",
                          "/v1/events/crash/holds",
                          tokens.get(client),
                          "{\"ticketType\":\"GA\",\"quantity\":1}");
              assertThat(hold.status()).isEqualTo(201);
              String id = hold.body().path("holdId").asText();
              ServerProcess.Reply order =
                  server(1).send("POST", "/v1/holds/" + id + "/complete", tokens.get(client), null);
              if (order.status() == 201) {
                acknowledged.add(client + " " + order.body().path("orderId").asText());
                count.incrementAndGet();
              }
              return true;
            },
            count::get,
            200);

    assertThat(acknowledged).isNotEmpty();
    Set<String> listed = new HashSet<>();
    for (int client = 0; client < tokens.size(); client++) {
      for (JsonNode order : server(0).get("/v1/orders", tokens.get(client)).body().path("orders")) {
        listed.add(client + " " + order.path("orderId").asText());
      }
    }
    assertThat(listed)
        .as("every acknowledged order, listed by its owner")
        .containsAll(acknowledged);
    // A completion in flight when the server died may have been decided in Redis and not recorded:
    // the surviving server's sweep records it, so sold tickets and orders agree.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              int orders = 0;
              for (String token : tokens) {
                orders += server(0).get("/v1/orders", token).body().path("orders").size();
              }
              JsonNode ga =
                  server(0)
                      .get("/v1/events/crash/inventory", ADMIN_KEY)
                      .body()
                      .path("ticketTypes")
                      .get(0);
              assertThat(ga.path("sold").asInt()).isEqualTo(orders);
            });
  }

  @Test
  void aWorkerEndsTheHoldsTakenThroughAServerThatOnlyAnswersTheApi() throws Exception {
    start("api", "worker");
    ServerProcess api = server(0);
    ServerProcess worker = server(1);
    assertThat(worker.get("/health/ready", null).status()).isEqualTo(200);
    assertThat(worker.get("/v1/events", null).status())
        .as("a worker answers no API")
        .isEqualTo(404);
    openEvent("short", 10, 4, 1, Map.of());
    String credentials =
        ServerProcess.json(Map.of("username", "buyer", "password", "correct-horse-battery"));
    assertThat(api.send("POST", "/v1/users", null, credentials).status()).isEqualTo(201);
    String token =
        api.send("POST", "/v1/sessions", null, credentials).body().path("token").asText();

    assertThat(
            api.send(
                    "POST",
                    "/v1/events/short/holds",
                    token,
                    "{\"ticketType\":\"GA\",\"quantity\":3}")
                .status())
        .isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode ga =
                  api.get("/v1/events/short/inventory", ADMIN_KEY)
                      .body()
                      .path("ticketTypes")
                      .get(0);
              assertThat(ga.path("held").asInt()).as("ended by the worker's sweep").isZero();
              assertThat(ga.path("available").asInt()).isEqualTo(10);
            });
  }

  @Test
  void flashBuyersRacingThroughTwoServersGetExactlyTheTicketsThereAreEachOrderConfirmed()
      throws Exception {
    start("all", "api");
    openEvent(
        "flash",
        CAPACITY,
        1,
        60,
        Map.of("flashSale", Map.of("challengeDifficulty", 0, "purchaseIntervalSeconds", 10)));
    List<String> tokens = buyers(BUYERS);

    List<ServerProcess.Reply> purchases =
        Race.onPlatformThreads(
            BUYERS,
            i ->
                send(
                    server(i),
                    "POST",
                    "/v1/events/flash/purchases",
                    tokens.get(i),
                    "{\"ticketType\":\"GA\",\"quantity\":1}"));
    Map<Integer, String> accepted = new HashMap<>();
    for (int i = 0; i < BUYERS; i++) {
      ServerProcess.Reply purchase = purchases.get(i);
      assertThat(purchase.status()).as("purchase of buyer " + i).isIn(202, 409);
      if (purchase.status() == 202) {
        accepted.put(i, purchase.body().path("orderId").asText());
      }
    }
    assertThat(accepted).hasSize(CAPACITY);

    // The worker of the server in role all settles the orders both servers accepted.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (Map.Entry<Integer, String> order : accepted.entrySet()) {
                ServerProcess.Reply seen =
                    server(order.getKey() + 1)
                        .get("/v1/orders/" + order.getValue(), tokens.get(order.getKey()));
                assertThat(seen.body().path("status").asText()).isEqualTo("CONFIRMED");
              }
            });
    try (HttpClient http = HttpClient.newHttpClient()) {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create(server(0).base() + "/metrics"))
                      .header("Authorization", "Bearer " + ADMIN_KEY)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .as("the worker's confirmations, timed")
          .containsPattern("boxoffice_orders_finalisation_seconds_count\\{[^}]*} [1-9]")
          .contains("boxoffice_orders_pending{");
    }
    for (int s = 0; s < 2; s++) {
      JsonNode ga =
          server(s).get("/v1/events/flash/inventory", ADMIN_KEY).body().path("ticketTypes").get(0);
      assertThat(ga.path("sold").asInt()).as("server " + s).isEqualTo(CAPACITY);
      assertThat(ga.path("held").asInt()).as("server " + s).isZero();
    }
  }

  @Test
  void everyFlashOrderAServerAcknowledgedBeforeItWasKilledIsConfirmed() throws Exception {
    start("all", "all");
    openEvent(
        "flashcrash",
        100_000,
        1000,
        60,
        Map.of("flashSale", Map.of("challengeDifficulty", 0, "purchaseIntervalSeconds", 0)));
    List<String> tokens = buyers(8);
    Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicInteger count = new AtomicInteger();

    server(1)
        .killDuring(
            tokens.size(),
            (client, i) -> {
              ServerProcess.Reply purchase =
                  server(1)
                      .send(
                          "POST",
                          "/v1/events/flashcrash/purchases",
                          tokens.get(client),
                          "{\"ticketType\":\"GA\",\"quantity\":1}");
              if (purchase.status() == 202) {
                acknowledged.add(client + " " + purchase.body().path("orderId").asText());
                count.incrementAndGet();
              }
              return true;
            },
            count::get,
            200);

    assertThat(acknowledged).isNotEmpty();
    // The surviving server's worker settles what the killed one published.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (String order : acknowledged) {
                String[] clientAndId = order.split(" ");
                ServerProcess.Reply seen =
                    server(0)
                        .get(
                            "/v1/orders/" + clientAndId[1],
                            tokens.get(Integer.parseInt(clientAndId[0])));
                assertThat(seen.body().path("status").asText()).as(order).isEqualTo("CONFIRMED");
              }
            });
    JsonNode ga =
        server(0)
            .get("/v1/events/flashcrash/inventory", ADMIN_KEY)
            .body()
            .path("ticketTypes")
            .get(0);
    assertThat(ga.path("available").asInt() + ga.path("held").asInt() + ga.path("sold").asInt())
        .isEqualTo(100_000);
  }

  @Test
  void aWaitingRoomLetsThroughInLineOrderUsersJoiningThroughBothServersAndOnlyThemBuy()
      throws Exception {
    start("all", "api");
    Instant opens = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    openEvent(
        "room",
        CAPACITY,
        1,
        60,
        Map.of(
            "saleOpensAt",
            opens.toString(),
            "waitingRoom",
            Map.of(
                "queueOpensAt",
                Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString(),
                "admissionRatePerSecond",
                4,
                "maxActiveShoppers",
                100)));
    List<String> tokens = buyers(6);
    List<String> queueTokens = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      ServerProcess.Reply joined =
          server(i).send("POST", "/v1/events/room/queue", tokens.get(i), null);
      assertThat(joined.status()).as(joined.body().toString()).isEqualTo(201);
      queueTokens.add(joined.body().path("queueToken").asText());
    }
    assertThat(
            server(0)
                .send(
                    "POST",
                    "/v1/events/room/holds",
                    tokens.get(0),
                    "{\"ticketType\":\"GA\",\"quantity\":1}")
                .status())
        .as("nobody holds before the room lets them through")
        .isEqualTo(403);

    // The line opens with the sale; each user asks the server they did not join through.
    Map<Long, String> accessByPosition = new HashMap<>();
    String[] access = new String[tokens.size()];
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (int i = 0; i < tokens.size(); i++) {
                JsonNode status =
                    server(i + 1)
                        .send(
                            "GET",
                            "/v1/events/room/queue/status",
                            tokens.get(i),
                            null,
                            Map.of("Boxoffice-Queue-Token", queueTokens.get(i)))
                        .body();
                assertThat(status.path("state").asText()).isEqualTo("ADMITTED");
                access[i] = status.path("accessToken").asText();
                accessByPosition.put(status.path("position").asLong(), access[i]);
              }
            });
    assertThat(accessByPosition.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
    ServerProcess.Reply held =
        server(1)
            .send(
                "POST",
                "/v1/events/room/holds",
                tokens.get(0),
                "{\"ticketType\":\"GA\",\"quantity\":1}",
                Map.of("Boxoffice-Access-Token", access[0]));
    assertThat(held.status()).as(held.body().toString()).isEqualTo(201);
  }

  @Test
  void aLotteryEnteredThroughBothServersIsDrawnOnceByTheWorkerAndItsWinnersBuy() throws Exception {
    start("all", "api");
    List<String> tokens = buyers(8);
    // Registration closes a few seconds after it opens, once everyone is signed up.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    openEvent(
        "draw",
        3,
        1,
        60,
        Map.of(
            "mode",
            "LOTTERY",
            "lottery",
            Map.of(
                "registerOpensAt", now.minusSeconds(1).toString(),
                "registerClosesAt", now.plusSeconds(8).toString(),
                "cooldownSeconds", 0,
                "ticketsPerWinner", 1,
                "offerTtlSeconds", 60,
                "waitlistSize", 2)));
    for (int i = 0; i < tokens.size(); i++) {
      ServerProcess.Reply token =
          server(i).send("POST", "/v1/events/draw/lottery/tokens", tokens.get(i), "");
      assertThat(token.status()).as(token.body().toString()).isBetween(200, 201);
      String entry = ServerProcess.json(Map.of("token", token.body().path("token").asText()));
      ServerProcess.Reply entered =
          server(i + 1).send("POST", "/v1/events/draw/lottery/entries", tokens.get(i), entry);
      assertThat(entered.status()).as(entered.body().toString()).isEqualTo(201);
    }

    // The worker (server 0) draws by itself once registration closes; the api server tells it.
    JsonNode drawn =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> send(server(1), "GET", "/v1/events/draw/lottery/draw", null, null),
                reply -> reply.body().path("status").asText().equals("DRAWN"))
            .body();
    assertThat(drawn.path("counts").path("entrants").asInt()).isEqualTo(8);
    Map<String, Integer> statuses = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      JsonNode result =
          server(i).send("GET", "/v1/events/draw/lottery/result", tokens.get(i), null).body();
      statuses.merge(result.path("status").asText(), 1, Integer::sum);
      if (result.path("status").asText().equals("WON")) {
        ServerProcess.Reply bought =
            server(i + 1)
                .send(
                    "POST",
                    "/v1/holds/" + result.path("offer").path("holdId").asText() + "/complete",
                    tokens.get(i),
                    "");
        assertThat(bought.status()).as(bought.body().toString()).isEqualTo(201);
      }
    }
    assertThat(statuses).isEqualTo(Map.of("WON", 3, "WAITLISTED", 2, "LOST", 3));
    assertThat(server(0).send("GET", "/v1/events/draw/lottery/draw", null, null).body())
        .isEqualTo(drawn);
  }

  private static ServerProcess.Reply send(
      ServerProcess server, String method, String path, String bearer, String body) {
    try {
      return server.send(method, path, bearer, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
