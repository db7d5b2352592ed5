package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReservedPurchaseTest {
  private final TestServer t = new TestServer();
  private final String alice = t.tokenFor("alice");
  private final String bob = t.tokenFor("bob");

  @AfterEach
  void stop() {
    t.close();
  }

  private JsonNode hold(String token, String event, String type, int qty) {
    var answer =
        t.post(
            "/v1/events/" + event + "/holds",
            token,
            "{\"ticketType\":\"" + type + "\",\"quantity\":" + qty + "}");
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.json();
  }

  private JsonNode inventory(String event, String type) {
    for (JsonNode t2 :
        t.get("/v1/events/" + event + "/inventory", TestServer.ADMIN_KEY)
            .json()
            .path("ticketTypes")) {
      if (t2.path("code").asText().equals(type)) {
        return t2;
      }
    }
    throw new AssertionError("no type " + type);
  }

  @Test
  void holdThenCompleteSellsTheTicketsOnce() {
    t.createEvent("show", 10, 4);
    JsonNode hold = hold(alice, "show", "GA", 2);
    assertThat(hold.path("eventId").asText()).isEqualTo("show");
    assertThat(hold.path("ticketType").asText()).isEqualTo("GA");
    assertThat(hold.path("quantity").asInt()).isEqualTo(2);
    assertThat(hold.path("expiresAt").asText()).isEqualTo("2030-01-01T10:00:30Z");
    String holdId = hold.path("holdId").asText();
    assertThat(inventory("show", "GA").path("held").asInt()).isEqualTo(2);

    var first = t.post("/v1/holds/" + holdId + "/complete", alice, "");
    assertThat(first.status()).as(first.text()).isEqualTo(201);
    JsonNode order = first.json();
    assertThat(order.path("holdId").asText()).isEqualTo(holdId);
    assertThat(order.path("eventId").asText()).isEqualTo("show");
    assertThat(order.path("quantity").asInt()).isEqualTo(2);
    assertThat(order.path("totalMinor").asLong()).isEqualTo(9000);
    assertThat(order.path("currency").asText()).isEqualTo("EUR");
    assertThat(order.path("createdAt").asText()).isEqualTo("2030-01-01T10:00:00Z");
    assertThat(order.path("orderId").asText()).isNotBlank();

    var again = t.post("/v1/holds/" + holdId + "/complete", alice, "");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(order);

    JsonNode ga = inventory("show", "GA");
    assertThat(ga.path("sold").asInt()).isEqualTo(2);
    assertThat(ga.path("held").asInt()).isZero();
    assertThat(ga.path("available").asInt()).isEqualTo(8);
    assertThat(ga.path("capacity").asInt()).isEqualTo(10);
  }

  @Test
  void ordersAreListedAndReadableOnlyByTheirBuyer() {
    t.createEvent("show", 10, 4);
    String holdId = hold(alice, "show", "VIP", 1).path("holdId").asText();
    String orderId =
        t.post("/v1/holds/" + holdId + "/complete", alice, "").json().path("orderId").asText();

    JsonNode mine = t.get("/v1/orders", alice).json();
    assertThat(mine.path("orders")).hasSize(1);
    assertThat(mine.path("orders").get(0).path("orderId").asText()).isEqualTo(orderId);
    assertThat(t.get("/v1/orders", bob).json().path("orders")).isEmpty();

    var one = t.get("/v1/orders/" + orderId, alice);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().path("totalMinor").asLong()).isEqualTo(12000);
    t.get("/v1/orders/" + orderId, bob).problem(404, "order-not-found");
    t.get("/v1/orders/or_nothing", alice).problem(404, "order-not-found");
    t.get("/v1/orders/bad.id!", alice).problem(404, "order-not-found");
  }

  @Test
  void theSessionCookieWorksLikeTheBearerHeader() {
    t.createEvent("show", 10, 4);
    var answer =
        t.send(
            t.request("/v1/events/show/holds")
                .header("Cookie", "theme=dark; boxoffice_session=" + alice)
                .header("Content-Type", "application/json")
                .header("Origin", "http://127.0.0.1:" + t.server.port())
                .POST(HttpRequest.BodyPublishers.ofString("{\"ticketType\":\"GA\",\"quantity\":1}"))
                .build());
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  @Test
  void theLastTicketsCannotBeHeldTwice() {
    t.createEvent("show", 3, 10);
    hold(alice, "show", "GA", 2);
    JsonNode problem =
        t.post("/v1/events/show/holds", bob, "{\"ticketType\":\"GA\",\"quantity\":2}")
            .problem(409, "sold-out");
    assertThat(problem.path("ticketType").asText()).isEqualTo("GA");
    assertThat(problem.path("available").asInt()).isEqualTo(1);
  }

  @Test
  void holdingOutsideTheSaleWindowIsForbidden() {
    t.createEvent("show", 10, 4);
    t.clock.advance(Duration.ofDays(60));
    JsonNode problem =
        t.post(
                "/v1/events/show/holds",
                t.tokenFor("alice"),
                "{\"ticketType\":\"GA\",\"quantity\":1}")
            .problem(403, "sale-closed");
    assertThat(problem.path("opensAt").asText()).isEqualTo("2030-01-01T09:00:00Z");
    assertThat(problem.path("closesAt").asText()).isEqualTo("2030-01-31T00:00:00Z");
  }

  @Test
  void holdingMoreThanThePerUserLimitIsUnprocessable() {
    t.createEvent("show", 10, 3);
    hold(alice, "show", "GA", 2);
    JsonNode problem =
        t.post("/v1/events/show/holds", alice, "{\"ticketType\":\"VIP\",\"quantity\":2}")
            .problem(422, "limit-reached");
    assertThat(problem.path("limit").asInt()).isEqualTo(3);
    assertThat(problem.path("alreadyHeld").asInt()).isEqualTo(2);
  }

  @Test
  void unknownEventsAndTicketTypesAreNotFound() {
    t.createEvent("show", 10, 3);
    t.post("/v1/events/nothing/holds", alice, "{\"ticketType\":\"GA\",\"quantity\":1}")
        .problem(404, "event-not-found");
    JsonNode problem =
        t.post("/v1/events/show/holds", alice, "{\"ticketType\":\"BALCONY\",\"quantity\":1}")
            .problem(404, "ticket-type-not-found");
    assertThat(problem.path("ticketType").asText()).isEqualTo("BALCONY");
  }

  @Test
  void holdingNeedsAValidSession() {
    t.createEvent("show", 10, 3);
    String body = "{\"ticketType\":\"GA\",\"quantity\":1}";
    var none = t.post("/v1/events/show/holds", null, body);
    none.problem(401, "authentication-required");
    assertThat(none.header("WWW-Authenticate")).isNotNull();
    t.post("/v1/events/show/holds", "not.a.token", body).problem(401, "authentication-required");
    t.post("/v1/events/show/holds", TestServer.ADMIN_KEY, body)
        .problem(401, "authentication-required");
  }

  @Test
  void aBadHoldBodyNamesTheField() {
    t.createEvent("show", 10, 3);
    assertThat(
            t.post("/v1/events/show/holds", alice, "{\"ticketType\":\"GA\",\"quantity\":0}")
                .problem(400, "invalid-field")
                .path("field")
                .asText())
        .isEqualTo("quantity");
    assertThat(
            t.post("/v1/events/show/holds", alice, "{\"ticketType\":\"ga\",\"quantity\":1}")
                .problem(400, "invalid-field")
                .path("field")
                .asText())
        .isEqualTo("ticketType");
    assertThat(
            t.post("/v1/events/show/holds", alice, "{\"ticketType\":\"GA\",\"qty\":1}")
                .problem(400, "invalid-field")
                .path("field")
                .asText())
        .isEqualTo("qty");
  }

  @Test
  void anExpiredHoldIsGoneAndItsTicketsReturn() {
    t.createEvent("show", 10, 4);
    String holdId = hold(alice, "show", "GA", 3).path("holdId").asText();
    t.clock.advance(Duration.ofSeconds(31));
    JsonNode problem =
        t.post("/v1/holds/" + holdId + "/complete", alice, "").problem(410, "hold-expired");
    assertThat(problem.path("holdId").asText()).isEqualTo(holdId);
    assertThat(inventory("show", "GA").path("available").asInt()).isEqualTo(10);
  }

  @Test
  void aReleasedHoldCannotBeCompleted() {
    t.createEvent("show", 10, 4);
    String holdId = hold(alice, "show", "GA", 3).path("holdId").asText();
    assertThat(t.delete("/v1/holds/" + holdId, alice).status()).isEqualTo(204);
    assertThat(inventory("show", "GA").path("available").asInt()).isEqualTo(10);
    assertThat(t.delete("/v1/holds/" + holdId, alice).status()).isEqualTo(204);
    t.post("/v1/holds/" + holdId + "/complete", alice, "").problem(410, "hold-released");
  }

  @Test
  void releasingACompletedHoldConflicts() {
    t.createEvent("show", 10, 4);
    String holdId = hold(alice, "show", "GA", 1).path("holdId").asText();
    String orderId =
        t.post("/v1/holds/" + holdId + "/complete", alice, "").json().path("orderId").asText();
    JsonNode problem = t.delete("/v1/holds/" + holdId, alice).problem(409, "hold-completed");
    assertThat(problem.path("orderId").asText()).isEqualTo(orderId);
  }

  @Test
  void someoneElsesHoldDoesNotExistForYou() {
    t.createEvent("show", 10, 4);
    String holdId = hold(alice, "show", "GA", 1).path("holdId").asText();
    t.post("/v1/holds/" + holdId + "/complete", bob, "").problem(404, "hold-not-found");
    t.delete("/v1/holds/" + holdId, bob).problem(404, "hold-not-found");
    t.post("/v1/holds/show.hnothing/complete", alice, "").problem(404, "hold-not-found");
    t.post("/v1/holds/no-dot/complete", alice, "").problem(404, "hold-not-found");
    assertThat(inventory("show", "GA").path("held").asInt()).isEqualTo(1);
  }

  @Test
  void holdsAndOrdersAreCounted() {
    t.createEvent("show", 1, 4);
    String holdId = hold(alice, "show", "GA", 1).path("holdId").asText();
    t.post("/v1/events/show/holds", bob, "{\"ticketType\":\"GA\",\"quantity\":1}")
        .problem(409, "sold-out");
    t.post("/v1/holds/" + holdId + "/complete", alice, "");
    t.post("/v1/holds/" + holdId + "/complete", alice, "");
    t.createEvent("other", 5, 4);
    String released = hold(bob, "other", "GA", 1).path("holdId").asText();
    assertThat(t.delete("/v1/holds/" + released, bob).status()).isEqualTo(204);
    assertThat(t.delete("/v1/holds/" + released, bob).status()).isEqualTo(204);
    String metrics = t.get("/metrics", TestServer.ADMIN_KEY).text();
    assertThat(metrics).contains("boxoffice_holds_granted_total 2.0");
    assertThat(metrics).contains("boxoffice_holds_released_total 1.0");
    assertThat(metrics).contains("boxoffice_holds_refused_total{reason=\"sold_out\"} 1.0");
    assertThat(metrics).contains("boxoffice_orders_completed_total 1.0");
    assertThat(metrics)
        .containsPattern(
            "http_server_requests_seconds_count\\{method=\"POST\",route=\"/v1/holds/\\{holdId\\}/complete\",status=\"201\"} 1");
    assertThat(metrics)
        .containsPattern(
            "http_server_requests_seconds_count\\{method=\"POST\",route=\"/v1/holds/\\{holdId\\}/complete\",status=\"200\"} 1");
  }
}
