package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.inventory.Entitlement;
import io.helidon.http.HeaderNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A feature plugged in beside the standard ones: its routes are served, its filter runs around
 * them, and every route gets the same chain in the same order: address limits, authentication, user
 * limits, filters, endpoint.
 */
class FeatureChainTest {
  private final List<String> ran = new CopyOnWriteArrayList<>();

  /** A feature of two routes and a filter on one of them, recording what runs. */
  private final Feature greetings =
      routes ->
          routes
              .get(
                  "/v1/greeting",
                  "getGreeting",
                  Route.Access.USER,
                  call -> {
                    ran.add("endpoint");
                    return Reply.json(200, Map.of("hello", call.user().value()));
                  })
              .get(
                  "/v1/public-greeting",
                  "getPublicGreeting",
                  Route.Access.PUBLIC,
                  call -> {
                    ran.add("public endpoint");
                    return Reply.json(200, Map.of("hello", "anyone"));
                  })
              .filter(
                  route -> route.operationId().equals("getGreeting"),
                  (call, route, next) -> {
                    ran.add("filter sees " + call.user().value());
                    if (call.header(HeaderNames.create("X-Deny")).isPresent()) {
                      return Reply.problem(ProblemType.NOT_FOUND.detail("denied by the filter"));
                    }
                    return next.answer(call);
                  });

  private final TestServer t =
      new TestServer(
          UnaryOperator.identity(),
          UnaryOperator.identity(),
          s ->
              s.withRateLimits(
                  Map.of(
                      "getGreeting",
                      List.of(
                          new RateLimit(new Rate(3, Duration.ofMinutes(1)), RateLimit.Key.USER)),
                      "getPublicGreeting",
                      List.of(
                          new RateLimit(
                              new Rate(2, Duration.ofMinutes(1)), RateLimit.Key.GLOBAL)))),
          List.of(greetings));

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aPluggedInFeaturesRoutesAreServedThroughItsFilter() {
    var answer = t.get("/v1/greeting", t.tokenFor("alice"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("hello").asText()).isEqualTo("alice");
    assertThat(ran).containsExactly("filter sees alice", "endpoint");
  }

  @Test
  void authenticationComesBeforeTheFeaturesFilter() {
    t.get("/v1/greeting", null).problem(401, "authentication-required");
    assertThat(ran).isEmpty();
  }

  @Test
  void aFilterMayAnswerInsteadOfTheEndpoint() {
    var denied =
        t.send(
            t.request("/v1/greeting")
                .header("Authorization", "Bearer " + t.tokenFor("alice"))
                .header("X-Deny", "1")
                .build());
    denied.problem(404, "not-found");
    assertThat(ran).containsExactly("filter sees alice");
  }

  @Test
  void aLimitByUserCountsEachUserAndComesBeforeTheFilter() {
    for (int i = 0; i < 3; i++) {
      assertThat(t.get("/v1/greeting", t.tokenFor("alice")).status()).isEqualTo(200);
    }
    ran.clear();
    var limited = t.get("/v1/greeting", t.tokenFor("alice"));
    limited.problem(429, "too-many-requests");
    assertThat(limited.header("Retry-After")).isEqualTo("20");
    assertThat(ran).as("nothing behind the limit ran").isEmpty();
    assertThat(t.get("/v1/greeting", t.tokenFor("bob")).status()).isEqualTo(200);
    assertThat(t.get("/metrics", TestServer.ADMIN_KEY).text())
        .contains("boxoffice_requests_limited_total{key=\"user\",route=\"/v1/greeting\"} 1.0");
  }

  @Test
  void aGlobalLimitCountsEveryoneTogether() {
    assertThat(t.get("/v1/public-greeting", null).status()).isEqualTo(200);
    assertThat(t.get("/v1/public-greeting", t.tokenFor("bob")).status()).isEqualTo(200);
    t.get("/v1/public-greeting", t.tokenFor("carol")).problem(429, "too-many-requests");
  }

  @Test
  void aFilterCanHandAHoldTheRightItIsTakenByAndCoreJudgesIt() {
    Entitlement stranger = new Entitlement() {};
    Feature gate =
        routes ->
            routes.filter(
                route -> route.operationId().equals("createHold"),
                (call, route, next) -> {
                  call.attach(Entitlement.class, stranger);
                  return next.answer(call);
                });
    try (TestServer gated =
        new TestServer(
            UnaryOperator.identity(),
            UnaryOperator.identity(),
            UnaryOperator.identity(),
            List.of(gate))) {
      gated.createEvent("show", 10, 4);
      var refused =
          gated.post(
              "/v1/events/show/holds",
              gated.tokenFor("alice"),
              "{\"ticketType\":\"GA\",\"quantity\":1}");
      refused.problem(403, "not-entitled");
      assertThat(refused.json().path("mode").asText()).isEqualTo("FIRST_COME");
    }
  }

  @Test
  void theFeaturesRoutesHaveHeadAndOptionsLikeAnyOther() {
    var options =
        t.send(
            t.request("/v1/greeting")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
  }
}
