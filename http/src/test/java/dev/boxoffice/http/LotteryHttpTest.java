package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.testing.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lottery over HTTP: creating one, entry tokens and their refusals, one entry per person under
 * concurrency, the draw and its publication, results by poll and by push, and offers bought like
 * holds.
 */
class LotteryHttpTest {
  private final TestServer t = new TestServer();

  @AfterEach
  void stop() {
    t.close();
  }

  /** Registration from T0 for two minutes, a one-minute cool-down, the event a month later. */
  private static String lotteryJson(String id, int capacity, String lotteryExtra) {
    return """
        {"id":"%s","name":"Draw Night","venue":"Hall 1","startsAt":"2030-02-01T20:00:00Z",
         "perUserLimit":2,"mode":"LOTTERY",
         "lottery":{"registerOpensAt":"2030-01-01T10:00:00Z","registerClosesAt":"2030-01-01T10:02:00Z"%s},
         "ticketTypes":[{"code":"GA","name":"General","priceMinor":4500,"currency":"EUR","capacity":%d}]}
        """
        .formatted(id, lotteryExtra, capacity);
  }

  private JsonNode createLottery(String id, int capacity, String lotteryExtra) {
    TestServer.Answer created =
        t.post("/v1/events", TestServer.ADMIN_KEY, lotteryJson(id, capacity, lotteryExtra));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json();
  }

  private String entryToken(String session, String event) {
    TestServer.Answer answer = t.post("/v1/events/" + event + "/lottery/tokens", session, "");
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json().path("token").asText();
  }

  private TestServer.Answer enter(String session, String event, String token) {
    return t.post(
        "/v1/events/" + event + "/lottery/entries", session, "{\"token\":\"" + token + "\"}");
  }

  private String enterNew(String user, String event) {
    String session = t.tokenFor(user);
    TestServer.Answer entered = enter(session, event, entryToken(session, event));
    assertThat(entered.status()).as(entered.text()).isEqualTo(201);
    return entered.json().path("entryId").asText();
  }

  private JsonNode result(String user, String event) {
    TestServer.Answer answer = t.get("/v1/events/" + event + "/lottery/result", t.tokenFor(user));
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.json();
  }

  private JsonNode runDraw(String event) {
    TestServer.Answer drawn =
        t.post("/v1/events/" + event + "/lottery/draw", TestServer.ADMIN_KEY, "");
    assertThat(drawn.status()).as(drawn.text()).isEqualTo(200);
    return drawn.json();
  }

  // ---- creating

  @Test
  void aLotteryEventShowsItsTermsWithTheirDefaultsAndItsSeedsCommitment() {
    JsonNode event = createLottery("draw-night", 10, "");

    assertThat(event.path("mode").asText()).isEqualTo("LOTTERY");
    assertThat(event.path("holdTtlSeconds").asInt()).isEqualTo(600);
    assertThat(event.path("saleOpensAt").asText()).isEqualTo("2030-01-01T10:00:00Z");
    assertThat(event.path("saleClosesAt").asText()).isEqualTo("2030-02-01T20:00:00Z");
    JsonNode lottery = event.path("lottery");
    assertThat(lottery.path("registerClosesAt").asText()).isEqualTo("2030-01-01T10:02:00Z");
    assertThat(lottery.path("cooldownSeconds").asInt()).isEqualTo(60);
    assertThat(lottery.path("ticketsPerWinner").asInt()).isEqualTo(1);
    assertThat(lottery.path("offerTtlSeconds").asInt()).isEqualTo(600);
    assertThat(lottery.path("waitlistSize").asInt()).isZero();
    assertThat(lottery.path("drawAt").asText()).isEqualTo("2030-01-01T10:03:00Z");
    assertThat(lottery.path("seedCommitment").asText()).matches("[0-9a-f]{64}");
    assertThat(lottery.path("drawn").asBoolean()).isFalse();
    assertThat(t.get("/v1/events/draw-night", null).json().path("lottery")).isEqualTo(lottery);
    assertThat(t.get("/v1/events", null).json().path("events").get(0).path("lottery"))
        .isEqualTo(lottery);
  }

