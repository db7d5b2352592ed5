package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server killed with SIGKILL while users join a waiting room: every join it acknowledged
 * still has its place after the restart, and when the sale opens everyone is in one line, each at a
 * place of their own, their queue tokens still good.
 */
@Timeout(120)
class WaitingRoomCrashTest {
  private static final String ADMIN_KEY = "room-crash-admin-key-0123456789abc";
  private static final byte[] SESSION_KEY = new byte[32];
  private static final int CLIENTS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final SessionTokens tokens =
      SessionTokens.hmac(SESSION_KEY, Duration.ofHours(1), Clock.systemUTC());

  /** Each acknowledged join's user and queue token. */
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

  @Test
  void everyAcknowledgedJoinKeepsItsPlaceAfterAKillDashNine() throws Exception {
    Map<String, String> env = ServerProcess.keys(ADMIN_KEY, SESSION_KEY);
    List<String> args = List.of("serve", "--data", dir.resolve("data").toString());
    Instant opens = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(15);
    try (ServerProcess server = ServerProcess.start(args, env, dir.resolve("before.log"))) {
      createRoom(server, opens);
      server.killDuring(
          CLIENTS, (client, i) -> join(server, "fan-" + client + "-" + i), acknowledged::size, 300);
    }
    assertThat(acknowledged).as("joins before the kill").hasSizeGreaterThan(50);

    try (ServerProcess server = ServerProcess.start(args, env, dir.resolve("after.log"));
        HttpClient http = HttpClient.newHttpClient()) {
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), opens).toMillis() + 500));
      Set<Long> positions = new HashSet<>();
      for (Map.Entry<String, String> joined : acknowledged.entrySet()) {
        JsonNode status = status(http, server, joined.getKey(), joined.getValue());
        assertThat(status.path("state").asText()).as(joined.getKey()).isIn("WAITING", "ADMITTED");
        assertThat(positions.add(status.path("position").asLong())).isTrue();
      }
      ServerProcess.Reply room =
          server.send("GET", "/v1/events/onsale/waiting-room", ADMIN_KEY, null);
      long inLine = room.body().path("waiting").asLong() + room.body().path("admitted").asLong();
      assertThat(inLine).isGreaterThanOrEqualTo(acknowledged.size());
      assertThat(positions).allMatch(p -> p >= 1 && p <= inLine);
      System.out.printf(
          "WaitingRoomCrashTest: %d joins acknowledged before the kill, %d in line after%n",
          acknowledged.size(), inLine);
    }
  }

  /** An event whose sale opens at {@code opens}, its room open now, admitting slowly. */
  private static void createRoom(ServerProcess server, Instant opens) throws Exception {
    String body =
        """
        {"id":"onsale","name":"On-sale","venue":"Stadium","startsAt":"%s",
         "saleOpensAt":"%s","saleClosesAt":"%s","perUserLimit":1,
         "waitingRoom":{"queueOpensAt":"%s","admissionRatePerSecond":1},
         "ticketTypes":[{"code":"GA","name":"General","priceMinor":1000,"currency":"EUR","capacity":100}]}
        """
            .formatted(
                opens.plus(Duration.ofDays(2)),
                opens,
                opens.plus(Duration.ofDays(1)),
                opens.minusSeconds(60));
    ServerProcess.Reply created = server.send("POST", "/v1/events", ADMIN_KEY, body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
  }

  /** Joins one user, counted when acknowledged; throws once the server is gone. */
  private boolean join(ServerProcess server, String user) throws IOException, InterruptedException {
    ServerProcess.Reply joined =
        server.send("POST", "/v1/events/onsale/queue", tokens.issue(new UserId(user)), null);
    if (joined.status() == 201) {
      acknowledged.put(user, joined.body().path("queueToken").asText());
    }
    return true;
  }

  private JsonNode status(HttpClient http, ServerProcess server, String user, String queueToken)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(server.base().resolve("/v1/events/onsale/queue/status"))
                .header("Authorization", "Bearer " + tokens.issue(new UserId(user)))
                .header("Boxoffice-Queue-Token", queueToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
