package dev.boxoffice.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import java.util.stream.IntStream;
import picocli.CommandLine.Option;

/**
 * {@code lottery}: the original lottery service's scale test. A lottery of {@code --capacity}
 * tickets (10,000) and {@code capacity x --demand} users (20: 200,000), each fetching an entry
 * token and entering with it, spread evenly over {@code --window} (120 s, open loop); the draw runs
 * by itself {@code --cooldown} (60 s) after registration closes; then every user asks for the
 * result.
 *
 * <p>Checks: every user entered, exactly {@code capacity} winners (when there are that many
 * entrants), a final status for every entrant, no user (and no offer) winning twice, and the draw
 * verified from what the server published ({@link DrawCheck}, as {@code verify-draw} does). Reports
 * registrations per minute beside the original's 100,000, the results' rate, and at most how much
 * server heap an entrant takes (what its old generation grew by during registration, per entrant).
 *
 * <p>Thread policy: {@link #step} runs on every worker; users are handed out by an atomic counter,
 * their fates kept in atomic arrays and concurrent sets.
 */
final class LotteryScenario implements Scenario {
  /** Entered (acknowledged with 201). */
  private static final int ENTERED = 1;

  /** The lottery's terms, from {@code loadtest lottery}'s own options. */
  static final class Options {
    @Option(
        names = "--demand",
        paramLabel = "N",
        defaultValue = "20",
        description = "lottery: users per ticket.")
    int demand;

    @Option(
        names = "--window",
        paramLabel = "DURATION",
        defaultValue = "120s",
        converter = DurationConverter.class,
        description = "lottery: the registration window the users are spread over.")
    Duration window;

    @Option(
        names = "--cooldown",
        paramLabel = "DURATION",
        defaultValue = "60s",
        converter = DurationConverter.class,
        description = "lottery: from registration's close to the draw.")
    Duration cooldown;

    @Option(
        names = "--entrant-list",
        paramLabel = "KIND",
        defaultValue = "USER_IDS",
        description = "lottery: how the entrant list names entrants: USER_IDS or PSEUDONYMS.")
    EntrantList entrantList;

    @Option(
        names = "--api",
        paramLabel = "API",
        defaultValue = "native",
        converter = ApiConverter.class,
        description =
            "lottery: native (Boxoffice's routes, signed-in users) or lottery-v0 (the original"
                + " service's request shapes through --compat lottery-v0: /event/start, /token,"
                + " /event/register, /event/result; its cool-down is 60 s).")
    Api api = Api.NATIVE;
  }

  /** Which API the users speak. */
  enum Api {
    NATIVE,
    LOTTERY_V0
  }

  static final class ApiConverter extends LoadtestCommand.AnyCase<Api> {
    ApiConverter() {
      super(Api.class);
    }
  }

  /** The lottery's {@code entrantList}, as the API spells it. */
  enum EntrantList {
    USER_IDS,
    PSEUDONYMS
  }

  /** The original service's cool-down, which its API cannot change. */
  private static final Duration ORIGINAL_COOLDOWN = Duration.ofSeconds(60);

  private final Options options = new Options();
  private final long tagBits = ThreadLocalRandom.current().nextLong();
  private final String tag = Long.toString(tagBits & ((1L << 40) - 1), 36);
  private final AtomicInteger nextUser = new AtomicInteger();
  private volatile AtomicIntegerArray fates = new AtomicIntegerArray(0);
  private volatile int users;
  private volatile String eventId;
  private volatile String warmUpEventId;
  private final AtomicInteger warmUpUsers = new AtomicInteger();
  private volatile Instant drawAt;
  private volatile String entryBody = "";
  private final Map<String, Object> results = new LinkedHashMap<>();
  private OptionalDouble heapBefore = OptionalDouble.empty();

  @Override
  public String name() {
    return "lottery";
  }

  @Override
  public String description() {
    return "The original lottery's scale test: --capacity tickets (10000), capacity x"
        + " --demand users (20) each taking a token and entering, spread evenly over"
        + " --window (120s, open loop); the draw after --cooldown (60s); then everyone asks"
        + " for the result. Checks: winners == capacity, a final status for every entrant,"
        + " no user winning twice, the draw verified (as verify-draw), no errors.";
  }

  @Override
  public int defaultConnections() {
    return 32;
  }

  @Override
  public int defaultCapacity() {
    return 10_000;
  }