  @Test
  void aFirstComeEventHasNoLotterySection() {
    t.createEvent("show", 10, 4);

    assertThat(t.get("/v1/events/show", null).json().has("lottery")).isFalse();
    t.get("/v1/events/show/lottery/draw", null).problem(404, "lottery-not-found");
  }

  @Test
  void badLotteryTermsAreRefusedNamingTheirField() {
    String good = lotteryJson("bad", 10, "");
    String[][] swaps = {
      {
        "\"lottery\":{\"registerOpensAt\":\"2030-01-01T10:00:00Z\",\"registerClosesAt\":\"2030-01-01T10:02:00Z\"}",
        "\"lottery\":null"
      },
      {
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\"",
        "\"registerClosesAt\":\"2030-01-01T09:00:00Z\""
      },
      {"\"registerClosesAt\":\"2030-01-01T10:02:00Z\"", "\"registerClosesAt\":\"soon\""},
      {
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\"",
        "\"registerClosesAt\":\"2030-03-01T10:02:00Z\""
      },
      {
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\"",
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\",\"waitlistSize\":\"x\""
      },
      {
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\"",
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\",\"waitlistSize\":-1"
      },
      {
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\"",
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\",\"ticketsPerWinner\":3"
      },
      {
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\"",
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\",\"surprise\":1"
      },
      {"\"perUserLimit\":2,", "\"perUserLimit\":2,\"holdTtlSeconds\":30,"},
      {
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\"",
        "\"registerClosesAt\":\"2030-01-01T10:02:00Z\",\"entrantList\":\"NAMES\""
      },
      {
        "\"capacity\":10}]",
        "\"capacity\":10},{\"code\":\"VIP\",\"name\":\"V\",\"priceMinor\":1,\"currency\":\"EUR\",\"capacity\":1}]"
      },
    };
    String[] fields = {
      "lottery",
      "lottery.registerClosesAt",
      "lottery.registerClosesAt",
      "lottery.registerClosesAt",
      "lottery.waitlistSize",
      "lottery.waitlistSize",
      "lottery.ticketsPerWinner",
      "lottery.surprise",
      "lottery.offerTtlSeconds",
      "lottery.entrantList",
      "ticketTypes",
    };
    for (int i = 0; i < swaps.length; i++) {
      assertThat(good).contains(swaps[i][0]);
      TestServer.Answer answer =
          t.post("/v1/events", TestServer.ADMIN_KEY, good.replace(swaps[i][0], swaps[i][1]));
      assertThat(answer.problem(400, "invalid-field").path("field").asText())
          .as(swaps[i][1])
          .isEqualTo(fields[i]);
    }
    String noSection =
        good.replace(
            good.substring(good.indexOf("\"lottery\":"), good.indexOf("\"ticketTypes\"")), "");
    assertThat(
            t.post("/v1/events", TestServer.ADMIN_KEY, noSection)
                .problem(400, "invalid-field")
                .path("field")
                .asText())
        .isEqualTo("lottery");
    String firstComeWithSection =
        good.replace(
            "\"mode\":\"LOTTERY\",",
            "\"saleOpensAt\":\"2030-01-01T09:00:00Z\",\"saleClosesAt\":\"2030-01-31T00:00:00Z\",");
    assertThat(
            t.post("/v1/events", TestServer.ADMIN_KEY, firstComeWithSection)
                .problem(400, "invalid-field")
                .path("field")
                .asText())
        .isEqualTo("lottery");
    assertThat(t.get("/v1/events", null).json().path("events")).isEmpty();
  }

  // ---- entering

