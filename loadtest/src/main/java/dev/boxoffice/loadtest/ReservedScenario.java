package dev.boxoffice.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Option;

/**
 * {@code reserved}: the hold-then-complete test, in the original benchmark's shape (10 connections,
 * 30 s). Each step either reads the event ({@code GET /v1/events/{id}}, the remaining tickets) or,
 * as a new distinct user, holds one or two tickets of a random type and then mostly completes the
 * hold; some holds are released and some abandoned to expire. With {@link Settings#holdsOnly()},
 * every hold is abandoned, so live holds pile up and expire as fast as they are taken.
 *
 * <p>Checks: sold never exceeds capacity; available + held + sold == capacity; sold matches the
 * acknowledged orders; every acknowledged order is listed by its owner; the abandoned holds are
 * released within a second of their expiry and cannot be completed afterwards.
 *
 * <p>Thread policy: {@link #step} runs on every worker; what it shares is in concurrent collections
 * and atomics.
 */
final class ReservedScenario implements Scenario {
  static final List<String> TYPES = List.of("GA", "VIP", "ONE_DAY");

  /** Which API the buyers speak. */
  enum Api {
    /** Boxoffice's own: event reads, holds, completions and releases by signed-in users. */
    NATIVE,
    /**
     * The original hold-then-complete API ({@code --compat tickets-v0}): {@code GET
     * /remaining_tickets}, {@code POST /buy_ticket/GA} by anonymous buyers, {@code POST
     * /complete_purchase/{token}}; no releases, so those holds are left to expire.
     */
    TICKETS_V0
  }

  /** The reserved scenario's own options. */
  static final class Options {
    @Option(
        names = "--api",
        paramLabel = "API",
        defaultValue = "native",
        converter = ApiConverter.class,
        description =
            "reserved: native (Boxoffice's routes) or tickets-v0 (the original API's shapes,"
                + " through --compat tickets-v0).")
    Api api = Api.NATIVE;
  }

  static final class ApiConverter extends LoadtestCommand.AnyCase<Api> {
    ApiConverter() {
      super(Api.class);
    }
  }

  private final Options options = new Options();

  /**
   * Out of 100 holds: how many are released, and how many abandoned to expire; the rest complete.
   */
  static final int RELEASE_PERCENT = 5;

  static final int ABANDON_PERCENT = 5;
  private static final int EXPIRED_SAMPLE = 50;

  private final String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private final AtomicInteger users = new AtomicInteger();
  private final ConcurrentHashMap<String, Order> orders = new ConcurrentHashMap<>();
  private final LongAdder abandoned = new LongAdder();

  /** The first abandoned holds, to check that they cannot be completed once expired. */
  private final ConcurrentLinkedQueue<OpenHold> abandonedSample = new ConcurrentLinkedQueue<>();

  private final AtomicInteger sampled = new AtomicInteger();

  private final AtomicLong latestOpenExpiryMillis = new AtomicLong();
  private final LongAdder holds = new LongAdder();
  private final LongAdder releases = new LongAdder();

  /** Orders acknowledged after the warm-up: the ones the order rate counts. */
  private final LongAdder measuredOrders = new LongAdder();

  /** Tickets of completions that got no answer: they may or may not have been sold. */
  private final LongAdder inDoubt = new LongAdder();

  private volatile String eventId;
  private volatile Request read;

  /** An acknowledged order of {@code quantity} tickets and the token of its owner. */
  private record Order(String orderId, String token, int quantity) {}

  /** A hold left to expire. */
  private record OpenHold(String holdId, String token) {}

  @Override
  public String name() {
    return "reserved";
  }

  @Override
  public String description() {
    return "Hold-then-complete by distinct users mixed with event reads (10 connections, 30"
        + " s); checks capacity, counts, orders listed by their owners, hold expiry."
        + " --read-share 1 measures reads alone, --read-share 0 buying alone.";
  }

  @Override
  public Optional<Object> options() {
    return Optional.of(options);
  }

  /** With the original's API, a spawned server offers it, selling this run's event. */
  @Override
  public List<String> serverOptions() {
    return options.api == Api.TICKETS_V0
        ? List.of("--compat", "tickets-v0", "--compat-tickets-event", eventIdFor())
        : List.of();
  }

  private String eventIdFor() {
    return "lt-reserved-" + tag;
  }