  @Override
  public Optional<Object> options() {
    return Optional.of(options);
  }

  @Override
  public Settings adjust(Settings settings) {
    if (options.demand < 1 || options.demand > 1000) {
      throw new IllegalArgumentException("--demand must be 1 to 1000");
    }
    long total = (long) settings.capacity() * options.demand;
    if (total > 10_000_000) {
      throw new IllegalArgumentException("--capacity x --demand must be at most 10,000,000 users");
    }
    if (options.window.compareTo(Duration.ofSeconds(1)) < 0
        || options.window.compareTo(Duration.ofMinutes(30)) > 0) {
      throw new IllegalArgumentException("--window must be 1s to 30m");
    }
    if (options.cooldown.isNegative() || options.cooldown.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("--cooldown must be 0 to 1h");
    }
    if (options.api == Api.LOTTERY_V0 && !options.cooldown.equals(ORIGINAL_COOLDOWN)) {
      throw new IllegalArgumentException(
          "lottery-v0 draws 60 s after registration: --cooldown 60s");
    }
    users = (int) total;
    double rate =
        settings.rate() > 0 ? settings.rate() : users / (options.window.toMillis() / 1000.0);
    return settings.withPace(rate, options.window.plus(slack()));
  }

  /**
   * How long registration stays open after the window: an open loop that runs late is then seen as
   * latency, not as refusals. Five seconds and a tenth of the window.
   */
  private Duration slack() {
    return options.window.dividedBy(10).plusSeconds(5);
  }

  /** With the original's API, a spawned server offers it. */
  @Override
  public List<String> serverOptions() {
    return options.api == Api.LOTTERY_V0 ? List.of("--compat", "lottery-v0") : List.of();
  }

  @Override
  public void setup(Run run) throws IOException {
    Settings s = run.settings();
    fates = new AtomicIntegerArray(users);
    heapBefore = run.oldGen();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // Registration opens now and closes after the warm-up, the window and some slack.
    Instant closes = now.plus(s.warmup()).plus(options.window).plus(slack());
    drawAt = closes.plus(options.cooldown);
    eventId = createLottery(run, "lt-lottery-" + tag, now, closes, s.capacity());
    if (!s.warmup().isZero()) {
      warmUpEventId = createLottery(run, "lt-lottery-warm-" + tag, now, closes, s.capacity());
    }
  }

  /** A lottery open from now until {@code closes}, drawn {@code --cooldown} after. */
  private String createLottery(Run run, String id, Instant now, Instant closes, int capacity)
      throws IOException {
    if (options.api == Api.LOTTERY_V0) {
      try (Client client = new Client(run.target())) {
        Response started =
            client.send(
                Request.post(
                    run.host(),
                    "/event/start",
                    null,
                    String.format(
                        "{\"eventId\":\"%s\",\"capacity\":%d,\"registerStartTime\":%d,"
                            + "\"registerStopTime\":%d}",
                        id, capacity, now.getEpochSecond() - 1, closes.getEpochSecond())));
        if (started.status() != 202) {
          throw new IOException("/event/start failed: " + started.status() + " " + started.text());
        }
        return id;
      }
    }
    Map<String, Object> lottery = new LinkedHashMap<>();
    lottery.put("registerOpensAt", now.minusSeconds(1).toString());
    lottery.put("registerClosesAt", closes.toString());
    lottery.put("cooldownSeconds", options.cooldown.toSeconds());
    lottery.put("entrantList", options.entrantList.name());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", id);
    event.put("name", "Load test: lottery");
    event.put("venue", "Loopback Arena");
    event.put("startsAt", drawAt.plus(Duration.ofDays(1)).toString());
    event.put("perUserLimit", 1);
    event.put("mode", "LOTTERY");
    event.put("lottery", lottery);
    event.put("ticketTypes", List.of(Run.ticketType("GA", "Lottery ticket", 4500, capacity)));
    return run.createEvent(event).path("id").asText(id);
  }

  @Override
  public boolean step(Worker worker) throws InterruptedException {
    if (worker.warmingUp()) {
      // The same work on a lottery of its own, so that the measured one starts on a warm server.
      enter(worker, warmUpEventId, "lt-" + tag + "-warm-" + warmUpUsers.getAndIncrement());
      return true;
    }
    int user = nextUser.getAndIncrement();
    if (user >= users) {
      return false;
    }
    if (enter(worker, eventId, user(user))) {
      fates.set(user, ENTERED);
    }
    return true;
  }

