package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.Quantity;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The read cache of public reads: each write through the API that changes a cached answer is seen
 * at once, a change made without a request within the configured time, and unchanged answers are
 * 304 to a client that has them.
 */
class ReadCacheHttpTest {
  private final TestServer t = new TestServer();

  @AfterEach
  void stop() {
    t.close();
  }

  private int available(String event) {
    return t.get("/v1/events/" + event, null)
        .json()
        .path("ticketTypes")
        .get(0)
        .path("available")
        .asInt();
  }

  private void create(String json) {
    TestServer.Answer created = t.post("/v1/events", TestServer.ADMIN_KEY, json);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private int listed() {
    return t.get("/v1/events", null).json().path("events").size();
  }

  private String hold(String user, String event) {
    TestServer.Answer held =
        t.post(
            "/v1/events/" + event + "/holds",
            t.tokenFor(user),
            "{\"ticketType\":\"GA\",\"quantity\":1}");
    assertThat(held.status()).as(held.text()).isEqualTo(201);
    return held.json().path("holdId").asText();
  }

  private double meter(String name, String cache) {
    String line = name + "{cache=\"" + cache + "\"} ";
    return t.get("/metrics", TestServer.ADMIN_KEY)
        .text()
        .lines()
        .filter(l -> l.startsWith(line))
        .mapToDouble(l -> Double.parseDouble(l.substring(line.length())))
        .sum();
  }

  @Test
  void aSecondReadIsAnsweredFromTheCacheAndCounted() {
    t.createEvent("show", 10, 4);

    assertThat(available("show")).isEqualTo(10);
    assertThat(available("show")).isEqualTo(10);

    assertThat(meter("boxoffice_cache_misses_total", "getEvent")).isEqualTo(1);
    assertThat(meter("boxoffice_cache_hits_total", "getEvent")).isEqualTo(1);
  }

  @Test
  void creatingAnEventRefreshesTheList() {
    t.createEvent("show", 10, 4);
    assertThat(listed()).isEqualTo(1);

    t.createEvent("other", 10, 4);

    assertThat(listed()).isEqualTo(2);
  }

  @Test
  void aHoldRefreshesTheEventAndTheList() {
    t.createEvent("show", 10, 4);
    assertThat(available("show")).isEqualTo(10);
    assertThat(listed()).isEqualTo(1);

    hold("alice", "show");

    assertThat(available("show")).isEqualTo(9);
    assertThat(
            t.get("/v1/events", null)
                .json()
                .path("events")
                .get(0)
                .path("ticketTypes")
                .get(0)
                .path("available")
                .asInt())
        .isEqualTo(9);
  }

  @Test
  void releasingAHoldRefreshesTheEvent() {
    t.createEvent("show", 10, 4);
    String held = hold("alice", "show");
    assertThat(available("show")).isEqualTo(9);

    assertThat(t.delete("/v1/holds/" + held, t.tokenFor("alice")).status()).isLessThan(300);

    assertThat(available("show")).isEqualTo(10);
  }

  @Test
  void aPurchaseRefreshesTheEvent() {
    create(
        TestServer.eventJson("drop", 10, 4)
            .replaceFirst(
                "\\{",
                "{\"flashSale\":{\"challengeDifficulty\":0,\"purchaseIntervalSeconds\":0},"));
    assertThat(available("drop")).isEqualTo(10);

    TestServer.Answer bought =
        t.post(
            "/v1/events/drop/purchases",
            t.tokenFor("alice"),
            "{\"ticketType\":\"GA\",\"quantity\":2}");
    assertThat(bought.status()).as(bought.text()).isEqualTo(202);

    assertThat(available("drop")).isEqualTo(8);
  }

  @Test
  void changingTheWaitingRoomRefreshesTheEvent() {
    create(
        TestServer.eventJson("tour", 10, 4)
            .replace("2030-01-01T09:00:00Z", "2030-01-01T10:10:00Z")
            .replaceFirst("\\{", "{\"waitingRoom\":{\"queueOpensAt\":\"2030-01-01T10:00:00Z\"},"));
    assertThat(waitingRoomPaused("tour")).isFalse();

    TestServer.Answer changed =
        t.send(
            t.request("/v1/events/tour/waiting-room")
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"paused\":true}"))
                .build());
    assertThat(changed.status()).as(changed.text()).isEqualTo(200);

