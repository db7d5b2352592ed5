package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits on the real routes, with the server's clock moved by the test: a burst gets exactly
 * the configured number of answers before the 429s, by user, by address and for everyone; every
 * answer of a limited route announces its limits; every API route has a default.
 */
class RateLimitHttpTest {
  private final TestServer t =
      TestServer.with(
          s ->
              s.withRateLimits(
                  Map.of(
                      "listOrders",
                      List.of(limit(10, Duration.ofMinutes(1), RateLimit.Key.USER)),
                      "getEvent",
                      List.of(limit(3, Duration.ofSeconds(1), RateLimit.Key.ADDRESS)),
                      "listEvents",
                      List.of(limit(2, Duration.ofMinutes(1), RateLimit.Key.GLOBAL)))));

  @AfterEach
  void stop() {
    t.close();
  }

  private static RateLimit limit(long count, Duration period, RateLimit.Key key) {
    return new RateLimit(new Rate(count, period), key);
  }

  /** The statuses of {@code times} requests in a row. */
  private List<Integer> burst(int times, String path, String bearer) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      statuses.add(t.get(path, bearer).status());
    }
    return statuses;
  }

  private static List<Integer> answers(int ok, int limited) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < ok + limited; i++) {
      statuses.add(i < ok ? 200 : 429);
    }
    return statuses;
  }

  @Test
  void aUsersBurstGetsExactlyTheirLimitThenWaitsForTheBucketToRefill() {
    String alice = t.tokenFor("alice");

    assertThat(burst(15, "/v1/orders", alice)).isEqualTo(answers(10, 5));
    var refused = t.get("/v1/orders", alice);
    refused.problem(429, "too-many-requests");
    assertThat(refused.header("Retry-After")).isEqualTo("6");
    assertThat(burst(1, "/v1/orders", t.tokenFor("bob"))).as("bob has his own").containsOnly(200);

    t.clock.advance(Duration.ofSeconds(6));
    assertThat(burst(2, "/v1/orders", alice)).isEqualTo(answers(1, 1));
    t.clock.advance(Duration.ofMinutes(1));
    assertThat(burst(11, "/v1/orders", alice)).isEqualTo(answers(10, 1));
  }

  @Test
  void anAddressBurstGetsExactlyItsLimitWhoeverSignsIn() {
    t.createEvent("show", 10, 4);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      statuses.add(t.get("/v1/events/show", t.tokenFor("user-" + i)).status());
    }

    assertThat(statuses).isEqualTo(answers(3, 2));
    t.clock.advance(Duration.ofSeconds(1));
    assertThat(burst(4, "/v1/events/show", null)).isEqualTo(answers(3, 1));
  }

  @Test
  void aGlobalLimitCountsEveryoneTogether() {
    assertThat(t.get("/v1/events", t.tokenFor("alice")).status()).isEqualTo(200);
    assertThat(t.get("/v1/events", null).status()).isEqualTo(200);
    t.get("/v1/events", t.tokenFor("bob")).problem(429, "too-many-requests");
  }

  @Test
  void answersAnnounceTheLimitAndWhatIsLeftOfIt() {
    String alice = t.tokenFor("alice");

    var first = t.get("/v1/orders", alice);
    assertThat(first.header("RateLimit-Policy")).isEqualTo("\"user\";q=10;w=60");
    assertThat(first.header("RateLimit")).isEqualTo("\"user\";r=9;t=6");
    burst(8, "/v1/orders", alice);
    assertThat(t.get("/v1/orders", alice).header("RateLimit")).isEqualTo("\"user\";r=0;t=60");
    var refused = t.get("/v1/orders", alice);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("RateLimit")).isEqualTo("\"user\";r=0;t=60");
  }

  @Test
  void aRefusalBeforeTheEndpointStillAnnouncesTheLimits() {
    var unauthenticated = t.get("/v1/orders", null);

    unauthenticated.problem(401, "authentication-required");
    assertThat(unauthenticated.header("RateLimit-Policy")).isEqualTo("\"user\";q=10;w=60");
    assertThat(unauthenticated.header("RateLimit")).as("not counted: no user yet").isNull();
  }

  @Test
  void limitedRequestsAreCountedByRouteAndKey() {
    burst(3, "/v1/events", null);

    assertThat(t.get("/metrics", TestServer.ADMIN_KEY).text())
        .contains(
            "boxoffice_requests_limited_total{key=\"global\",route=\"/v1/events\"} 1.0",
            "boxoffice_requests_limited_total{key=\"user\",route=\"/v1/orders\"} 0.0");
  }

  @Test
  void twoLimitsOfOneRouteByTheSameKeyAreRefusedAtStart() {
    assertThatThrownBy(
            () ->
                TestServer.with(
                    s ->
                        s.withRateLimits(
                            Map.of(
                                "listOrders",
                                List.of(
                                    limit(10, Duration.ofSeconds(1), RateLimit.Key.USER),
                                    limit(1000, Duration.ofHours(1), RateLimit.Key.USER))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listOrders");
  }

  @Test
  void everyApiRouteHasADefaultLimitButTheAdminsAndOthersAreUnlimited() {
    Routes routes = new Routes();
    TestServer.standardRoutes().forEach(routes::add);
    Map<String, List<RateLimit>> defaults = routes.defaultLimits();

    for (Route route : routes.all()) {
      boolean limited = route.template().startsWith("/v1/") && route.access() != Route.Access.ADMIN;
      assertThat(defaults.containsKey(route.operationId())).as(route.toString()).isEqualTo(limited);
    }
    try (TestServer defaultsOnly = new TestServer()) {
      assertThat(defaultsOnly.get("/v1/events", null).header("RateLimit-Policy"))
          .isEqualTo("\"address\";q=50000;w=1");
      assertThat(defaultsOnly.get("/health/live", null).header("RateLimit-Policy")).isNull();
    }
  }
}