  /**
   * Takes a token and enters {@code name} in the lottery of {@code event}, in the API's shapes: a
   * signed-in user's token and entry, or the original service's two calls. True if entered.
   */
  private boolean enter(Worker worker, String event, String name) throws InterruptedException {
    Run run = worker.run();
    if (options.api == Api.LOTTERY_V0) {
      String who = "{\"userId\":\"" + name + "\",\"eventId\":\"" + event + "\"";
      return tokenThenEntry(
          worker,
          Request.post(run.host(), "/token", null, who + "}"),
          token ->
              Request.post(
                  run.host(), "/event/register", null, who + ",\"tokenId\":\"" + token + "\"}"));
    }
    String session = run.tokens().mint(name);
    String base = "/v1/events/" + event + "/lottery";
    return tokenThenEntry(
        worker,
        Request.post(run.host(), base + "/tokens", session, null),
        token ->
            Request.post(run.host(), base + "/entries", session, "{\"token\":\"" + token + "\"}"));
  }

  /** Asks for an entry token, then enters with it; true if entered (201 both times). */
  private static boolean tokenThenEntry(
      Worker worker, Request tokenRequest, Function<String, Request> entryRequest)
      throws InterruptedException {
    Optional<Response> token = worker.send("token", tokenRequest);
    if (token.isEmpty()) {
      return false;
    }
    if (token.get().status() != 201) {
      worker.unexpected("token-" + token.get().status());
      return false;
    }
    Optional<Response> entry =
        worker.send("entry", entryRequest.apply(Run.json(token.get()).path("token").asText("")));
    if (entry.isEmpty()) {
      return false;
    }
    if (entry.get().status() != 201) {
      worker.unexpected("entry-" + entry.get().status());
      return false;
    }
    return true;
  }

  @Override
  public List<Check> check(Run run) throws IOException, InterruptedException {
    List<Check> checks = new ArrayList<>();
    List<Integer> entered =
        IntStream.range(0, users).filter(u -> fates.get(u) == ENTERED).boxed().toList();
    checks.add(
        Check.of(
            "every user entered",
            entered.size() == users,
            String.format("%,d of %,d users entered", entered.size(), users)));
    OptionalDouble heapAfter = run.oldGen();

    JsonNode draw = awaitDraw(run);
    Instant resultsStart = Instant.now();
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    Set<String> offers = ConcurrentHashMap.newKeySet();
    AtomicInteger wonTwice = new AtomicInteger();
    AtomicInteger unfinished = new AtomicInteger();
    run.forEach(
        IntStream.range(0, users).boxed().toList(),
        (client, user) -> {
          Response answer = client.sendRetrying(result(run, user));
          String status =
              options.api == Api.LOTTERY_V0
                  ? (Run.json(answer).path("result").asBoolean() ? "WON" : "NOT_WON")
                  : Run.json(answer).path("status").asText("HTTP-" + answer.status());
          statuses.merge(status, 1, Integer::sum);
          if (status.equals("WON")
              && !offers.add(Run.json(answer).path("offer").path("holdId").asText())) {
            wonTwice.incrementAndGet();
          }
          boolean isFinal = Set.of("WON", "LOST", "WAITLISTED").contains(status);
          if (fates.get(user) == ENTERED && !isFinal) {
            unfinished.incrementAndGet();
          }
        });
    double resultsSeconds = Duration.between(resultsStart, Instant.now()).toMillis() / 1000.0;

    int capacity = run.settings().capacity();
    int won = statuses.getOrDefault("WON", 0);
    int expectedWinners = Math.min(capacity, entered.size());
    checks.add(
        Check.of(
            "winners == capacity",
            won == expectedWinners && draw.path("counts").path("winners").asInt() == won,
            String.format(
                "%,d users told WON, %,d winners published, %,d expected",
                won, draw.path("counts").path("winners").asInt(), expectedWinners)));
    if (options.api == Api.NATIVE) {
      // The original API answers only won or not: no final status to tell, no offer to compare.
      checks.add(
          Check.of(
              "every entrant has a final status",
              unfinished.get() == 0,
              String.format(
                  "%,d entrants not WON, LOST or WAITLISTED; all: %s",
                  unfinished.get(), statuses)));
      checks.add(
          Check.of(
              "no user wins twice",
              wonTwice.get() == 0 && offers.size() == won,
              String.format("%,d distinct offers to %,d winners", offers.size(), won)));
    }
    checks.add(verifyDraw(run));

    results.put("users", users);
    results.put("demand", options.demand);
    results.put("windowSeconds", options.window.toSeconds());
    results.put("entrantList", options.entrantList.name());
    results.put("api", options.api.name());
    results.put("entered", entered.size());
    results.put(
        "registrationsPerMinute",
        Rates.round1(entered.size() / Math.max(1e-9, run.loadElapsedNanos() / 60e9)));
    results.put(
        "registrationsVsOriginal100kPerMinute",
        Math.round(entered.size() / Math.max(1e-9, run.loadElapsedNanos() / 60e9) / 1000.0)
            / 100.0);
    results.put("drawnSecondsAfterDue", secondsBetween(drawAt, draw.path("drawnAt").asText()));
    results.put("resultsPerSecond", Rates.round1(users / Math.max(1e-9, resultsSeconds)));
    results.put("statuses", new LinkedHashMap<>(statuses));
    // What the old generation grew by while users entered, garbage promoted with the entries
    // included: an upper bound on what an entry costs (entries live through the window, so they
    // end up there). Shown only when it grew (and only on G1).
    Run.growthPer(heapBefore, heapAfter, entered.isEmpty() ? 0 : entered.size() + warmUpUsers.get())
        .ifPresent(bytes -> results.put("oldGenBytesPerEntrantAtMost", bytes));
    return checks;
  }

