package dev.boxoffice.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.flashsale.ProofOfWork;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import picocli.CommandLine.Option;

/**
 * {@code flash}: a flash sale. {@code --items} tickets (10,000), {@code --users} distinct buyers
 * (100,000) with a limit of one ticket each, buying as fast as the connections go. Ends when every
 * buyer has tried.
 *
 * <p>By default each buyer goes through the whole chain of {@code POST .../purchases}: a challenge
 * ({@code --difficulty}, low), solved here, then the purchase, answered 202 with a pending order,
 * under the sale's purchase interval ({@code --interval}) and the per-address buckets (lifted on a
 * spawned server, where every buyer shares this machine's address). A share of buyers ({@code
 * --bots}) are bots: after their first attempt they try again at once, {@code --bot-retries} times,
 * ignoring the interval. With {@code --flow hold} buyers hold and complete instead, one in ten
 * double-clicking a second hold.
 *
 * <p>Reports the sale time to sold-out (from the load's start to the first "sold out"), how long
 * after it every order was confirmed (the server's pending orders at zero, all items accepted), and
 * the purchase route's rate beside the original's 3,459 req/s. Checks: exactly {@code min(items,
 * users)} orders acknowledged and sold, every acknowledged order CONFIRMED, no user above the limit
 * and no bot gaining anything by retrying, every order listed by its owner (again after a SIGKILL
 * and restart with {@code --restart-check}).
 *
 * <p>Thread policy: {@link #step} runs on every worker; buyers are handed out by an atomic counter,
 * results kept in atomics and concurrent maps.
 */
final class FlashScenario implements Scenario {
  private static final int DOUBLE_CLICK_EVERY = 10;

  /** The original flash sale's purchase route: 3,459 requests a second on one vCPU. */
  private static final double ORIGINAL_PURCHASES_PER_SECOND = 3_459;

  /** How the buyers buy. */
  enum Flow {
    PURCHASE,
    HOLD
  }

  /** The flash sale's own options; each field starts at its default, also when not parsed. */
  static final class Options {
    @Option(
        names = "--flow",
        paramLabel = "FLOW",
        defaultValue = "purchase",
        converter = FlowConverter.class,
        description =
            "flash: purchase (challenge, then an instant purchase through the order pipeline) or"
                + " hold (hold, then complete).")
    Flow flow = Flow.PURCHASE;

    @Option(
        names = "--difficulty",
        paramLabel = "BITS",
        defaultValue = "8",
        description = "flash: the sale's challenge difficulty (0: no challenge).")
    int difficulty = 8;

    @Option(
        names = "--interval",
        paramLabel = "DURATION",
        defaultValue = "10s",
        converter = DurationConverter.class,
        description = "flash: the sale's interval between two purchase attempts of a user.")
    Duration interval = Duration.ofSeconds(10);

    @Option(
        names = "--bots",
        paramLabel = "FRACTION",
        defaultValue = "0",
        description = "flash: share of buyers who retry at once, ignoring the interval.")
    double bots;

    @Option(
        names = "--bot-retries",
        paramLabel = "N",
        defaultValue = "3",
        description = "flash: how many times each bot retries after its first attempt.")
    int botRetries = 3;
  }

  static final class FlowConverter extends LoadtestCommand.AnyCase<Flow> {
    FlowConverter() {
      super(Flow.class);
    }
  }

  private final Options options = new Options();
  private final String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private final AtomicInteger nextBuyer = new AtomicInteger();
  private final ConcurrentHashMap<Integer, String> orders = new ConcurrentHashMap<>();
  private final AtomicLong firstSoldOutNanos = new AtomicLong();
  private final AtomicLong lastOrderNanos = new AtomicLong();
  private final AtomicLong allConfirmedNanos = new AtomicLong();
  private final LongAdder secondGrants = new LongAdder();
  private final LongAdder secondTries = new LongAdder();
  private final AtomicInteger warmUpBuyers = new AtomicInteger();
  private volatile Run run;
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
    return "Flash sale of --items tickets to --users distinct buyers, one each (32 connections),"
        + " each through the whole chain: challenge (--difficulty), purchase, order pipeline;"
        + " --bots retry at once. Time to sold-out and to every order confirmed; checks the"
        + " exact count, every order CONFIRMED, no user above the limit, nothing gained by bots,"
        + " durable orders (--restart-check). --flow hold: hold, then complete.";
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
  public Optional<Object> options() {
    return Optional.of(options);
  }

