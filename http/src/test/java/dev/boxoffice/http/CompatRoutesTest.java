package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.testing.Race;
import dev.boxoffice.http.compat.CompatFeatures;
import dev.boxoffice.http.compat.CompatSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The originals' route sets over HTTP, shapes exactly as their clients send and read them:
 * tickets-v0 (remaining, buy, complete; no oversell through buy_ticket under a race) and lottery-v0
 * (start, token, register, result; exactly the capacity wins), refusals in each API's own error
 * shape, and addresses outside the allowed ones refused.
 */
class CompatRoutesTest {
  private final TestServer t = server(CompatSettings.LOOPBACK);

  @AfterEach
  void stop() {
    t.close();
  }

  private static TestServer server(List<String> allowed) {
    CompatSettings compat =
        new CompatSettings(
            Set.copyOf(CompatSettings.ALL), AddressBlocks.of(allowed), new EventId("show"));
    return new TestServer(
        UnaryOperator.identity(),
        UnaryOperator.identity(),
        UnaryOperator.identity(),
        (settings, stores, clock) -> CompatFeatures.of(compat, settings, stores, clock));
  }

  // ---- tickets-v0

  private void createShow(int ga) {
    String json =
        TestServer.eventJson("show", ga, 4)
            .replace(
                "{\"code\":\"VIP\",\"name\":\"VIP\",\"priceMinor\":12000,\"currency\":\"EUR\",\"capacity\":5}",
                "{\"code\":\"VIP\",\"name\":\"VIP\",\"priceMinor\":12000,\"currency\":\"EUR\",\"capacity\":5},"
                    + "{\"code\":\"ONE_DAY\",\"name\":\"Day\",\"priceMinor\":2500,\"currency\":\"EUR\",\"capacity\":3}");
    assertThat(t.post("/v1/events", TestServer.ADMIN_KEY, json).status()).isEqualTo(201);
  }

  @Test
  void aTicketIsHeldAndCompletedAndTheRemainingCountFollows() {
    createShow(10);
    assertThat(t.get("/remaining_tickets", null).json().path("num_tickets").asInt()).isEqualTo(18);

    JsonNode bought = t.post("/buy_ticket/GA", null, "").json();
    assertThat(bought.path("success").asBoolean()).isTrue();
    assertThat(t.get("/remaining_tickets", null).json().path("num_tickets").asInt()).isEqualTo(17);

    TestServer.Answer completed =
        t.post("/complete_purchase/" + bought.path("token").asText(), null, "");
    assertThat(completed.status()).isEqualTo(200);
    assertThat(completed.json().path("success").asBoolean()).isTrue();
    assertThat(
            t.get("/v1/events/show/inventory", TestServer.ADMIN_KEY)
                .json()
                .path("ticketTypes")
                .get(0)
                .path("sold")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void refusalsAre403WithTheOriginalsErrorShape() {
    createShow(1);
    TestServer.Answer first = t.post("/buy_ticket/GA", null, "");
    assertThat(first.status()).as(first.text()).isEqualTo(200);
    TestServer.Answer soldOut = t.post("/buy_ticket/GA", null, "");
    assertThat(soldOut.status()).isEqualTo(403);
    assertThat(soldOut.json().path("success").asBoolean()).isFalse();
    assertThat(soldOut.json().path("errorMessage").asText()).contains("left");
    assertThat(t.post("/buy_ticket/BACKSTAGE", null, "").status()).isEqualTo(403);
    TestServer.Answer forged = t.post("/complete_purchase/not-a-token", null, "");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.json().path("errorMessage").asText()).isEqualTo("unknown or expired token");
  }

  @Test
  void anExpiredHoldCannotBeCompletedAndItsTicketIsBack() {
    createShow(1);
    String token = t.post("/buy_ticket/GA", null, "").json().path("token").asText();
    t.clock.advance(Duration.ofSeconds(31));
    assertThat(t.post("/complete_purchase/" + token, null, "").status()).isEqualTo(403);
    assertThat(t.post("/buy_ticket/GA", null, "").status()).isEqualTo(200);
  }

  @Test
  void fiftyRacersForTenTicketsGetExactlyTen() throws Exception {
    createShow(10);
    List<Integer> statuses = Race.of(50, i -> t.post("/buy_ticket/GA", null, "").status());
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(10);
    assertThat(statuses).filteredOn(s -> s == 403).hasSize(40);
  }

  // ---- lottery-v0

  private TestServer.Answer start(String id, int capacity, long from, long to) {
    return t.post(
        "/event/start",
        null,
        "{\"eventId\":\"%s\",\"capacity\":%d,\"registerStartTime\":%d,\"registerStopTime\":%d}"
            .formatted(id, capacity, from, to));
  }

  private String token(String user, String event) {
    TestServer.Answer answer =
        t.post("/token", null, "{\"userId\":\"%s\",\"eventId\":\"%s\"}".formatted(user, event));
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json().path("token").asText();
  }

  private TestServer.Answer register(String user, String event, String token) {
    return t.post(
        "/event/register",
        null,
        "{\"userId\":\"%s\",\"eventId\":\"%s\",\"tokenId\":\"%s\"}".formatted(user, event, token));
  }

  private boolean result(String user, String event) {
    TestServer.Answer answer =
        t.post(
            "/event/result", null, "{\"userId\":\"%s\",\"eventId\":\"%s\"}".formatted(user, event));
    assertThat(answer.status()).isEqualTo(200);
    return answer.json().path("result").asBoolean();
  }

  @Test
  void aLotteryRunsThroughTheOriginalsCallsAndExactlyTheCapacityWins() throws Exception {
    long now = TestServer.T0.getEpochSecond();
    assertThat(start("tour", 5, now, now + 60).status()).isEqualTo(202);
    List<String> users =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> UUID.randomUUID().toString())
            .toList();
    List<Integer> statuses =
        Race.of(20, i -> register(users.get(i), "tour", token(users.get(i), "tour")).status());
    assertThat(statuses).containsOnly(201);
    assertThat(result(users.get(0), "tour")).isFalse();

    t.clock.advance(Duration.ofSeconds(60 + 60));
    t.store.stores().lottery().drawDue(t.clock.instant());

    Set<String> winners = new HashSet<>();
    for (String user : users) {
      if (result(user, "tour")) {
        winners.add(user);
      }
    }
    assertThat(winners).hasSize(5);
  }