    assertThat(waitingRoomPaused("tour")).isTrue();
  }

  private boolean waitingRoomPaused(String event) {
    return t.get("/v1/events/" + event, null).json().path("waitingRoom").path("paused").asBoolean();
  }

  @Test
  void aChangeMadeWithoutARequestShowsOnceTheCachedAnswerIsTooOld() {
    t.createEvent("show", 10, 4);
    assertThat(available("show")).isEqualTo(10);

    t.store
        .stores()
        .inventory()
        .hold(
            HoldRequest.openSale(
                new EventId("show"), new UserId("bob"), new TicketTypeCode("GA"), new Quantity(1)),
            t.clock.instant());

    assertThat(available("show")).as("within the cache's time").isEqualTo(10);
    t.clock.advance(HttpSettings.DEFAULT_READ_CACHE_TTL);
    assertThat(available("show")).isEqualTo(9);
  }

  @Test
  void anUnchangedAnswerIs304ForAClientThatHasIt() {
    t.createEvent("show", 10, 4);
    String etag = t.get("/v1/events/show", null).header("ETag");
    assertThat(etag).matches("\"[0-9a-f]{24}\"");

    TestServer.Answer unchanged = conditional("/v1/events/show", etag);
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.header("ETag")).isEqualTo(etag);
    assertThat(unchanged.text()).isEmpty();

    hold("alice", "show");
    TestServer.Answer changed = conditional("/v1/events/show", etag);
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.header("ETag")).isNotEqualTo(etag);
    assertThat(conditional("/v1/events/show", "\"other\", " + changed.header("ETag")).status())
        .isEqualTo(304);
  }

  private TestServer.Answer conditional(String path, String ifNoneMatch) {
    return t.send(t.request(path).header("If-None-Match", ifNoneMatch).GET().build());
  }

  @Test
  void aCompletionOrASignInLeavesTheCacheAlone() {
    t.createEvent("show", 10, 4);
    String held = hold("alice", "show");
    available("show");

    assertThat(t.post("/v1/holds/" + held + "/complete", t.tokenFor("alice"), "").status())
        .isEqualTo(201);
    t.post("/v1/users", null, "{\"username\":\"carol\",\"password\":\"a long enough passphrase\"}");

    assertThat(available("show")).isEqualTo(9);
    assertThat(meter("boxoffice_cache_hits_total", "getEvent")).isEqualTo(1);
  }

  /**
   * A read slowed down on purpose while a write goes through: its answer, computed before the
   * write, is given to its caller but never kept, whether the write names the event or not.
   */
  @Test
  void aReadComputedBeforeAWriteIsNeverKeptAfterIt() throws Exception {
    AtomicInteger value = new AtomicInteger();
    AtomicReference<CountDownLatch> computed = new AtomicReference<>();
    AtomicReference<CountDownLatch> written = new AtomicReference<>();
    Feature probe =
        routes ->
            routes
                .get(
                    "/v1/events/{eventId}/probe",
                    "getProbe",
                    Route.Access.PUBLIC,
                    call -> {
                      int seen = value.get();
                      if (call.query("slow").isPresent()) {
                        computed.get().countDown();
                        await(written.get());
                      }
                      return Reply.json(200, Map.of("value", seen));
                    })
                .post(
                    "/v1/events/{eventId}/poke",
                    "pokeEvent",
                    Route.Access.PUBLIC,
                    call -> Reply.json(200, Map.of("value", value.incrementAndGet())))
                .post(
                    "/v1/poke",
                    "pokeAll",
                    Route.Access.PUBLIC,
                    call -> Reply.json(200, Map.of("value", value.incrementAndGet())))
                .cached("getProbe");
    try (TestServer probed =
        new TestServer(
            UnaryOperator.identity(),
            UnaryOperator.identity(),
            UnaryOperator.identity(),
            List.of(probe))) {
      // Each round reads an event not read before, so that the slow read is computed.
      for (List<String> round :
          List.of(List.of("e1", "/v1/events/e1/poke"), List.of("e2", "/v1/poke"))) {
        String probePath = "/v1/events/" + round.get(0) + "/probe";
        String write = round.get(1);
        computed.set(new CountDownLatch(1));
        written.set(new CountDownLatch(1));
        CompletableFuture<Integer> slow =
            CompletableFuture.supplyAsync(
                () -> probed.get(probePath + "?slow=1", null).json().path("value").asInt());
        assertThat(computed.get().await(5, TimeUnit.SECONDS))
            .as(
                "the slow read began: %s",
                slow.isDone() ? slow.handle((v, e) -> v + " " + e).get() : "")
            .isTrue();
        int after = probed.post(write, null, "").json().path("value").asInt();
        written.get().countDown();

        assertThat(slow.get())
            .as("the slow read saw the value before " + write)
            .isEqualTo(after - 1);
        assertThat(probed.get(probePath, null).json().path("value").asInt())
            .as("after " + write)
            .isEqualTo(after);
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void anUnknownEventIsNeverCached() {
    t.get("/v1/events/later", null).problem(404, "event-not-found");
    t.createEvent("later", 10, 4);

    assertThat(available("later")).isEqualTo(10);
  }

  @Test
  void turnedOffEveryReadIsComputedAndStillTagged() {
    try (TestServer off = TestServer.with(s -> s.withReadCacheTtl(Duration.ZERO))) {
      off.createEvent("show", 10, 4);
      off.store
          .stores()
          .inventory()
          .hold(
              HoldRequest.openSale(
                  new EventId("show"),
                  new UserId("bob"),
                  new TicketTypeCode("GA"),
                  new Quantity(1)),
              off.clock.instant());

      TestServer.Answer read = off.get("/v1/events/show", null);
      assertThat(read.json().path("ticketTypes").get(0).path("available").asInt()).isEqualTo(9);
      assertThat(read.header("ETag")).isNotNull();
    }
  }
}