  @Test
  void oneEntryPerPersonWhicheverTokenComesAgain() {
    createLottery("draw-night", 10, "");
    String alice = t.tokenFor("alice");
    String first = entryToken(alice, "draw-night");

    TestServer.Answer entered = enter(alice, "draw-night", first);
    assertThat(entered.status()).as(entered.text()).isEqualTo(201);
    String entryId = entered.json().path("entryId").asText();

    assertThat(
            enter(alice, "draw-night", first)
                .problem(403, "lottery-token-used")
                .path("entryId")
                .asText())
        .isEqualTo(entryId);
    String second = entryToken(alice, "draw-night");
    assertThat(
            enter(alice, "draw-night", second)
                .problem(409, "already-entered")
                .path("entryId")
                .asText())
        .isEqualTo(entryId);
    assertThat(result("alice", "draw-night").path("status").asText()).isEqualTo("PENDING");
    assertThat(result("bob", "draw-night").path("status").asText()).isEqualTo("NOT_ENTERED");
    assertThat(t.get("/v1/events/draw-night", null).json().path("lottery").path("entrants").asInt())
        .isEqualTo(1);
  }

  @Test
  void aTokenLastsUntilRegistrationClosesEvenFromTheMiddleOfASecond() {
    createLottery("draw-night", 10, "");
    t.clock.advance(Duration.ofMillis(89_500)); // in the middle of a second
    String alice = t.tokenFor("alice");

    TestServer.Answer token = t.post("/v1/events/draw-night/lottery/tokens", alice, "");

    assertThat(token.json().path("expiresAt").asText()).isEqualTo("2030-01-01T10:02:00Z");
    TestServer.Answer entered = enter(alice, "draw-night", token.json().path("token").asText());
    assertThat(entered.status()).as(entered.text()).isEqualTo(201);
  }

  @Test
  void aTokenIsTakenOnlyFromItsOwnUserForItsOwnLottery() {
    createLottery("draw-night", 10, "");
    createLottery("other-night", 10, "");
    String alice = t.tokenFor("alice");
    String bob = t.tokenFor("bob");
    String alicesToken = entryToken(alice, "draw-night");

    enter(bob, "draw-night", alicesToken).problem(403, "lottery-token-not-yours");
    enter(alice, "other-night", alicesToken).problem(403, "lottery-token-not-yours");
    enter(alice, "draw-night", alice).problem(401, "lottery-token-invalid");
    enter(alice, "draw-night", "not-a-token").problem(401, "lottery-token-invalid");
    String[] parts = alicesToken.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    enter(alice, "draw-night", tampered).problem(401, "lottery-token-invalid");
    t.get("/v1/events/draw-night/lottery/result", alicesToken)
        .problem(401, "authentication-required");
    enter(alice, "draw-night", "").problem(401, "lottery-token-invalid");
    t.post("/v1/events/draw-night/lottery/entries", alice, "{}").problem(400, "invalid-field");
  }

  @Test
  void registrationIsEnforcedAtBothEnds() {
    TestServer.Answer later =
        t.post(
            "/v1/events",
            TestServer.ADMIN_KEY,
            lotteryJson("later", 10, "").replace("2030-01-01T10:00:00Z", "2030-01-01T10:01:00Z"));
    assertThat(later.status()).as(later.text()).isEqualTo(201);
    String alice = t.tokenFor("alice");
    t.post("/v1/events/later/lottery/tokens", alice, "").problem(403, "registration-closed");

    t.clock.advance(Duration.ofSeconds(60));
    String token = entryToken(alice, "later");
    t.clock.advance(Duration.ofSeconds(60));

    JsonNode closed = enter(alice, "later", token).problem(403, "registration-closed");
    assertThat(closed.path("closesAt").asText()).isEqualTo("2030-01-01T10:02:00Z");
    t.post("/v1/events/later/lottery/tokens", alice, "").problem(403, "registration-closed");
  }