  @Test
  void badTokensReplaysLateEntriesAndBadBodiesAre400WithAnError() {
    long now = TestServer.T0.getEpochSecond();
    assertThat(start("tour", 5, now, now + 60).status()).isEqualTo(202);
    assertThat(start("tour", 5, now, now + 60).status()).isEqualTo(400);
    String ann = token("ann", "tour");

    TestServer.Answer stolen = register("bob", "tour", ann);
    assertThat(stolen.status()).isEqualTo(400);
    assertThat(stolen.json().path("error").asText()).isNotBlank();
    assertThat(register("ann", "tour", ann).status()).isEqualTo(201);
    assertThat(register("ann", "tour", ann).status()).isEqualTo(400);
    assertThat(register("ann", "tour", token("ann", "tour")).status()).isEqualTo(400);
    assertThat(register("cat", "tour", "forged").status()).isEqualTo(400);

    String later = token("dan", "tour");
    t.clock.advance(Duration.ofSeconds(61));
    assertThat(register("dan", "tour", later).status()).isEqualTo(400);
    assertThat(t.post("/token", null, "{\"userId\":\"eve\",\"eventId\":\"tour\"}").status())
        .isEqualTo(400);
    assertThat(t.post("/event/start", null, "{\"eventId\":\"x\"}").status()).isEqualTo(400);
  }

  @Test
  void registrationBeforeTheWindowOpensIsRefused() {
    long now = TestServer.T0.getEpochSecond();
    assertThat(start("later", 5, now + 30, now + 90).status()).isEqualTo(202);
    assertThat(t.post("/token", null, "{\"userId\":\"ann\",\"eventId\":\"later\"}").status())
        .isEqualTo(400);
  }

  @Test
  void addressesOutsideTheAllowedOnesAreRefused() {
    try (TestServer elsewhere = server(List.of("192.0.2.0/24"))) {
      TestServer.Answer refused = elsewhere.get("/remaining_tickets", null);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.json().path("success").asBoolean()).isFalse();
      assertThat(elsewhere.post("/token", null, "{\"userId\":\"a\",\"eventId\":\"b\"}").status())
          .isEqualTo(403);
    }
  }
}
