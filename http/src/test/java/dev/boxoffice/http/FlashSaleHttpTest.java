package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.flashsale.ProofOfWork;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The flash sale over HTTP: its section of an event, challenges and their abuse (missing, replayed,
 * another user's, another event's, too easy, tampered), the purchase's 202 and its order turning
 * CONFIRMED, the interval's 429, the sale window's 403, sold out, and the default bucket per
 * address. Every refusal before the store leaves the user's interval untouched.
 */
class FlashSaleHttpTest {
  private final TestServer t = new TestServer();

  @AfterEach
  void stop() {
    t.close();
  }

  private static String flashJson(String id, int capacity, String flashSale) {
    return """
        {"id":"%s","name":"Drop","venue":"Online","startsAt":"2030-02-01T20:00:00Z",
         "saleOpensAt":"2030-01-01T10:00:00Z","saleClosesAt":"2030-01-31T00:00:00Z",
         "perUserLimit":2%s,
         "ticketTypes":[{"code":"GA","name":"General","priceMinor":1900,"currency":"EUR","capacity":%d}]}
        """
        .formatted(id, flashSale.isEmpty() ? "" : ",\"flashSale\":" + flashSale, capacity);
  }

  private JsonNode create(String id, int capacity, String flashSale) {
    TestServer.Answer created =
        t.post("/v1/events", TestServer.ADMIN_KEY, flashJson(id, capacity, flashSale));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json();
  }

  private JsonNode challenge(String user, String event) {
    TestServer.Answer answer =
        t.post(
            "/v1/challenges",
            t.tokenFor(user),
            event == null ? "" : "{\"eventId\":\"" + event + "\"}");
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json();
  }

  /** A challenge of {@code user}'s for {@code event}, solved: the purchase body's member. */
  private String solved(String user, String event) {
    JsonNode c = challenge(user, event);
    String nonce = ProofOfWork.solve(c.path("challenge").asText(), c.path("difficulty").asInt());
    return solution(c.path("challenge").asText(), nonce);
  }

  /** A nonce that does not solve the challenge (a random one would, once in 2^difficulty). */
  private static String wrongNonce(JsonNode c) {
    String challenge = c.path("challenge").asText();
    int difficulty = c.path("difficulty").asInt();
    int nonce = 0;
    while (ProofOfWork.solves(challenge, Integer.toString(nonce), difficulty)) {
      nonce++;
    }
    return Integer.toString(nonce);
  }

  private static String solution(String challenge, String nonce) {
    return "{\"challenge\":\"" + challenge + "\",\"nonce\":\"" + nonce + "\"}";
  }

  private TestServer.Answer buy(String user, String event, String challenge) {
    String body =
        "{\"ticketType\":\"GA\",\"quantity\":1"
            + (challenge == null ? "" : ",\"challenge\":" + challenge)
            + "}";
    return t.post("/v1/events/" + event + "/purchases", t.tokenFor(user), body);
  }

  private JsonNode order(String user, String orderId) {
    TestServer.Answer answer = t.get("/v1/orders/" + orderId, t.tokenFor(user));
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.json();
  }

  @Test
  void anEventShowsItsFlashSaleAndBadTermsAreRefusedByField() {
    JsonNode created = create("drop", 10, "{\"challengeDifficulty\":4}");
    assertThat(created.path("flashSale").path("challengeDifficulty").asInt()).isEqualTo(4);
    assertThat(created.path("flashSale").path("purchaseIntervalSeconds").asInt()).isEqualTo(10);
    assertThat(t.get("/v1/events/drop", null).json().path("flashSale").isObject()).isTrue();

    JsonNode tooHard =
        t.post(
                "/v1/events",
                TestServer.ADMIN_KEY,
                flashJson("hard", 10, "{\"challengeDifficulty\":40}"))
            .problem(400, "invalid-field");
    assertThat(tooHard.path("field").asText()).isEqualTo("flashSale.challengeDifficulty");
    JsonNode negative =
        t.post(
                "/v1/events",
                TestServer.ADMIN_KEY,
                flashJson("neg", 10, "{\"purchaseIntervalSeconds\":-1}"))
            .problem(400, "invalid-field");
    assertThat(negative.path("field").asText()).isEqualTo("flashSale.purchaseIntervalSeconds");
    assertThat(t.get("/v1/events/hard", null).status()).isEqualTo(404);
  }