  @Override
  public void setup(Run run) throws IOException {
    Settings s = run.settings();
    List<Map<String, Object>> types = new ArrayList<>();
    for (String code : TYPES) {
      types.add(Run.ticketType(code, code + " ticket", 4900, s.capacity()));
    }
    eventId = run.createEventOnSaleNow(eventIdFor(), "Load test: reserved purchase", 4, types);
    read =
        Request.get(
            run.host(),
            options.api == Api.TICKETS_V0 ? "/remaining_tickets" : "/v1/events/" + eventId,
            null);
  }

  @Override
  public boolean step(Worker worker) throws InterruptedException {
    Run run = worker.run();
    if (worker.random().nextDouble() < run.settings().readShare()) {
      worker
          .send("read", read)
          .filter(r -> r.status() != 200)
          .ifPresent(r -> worker.unexpected("read-" + r.status()));
      return true;
    }
    boolean original = options.api == Api.TICKETS_V0;
    String user = "lt-" + tag + "-" + users.incrementAndGet();
    // The original's buyers are anonymous: the token its buy_ticket answers is their only key.
    String token = original ? "" : run.tokens().mint(user);
    String type = original ? "GA" : TYPES.get(worker.random().nextInt(TYPES.size()));
    int quantity = original ? 1 : 1 + worker.random().nextInt(2);
    Optional<Response> held =
        worker.send(
            "hold",
            original
                ? Request.post(run.host(), "/buy_ticket/" + type, null, null)
                : Request.post(
                    run.host(),
                    "/v1/events/" + eventId + "/holds",
                    token,
                    "{\"ticketType\":\"" + type + "\",\"quantity\":" + quantity + "}"));
    if (held.isEmpty()) {
      // The hold may exist; it expires by itself, so count its expiry as open.
      noteOpen(Instant.now().plus(run.settings().holdTtl()));
      return true;
    }
    Response h = held.get();
    JsonNode body = Run.json(h);
    boolean soldOut =
        original
            ? h.status() == 403 && body.path("errorMessage").asText().contains("left")
            : h.status() == 409;
    if (soldOut) {
      return true; // sold out: a normal answer once capacity is gone
    }
    if (h.status() != (original ? 200 : 201)) {
      worker.unexpected("hold-" + h.status());
      return true;
    }
    // The original's answer says no expiry: its holds last the event's hold time from now.
    String holdId = body.path(original ? "token" : "holdId").asText("");
    Instant expiresAt =
        original
            ? Instant.now().plus(run.settings().holdTtl())
            : parseInstant(body.path("expiresAt").asText(""));
    if (holdId.isEmpty()) {
      worker.unexpected("hold-without-id");
      return true;
    }
    holds.increment();
    int roll = run.settings().holdsOnly() ? 0 : worker.random().nextInt(100);
    if (roll < ABANDON_PERCENT) {
      abandoned.increment();
      if (sampled.getAndIncrement() < EXPIRED_SAMPLE) {
        abandonedSample.add(new OpenHold(holdId, token));
      }
      noteOpen(expiresAt);
    } else if (roll < ABANDON_PERCENT + RELEASE_PERCENT && original) {
      noteOpen(expiresAt); // the original API cannot release: left to expire
    } else if (roll < ABANDON_PERCENT + RELEASE_PERCENT) {
      Optional<Response> released =
          worker.send("release", Request.delete(run.host(), "/v1/holds/" + holdId, token));
      if (released.isPresent() && released.get().status() == 204) {
        releases.increment();
      } else {
        released.ifPresent(r -> worker.unexpected("release-" + r.status()));
        noteOpen(expiresAt);
      }
    } else {
      Optional<Response> completed = worker.send("complete", complete(run, holdId, token));
      if (completed.isEmpty()) {
        inDoubt.add(quantity);
        noteOpen(expiresAt);
      } else if (completed.get().status() == 201 || completed.get().status() == 200) {
        String orderId = original ? holdId : Run.json(completed.get()).path("orderId").asText("");
        if (orderId.isEmpty()) {
          worker.unexpected("order-without-id");
        } else {
          orders.put(user, new Order(orderId, token, quantity));
          if (!worker.warmingUp()) {
            measuredOrders.increment();
          }
        }
      } else {
        worker.unexpected("complete-" + completed.get().status());
        if (completed.get().status() >= 500) {
          // The server could not tell whether the order was made (a store failed in between): in
          // doubt, like a completion never answered. Its retry would answer the order if it was.
          inDoubt.add(quantity);
        }
        noteOpen(expiresAt);
      }
    }
    return true;
  }

