package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.http.waitingroom.WaitingRoomRoutes;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The waiting room over HTTP: an event created with one, joining before and after the queue opens,
 * queue and access tokens and their abuse, holds refused without an admission, admin figures and
 * live changes, and the status pushed over Server-Sent Events.
 */
class WaitingRoomHttpTest {
  private final TestServer t = new TestServer();

  @AfterEach
  void stop() {
    t.close();
  }

  /** An event whose sale opens at T0 + 10 min, its queue at T0, admitting {@code rate} a second. */
  private static String roomJson(String id, String roomExtra) {
    return """
        {"id":"%s","name":"Tour Night","venue":"Stadium","startsAt":"2030-02-01T20:00:00Z",
         "saleOpensAt":"2030-01-01T10:10:00Z","saleClosesAt":"2030-01-31T00:00:00Z",
         "holdTtlSeconds":60,"perUserLimit":2,
         "waitingRoom":{"queueOpensAt":"2030-01-01T10:00:00Z"%s},
         "ticketTypes":[{"code":"GA","name":"General","priceMinor":4500,"currency":"EUR","capacity":100}]}
        """
        .formatted(id, roomExtra);
  }

  private JsonNode createRoom(String id, String roomExtra) {
    TestServer.Answer created = t.post("/v1/events", TestServer.ADMIN_KEY, roomJson(id, roomExtra));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json();
  }

  private TestServer.Answer join(String user, String event) {
    return t.post("/v1/events/" + event + "/queue", t.tokenFor(user), "");
  }

  private String queueToken(String user, String event) {
    TestServer.Answer joined = join(user, event);
    assertThat(joined.status()).as(joined.text()).isIn(200, 201);
    return joined.json().path("queueToken").asText();
  }

  private TestServer.Answer status(String user, String event, String queueToken) {
    HttpRequest.Builder b =
        t.request("/v1/events/" + event + "/queue/status")
            .header("Authorization", "Bearer " + t.tokenFor(user));
    if (queueToken != null) {
      b.header("Boxoffice-Queue-Token", queueToken);
    }
    return t.send(b.GET().build());
  }