  @Test
  void aSolvedPurchaseIsAcceptedPendingAndItsOrderTurnsConfirmed() {
    create("drop", 10, "{\"challengeDifficulty\":6}");
    TestServer.Answer bought = buy("ann", "drop", solved("ann", "drop"));

    assertThat(bought.status()).as(bought.text()).isEqualTo(202);
    String orderId = bought.json().path("orderId").asText();
    assertThat(bought.json().path("status").asText()).isEqualTo("PENDING");
    assertThat(bought.header("Location")).isEqualTo("/v1/orders/" + orderId);
    assertThat(order("ann", orderId).path("status").asText()).isIn("PENDING", "CONFIRMED");

    t.store.stores().orderPipeline().finalise(t.clock.instant());

    JsonNode confirmed = order("ann", orderId);
    assertThat(confirmed.path("status").asText()).isEqualTo("CONFIRMED");
    assertThat(confirmed.path("ticketType").asText()).isEqualTo("GA");
    assertThat(confirmed.has("reason")).isFalse();
    assertThat(t.get("/v1/orders/" + orderId, t.tokenFor("bob")).status()).isEqualTo(404);
    assertThat(
            t.get("/v1/orders", t.tokenFor("ann"))
                .json()
                .path("orders")
                .get(0)
                .path("status")
                .asText())
        .isEqualTo("CONFIRMED");
  }

  @Test
  void aPurchaseWithoutAValidChallengeIsRefusedAndDoesNotCountTowardTheInterval() {
    create("drop", 10, "{\"challengeDifficulty\":6}");
    JsonNode missing = buy("ann", "drop", null).problem(403, "challenge-required");
    assertThat(missing.path("difficulty").asInt()).isEqualTo(6);

    JsonNode c = challenge("ann", "drop");
    buy("ann", "drop", solution(c.path("challenge").asText(), wrongNonce(c)))
        .problem(403, "challenge-required");
    String tampered = c.path("challenge").asText();
    tampered = tampered.substring(0, tampered.length() - 2) + "AA";
    buy("ann", "drop", solution(tampered, "0")).problem(403, "challenge-required");

    // None of that counted: a good one now goes through at once.
    assertThat(buy("ann", "drop", solved("ann", "drop")).status()).isEqualTo(202);
  }

  @Test
  void aChallengeIsSingleUseAndOnlyItsUsersAndEventsAndHardEnough() {
    create("drop", 10, "{\"challengeDifficulty\":6,\"purchaseIntervalSeconds\":0}");
    create("other", 10, "{\"challengeDifficulty\":6}");
    create("harder", 10, "{\"challengeDifficulty\":16}");
    String once = solved("ann", "drop");
    assertThat(buy("ann", "drop", once).status()).isEqualTo(202);
    assertThat(buy("ann", "drop", once).problem(403, "challenge-required").path("detail").asText())
        .contains("used");

    buy("bob", "drop", solved("ann", "drop")).problem(403, "challenge-required");
    buy("ann", "other", solved("ann", "drop")).problem(403, "challenge-required");
    // A challenge for no event is at the default difficulty (14), below 16.
    buy("ann", "harder", solved("ann", null)).problem(403, "challenge-required");
    assertThat(challenge("ann", "harder").path("difficulty").asInt()).isEqualTo(16);
  }

  @Test
  void aSecondAttemptWithinTheIntervalIs429WithRetryAfter() {
    create("drop", 10, "{\"challengeDifficulty\":0,\"purchaseIntervalSeconds\":10}");
    assertThat(buy("ann", "drop", null).status()).isEqualTo(202);
    t.clock.advance(Duration.ofSeconds(4));

    TestServer.Answer again = buy("ann", "drop", null);

    JsonNode problem = again.problem(429, "purchase-too-soon");
    assertThat(again.header("Retry-After")).isEqualTo("6");
    assertThat(problem.path("retryAt").asText()).isEqualTo("2030-01-01T10:00:10Z");
    t.clock.advance(Duration.ofSeconds(6));
    assertThat(buy("ann", "drop", null).status()).isEqualTo(202);
    buy("ann", "drop", null).problem(429, "purchase-too-soon");
  }