  /** Waits until the draw is due, then until it is published. */
  private JsonNode awaitDraw(Run run) throws IOException, InterruptedException {
    long wait = Duration.between(Instant.now(), drawAt).toMillis();
    if (wait > 0) {
      System.err.printf("loadtest lottery: waiting %d s for the draw at %s%n", wait / 1000, drawAt);
      Thread.sleep(wait);
    }
    Instant giveUp = Instant.now().plusSeconds(120);
    try (Client client = new Client(run.target())) {
      while (true) {
        Response answer =
            client.sendRetrying(
                Request.get(run.host(), "/v1/events/" + eventId + "/lottery/draw", null));
        JsonNode draw = Run.json(answer);
        if (draw.path("status").asText().equals("DRAWN") || Instant.now().isAfter(giveUp)) {
          System.err.println("loadtest lottery: drawn; every user asks for the result");
          return draw;
        }
        Thread.sleep(200);
      }
    }
  }

  /** The draw checked from what the server publishes, as {@code verify-draw} does. */
  private Check verifyDraw(Run run) throws IOException {
    try (Client client = new Client(run.target())) {
      String base = "/v1/events/" + eventId;
      byte[] event = client.sendRetrying(Request.get(run.host(), base, null)).body();
      byte[] draw =
          client.sendRetrying(Request.get(run.host(), base + "/lottery/draw", null)).body();
      String entrants =
          new String(
              client.sendRetrying(Request.get(run.host(), base + "/lottery/entrants", null)).body(),
              StandardCharsets.US_ASCII);
      DrawCheck.Verdict verdict = DrawCheck.check(event, draw, entrants);
      return Check.of(
          "the draw verifies from what was published",
          verdict.matches(),
          verdict.matches()
              ? String.format(
                  "%,d entrants, %,d winners recomputed from the revealed seed",
                  verdict.entrants(), verdict.winners())
              : (verdict.drawn() ? "differs: " + verdict.differences() : "not drawn"));
    }
  }

  @Override
  public Map<String, Object> figures(Run run) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("eventId", eventId);
    out.putAll(results);
    return out;
  }

  /** The result of user {@code index}, asked as the API in use asks. */
  private Request result(Run run, int index) {
    return options.api == Api.LOTTERY_V0
        ? Request.post(
            run.host(),
            "/event/result",
            null,
            "{\"userId\":\"" + user(index) + "\",\"eventId\":\"" + eventId + "\"}")
        : Request.get(
            run.host(),
            "/v1/events/" + eventId + "/lottery/result",
            run.tokens().mint(user(index)));
  }

  /** User {@code index}: a random-looking UUID for the original API, as its client sent. */
  private String user(int index) {
    return options.api == Api.LOTTERY_V0
        ? new UUID(tagBits, index).toString()
        : "lt-" + tag + "-" + index;
  }

  private static double secondsBetween(Instant from, String to) {
    try {
      return Math.round(Duration.between(from, Instant.parse(to)).toMillis() / 100.0) / 10.0;
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
