package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.http.SessionTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server killed with SIGKILL while buyers purchase in a flash sale, its order pipeline busy:
 * after the restart every order answered 202 is CONFIRMED, listed by its buyer, and the stock sold
 * is exactly what was confirmed. Whatever the kill interrupted (a purchase's commit, a batch being
 * confirmed), nothing acknowledged is lost and nothing is sold twice.
 */
@Timeout(120)
class FlashSaleCrashTest {
  private static final String ADMIN_KEY = "flash-crash-admin-key-0123456789ab";
  private static final byte[] SESSION_KEY = new byte[32];
  private static final int CLIENTS = 8;
  private static final int CAPACITY = 5_000;

  @TempDir Path dir;

  private final SessionTokens tokens =
      SessionTokens.hmac(SESSION_KEY, Duration.ofHours(1), Clock.systemUTC());

  /** Each acknowledged purchase's order id, by buyer. */
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

  @Test
  void everyAcceptedOrderIsConfirmedAfterAKillDashNine() throws Exception {
    Map<String, String> env = ServerProcess.keys(ADMIN_KEY, SESSION_KEY);
    List<String> args = List.of("serve", "--data", dir.resolve("data").toString());
    try (ServerProcess server = ServerProcess.start(args, env, dir.resolve("before.log"))) {
      createSale(server);
      server.killDuring(
          CLIENTS,
          (client, i) -> buy(server, "buyer-" + client + "-" + i),
          acknowledged::size,
          500);
    }
    assertThat(acknowledged).as("purchases before the kill").hasSizeGreaterThan(50);

    try (ServerProcess server = ServerProcess.start(args, env, dir.resolve("after.log"))) {
      for (Map.Entry<String, String> bought : acknowledged.entrySet()) {
        String token = tokens.issue(new UserId(bought.getKey()));
        ServerProcess.Reply order =
            server.send("GET", "/v1/orders/" + bought.getValue(), token, null);
        assertThat(order.status()).as(bought.getKey()).isEqualTo(200);
        assertThat(order.body().path("status").asText()).isEqualTo("CONFIRMED");
        JsonNode listed = server.send("GET", "/v1/orders", token, null).body().path("orders");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("orderId").asText()).isEqualTo(bought.getValue());
      }
      JsonNode stock =
          server
              .send("GET", "/v1/events/drop/inventory", ADMIN_KEY, null)
              .body()
              .path("ticketTypes")
              .get(0);
      long sold = stock.path("sold").asLong();
      // Purchases the kill cut off before their answer may have been accepted too: never fewer.
      assertThat(sold).isGreaterThanOrEqualTo(acknowledged.size());
      assertThat(stock.path("held").asLong()).isZero();
      assertThat(sold + stock.path("available").asLong()).isEqualTo(CAPACITY);
      System.out.printf(
          "FlashSaleCrashTest: %d purchases acknowledged before the kill, %d sold after%n",
          acknowledged.size(), sold);
    }
  }

  private static void createSale(ServerProcess server) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String body =
        """
        {"id":"drop","name":"Drop","venue":"Online","startsAt":"%s",
         "saleOpensAt":"%s","saleClosesAt":"%s","perUserLimit":1,
         "flashSale":{"challengeDifficulty":0},
         "ticketTypes":[{"code":"GA","name":"General","priceMinor":1900,"currency":"EUR","capacity":%d}]}
        """
            .formatted(
                now.plus(Duration.ofDays(2)),
                now.minusSeconds(60),
                now.plus(Duration.ofDays(1)),
                CAPACITY);
    ServerProcess.Reply created = server.send("POST", "/v1/events", ADMIN_KEY, body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
  }

  /** One buyer's purchase, counted when acknowledged; throws once the server is gone. */
  private boolean buy(ServerProcess server, String user) throws IOException, InterruptedException {
    ServerProcess.Reply bought =
        server.send(
            "POST",
            "/v1/events/drop/purchases",
            tokens.issue(new UserId(user)),
            "{\"ticketType\":\"GA\",\"quantity\":1}");
    if (bought.status() == 202) {
      acknowledged.put(user, bought.body().path("orderId").asText());
    }
    return true;
  }
}
