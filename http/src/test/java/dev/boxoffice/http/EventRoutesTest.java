package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventRoutesTest {
  private final TestServer t = new TestServer();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void anAdminCreatesAnEventAndEveryoneSeesIt() {
    var created = t.post("/v1/events", TestServer.ADMIN_KEY, TestServer.eventJson("gig", 100, 4));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/v1/events/gig");
    JsonNode event = created.json();
    assertThat(event.path("id").asText()).isEqualTo("gig");
    assertThat(event.path("name").asText()).isEqualTo("Night Show");
    assertThat(event.path("venue").asText()).isEqualTo("Hall 1");
    assertThat(event.path("startsAt").asText()).isEqualTo("2030-02-01T20:00:00Z");
    assertThat(event.path("saleOpensAt").asText()).isEqualTo("2030-01-01T09:00:00Z");
    assertThat(event.path("saleClosesAt").asText()).isEqualTo("2030-01-31T00:00:00Z");
    assertThat(event.path("holdTtlSeconds").asInt()).isEqualTo(30);
    assertThat(event.path("perUserLimit").asInt()).isEqualTo(4);
    assertThat(event.path("mode").asText()).isEqualTo("FIRST_COME");
    JsonNode ga = event.path("ticketTypes").get(0);
    assertThat(ga.path("code").asText()).isEqualTo("GA");
    assertThat(ga.path("name").asText()).isEqualTo("General");
    assertThat(ga.path("priceMinor").asLong()).isEqualTo(4500);
    assertThat(ga.path("currency").asText()).isEqualTo("EUR");
    assertThat(ga.path("capacity").asInt()).isEqualTo(100);
    assertThat(ga.path("available").asInt()).isEqualTo(100);

    var one = t.get("/v1/events/gig", null);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json()).isEqualTo(event);
    var all = t.get("/v1/events", null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().path("events")).containsExactly(event);
  }

  @Test
  void availabilityFollowsHolds() {
    t.createEvent("gig", 10, 4);
    t.post("/v1/events/gig/holds", t.tokenFor("ann"), "{\"ticketType\":\"GA\",\"quantity\":3}");
    assertThat(
            t.get("/v1/events/gig", null)
                .json()
                .path("ticketTypes")
                .get(0)
                .path("available")
                .asInt())
        .isEqualTo(7);
    JsonNode inventory = t.get("/v1/events/gig/inventory", TestServer.ADMIN_KEY).json();
    assertThat(inventory.path("eventId").asText()).isEqualTo("gig");
    JsonNode ga = inventory.path("ticketTypes").get(0);
    assertThat(ga.path("code").asText()).isEqualTo("GA");
    assertThat(ga.path("capacity").asInt()).isEqualTo(10);
    assertThat(ga.path("available").asInt()).isEqualTo(7);
    assertThat(ga.path("held").asInt()).isEqualTo(3);
    assertThat(ga.path("sold").asInt()).isZero();
  }

  @Test
  void anEventWithoutIdGetsOneAndDefaults() {
    String body =
        """
        {"name":"Fair","venue":"Park","startsAt":"2030-02-01T20:00:00Z",
         "saleOpensAt":"2030-01-01T09:00:00Z","saleClosesAt":"2030-01-31T00:00:00Z","perUserLimit":2,
         "ticketTypes":[{"code":"GA","name":"General","priceMinor":0,"currency":"USD","capacity":1}]}
        """;
    var created = t.post("/v1/events", TestServer.ADMIN_KEY, body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.json().path("id").asText()).startsWith("ev_");
    assertThat(created.json().path("holdTtlSeconds").asInt()).isEqualTo(30);
    assertThat(created.json().path("mode").asText()).isEqualTo("FIRST_COME");
  }

  @Test
  void creatingAnEventTwiceConflicts() {
    t.createEvent("gig", 10, 4);
    t.post("/v1/events", TestServer.ADMIN_KEY, TestServer.eventJson("gig", 10, 4))
        .problem(409, "event-exists");
  }

  @Test
  void adminRoutesNeedTheAdminKey() {
    t.createEvent("gig", 10, 4);
    String json = TestServer.eventJson("other", 10, 4);
    t.post("/v1/events", null, json).problem(401, "admin-required");
    t.post("/v1/events", "wrong-key", json).problem(401, "admin-required");
    t.post("/v1/events", t.tokenFor("ann"), json).problem(401, "admin-required");
    t.get("/v1/events/gig/inventory", null).problem(401, "admin-required");
    t.get("/v1/events/gig/inventory", TestServer.ADMIN_KEY + "x").problem(401, "admin-required");
    assertThat(t.get("/v1/events/other", null).status()).isEqualTo(404);
  }

  @Test
  void unknownEventsAreNotFound() {
    t.get("/v1/events/nope", null).problem(404, "event-not-found");
    t.get("/v1/events/nope/inventory", TestServer.ADMIN_KEY).problem(404, "event-not-found");
    t.get("/v1/events/%20bad%20/inventory", TestServer.ADMIN_KEY).problem(404, "event-not-found");
  }

  @Test
  void invalidEventsNameTheField() {
    String valid = TestServer.eventJson("gig", 10, 4);
    assertField(valid.replace("\"perUserLimit\":4", "\"perUserLimit\":0"), "perUserLimit");
    assertField(valid.replace("\"holdTtlSeconds\":30", "\"holdTtlSeconds\":0"), "holdTtlSeconds");
    assertField(valid.replace("2030-01-31T00:00:00Z", "2029-01-31T00:00:00Z"), "saleClosesAt");
    assertField(valid.replace("2030-02-01T20:00:00Z", "next friday"), "startsAt");
    assertField(
        valid.replace("\"currency\":\"EUR\"", "\"currency\":\"euro\""), "ticketTypes[0].currency");
    assertField(valid.replace("\"capacity\":5", "\"capacity\":-5"), "ticketTypes[1].capacity");
    assertField(valid.replace("\"code\":\"VIP\"", "\"code\":\"GA\""), "ticketTypes");
    assertField(valid.replace("\"code\":\"VIP\"", "\"code\":\"vip\""), "ticketTypes[1].code");
    assertField(valid.replace("\"name\":\"Night Show\",", ""), "name");
    assertField(valid.replace("\"id\":\"gig\"", "\"id\":\"a b\""), "id");
    assertField(
        valid.replace("\"venue\":\"Hall 1\"", "\"venue\":\"Hall 1\",\"mode\":\"AUCTION\""), "mode");
    assertField(
        valid.replace("\"priceMinor\":4500", "\"priceMinor\":\"4500\""),
        "ticketTypes[0].priceMinor");
    assertField(
        valid.replace("\"priceMinor\":4500", "\"priceMinor\":45.5"), "ticketTypes[0].priceMinor");
    assertField(
        valid.replace("\"capacity\":5", "\"capacity\":5,\"seats\":[]"), "ticketTypes[1].seats");
  }

  @Test
  void eventsThatCouldNeverSellOrWouldMisleadAreRefused() {
    String valid = TestServer.eventJson("gig", 10, 4);
    // The test clock is at 2030-01-01T10:00Z; the event starts 2030-02-01T20:00Z.
    assertField(valid.replace("2030-01-31T00:00:00Z", "2030-02-02T00:00:00Z"), "saleClosesAt");
    assertField(
        valid
            .replace("2030-02-01T20:00:00Z", "2029-12-31T20:00:00Z")
            .replace("2030-01-01T09:00:00Z", "2029-12-01T09:00:00Z")
            .replace("2030-01-31T00:00:00Z", "2029-12-31T00:00:00Z"),
        "startsAt");
    assertField(
        valid
            .replace("2030-01-01T09:00:00Z", "2029-12-01T09:00:00Z")
            .replace("2030-01-31T00:00:00Z", "2030-01-01T09:00:00Z"),
        "saleClosesAt");
    for (String bad :
        new String[] {
          "Night\\u0000Show",
          "Night\\nShow",
          "Night\\rShow",
          "\\u202eworhS thgiN",
          "Night\\u2066Show",
          "Night\\u200fShow",
          "Night\\ud800Show",
          "Night\\u001bShow"
        }) {
      assertField(valid.replace("Night Show", bad), "name");
      assertField(valid.replace("Hall 1", bad), "venue");
      assertField(
          valid.replace("\"name\":\"General\"", "\"name\":\"" + bad + "\""), "ticketTypes[0].name");
    }
    for (String currency : new String[] {"ZZZ", "ABC", "EURO", "eur"}) {
      assertField(
          valid.replace("\"currency\":\"EUR\"", "\"currency\":\"" + currency + "\""),
          "ticketTypes[0].currency");
    }
    // Letters of any script, emoji and joiners are fine.
    String world = "Caf\u00e9 \u65e5\u672c \u0645\u0631\u062d\u0628\u0627 \ud83c\udfb8\u200d";
    var created = t.post("/v1/events", TestServer.ADMIN_KEY, valid.replace("Night Show", world));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.json().path("name").asText()).isEqualTo(world);
  }

  private void assertField(String body, String field) {
    JsonNode problem =
        t.post("/v1/events", TestServer.ADMIN_KEY, body).problem(400, "invalid-field");
    assertThat(problem.path("field").asText()).as(problem.toString()).isEqualTo(field);
  }
}
