package dev.boxoffice.loadtest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * {@code flash}: a flash sale. {@code --items} tickets (10,000), {@code --users} distinct buyers
 * (100,000) with a limit of one ticket each; every buyer holds one ticket and completes it as fast
 * as the connections go, and one buyer in ten who got a ticket tries a second hold at once (a
 * double click), which must be refused. Ends when every buyer has tried.
 *
 * <p>Reports the time to sold-out (the first "sold out" answer and the last acknowledged order) and
 * the order rate. Checks: exactly {@code min(items, users)} orders acknowledged and sold, no user
 * with two, every acknowledged order listed by its owner (again after a SIGKILL and restart with
 * {@code --restart-check}).
 *
 * <p>Thread policy: {@link #step} runs on every worker; buyers are handed out by an atomic counter,
 * results kept in atomics and concurrent maps.
 */
final class FlashScenario implements Scenario {
  private static final int DOUBLE_CLICK_EVERY = 10;

  private final String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private final AtomicInteger nextBuyer = new AtomicInteger();
  private final ConcurrentHashMap<Integer, String> orders = new ConcurrentHashMap<>();
  private final AtomicLong firstSoldOutNanos = new AtomicLong();
  private final AtomicLong lastOrderNanos = new AtomicLong();
  private final LongAdder secondHoldsGranted = new LongAdder();
  private final LongAdder secondHoldsTried = new LongAdder();
  private final AtomicInteger warmUpBuyers = new AtomicInteger();
  private volatile String eventId;
  private volatile String warmUpEventId;
  private volatile String[] tokens;
  private volatile String holdBody;

  @Override
  public String name() {
    return "flash";
  }

  @Override
  public String description() {
    return "Flash sale of --items tickets to --users distinct buyers, one each (32"
        + " connections): time to sold-out; checks the exact count, one order per user,"
        + " durable orders (--restart-check).";
  }

  @Override
  public int defaultConnections() {
    return 32;
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofMinutes(5);
  }

  @Override
  public void setup(Run run) throws IOException {
    Settings s = run.settings();
    eventId =
        run.createEventOnSaleNow(
            "lt-flash-" + tag,
            "Load test: flash sale",
            1,
            List.of(Run.ticketType("GA", "Flash ticket", 1900, s.items())));
    if (!s.warmup().isZero()) {
      // The warm-up buys on an event of its own, so the sale itself starts with a warm server.
      warmUpEventId =
          run.createEventOnSaleNow(
              "lt-flash-warm-" + tag,
              "Load test: flash sale warm-up",
              1,
              List.of(Run.ticketType("GA", "Warm-up ticket", 1900, 10_000_000)));
    }
    holdBody = "{\"ticketType\":\"GA\",\"quantity\":1}";
    // Minted before the sale so that signing is not part of what is measured.
    tokens =
        IntStream.range(0, s.users())
            .parallel()
            .mapToObj(i -> run.tokens().mint(user(i)))
            .toArray(String[]::new);
  }

  @Override
  public boolean step(Worker worker) throws InterruptedException {
    if (worker.warmingUp()) {
      warmUp(worker);
      return true;
    }
    int buyer = nextBuyer.getAndIncrement();
    if (buyer >= tokens.length) {
      return false;
    }
    Run run = worker.run();
    String token = tokens[buyer];
    Request hold = Request.post(run.host(), "/v1/events/" + eventId + "/holds", token, holdBody);
    Optional<Response> held = worker.send("hold", hold);
    if (held.isEmpty()) {
      return true;
    }
    int status = held.get().status();
    if (status == 409) {
      firstSoldOutNanos.compareAndSet(0, System.nanoTime());
      return true;
    }
    if (status != 201) {
      worker.unexpected("hold-" + status);
      return true;
    }
    String holdId = Run.json(held.get()).path("holdId").asText("");
    if (holdId.isEmpty()) {
      worker.unexpected("hold-without-id");
      return true;
    }
    Optional<Response> completed =
        worker.send(
            "complete", Request.post(run.host(), "/v1/holds/" + holdId + "/complete", token, null));
    if (completed.isEmpty()) {
      return true;
    }
    if (completed.get().status() != 201 && completed.get().status() != 200) {
      worker.unexpected("complete-" + completed.get().status());
      return true;
    }
    String orderId = Run.json(completed.get()).path("orderId").asText("");
    if (orderId.isEmpty()) {
      worker.unexpected("order-without-id");
      return true;
    }
    orders.put(buyer, orderId);
    lastOrderNanos.accumulateAndGet(System.nanoTime(), Math::max);
    if (buyer % DOUBLE_CLICK_EVERY == 0) {
      secondHoldsTried.increment();
      Optional<Response> again = worker.send("second-hold", hold);
      if (again.isPresent() && again.get().ok()) {
        secondHoldsGranted.increment();
        worker.unexpected("second-hold-granted");
      } else if (again.isPresent() && again.get().status() != 422 && again.get().status() != 409) {
        worker.unexpected("second-hold-" + again.get().status());
      }
    }
    return true;
  }

  /** A throwaway purchase on the warm-up event by a fresh user. */
  private void warmUp(Worker worker) throws InterruptedException {
    Run run = worker.run();
    String token = run.tokens().mint("lt-" + tag + "-w" + warmUpBuyers.incrementAndGet());
    Optional<Response> held =
        worker.send(
            "warm-up",
            Request.post(run.host(), "/v1/events/" + warmUpEventId + "/holds", token, holdBody));
    if (held.isPresent() && held.get().status() == 201) {
      String holdId = Run.json(held.get()).path("holdId").asText("");
      worker.send(
          "warm-up", Request.post(run.host(), "/v1/holds/" + holdId + "/complete", token, null));
    }
  }

  @Override
  public List<Check> check(Run run) throws IOException, InterruptedException {
    List<Check> checks = new ArrayList<>();
    List<TypeCount> inventory = run.inventory(eventId);
    long sold = inventory.stream().mapToLong(TypeCount::sold).sum();
    long expected = Math.min(run.settings().items(), tokens.length);
    checks.add(Checks.exactlyOrders(expected, orders.size(), sold));
    checks.add(Checks.countsBalance(inventory));

    Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
    Map<String, List<String>> listed = new ConcurrentHashMap<>();
    Map<String, Integer> listedCount = new ConcurrentHashMap<>();
    orders.forEach((buyer, order) -> acknowledged.put(user(buyer), List.of(order)));
    run.forEach(
        orders.keySet(),
        (client, buyer) -> {
          List<String> ids = Run.orderIds(client, run.host(), tokens[buyer]);
          listed.put(user(buyer), ids);
          listedCount.put(user(buyer), ids.size());
        });
    checks.add(Checks.noUserWithTwo(listedCount, sold, secondHoldsGranted.sum()));
    checks.add(Checks.everyOrderListed(acknowledged, listed));
    return checks;
  }

  @Override
  public Map<String, Object> figures(Run run) {
    Map<String, Object> out = new LinkedHashMap<>();
    long start = run.loadStartNanos();
    double lastOrderSeconds = lastOrderNanos.get() == 0 ? 0 : (lastOrderNanos.get() - start) / 1e9;
    out.put("eventId", eventId);
    out.put("items", run.settings().items());
    out.put("buyers", tokens.length);
    out.put("buyersTried", Math.min(nextBuyer.get(), tokens.length));
    out.put("ordersAcknowledged", orders.size());
    if (firstSoldOutNanos.get() != 0) {
      out.put("firstSoldOutSeconds", round3((firstSoldOutNanos.get() - start) / 1e9));
    }
    out.put("lastOrderSeconds", round3(lastOrderSeconds));
    out.put(
        "ordersPerSecond",
        lastOrderSeconds > 0 ? Rates.round1(orders.size() / lastOrderSeconds) : 0);
    out.put("secondHoldsTried", secondHoldsTried.sum());
    // The original flash sale sold 10,000 items in about 10 s (3,459 req/s on one vCPU).
    if (lastOrderSeconds > 0) {
      out.put("saleSpeedVsOriginal10s", round3(10 / lastOrderSeconds));
    }
    return out;
  }

  private String user(int buyer) {
    return "lt-" + tag + "-" + buyer;
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