  private TestServer.Answer hold(String user, String event, String accessToken) {
    HttpRequest.Builder b =
        t.request("/v1/events/" + event + "/holds")
            .header("Authorization", "Bearer " + t.tokenFor(user))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"ticketType\":\"GA\",\"quantity\":1}"));
    if (accessToken != null) {
      b.header("Boxoffice-Access-Token", accessToken);
    }
    return t.send(b.build());
  }

  private TestServer.Answer patch(String event, String json) {
    return t.send(
        t.request("/v1/events/" + event + "/waiting-room")
            .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  @Test
  void anEventIsCreatedWithARoomThatItsViewShowsAndBadTermsAreRefusedByField() {
    JsonNode created = createRoom("tour", ",\"admissionRatePerSecond\":20");
    assertThat(created.path("waitingRoom").path("admissionRatePerSecond").asDouble()).isEqualTo(20);
    assertThat(created.path("waitingRoom").path("accessTtlSeconds").asInt()).isEqualTo(180);
    assertThat(
            t.get("/v1/events/tour", null).json().path("waitingRoom").path("enabled").asBoolean())
        .isTrue();

    t.post("/v1/events", TestServer.ADMIN_KEY, roomJson("bad", ",\"maxActiveShoppers\":0"))
        .problem(400, "invalid-field");
    JsonNode late =
        t.post(
                "/v1/events",
                TestServer.ADMIN_KEY,
                roomJson("late", "").replace("10:00:00Z\"}", "10:20:00Z\"}"))
            .problem(400, "invalid-field");
    assertThat(late.path("field").asText()).isEqualTo("waitingRoom.queueOpensAt");
    assertThat(t.get("/v1/events/late", null).status()).isEqualTo(404);
  }

  @Test
  void beforeTheQueueOpensJoinersAreToldWhenWithRetryAfter() {
    TestServer.Answer created =
        t.post(
            "/v1/events",
            TestServer.ADMIN_KEY,
            roomJson("tour", "").replace("10:00:00Z\"}", "10:02:00Z\"}"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);

    TestServer.Answer early = join("alice", "tour");

    early.problem(503, "queue-not-open");
    assertThat(early.header("Retry-After")).isEqualTo("121");
    assertThat(early.json().path("queueOpensAt").asText()).isEqualTo("2030-01-01T10:02:00Z");
  }

  @Test
  void joiningGivesAQueueTokenAndAPlaceAndJoiningAgainTheSamePlace() {
    createRoom("tour", "");
    t.clock.advance(Duration.ofMinutes(10)); // the sale opens: straight into line
    assertThat(patch("tour", "{\"paused\":true}").status()).isEqualTo(200);

    TestServer.Answer first = join("alice", "tour");
    TestServer.Answer second = join("bob", "tour");
    TestServer.Answer again = join("alice", "tour");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.header("Boxoffice-Queue-Token"))
        .isEqualTo(first.json().path("queueToken").asText());
    assertThat(first.json().path("state").asText()).isEqualTo("WAITING");
    assertThat(second.json().path("position").asLong())
        .isEqualTo(first.json().path("position").asLong() + 1);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("position")).isEqualTo(first.json().path("position"));
    JsonNode bob = status("bob", "tour", second.json().path("queueToken").asText()).json();
    assertThat(bob.path("aheadOfYou").asLong()).isEqualTo(1);
    assertThat(bob.has("etaSeconds")).as("no ETA while paused").isFalse();
  }

  @Test
  void joiningIsRateLimitedPerUser() {
    createRoom("tour", "");
    for (int i = 0; i < 30; i++) {
      assertThat(join("alice", "tour").status()).isIn(200, 201);
    }

    TestServer.Answer limited = join("alice", "tour");

    limited.problem(429, "too-many-requests");
    assertThat(limited.header("Retry-After")).isNotBlank();
    assertThat(join("bob", "tour").status()).isEqualTo(201);
  }

  @Test
  void anEventWithoutARoomHasNoQueue() {
    t.createEvent("plain", 10, 2);

    join("alice", "plain").problem(404, "waiting-room-not-found");
  }

  @Test
  void theStatusNeedsTheCallersOwnQueueTokenForThisEvent() {
    createRoom("tour", "");
    createRoom("other", "");
    String alice = queueToken("alice", "tour");
    String aliceOther = queueToken("alice", "other");

    status("alice", "tour", null).problem(401, "queue-token-invalid");
    status("alice", "tour", alice + "x").problem(401, "queue-token-invalid");
    status("alice", "tour", t.tokenFor("alice")).problem(401, "queue-token-invalid");
    status("bob", "tour", alice).problem(403, "queue-token-not-yours");
    status("alice", "tour", aliceOther).problem(403, "queue-token-not-yours");
    assertThat(status("alice", "tour", alice).json().path("state").asText()).isEqualTo("PRE_QUEUE");
  }

  @Test
  void onlyAnAdmittedUserWithTheirAccessTokenHolds() {
    createRoom("tour", ",\"maxActiveShoppers\":1");
    String alice = queueToken("alice", "tour");
    String bob = queueToken("bob", "tour");
    String first = status("alice", "tour", alice).json().path("state").asText();
    assertThat(first).isEqualTo("PRE_QUEUE");

    // Both were early: the shuffle decides who goes first; the cap lets one in.
    t.clock.advance(Duration.ofMinutes(10));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              t.clock.advance(Duration.ofMillis(200));
              return t.store
                      .stores()
                      .waitingRoom()
                      .stats(new dev.boxoffice.core.event.EventId("tour"), t.clock.instant())
                      .orElseThrow()
                      .servingUpTo()
                  == 1;
            });
    boolean aliceIn =
        status("alice", "tour", alice).json().path("state").asText().equals("ADMITTED");
    String in = aliceIn ? "alice" : "bob";
    String out = aliceIn ? "bob" : "alice";
    JsonNode inStatus = status(in, "tour", aliceIn ? alice : bob).json();
    String access = inStatus.path("accessToken").asText();
    assertThat(inStatus.path("accessExpiresAt").asText()).isNotBlank();

    hold(in, "tour", null).problem(403, "queue-required");
    hold(in, "tour", access + "x").problem(403, "queue-required");
    hold(in, "tour", t.tokenFor(in)).problem(403, "queue-required");
    hold(out, "tour", access).problem(403, "queue-required");
    String forged =
        t.tokens
            .issue(
                WaitingRoomRoutes.ACCESS_TOKEN,
                new UserId(out),
                Duration.ofMinutes(3),
                Map.of("event", "tour"))
            .token();
    // A valid access token is not enough: the store checks the admission itself.
    hold(out, "tour", forged).problem(403, "queue-required");
    assertThat(hold(in, "tour", access).status()).isEqualTo(201);
  }

  @Test
  void anAdminSeesTheRoomsFiguresAndChangesItLive() {
    createRoom("tour", "");
    queueToken("alice", "tour");
    t.get("/v1/events/tour/waiting-room", t.tokenFor("alice")).problem(401, "admin-required");

    JsonNode room = t.get("/v1/events/tour/waiting-room", TestServer.ADMIN_KEY).json();
    assertThat(room.path("preQueue").asInt()).isEqualTo(1);
    assertThat(room.path("seedCommitment").asText()).hasSize(64);
    assertThat(room.has("seed")).as("the seed is secret until the line opens").isFalse();

    JsonNode changed = patch("tour", "{\"admissionRatePerSecond\":5,\"paused\":true}").json();
    assertThat(changed.path("terms").path("admissionRatePerSecond").asDouble()).isEqualTo(5);
    assertThat(changed.path("terms").path("paused").asBoolean()).isTrue();
    assertThat(changed.path("terms").path("maxActiveShoppers").asInt()).isEqualTo(1000);
    assertThat(
            patch("tour", "{\"admissionRatePerSecond\":-1}")
                .problem(400, "invalid-field")
                .path("field")
                .asText())
        .isEqualTo("admissionRatePerSecond");
    patch("tour", "{\"speed\":1}").problem(400, "invalid-field");
    patch("nope", "{\"paused\":true}").problem(404, "event-not-found");
  }

  @Test
  void theStreamPushesTheAdmissionWithItsAccessToken() throws Exception {
    createRoom("tour", "");
    String token = queueToken("alice", "tour");
    CompletableFuture<List<String>> read =
        t.readStream(
            t.request("/v1/events/tour/queue/stream?queueToken=" + token)
                .header("Authorization", "Bearer " + t.tokenFor("alice"))
                .build(),
            line -> {
              if (line.contains("\"state\":\"PRE_QUEUE\"")) {
                t.clock.advance(Duration.ofMinutes(10)); // the sale opens: the line with it
              } else if (line.contains("\"state\":\"WAITING\"")) {
                t.clock.advance(Duration.ofSeconds(1)); // a second's admissions
              }
            });

    // Pushed: the opening and the admission each arrive within a store step or two (50 ms each);
    // a stream that only looked every few seconds would take 10 s for the two.
    List<String> lines = read.get(4, TimeUnit.SECONDS);

    List<String> data = lines.stream().filter(l -> l.startsWith("data: ")).toList();
    assertThat(data.getFirst()).contains("\"state\":\"PRE_QUEUE\"");
    assertThat(data.getLast()).contains("\"state\":\"ADMITTED\"").contains("\"accessToken\":\"");
    assertThat(lines.stream().filter(l -> l.startsWith("event: "))).containsOnly("event: status");
  }
}
