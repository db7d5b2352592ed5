package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.http.SessionTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The durability promise, from outside: a server is killed with SIGKILL in the middle of a stream
 * of holds, completions and releases, restarted on the same data folder, and every answer it gave
 * before dying must still be true.
 *
 * <p>Clients record only what the server acknowledged with a 2xx. After the restart: every
 * acknowledged order is listed by its owner under the same id, and completing its hold again
 * returns that order; every acknowledged release stays released; every acknowledged hold that was
 * neither completed nor released is still live (the event's holds last a minute, longer than the
 * test), so completing it succeeds. Holds on a second event, with a one-second TTL, expire while
 * the server is down or just after, and must return to the pool. Per ticket type, available + held
 * + sold == capacity, and sold equals the sum of the orders the users own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashRecoveryTest {
  private static final String ADMIN_KEY = "crash-test-admin-key-0123456789";
  private static final byte[] SESSION_KEY = new byte[32];
  private static final int CLIENTS = 12;
  private static final int USERS_PER_CLIENT = 4;
  private static final int CAPACITY = 100_000;

  static {
    for (int i = 0; i < SESSION_KEY.length; i++) {
      SESSION_KEY[i] = (byte) (i * 7 + 3);
    }
  }

  @TempDir Path dir;

  private final SessionTokens tokens =
      SessionTokens.hmac(SESSION_KEY, Duration.ofHours(1), Clock.systemUTC());

  /** What one hold went through, as far as the client was told. */
  private enum Fate {
    HELD,
    COMPLETED,
    RELEASED,
    /** A complete or release was in flight when the server died: either outcome is fine. */
    IN_DOUBT
  }

  private record Acked(String holdId, String user, String type, int quantity) {}

  private final Map<String, Acked> holds = new ConcurrentHashMap<>();
  private final Map<String, Fate> fates = new ConcurrentHashMap<>();
  private final Map<String, String> orderOfHold = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

  @ParameterizedTest(name = "--journal-sync {0}")
  @ValueSource(strings = {"full", "normal"})
  void everyAcknowledgedHoldAndOrderSurvivesAKillDashNine(String journalSync) throws Exception {
    Path data = dir.resolve("data");
    Map<String, String> env = ServerProcess.keys(ADMIN_KEY, SESSION_KEY);
    List<String> args = List.of("serve", "--data", data.toString(), "--journal-sync", journalSync);

    String sale;
    String quick;
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger completions = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(args, env, dir.resolve("before.log"))) {
      sale = createEvent(server, "Crash sale", 60);
      quick = createEvent(server, "Quick expiry", 1);

      CountDownLatch go = new CountDownLatch(1);
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(
            Thread.ofPlatform()
                .name("crash-client-" + c)
                .start(() -> stream(server, client, sale, quick, go, killed, completions)));
      }
      go.countDown();
      Instant until = Instant.now().plusSeconds(5);
      while (completions.get() < 300 && Instant.now().isBefore(until)) {
        Thread.sleep(20);
      }
      killed.set(true);
      server.kill();
    }
    for (Thread client : clients) {
      client.join(TimeUnit.SECONDS.toMillis(20));
    }
    System.out.printf(
        "CrashRecoveryTest: before the kill, %d holds acknowledged, %d completed, %d released,"
            + " %d in doubt%n",
        holds.size(),
        orderOfHold.size(),
        fates.values().stream().filter(f -> f == Fate.RELEASED).count(),
        fates.values().stream().filter(f -> f == Fate.IN_DOUBT).count());
    assertThat(unexpected).as("answers no client should get").isEmpty();
    assertThat(orderOfHold).as("enough completions before the kill").hasSizeGreaterThan(20);

    Instant restart = Instant.now();
    try (ServerProcess server = ServerProcess.start(args, env, dir.resolve("after.log"))) {
      System.out.println(
          "CrashRecoveryTest: restarted in " + Duration.between(restart, Instant.now()));
      checkStockAddsUp(server, sale);
      checkEveryAcknowledgementStillHolds(server);
      System.out.println(
          "CrashRecoveryTest: checked acks at " + Duration.between(restart, Instant.now()));
      checkSoldEqualsOrders(server, sale);

      // Every hold on the quick event has expired; its tickets are all back.
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                for (JsonNode type : stock(server, quick)) {
                  assertThat(type.path("held").asInt()).isZero();
                  assertThat(type.path("available").asInt()).isEqualTo(CAPACITY);
                }
              });
      server.stop();
    }
  }

  /** One client: holds on both events, then completes, releases or leaves each sale hold. */
  private void stream(
      ServerProcess server,
      int client,
      String sale,
      String quick,
      CountDownLatch go,
      AtomicBoolean killed,
      AtomicInteger completions) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    try {
      go.await();
    } catch (InterruptedException e) {
      return;
    }
    while (true) {
      String user = "user-" + client + "-" + random.nextInt(USERS_PER_CLIENT);
      String token = tokens.issue(new UserId(user));
      String type = random.nextBoolean() ? "GA" : "VIP";
      int quantity = 1 + random.nextInt(2);
      boolean onQuick = random.nextInt(10) == 0;
      String holdId = null;
      try {
        ServerProcess.Reply held =
            server.send(
                "POST",
                "/v1/events/" + (onQuick ? quick : sale) + "/holds",
                token,
                ServerProcess.json(Map.of("ticketType", type, "quantity", quantity)));
        if (held.status() != 201) {
          unexpected.add("hold -> " + held.status() + " " + held.body());
          continue;
        }
        if (onQuick) {
          continue;
        }
        holdId = held.body().path("holdId").asText();
        holds.put(holdId, new Acked(holdId, user, type, quantity));
        fates.put(holdId, Fate.HELD);
        int roll = random.nextInt(100);
        if (roll < 70) {
          fates.put(holdId, Fate.IN_DOUBT);
          ServerProcess.Reply done =
              server.send("POST", "/v1/holds/" + holdId + "/complete", token, null);
          if (done.status() == 201) {
            orderOfHold.put(holdId, done.body().path("orderId").asText());
            fates.put(holdId, Fate.COMPLETED);
            completions.incrementAndGet();
          } else {
            unexpected.add("complete -> " + done.status() + " " + done.body());
          }
        } else if (roll < 85) {
          fates.put(holdId, Fate.IN_DOUBT);
          ServerProcess.Reply released = server.send("DELETE", "/v1/holds/" + holdId, token, null);
          if (released.status() == 204) {
            fates.put(holdId, Fate.RELEASED);
          } else {
            unexpected.add("release -> " + released.status() + " " + released.body());
          }
        }
      } catch (IOException e) {
        if (killed.get()) {
          return;
        }
        unexpected.add("I/O error before the kill: " + e);
      } catch (InterruptedException e) {
        return;
      }
      if (killed.get()) {
        return;
      }
    }
  }

  private String createEvent(ServerProcess server, String name, int holdTtlSeconds)
      throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("name", name);
    event.put("venue", "Test hall");
    event.put("startsAt", now.plus(Duration.ofDays(10)).toString());
    event.put("saleOpensAt", now.minusSeconds(60).toString());
    event.put("saleClosesAt", now.plus(Duration.ofDays(1)).toString());
    event.put("holdTtlSeconds", holdTtlSeconds);
    event.put("perUserLimit", 1000);
    event.put("mode", "FIRST_COME");
    event.put(
        "ticketTypes",
        List.of(
            Map.of(
                "code",
                "GA",
                "name",
                "General",
                "priceMinor",
                1000,
                "currency",
                "EUR",
                "capacity",
                CAPACITY),
            Map.of(
                "code",
                "VIP",
                "name",
                "VIP",
                "priceMinor",
                5000,
                "currency",
                "EUR",
                "capacity",
                CAPACITY)));
    ServerProcess.Reply created =
        server.send("POST", "/v1/events", ADMIN_KEY, ServerProcess.json(event));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created.body().path("id").asText();
  }

  private static List<JsonNode> stock(ServerProcess server, String event) throws Exception {
    ServerProcess.Reply inventory = server.get("/v1/events/" + event + "/inventory", ADMIN_KEY);
    assertThat(inventory.status()).isEqualTo(200);
    return ServeDemoTest.elements(inventory.body(), "ticketTypes");
  }

  private void checkStockAddsUp(ServerProcess server, String sale) throws Exception {
    Map<String, Integer> ackedSold = new HashMap<>();
    orderOfHold
        .keySet()
        .forEach(h -> ackedSold.merge(holds.get(h).type(), holds.get(h).quantity(), Integer::sum));
    for (JsonNode type : stock(server, sale)) {
      int available = type.path("available").asInt();
      int held = type.path("held").asInt();
      int sold = type.path("sold").asInt();
      assertThat(available).isNotNegative();
      assertThat(held).isNotNegative();
      assertThat(sold).isNotNegative();
      assertThat(available + held + sold).isEqualTo(type.path("capacity").asInt());
      assertThat(sold)
          .as("sold %s >= acknowledged orders", type.path("code").asText())
          .isGreaterThanOrEqualTo(ackedSold.getOrDefault(type.path("code").asText(), 0));
    }
  }

  private void checkEveryAcknowledgementStillHolds(ServerProcess server) throws Exception {
    Map<String, Set<String>> ordersByUser = new ConcurrentHashMap<>();
    for (Acked hold : holds.values()) {
      ordersByUser.computeIfAbsent(hold.user(), u -> listOrders(server, u));
    }
    // Each check is one request; eight at a time keeps the check short without crowding two cores.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> checks = new ArrayList<>();
      for (Acked hold : holds.values()) {
        checks.add(pool.submit(() -> checkOne(server, hold, ordersByUser)));
      }
      for (Future<?> check : checks) {
        try {
          check.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof AssertionError failure) {
            throw failure;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Void checkOne(ServerProcess server, Acked hold, Map<String, Set<String>> ordersByUser)
      throws Exception {
    String token = tokens.issue(new UserId(hold.user()));
    ServerProcess.Reply again =
        server.send("POST", "/v1/holds/" + hold.holdId() + "/complete", token, null);
    switch (fates.get(hold.holdId())) {
      case COMPLETED -> {
        String order = orderOfHold.get(hold.holdId());
        assertThat(ordersByUser.get(hold.user())).as("orders of " + hold.user()).contains(order);
        assertThat(again.status()).as("completing %s again", hold.holdId()).isEqualTo(200);
        assertThat(again.body().path("orderId").asText()).isEqualTo(order);
      }
      case RELEASED ->
          assertThat(again.ok()).as("a released hold stays released: " + again).isFalse();
      case HELD ->
          assertThat(again.status()).as("a live hold is still live: " + again).isEqualTo(201);
      case IN_DOUBT ->
          assertThat(again.status()).as("in doubt: " + again).isIn(200, 201, 404, 409, 410);
    }
    return null;
  }

  private void checkSoldEqualsOrders(ServerProcess server, String sale) throws Exception {
    Map<String, Integer> owned = new HashMap<>();
    Set<String> users = new HashSet<>();
    for (int c = 0; c < CLIENTS; c++) {
      for (int u = 0; u < USERS_PER_CLIENT; u++) {
        users.add("user-" + c + "-" + u);
      }
    }
    for (String user : users) {
      ServerProcess.Reply reply = server.get("/v1/orders", tokens.issue(new UserId(user)));
      assertThat(reply.status()).isEqualTo(200);
      for (JsonNode order : ServeDemoTest.elements(reply.body(), "orders")) {
        if (order.path("eventId").asText(sale).equals(sale)) {
          owned.merge(
              order.path("ticketType").asText(), order.path("quantity").asInt(), Integer::sum);
        }
      }
    }
    for (JsonNode type : stock(server, sale)) {
      assertThat(type.path("sold").asInt())
          .as("sold %s == the users' orders", type.path("code").asText())
          .isEqualTo(owned.getOrDefault(type.path("code").asText(), 0));
    }
  }

  private Set<String> listOrders(ServerProcess server, String user) {
    try {
      ServerProcess.Reply reply = server.get("/v1/orders", tokens.issue(new UserId(user)));
      assertThat(reply.status()).isEqualTo(200);
      Set<String> ids = new HashSet<>();
      for (JsonNode order : ServeDemoTest.elements(reply.body(), "orders")) {
        ids.add(order.path("orderId").asText());
      }
      return ids;
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