  @Override
  public List<Check> check(Run run) throws IOException, InterruptedException {
    List<Check> checks = new ArrayList<>();
    Optional<Instant> latest =
        latestOpenExpiryMillis.get() == 0
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(latestOpenExpiryMillis.get()));
    Optional<Instant> zeroAt = awaitNothingHeld(run, latest);
    checks.add(Checks.holdsReleasedInTime(latest, zeroAt));

    List<TypeCount> inventory = run.inventory(eventId);
    checks.add(Checks.soldWithinCapacity(inventory));
    checks.add(Checks.countsBalance(inventory));
    long sold = inventory.stream().mapToLong(TypeCount::sold).sum();
    long acknowledgedTickets = orders.values().stream().mapToLong(Order::quantity).sum();
    checks.add(Checks.soldMatchesAcknowledged(sold, acknowledgedTickets, inDoubt.sum()));

    if (options.api == Api.NATIVE) {
      // The original API has no buyers to list orders for.
      Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
      Map<String, List<String>> listed = new ConcurrentHashMap<>();
      orders.forEach((user, order) -> acknowledged.put(user, List.of(order.orderId())));
      run.forEach(
          orders.entrySet(),
          (client, e) ->
              listed.put(e.getKey(), Run.orderIds(client, run.host(), e.getValue().token())));
      checks.add(Checks.everyOrderListed(acknowledged, listed));
    }

    if (zeroAt.isPresent()) {
      List<OpenHold> sample = List.copyOf(abandonedSample);
      AtomicInteger completed = new AtomicInteger();
      AtomicInteger other = new AtomicInteger();
      run.forEach(
          sample,
          (client, hold) -> {
            int status = client.sendRetrying(complete(run, hold.holdId(), hold.token())).status();
            if (status >= 200 && status < 300) {
              completed.incrementAndGet();
            } else if (status != 410 && status != 404 && status != 403) {
              other.incrementAndGet();
            }
          });
      checks.add(Checks.expiredHoldsRefused(sample.size(), completed.get(), other.get()));
    }
    return checks;
  }

  @Override
  public Map<String, Object> figures(Run run) {
    Map<String, Object> out = new LinkedHashMap<>();
    double seconds = run.loadElapsedNanos() / 1e9;
    Map<String, Report.OperationReport> ops = run.measurements().operations(run.loadElapsedNanos());
    double reads = ops.containsKey("read") ? ops.get("read").throughput() : 0;
    double orderRate = seconds > 0 ? measuredOrders.sum() / seconds : 0;
    out.put("eventId", eventId);
    out.put("api", options.api.name());
    out.put("holdsGranted", holds.sum());
    out.put("ordersAcknowledged", orders.size());
    out.put("holdsReleased", releases.sum());
    out.put("holdsAbandoned", abandoned.sum());
    out.put("ordersPerSecond", Rates.round1(orderRate));
    // The original hold-then-complete system: 2,046 req/s reading, 707 req/s buying.
    out.put("readsVsOriginal2046", Math.round(reads / 2046 * 100) / 100.0);
    out.put("ordersVsOriginal707", Math.round(orderRate / 707 * 100) / 100.0);
    return out;
  }

  /** Completes a hold: by its id and owner's token, or by the original API's purchase token. */
  private Request complete(Run run, String holdId, String token) {
    return options.api == Api.TICKETS_V0
        ? Request.post(run.host(), "/complete_purchase/" + holdId, null, null)
        : Request.post(run.host(), "/v1/holds/" + holdId + "/complete", token, null);
  }

  private Optional<Instant> awaitNothingHeld(Run run, Optional<Instant> latest)
      throws IOException, InterruptedException {
    Instant giveUp =
        latest.orElse(Instant.now()).plus(Checks.EXPIRY_GRACE).plus(Duration.ofSeconds(2));
    try (Client client = new Client(run.target())) {
      while (true) {
        List<TypeCount> counts = run.inventory(client, eventId);
        Instant seen = Instant.now();
        if (counts.stream().allMatch(t -> t.held() == 0)) {
          return Optional.of(seen);
        }
        if (seen.isAfter(giveUp)) {
          return Optional.empty();
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }

  private void noteOpen(Instant expiresAt) {
    latestOpenExpiryMillis.accumulateAndGet(expiresAt.toEpochMilli(), Math::max);
  }

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      return Instant.now().plus(Duration.ofHours(1));
    }
  }
}