  @Test
  void outsideTheSaleWindowAPurchaseIs403WithTheWindowAndCountsNothing() {
    String later =
        flashJson("drop", 10, "{\"challengeDifficulty\":0}")
            .replace("2030-01-01T10:00:00Z", "2030-01-01T10:01:00Z");
    assertThat(t.post("/v1/events", TestServer.ADMIN_KEY, later).status()).isEqualTo(201);
    JsonNode closed = buy("ann", "drop", null).problem(403, "sale-closed");
    assertThat(closed.path("opensAt").asText()).isEqualTo("2030-01-01T10:01:00Z");
    assertThat(closed.path("closesAt").asText()).isEqualTo("2030-01-31T00:00:00Z");
    t.clock.advance(Duration.ofSeconds(60));
    assertThat(buy("ann", "drop", null).status()).isEqualTo(202);
  }

  @Test
  void aSoldOutTypeIs409AndTheLimitCountsPurchases() {
    create("drop", 2, "{\"challengeDifficulty\":0,\"purchaseIntervalSeconds\":0}");
    assertThat(buy("ann", "drop", null).status()).isEqualTo(202);
    assertThat(buy("ann", "drop", null).status()).isEqualTo(202);
    buy("ann", "drop", null).problem(409, "sold-out");
    create("limited", 10, "{\"challengeDifficulty\":0,\"purchaseIntervalSeconds\":0}");
    assertThat(buy("bob", "limited", null).status()).isEqualTo(202);
    assertThat(buy("bob", "limited", null).status()).isEqualTo(202);
    buy("bob", "limited", null).problem(422, "limit-reached");
  }

  @Test
  void aLotteryEventCannotHaveAFlashSaleNorSellByPurchase() {
    String lottery =
        """
        {"id":"lot","name":"Draw","venue":"Hall","startsAt":"2030-02-01T20:00:00Z","perUserLimit":1,
         "mode":"LOTTERY","flashSale":{"challengeDifficulty":0},
         "lottery":{"registerOpensAt":"2030-01-01T10:00:00Z","registerClosesAt":"2030-01-02T10:00:00Z"},
         "ticketTypes":[{"code":"GA","name":"General","priceMinor":1900,"currency":"EUR","capacity":5}]}
        """;
    JsonNode refused =
        t.post("/v1/events", TestServer.ADMIN_KEY, lottery).problem(400, "invalid-field");
    assertThat(refused.path("field").asText()).isEqualTo("flashSale");
  }

  @Test
  void aForgedSessionIs401AndBadBodiesName400TheirField() {
    create("drop", 10, "{\"challengeDifficulty\":0}");
    String forged = t.tokenFor("ann").replaceFirst("\\.[^.]*$", ".AAAA");
    t.post("/v1/events/drop/purchases", forged, "{\"ticketType\":\"GA\",\"quantity\":1}")
        .problem(401, "authentication-required");
    JsonNode noType =
        t.post("/v1/events/drop/purchases", t.tokenFor("ann"), "{\"quantity\":1}")
            .problem(400, "invalid-field");
    assertThat(noType.path("field").asText()).isEqualTo("ticketType");
    JsonNode zero =
        t.post(
                "/v1/events/drop/purchases",
                t.tokenFor("ann"),
                "{\"ticketType\":\"GA\",\"quantity\":0}")
            .problem(400, "invalid-field");
    assertThat(zero.path("field").asText()).isEqualTo("quantity");
    t.post(
            "/v1/events/nowhere/purchases",
            t.tokenFor("ann"),
            "{\"ticketType\":\"GA\",\"quantity\":1}")
        .problem(404, "event-not-found");
    JsonNode badEvent =
        t.post("/v1/challenges", t.tokenFor("ann"), "{\"eventId\":\"nowhere\"}")
            .problem(400, "invalid-field");
    assertThat(badEvent.path("field").asText()).isEqualTo("eventId");
  }

  @Test
  void oneAddressGetsAThousandPurchaseAttemptsAtOnceThenOneAMillisecond() {
    create("drop", 10, "{\"challengeDifficulty\":0,\"purchaseIntervalSeconds\":0}");
    String token = t.tokenFor("ann");
    HttpRequest request =
        t.request("/v1/events/drop/purchases")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"ticketType\":\"GA\",\"quantity\":1}"))
            .build();
    for (int i = 0; i < 1000; i++) {
      assertThat(t.send(request).status()).isNotEqualTo(429);
    }
    TestServer.Answer limited = t.send(request);
    limited.problem(429, "too-many-requests");
    assertThat(limited.header("Retry-After")).isEqualTo("1");
    // The bucket refills a token a millisecond.
    t.clock.advance(Duration.ofMillis(1));
    assertThat(t.send(request).status()).isNotEqualTo(429);
    t.send(request).problem(429, "too-many-requests");
  }
}
