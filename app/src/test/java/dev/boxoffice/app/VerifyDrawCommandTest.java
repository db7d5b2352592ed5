package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.http.SessionTokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code verify-draw} against a real server's lottery, and against copies of its published
 * documents with one thing changed: a seed other than the committed one, an entrant list with one
 * name changed, a winner list (its digest) other than the draw's.
 */
class VerifyDrawCommandTest {
  private static final String ADMIN_KEY = "verify-test-admin-key-0123456789";
  private static final byte[] SESSION_KEY = new byte[32];
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run verify(String url, String event) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line =
        BoxofficeCommand.commandLine(Config.ofEnvironment(Map.of()), Clock.systemUTC());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute("verify-draw", "--url", url, "--event", event);
    return new Run(code, out.toString(), err.toString());
  }

  /** The three documents a draw is checked from. */
  private record Published(byte[] event, byte[] draw, String entrants) {}

  @Test
  void aRealDrawChecksOutAndEveryTamperingIsCaught() throws Exception {
    Published real;
    Map<String, String> env = ServerProcess.keys(ADMIN_KEY, SESSION_KEY);
    List<String> args = List.of("serve", "--data", dir.resolve("data").toString());
    try (ServerProcess server = ServerProcess.start(args, env, dir.resolve("server.log"))) {
      Instant closes = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
      TestLotteries.create(server, ADMIN_KEY, closes, 5, 3);
      assertThat(verify(server.base().toString(), "night").exitCode())
          .as("before the draw")
          .isEqualTo(VerifyDrawCommand.CANNOT_CHECK);
      SessionTokens tokens =
          SessionTokens.hmac(SESSION_KEY, Duration.ofHours(1), Clock.systemUTC());
      for (int i = 0; i < 25; i++) {
        String session = tokens.issue(new UserId("fan-" + i));
        ServerProcess.Reply token =
            server.send("POST", "/v1/events/night/lottery/tokens", session, null);
        ServerProcess.Reply entry =
            server.send(
                "POST",
                "/v1/events/night/lottery/entries",
                session,
                ServerProcess.json(Map.of("token", token.body().path("token").asText())));
        assertThat(entry.status()).as(entry.body().toString()).isEqualTo(201);
      }
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), closes).toMillis() + 100));
      assertThat(server.send("POST", "/v1/events/night/lottery/draw", ADMIN_KEY, null).status())
          .isEqualTo(200);

      Run run = verify(server.base().toString(), "night");
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(VerifyDrawCommand.MATCHES);
      assertThat(run.out()).contains("matches: 25 entrants, 5 winners");
      assertThat(verify(server.base().toString(), "no-such").exitCode())
          .isEqualTo(VerifyDrawCommand.CANNOT_CHECK);
      real = fetch(server.base());
    }
    assertThat(serving(real).exitCode()).isEqualTo(VerifyDrawCommand.MATCHES);

    ObjectNode otherSeed = (ObjectNode) JSON.readTree(real.draw());
    otherSeed.put("seed", "00" + otherSeed.path("seed").asText().substring(2));
    Run seed =
        serving(new Published(real.event(), JSON.writeValueAsBytes(otherSeed), real.entrants()));
    assertThat(seed.exitCode()).isEqualTo(VerifyDrawCommand.DIFFERS);
    assertThat(seed.out()).contains("does not hash to the commitment");

    String oneNameChanged = real.entrants().replaceFirst("fan-1\n", "fan-99\n");
    assertThat(oneNameChanged).isNotEqualTo(real.entrants());
    Run entrants = serving(new Published(real.event(), real.draw(), oneNameChanged));
    assertThat(entrants.exitCode()).isEqualTo(VerifyDrawCommand.DIFFERS);
    assertThat(entrants.out()).contains("entrantsDigest:");

    ObjectNode otherWinners = (ObjectNode) JSON.readTree(real.draw());
    otherWinners.put("winnersDigest", "0".repeat(64));
    Run winners =
        serving(new Published(real.event(), JSON.writeValueAsBytes(otherWinners), real.entrants()));
    assertThat(winners.exitCode()).isEqualTo(VerifyDrawCommand.DIFFERS);
    assertThat(winners.out()).contains("winnersDigest:").doesNotContain("entrantsDigest:");
  }

  private static Published fetch(URI base) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return new Published(
          get(http, base, "/v1/events/night"),
          get(http, base, "/v1/events/night/lottery/draw"),
          new String(
              get(http, base, "/v1/events/night/lottery/entrants"), StandardCharsets.US_ASCII));
    }
  }

  private static byte[] get(HttpClient http, URI base, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(base.resolve(path)).build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .body();
  }

  /** Runs verify-draw against a server that publishes exactly {@code docs}. */
  private static Run serving(Published docs) throws IOException {
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Map<String, byte[]> paths =
        Map.of(
            "/v1/events/night", docs.event(),
            "/v1/events/night/lottery/draw", docs.draw(),
            "/v1/events/night/lottery/entrants",
                docs.entrants().getBytes(StandardCharsets.US_ASCII));
    fake.createContext(
        "/",
        exchange -> {
          byte[] body = paths.get(exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    fake.start();
    try {
      return verify("http://127.0.0.1:" + fake.getAddress().getPort(), "night");
    } finally {
      fake.stop(0);
    }
  }
}