  @Test
  void manyUsersAtOnceAreEachEnteredAndOneUserWithManyTokensOnce() throws Exception {
    createLottery("draw-night", 10, "");
    List<String> sessions = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sessions.add(t.tokenFor("fan-" + i));
      tokens.add(entryToken(sessions.get(i), "draw-night"));
    }
    String carol = t.tokenFor("carol");
    List<String> carols = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      carols.add(entryToken(carol, "draw-night"));
    }

    List<Integer> many =
        Race.of(40, i -> enter(sessions.get(i), "draw-night", tokens.get(i)).status());
    List<Integer> one = Race.of(20, i -> enter(carol, "draw-night", carols.get(i)).status());

    assertThat(many).containsOnly(201);
    assertThat(one).filteredOn(s -> s == 201).hasSize(1);
    assertThat(one).filteredOn(s -> s != 201).containsOnly(409);
    assertThat(t.get("/v1/events/draw-night", null).json().path("lottery").path("entrants").asInt())
        .isEqualTo(41);
  }

  // ---- the draw, results and offers

  @Test
  void theDrawIsPublishedCheckableAndItsWinnersBuyTheirOffers() {
    createLottery("draw-night", 3, ",\"waitlistSize\":2");
    for (int i = 0; i < 12; i++) {
      enterNew("fan-" + i, "draw-night");
    }
    JsonNode before = t.get("/v1/events/draw-night/lottery/draw", null).json();
    assertThat(before.path("status").asText()).isEqualTo("PENDING");
    assertThat(before.has("seed")).isFalse();
    t.post("/v1/events/draw-night/lottery/draw", TestServer.ADMIN_KEY, "")
        .problem(409, "registration-open");
    t.get("/v1/events/draw-night/lottery/entrants", null).problem(409, "draw-pending");

    t.clock.advance(Duration.ofMinutes(2));
    JsonNode drawn = runDraw("draw-night");

    assertThat(drawn.path("status").asText()).isEqualTo("DRAWN");
    assertThat(drawn.path("seedCommitment")).isEqualTo(before.path("seedCommitment"));
    assertThat(drawn.path("counts").path("entrants").asInt()).isEqualTo(12);
    assertThat(drawn.path("counts").path("winners").asInt()).isEqualTo(3);
    assertThat(drawn.path("counts").path("waitlisted").asInt()).isEqualTo(2);
    assertThat(runDraw("draw-night")).isEqualTo(drawn);
    assertThat(t.get("/v1/events/draw-night/lottery/draw", null).json()).isEqualTo(drawn);

    TestServer.Answer list = t.get("/v1/events/draw-night/lottery/entrants", null);
    assertThat(list.contentType()).startsWith("text/plain");
    List<String> entrants = Arrays.asList(list.text().split("\n"));
    Draw.Outcome recomputed = Draw.run(new Seed(drawn.path("seed").asText()), entrants, 3, 2);
    assertThat(recomputed.seedCommitment()).isEqualTo(drawn.path("seedCommitment").asText());
    assertThat(recomputed.entrantsDigest()).isEqualTo(drawn.path("entrantsDigest").asText());
    assertThat(recomputed.winnersDigest()).isEqualTo(drawn.path("winnersDigest").asText());
    assertThat(recomputed.waitlistDigest()).isEqualTo(drawn.path("waitlistDigest").asText());

    for (String winner : recomputed.winners()) {
      JsonNode won = result(winner, "draw-night");
      assertThat(won.path("status").asText()).isEqualTo("WON");
      assertThat(won.path("offer").path("expiresAt").asText()).isEqualTo("2030-01-01T10:12:00Z");
      TestServer.Answer bought =
          t.post(
              "/v1/holds/" + won.path("offer").path("holdId").asText() + "/complete",
              t.tokenFor(winner),
              "");
      assertThat(bought.status()).as(bought.text()).isEqualTo(201);
    }
    assertThat(result(recomputed.waitlist().get(0), "draw-night").path("waitlistPosition").asInt())
        .isEqualTo(1);
    long lost =
        entrants.stream()
            .filter(u -> result(u, "draw-night").path("status").asText().equals("LOST"))
            .count();
    assertThat(lost).isEqualTo(7);
    JsonNode ga =
        t.get("/v1/events/draw-night/inventory", TestServer.ADMIN_KEY)
            .json()
            .path("ticketTypes")
            .get(0);
    assertThat(ga.path("sold").asInt()).isEqualTo(3);
  }

  @Test
  void aLotteryOfPseudonymsPublishesEachEntrantUnderTheNameTheyWereTold() {
    createLottery("quiet-night", 2, ",\"entrantList\":\"PSEUDONYMS\"");
    assertThat(
            t.get("/v1/events/quiet-night", null)
                .json()
                .path("lottery")
                .path("entrantList")
                .asText())
        .isEqualTo("PSEUDONYMS");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String session = t.tokenFor("fan-" + i);
      TestServer.Answer entered = enter(session, "quiet-night", entryToken(session, "quiet-night"));
      names.add(entered.json().path("entrantName").asText());
      assertThat(result("fan-" + i, "quiet-night").path("entrantName").asText())
          .isEqualTo(names.getLast());
    }
    t.clock.advance(Duration.ofMinutes(2));
    JsonNode drawn = runDraw("quiet-night");

    List<String> published =
        Arrays.asList(t.get("/v1/events/quiet-night/lottery/entrants", null).text().split("\n"));
    assertThat(names).allMatch(n -> n.matches("p[0-9a-f]{32}"));
    assertThat(published)
        .containsExactlyInAnyOrderElementsOf(names)
        .noneMatch(n -> n.contains("fan"));
    Draw.Outcome recomputed = Draw.run(new Seed(drawn.path("seed").asText()), published, 2, 0);
    assertThat(recomputed.winnersDigest()).isEqualTo(drawn.path("winnersDigest").asText());
    for (int i = 0; i < 6; i++) {
      assertThat(result("fan-" + i, "quiet-night").path("status").asText())
          .isEqualTo(recomputed.winners().contains(names.get(i)) ? "WON" : "LOST");
    }
  }

  @Test
  void nobodyHoldsALotterysTicketsDirectlyAndOnlyTheAdminRunsTheDraw() {
    createLottery("draw-night", 3, "");
    String alice = t.tokenFor("alice");

    t.post("/v1/events/draw-night/holds", alice, "{\"ticketType\":\"GA\",\"quantity\":1}")
        .problem(403, "not-entitled");
    t.post("/v1/events/draw-night/lottery/draw", alice, "").problem(401, "admin-required");
  }

  @Test
  void theResultStreamSaysPendingAndThenTheResultAndEnds() throws Exception {
    createLottery("draw-night", 1, "");
    enterNew("alice", "draw-night");
    List<String> data = new ArrayList<>();
    CompletableFuture<List<String>> read =
        t.readStream(
            t.request("/v1/events/draw-night/lottery/result/stream")
                .header("Authorization", "Bearer " + t.tokenFor("alice"))
                .build(),
            line -> {
              if (line.startsWith("data: ") && data.add(line) && data.size() == 1) {
                // the first result is in: now let the draw happen
                t.clock.advance(Duration.ofMinutes(2));
                t.post("/v1/events/draw-night/lottery/draw", TestServer.ADMIN_KEY, "");
              }
            });

    List<String> lines = read.get(20, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(lines.stream().filter(l -> l.startsWith("data: ")))
        .hasSize(2)
        .first()
        .isEqualTo("data: {\"status\":\"PENDING\",\"entrantName\":\"alice\"}");
    assertThat(lines.stream().filter(l -> l.startsWith("data: ")).toList().get(1))
        .startsWith("data: {\"status\":\"WON\",\"offer\":{");
    assertThat(lines.stream().filter(l -> l.startsWith("event: "))).containsOnly("event: result");
  }
}