  @Override
  public Settings adjust(Settings settings) {
    if (options.difficulty < 0 || options.difficulty > 20) {
      throw new IllegalArgumentException("--difficulty must be 0 to 20 for a load test");
    }
    if (options.bots < 0 || options.bots > 1) {
      throw new IllegalArgumentException("--bots must be a fraction from 0 to 1");
    }
    if (options.botRetries < 0 || options.botRetries > 100) {
      throw new IllegalArgumentException("--bot-retries must be 0 to 100");
    }
    return settings;
  }

  /**
   * Every simulated buyer comes from this machine's one address, so the per-address buckets meant
   * for real clients are lifted; they still run in the chain.
   */
  @Override
  public List<String> serverOptions() {
    return List.of(
        "--rate-limit", "createPurchase=100000000/1s:address",
        "--rate-limit", "createChallenge=100000000/1s:address");
  }

  @Override
  public void setup(Run run) throws IOException {
    this.run = run;
    Settings s = run.settings();
    eventId = createSale(run, "lt-flash-" + tag, "Load test: flash sale", s.items());
    if (!s.warmup().isZero()) {
      // The warm-up buys on an event of its own, so the sale itself starts with a warm server.
      warmUpEventId =
          createSale(run, "lt-flash-warm-" + tag, "Load test: flash sale warm-up", 10_000_000);
    }
    holdBody = "{\"ticketType\":\"GA\",\"quantity\":1}";
    // Minted before the sale so that signing is not part of what is measured.
    tokens =
        IntStream.range(0, s.users())
            .parallel()
            .mapToObj(i -> run.tokens().mint(user(i)))
            .toArray(String[]::new);
  }

  /** A first-come event of {@code capacity} tickets, on sale now, with the run's flash terms. */
  private String createSale(Run run, String id, String name, int capacity) throws IOException {
    return run.createEventOnSaleNow(
        id,
        name,
        1,
        List.of(Run.ticketType("GA", "Flash ticket", 1900, capacity)),
        Map.of(
            "flashSale",
            Map.of(
                "challengeDifficulty",
                options.difficulty,
                "purchaseIntervalSeconds",
                options.interval.toSeconds())));
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
    if (options.flow == Flow.HOLD) {
      holdAndComplete(worker, buyer);
    } else {
      purchase(worker, buyer);
    }
    return true;
  }

  /** A buyer through the whole chain; a bot then tries again at once. */
  private void purchase(Worker worker, int buyer) throws InterruptedException {
    String token = tokens[buyer];
    Optional<Integer> first = tryPurchase(worker, "purchase", eventId, token, buyer);
    if (first.isEmpty() || !isBot(buyer)) {
      return;
    }
    for (int i = 0; i < options.botRetries; i++) {
      secondTries.increment();
      Optional<Integer> again = tryPurchase(worker, "bot-retry", eventId, token, -1);
      if (again.isPresent() && again.get() == 202) {
        secondGrants.increment();
        worker.unexpected("bot-retry-granted");
      } else if (again.isPresent() && again.get() != 429 && again.get() != 409) {
        worker.unexpected("bot-retry-" + again.get());
      }
    }
  }

  /** Whether {@code buyer} is one of the {@code --bots} share: every n-th buyer. */
  private boolean isBot(int buyer) {
    return options.bots > 0 && buyer % Math.max(1, Math.round(1 / options.bots)) == 0;
  }

