package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.http.SessionTokens;
import dev.boxoffice.loadtest.DrawCheck;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server killed with SIGKILL while users enter a lottery: every entry it acknowledged is in
 * the draw after the restart, the draw checks out, and exactly the tickets there are were offered.
 */
@Timeout(120)
class LotteryCrashTest {
  private static final String ADMIN_KEY = "lottery-crash-admin-key-0123456789";
  private static final byte[] SESSION_KEY = new byte[32];
  private static final int CLIENTS = 8;
  private static final int CAPACITY = 50;

  @TempDir Path dir;

  private final SessionTokens tokens =
      SessionTokens.hmac(SESSION_KEY, Duration.ofHours(1), Clock.systemUTC());
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

  @Test
  void everyAcknowledgedEntryIsInTheDrawAfterAKillDashNine() throws Exception {
    Map<String, String> env = ServerProcess.keys(ADMIN_KEY, SESSION_KEY);
    List<String> args = List.of("serve", "--data", dir.resolve("data").toString());
    AtomicInteger tried = new AtomicInteger();
    Instant closes;
    try (ServerProcess server = ServerProcess.start(args, env, dir.resolve("before.log"))) {
      closes = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(10);
      TestLotteries.create(server, ADMIN_KEY, closes, CAPACITY, 10);
      server.killDuring(
          CLIENTS,
          (client, i) -> {
            tried.incrementAndGet();
            return enter(server, "fan-" + client + "-" + i);
          },
          acknowledged::size,
          300);
    }
    assertThat(acknowledged).as("entries before the kill").hasSizeGreaterThan(50);

    try (ServerProcess server = ServerProcess.start(args, env, dir.resolve("after.log"))) {
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), closes).toMillis() + 100));
      ServerProcess.Reply drawn =
          server.send("POST", "/v1/events/night/lottery/draw", ADMIN_KEY, null);
      assertThat(drawn.status()).as(drawn.body().toString()).isEqualTo(200);

      String entrants = get(server, "/v1/events/night/lottery/entrants");
      Set<String> inDraw = new HashSet<>(Arrays.asList(entrants.split("\n")));
      assertThat(inDraw).containsAll(acknowledged);
      assertThat(inDraw.size()).isLessThanOrEqualTo(tried.get());
      assertThat(drawn.body().path("counts").path("winners").asInt()).isEqualTo(CAPACITY);
      DrawCheck.Verdict verdict =
          DrawCheck.check(
              get(server, "/v1/events/night").getBytes(StandardCharsets.UTF_8),
              get(server, "/v1/events/night/lottery/draw").getBytes(StandardCharsets.UTF_8),
              entrants);
      assertThat(verdict.differences()).isEmpty();
      assertThat(verdict.matches()).isTrue();
      System.out.printf(
          "LotteryCrashTest: %d entries acknowledged before the kill, %d in the draw%n",
          acknowledged.size(), inDraw.size());
    }
  }

  /** Enters one user, counted when acknowledged; false when refused a token, throws once gone. */
  private boolean enter(ServerProcess server, String user)
      throws IOException, InterruptedException {
    String session = tokens.issue(new UserId(user));
    ServerProcess.Reply token =
        server.send("POST", "/v1/events/night/lottery/tokens", session, null);
    if (token.status() != 201) {
      return false;
    }
    ServerProcess.Reply entry =
        server.send(
            "POST",
            "/v1/events/night/lottery/entries",
            session,
            ServerProcess.json(Map.of("token", token.body().path("token").asText())));
    if (entry.status() == 201) {
      acknowledged.add(user);
    }
    return true;
  }

  private static String get(ServerProcess server, String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(server.base().resolve(path)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }
}