  /**
   * Asks for a challenge, solves it and buys one ticket, recording the order of {@code buyer} (-1:
   * a bot's retry, expected to fail). Returns the purchase's status, or empty when there was none.
   */
  private Optional<Integer> tryPurchase(
      Worker worker, String op, String event, String token, int buyer) throws InterruptedException {
    Run run = worker.run();
    String challenge = "";
    if (options.difficulty > 0) {
      Optional<Response> issued =
          worker.send(
              "challenge",
              Request.post(run.host(), "/v1/challenges", token, "{\"eventId\":\"" + event + "\"}"));
      if (issued.isEmpty()) {
        return Optional.empty();
      }
      if (issued.get().status() != 201) {
        worker.unexpected("challenge-" + issued.get().status());
        return Optional.empty();
      }
      JsonNode c = Run.json(issued.get());
      String text = c.path("challenge").asText();
      String nonce = ProofOfWork.solve(text, c.path("difficulty").asInt());
      challenge = ",\"challenge\":{\"challenge\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}";
    }
    Optional<Response> bought =
        worker.send(
            op,
            Request.post(
                run.host(),
                "/v1/events/" + event + "/purchases",
                token,
                "{\"ticketType\":\"GA\",\"quantity\":1" + challenge + "}"));
    if (bought.isEmpty()) {
      return Optional.empty();
    }
    int status = bought.get().status();
    if (status == 409) {
      soldOut();
    } else if (status == 202 && buyer >= 0) {
      orders.put(buyer, Run.json(bought.get()).path("orderId").asText(""));
      lastOrderNanos.accumulateAndGet(System.nanoTime(), Math::max);
    } else if (buyer >= 0 && status != 202) {
      worker.unexpected("purchase-" + status);
    }
    return Optional.of(status);
  }

  /**
   * The first "sold out": the sale's end, and the start of the watch for every order confirmed (all
   * items acknowledged, none pending on the server).
   */
  private void soldOut() {
    if (!firstSoldOutNanos.compareAndSet(0, System.nanoTime()) || options.flow == Flow.HOLD) {
      return;
    }
    Thread.ofVirtual()
        .name("flash-confirmations")
        .start(
            () -> {
              long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
              long expected = Math.min(run.settings().items(), tokens.length);
              try {
                while (System.nanoTime() < giveUp) {
                  OptionalDouble pending = run.metric("boxoffice_orders_pending");
                  if (orders.size() >= expected
                      && pending.isPresent()
                      && pending.getAsDouble() == 0) {
                    allConfirmedNanos.set(System.nanoTime());
                    return;
                  }
                  Thread.sleep(20);
                }
              } catch (IOException | InterruptedException e) {
                // Not measured; the checks still read every order.
              }
            });
  }

  /** A buyer holds, then completes; one in ten double-clicks a second hold. */
  private void holdAndComplete(Worker worker, int buyer) throws InterruptedException {
    Run run = worker.run();
    String token = tokens[buyer];
    Request hold = Request.post(run.host(), "/v1/events/" + eventId + "/holds", token, holdBody);
    Optional<Response> held = worker.send("hold", hold);
    if (held.isEmpty()) {
      return;
    }
    int status = held.get().status();
    if (status == 409) {
      firstSoldOutNanos.compareAndSet(0, System.nanoTime());
      return;
    }
    if (status != 201) {
      worker.unexpected("hold-" + status);
      return;
    }
    String holdId = Run.json(held.get()).path("holdId").asText("");
    Optional<Response> completed =
        worker.send(
            "complete", Request.post(run.host(), "/v1/holds/" + holdId + "/complete", token, null));
    if (completed.isEmpty()) {
      return;
    }
    if (completed.get().status() != 201 && completed.get().status() != 200) {
      worker.unexpected("complete-" + completed.get().status());
      return;
    }
    orders.put(buyer, Run.json(completed.get()).path("orderId").asText(""));
    lastOrderNanos.accumulateAndGet(System.nanoTime(), Math::max);
    if (buyer % DOUBLE_CLICK_EVERY == 0) {
      secondTries.increment();
      Optional<Response> again = worker.send("second-hold", hold);
      if (again.isPresent() && again.get().ok()) {
        secondGrants.increment();
        worker.unexpected("second-hold-granted");
      } else if (again.isPresent() && again.get().status() != 422 && again.get().status() != 409) {
        worker.unexpected("second-hold-" + again.get().status());
      }
    }
  }

  /** A throwaway purchase on the warm-up event by a fresh user. */
  private void warmUp(Worker worker) throws InterruptedException {
    Run run = worker.run();
    String token = run.tokens().mint("lt-" + tag + "-w" + warmUpBuyers.incrementAndGet());
    if (options.flow == Flow.PURCHASE) {
      tryPurchase(worker, "warm-up", warmUpEventId, token, -1);
      return;
    }
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
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    orders.forEach((buyer, order) -> acknowledged.put(user(buyer), List.of(order)));
    run.forEach(
        orders.keySet(),
        (client, buyer) -> {
          List<String> ids = Run.orderIds(client, run.host(), tokens[buyer]);
          listed.put(user(buyer), ids);
          listedCount.put(user(buyer), ids.size());
          Response order =
              client.sendRetrying(
                  Request.get(run.host(), "/v1/orders/" + orders.get(buyer), tokens[buyer]));
          statuses.merge(
              Run.json(order).path("status").asText("HTTP-" + order.status()), 1, Integer::sum);
        });
    checks.add(
        Check.of(
            "every acknowledged order is CONFIRMED",
            statuses.getOrDefault("CONFIRMED", 0) == orders.size(),
            orders.size() + " orders: " + statuses));
    checks.add(Checks.noUserWithTwo(listedCount, sold, secondGrants.sum()));
    checks.add(Checks.everyOrderListed(acknowledged, listed));
    return checks;
  }

  @Override
  public Map<String, Object> figures(Run run) {
    Map<String, Object> out = new LinkedHashMap<>();
    long start = run.loadStartNanos();
    double lastOrderSeconds = lastOrderNanos.get() == 0 ? 0 : (lastOrderNanos.get() - start) / 1e9;
    out.put("eventId", eventId);
    out.put("flow", options.flow.name());
    out.put("items", run.settings().items());
    out.put("buyers", tokens.length);
    out.put("buyersTried", Math.min(nextBuyer.get(), tokens.length));
    out.put("ordersAcknowledged", orders.size());
    if (firstSoldOutNanos.get() != 0) {
      out.put("firstSoldOutSeconds", round3((firstSoldOutNanos.get() - start) / 1e9));
    }
    if (allConfirmedNanos.get() != 0) {
      out.put(
          "allConfirmedSecondsAfterSoldOut",
          round3((allConfirmedNanos.get() - firstSoldOutNanos.get()) / 1e9));
    }
    out.put("lastOrderSeconds", round3(lastOrderSeconds));
    out.put(
        "ordersPerSecond",
        lastOrderSeconds > 0 ? Rates.round1(orders.size() / lastOrderSeconds) : 0);
    if (options.flow == Flow.PURCHASE) {
      out.put("challengeDifficulty", options.difficulty);
      long purchases = run.measurements().count("purchase") + run.measurements().count("bot-retry");
      double perSecond = purchases / Math.max(1e-9, run.loadElapsedNanos() / 1e9);
      out.put("purchaseRequestsPerSecond", Rates.round1(perSecond));
      out.put(
          "purchaseRateVsOriginal3459",
          Math.round(perSecond / ORIGINAL_PURCHASES_PER_SECOND * 10) / 10.0);
      out.put("botRetries", secondTries.sum());
      out.put("botRetriesGranted", secondGrants.sum());
    } else {
      out.put("secondHoldsTried", secondTries.sum());
    }
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
