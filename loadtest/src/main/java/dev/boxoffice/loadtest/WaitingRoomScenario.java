package dev.boxoffice.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Option;

/**
 * The on-sale behind a waiting room: {@code --users} join the queue of an event whose sale opens a
 * little later (as fast as {@code --connections} let them: the join rate is the measured part);
 * when it opens, the pre-queue is shuffled and the room lets them through at {@code
 * --admission-rate}, at most {@code --max-active} shopping at once. {@code --streams} of the users
 * wait on the pushed stream (each its own connection, spread over 127.0.0.x source addresses), the
 * rest poll their status every {@code --poll-every}; each admitted user holds a ticket with their
 * access token and buys it, which ends their session.
 *
 * <p>Checks: admission follows the queue's order, the admission rate measured from the users'
 * admission times is within 1% of the configured one, nobody is admitted twice, the active shoppers
 * the room reports never exceed the cap, and everyone ends admitted (and bought) or told sold out.
 * Reports the join rate, poll latency, push latency (from the admission, as its access expiry dates
 * it, or from the stream's opening if that came later, to the stream's event; how many streams
 * opened after their admission too: the sale opens at a time set for joins at {@code --join-rate},
 * 4,000 a second by default), and the server's old-generation growth per waiting user and per open
 * stream.
 *
 * <p>Thread policy: {@link #step} runs on every worker; the waiting phase runs on virtual threads
 * of its own; users' fates are kept in atomic arrays.
 */
final class WaitingRoomScenario implements Scenario {
  private static final Duration ACCESS_TTL = Duration.ofMinutes(3);

  /** How long a buyer keeps asking again while the server answers 503. */
  private static final Duration WAIT_OUT_503 = Duration.ofSeconds(60);

  /** Threads buying for the admitted users, each over a connection of its own. */
  private static final int BUYERS = 128;

  /** Source addresses for the streams' connections, 127.0.0.2 and up. */
  private static final int SOURCE_ADDRESSES = 200;

  /** The waiting room's terms and its clients, from {@code loadtest waitingroom}'s own options. */
  static final class Options {
    @Option(
        names = "--streams",
        paramLabel = "N",
        defaultValue = "15000",
        description = "waitingroom: users who wait on the pushed stream (the rest poll).")
    int streams;

    @Option(
        names = "--poll-every",
        paramLabel = "DURATION",
        defaultValue = "5s",
        converter = DurationConverter.class,
        description = "waitingroom: how often the other users poll their status.")
    Duration pollEvery;

    @Option(
        names = "--admission-rate",
        paramLabel = "N",
        defaultValue = "2000",
        description = "waitingroom: users let through a second.")
    double admissionRate;

    @Option(
        names = "--join-rate",
        paramLabel = "N",
        defaultValue = "4000",
        description =
            "waitingroom: the joins a second the sale's opening is set for: it opens --users / N"
                + " seconds (and 3 more) after the warm-up, once everyone joined and opened their"
                + " stream; lower it for a deployment that takes joins more slowly.")
    double joinRate;

    @Option(
        names = "--max-active",
        paramLabel = "N",
        defaultValue = "50000",
        description =
            "waitingroom: at most this many shopping at once (above what the run needs, so that"
                + " the rate can be checked).")
    int maxActive;
  }

  /** A user's fate, as the client saw it. */
  private record Admission(long position, Instant admittedAt, long seenNanos) {}

  private final Options options = new Options();
  private final String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private final AtomicInteger nextUser = new AtomicInteger();
  private final AtomicInteger warmUpUsers = new AtomicInteger();
  private volatile int users;
  private volatile String eventId;
  private volatile String warmUpEventId;
  private volatile Instant saleOpensAt;
  private volatile AtomicReferenceArray<String> queueTokens = new AtomicReferenceArray<>(0);

  /** Each user's session token, signed once, as a browser keeps its session. */
  private volatile AtomicReferenceArray<String> sessions = new AtomicReferenceArray<>(0);

  private volatile AtomicReferenceArray<Admission> admissions = new AtomicReferenceArray<>(0);
  private final Map<Integer, String> soldOut = new ConcurrentHashMap<>();
  private final Map<Integer, String> accessTokens = new ConcurrentHashMap<>();
  private final AtomicInteger bought = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();

  /** When each stream first opened, and how many opened after their user's admission. */
  private final Map<Integer, Instant> streamOpenedAt = new ConcurrentHashMap<>();

  private final AtomicInteger openedAfterAdmission = new AtomicInteger();

  /** The failures by kind: what failed and how ({@code hold-403}, {@code stream-closed}). */
  private final Map<String, AtomicInteger> failureKinds = new ConcurrentHashMap<>();

  /**
   * Answers 503 (a store's service down) that a user waited out and asked again after, and holds
   * lost before their completion that a buyer took again.
   */
  private final AtomicInteger unavailable = new AtomicInteger();

  private final Histogram pollNanos = new ConcurrentHistogram(3);
  private final Histogram pushMillis = new ConcurrentHistogram(3);
  private final AtomicLong maxActiveSeen = new AtomicLong();
  private final Map<String, Object> results = new LinkedHashMap<>();
  private OptionalDouble heapBefore = OptionalDouble.empty();

  @Override
  public String name() {
    return "waitingroom";
  }

  @Override
  public String description() {
    return "--users (100000) join a waiting room; --streams (15000) wait on the pushed"
        + " stream, the rest poll; admitted at --admission-rate (2000/s), each buys. Checks:"
        + " queue order, the rate within 1%, the cap, nobody admitted twice, everyone bought"
        + " or sold out.";
  }

  @Override
  public int defaultConnections() {
    return 64;
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofMinutes(10);
  }

  @Override
  public int defaultCapacity() {
    return 100_000;
  }

  @Override
  public Optional<Object> options() {
    return Optional.of(options);
  }

  @Override
  public Settings adjust(Settings settings) {
    if (settings.users() < 1 || settings.users() > 2_000_000) {
      throw new IllegalArgumentException("--users must be 1 to 2000000");
    }
    if (options.streams < 0 || options.streams > Math.min(settings.users(), 18_000)) {
      throw new IllegalArgumentException(
          "--streams must be 0 to 18000 (one process opens at most 20,000 files) and not more"
              + " than --users");
    }
    if (options.admissionRate < 1 || options.admissionRate > 100_000) {
      throw new IllegalArgumentException("--admission-rate must be 1 to 100000");
    }
    if (options.joinRate < 1 || options.joinRate > 1_000_000) {
      throw new IllegalArgumentException("--join-rate must be 1 to 1000000");
    }
    if (options.pollEvery.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("--poll-every must be at least 100ms");
    }
    users = settings.users();
    return settings;
  }

  /**
   * Joins are limited per client address by default, and every simulated user comes from this
   * machine: a spawned server lifts that limit (a server given by {@code --url} needs {@code
   * --rate-limit joinQueue=off:address}).
   */
  @Override
  public List<String> serverOptions() {
    return List.of("--rate-limit=joinQueue=off:address");
  }

  @Override
  public void setup(Run run) throws IOException {
    Settings s = run.settings();
    queueTokens = new AtomicReferenceArray<>(users);
    sessions = new AtomicReferenceArray<>(users);
    admissions = new AtomicReferenceArray<>(users);
    heapBefore = run.oldGen();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // The sale opens once everyone could have joined at --join-rate, after the warm-up.
    saleOpensAt = now.plus(s.warmup()).plusSeconds(3 + (long) Math.ceil(users / options.joinRate));
    eventId = createEvent(run, "lt-room-" + tag, now, s.capacity());
    if (!s.warmup().isZero()) {
      warmUpEventId = createEvent(run, "lt-room-warm-" + tag, now, s.capacity());
    }
  }

  private String createEvent(Run run, String id, Instant now, int capacity) throws IOException {
    Map<String, Object> room = new LinkedHashMap<>();
    room.put("queueOpensAt", now.minusSeconds(1).toString());
    room.put("admissionRatePerSecond", options.admissionRate);
    room.put("maxActiveShoppers", options.maxActive);
    room.put("accessTtlSeconds", ACCESS_TTL.toSeconds());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", id);
    event.put("name", "Load test: waiting room");
    event.put("venue", "Loopback Stadium");
    event.put("startsAt", saleOpensAt.plus(Duration.ofDays(1)).toString());
    event.put("saleOpensAt", saleOpensAt.toString());
    event.put("saleClosesAt", saleOpensAt.plus(Duration.ofHours(12)).toString());
    event.put("perUserLimit", 1);
    event.put("holdTtlSeconds", 60);
    event.put("waitingRoom", room);
    event.put("ticketTypes", List.of(Run.ticketType("GA", "Standing", 6500, capacity)));
    return run.createEvent(event).path("id").asText(id);
  }

  @Override
  public boolean step(Worker worker) throws InterruptedException {
    Run run = worker.run();
    if (worker.warmingUp()) {
      String name = "lt-" + tag + "-warm-" + warmUpUsers.getAndIncrement();
      worker.send("join", join(run, warmUpEventId, run.tokens().mint(name)));
      return true;
    }
    int user = nextUser.getAndIncrement();
    if (user >= users) {
      return false;
    }
    Optional<Response> joined = worker.send("join", join(run, eventId, session(run, user)));
    if (joined.isPresent() && joined.get().status() == 201) {
      queueTokens.set(user, Run.json(joined.get()).path("queueToken").asText());
    } else if (joined.isPresent()) {
      worker.unexpected("join-" + joined.get().status());
    }
    return true;
  }

  private static Request join(Run run, String event, String session) {
    return Request.post(run.host(), "/v1/events/" + event + "/queue", session, null);
  }

  private String session(Run run, int user) {
    String session = sessions.get(user);
    if (session == null) {
      session = run.tokens().mint("lt-" + tag + "-" + user);
      sessions.set(user, session);
    }
    return session;
  }

  // ---- the waiting phase, after every user joined

  @Override
  public List<Check> check(Run run) throws IOException, InterruptedException {
    List<Check> checks = new ArrayList<>();
    int joined = 0;
    for (int u = 0; u < users; u++) {
      joined += queueTokens.get(u) == null ? 0 : 1;
    }
    checks.add(
        Check.of(
            "every user joined",
            joined == users,
            String.format("%,d of %,d users joined", joined, users)));
    OptionalDouble heapJoined = run.oldGen();
    results.put("users", users);
    results.put(
        "joinsPerSecond", Rates.round1(users / Math.max(1e-9, run.loadElapsedNanos() / 1e9)));
    Run.growthPer(heapBefore, heapJoined, users + warmUpUsers.get())
        .ifPresent(b -> results.put("oldGenBytesPerWaitingUserAtMost", b));

    LinkedBlockingQueue<Integer> toBuy = new LinkedBlockingQueue<>();
    List<Thread> threads = new ArrayList<>();
    int streams = Math.min(options.streams, joined);
    AtomicInteger streamsOpen = new AtomicInteger();
    for (int u = 0; u < streams; u++) {
      int user = u;
      threads.add(Thread.ofVirtual().start(() -> stream(run, user, streamsOpen, toBuy)));
    }
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (streamsOpen.get() < streams && System.nanoTime() < waitUntil) {
      Thread.sleep(100);
    }
    OptionalDouble heapStreams = run.oldGen();
    results.put("streamsOpen", streamsOpen.get());
    Run.growthPer(heapJoined, heapStreams, Math.max(1, streamsOpen.get()))
        .ifPresent(b -> results.put("oldGenBytesPerStreamAtMost", b));

    long waiting = Duration.between(Instant.now(), saleOpensAt).toMillis();
    if (waiting > 0) {
      System.err.printf("loadtest waitingroom: the sale opens in %d s%n", waiting / 1000);
    }
    int pollers = Math.max(4, Math.min(64, run.settings().connections()));
    for (int p = 0; p < pollers; p++) {
      int slice = p;
      threads.add(Thread.ofVirtual().start(() -> poll(run, slice, pollers, streams, toBuy)));
    }
    for (int b = 0; b < BUYERS; b++) {
      threads.add(Thread.ofVirtual().start(() -> buy(run, toBuy)));
    }
    Thread sampler = Thread.ofVirtual().start(() -> sample(run));
    long budget =
        Math.max(0, waiting)
            + (long) (users / options.admissionRate * 1000 * 1.5)
            + options.pollEvery.toMillis()
            + 60_000;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budget);
    while (finished() < joined && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    threads.forEach(Thread::interrupt);
    sampler.interrupt();
    for (Thread t : threads) {
      t.join(5_000);
    }
    sampler.join(5_000);
    return verdicts(run, checks, joined);
  }

  /**
   * Sends {@code request}, and again a second after each 503 for up to {@link #WAIT_OUT_503}, as a
   * person's client told to retry later would.
   */
  private Response sendWaitingOut503(Client client, Request request)
      throws IOException, InterruptedException {
    long until = System.nanoTime() + WAIT_OUT_503.toNanos();
    Response answer = client.sendRetrying(request);
    while (answer.status() == 503 && System.nanoTime() < until) {
      unavailable.incrementAndGet();
      Thread.sleep(1_000);
      answer = client.sendRetrying(request);
    }
    return answer;
  }

  private void fail(String kind) {
    failures.incrementAndGet();
    failureKinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
  }

  private int finished() {
    return bought.get() + soldOut.size();
  }

  /** Waits on the pushed stream of {@code user}, over a connection of its own. */
  private void stream(Run run, int user, AtomicInteger open, LinkedBlockingQueue<Integer> toBuy) {
    String token = queueTokens.get(user);
    if (token == null) {
      return;
    }
    AtomicBoolean counted = new AtomicBoolean();
    Runnable opened =
        () -> {
          if (counted.compareAndSet(false, true)) {
            open.incrementAndGet();
          }
        };
    try {
      // A stream refused with 503 or ended before the user's wait is over is opened again a second
      // later, as a browser's page would.
      while (true) {
        switch (streamOnce(run, user, token, opened, toBuy)) {
          case "over" -> {
            return;
          }
          case "ended" -> {}
          case "503" -> unavailable.incrementAndGet();
          case String failed -> {
            fail("stream-" + failed);
            return;
          }
        }
        Thread.sleep(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits on the pushed stream of {@code user} once, over a connection of its own, running {@code
   * opened} once it is: "over" once the user's wait is over, "ended" if it ended before, "503", or
   * what failed.
   */
  private String streamOnce(
      Run run, int user, String token, Runnable opened, LinkedBlockingQueue<Integer> toBuy) {
    InetSocketAddress target = run.target().address();
    try (Socket socket = new Socket()) {
      if (target.getAddress().getAddress().length == 4) {
        socket.bind(new InetSocketAddress("127.0.0." + (2 + user % SOURCE_ADDRESSES), 0));
      }
      socket.connect(target, 10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /v1/events/"
                  + eventId
                  + "/queue/stream HTTP/1.1\r\nHost: "
                  + run.host()
                  + "\r\nAuthorization: Bearer "
                  + session(run, user)
                  + "\r\nBoxoffice-Queue-Token: "
                  + token
                  + "\r\nAccept: text/event-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String status = in.readLine();
      if (status == null || !status.contains(" 200 ")) {
        return status == null ? "closed" : status.split(" ")[1];
      }
      streamOpenedAt.putIfAbsent(user, Instant.now());
      opened.run();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        // Chunk sizes, comments and blank lines between the events are skipped.
        if (line.startsWith("data: ")
            && settle(user, Run.JSON.readTree(line.substring(6)), System.nanoTime(), true, toBuy)) {
          return "over";
        }
      }
      return "ended";
    } catch (IOException e) {
      return Client.kind(e);
    }
  }

  /** Polls the status of every {@code slices}-th user from {@code streams} on, each round. */
  private void poll(
      Run run, int slice, int slices, int streams, LinkedBlockingQueue<Integer> toBuy) {
    try (Client client = new Client(run.target())) {
      while (!Thread.currentThread().isInterrupted()) {
        long roundStart = System.nanoTime();
        int mine = 0;
        for (int user = streams + slice; user < users; user += slices) {
          mine++;
        }
        long gap = mine == 0 ? options.pollEvery.toNanos() : options.pollEvery.toNanos() / mine;
        int i = 0;
        for (int user = streams + slice; user < users; user += slices, i++) {
          if (admissions.get(user) != null || soldOut.containsKey(user)) {
            continue;
          }
          long due = roundStart + i * gap;
          long sleep = due - System.nanoTime();
          if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
          }
          String token = queueTokens.get(user);
          if (token == null) {
            continue;
          }
          long start = System.nanoTime();
          Response answer =
              client.sendRetrying(
                  Request.of(
                      "GET",
                      run.host(),
                      "/v1/events/" + eventId + "/queue/status",
                      session(run, user),
                      null,
                      Map.of("Boxoffice-Queue-Token", token)));
          long now = System.nanoTime();
          pollNanos.recordValue(now - start);
          if (answer.status() != 200) {
            if (answer.status() == 503) {
              unavailable.incrementAndGet();
            } else {
              fail("poll-" + answer.status());
            }
            continue;
          }
          settle(user, Run.json(answer), now, false, toBuy);
        }
        long rest = roundStart + options.pollEvery.toNanos() - System.nanoTime();
        if (rest > 0) {
          TimeUnit.NANOSECONDS.sleep(rest);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      fail("poll-" + Client.kind(e));
    }
  }

  /**
   * Takes in a status seen at {@code seenNanos}: an admission is noted (its push latency too, for a
   * stream) and handed to the buyers. True when the user's wait is over.
   */
  private boolean settle(
      int user,
      JsonNode status,
      long seenNanos,
      boolean pushed,
      LinkedBlockingQueue<Integer> toBuy) {
    switch (status.path("state").asText()) {
      case "ADMITTED" -> {
        Instant admittedAt =
            Instant.parse(status.path("accessExpiresAt").asText()).minus(ACCESS_TTL);
        if (pushed) {
          // From the admission, or from the stream's opening if it opened later: a stream cannot
          // be pushed before it is there.
          Instant opened = streamOpenedAt.get(user);
          if (opened.isAfter(admittedAt)) {
            openedAfterAdmission.incrementAndGet();
          }
          Instant from = opened.isAfter(admittedAt) ? opened : admittedAt;
          pushMillis.recordValue(Math.max(0, Duration.between(from, Instant.now()).toMillis()));
        }
        if (admissions.compareAndSet(
            user, null, new Admission(status.path("position").asLong(), admittedAt, seenNanos))) {
          accessTokens.put(user, status.path("accessToken").asText());
          toBuy.add(user);
        }
        return true;
      }
      case "SOLD_OUT", "EXPIRED", "NOT_JOINED" -> {
        soldOut.put(user, status.path("state").asText());
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** Buys a ticket for each admitted user: a hold with their access token, then its completion. */
  private void buy(Run run, LinkedBlockingQueue<Integer> toBuy) {
    try (Client client = new Client(run.target())) {
      while (true) {
        int user = toBuy.take();
        String access = accessTokens.remove(user);
        // A hold lost before its completion (a Redis restarted empty forgets live holds) is
        // answered 404: the buyer holds again, once, as a person would.
        for (int attempt = 1; attempt <= 2; attempt++) {
          String outcome = holdAndComplete(run, client, user, access);
          if (!outcome.equals("complete-404") || attempt == 2) {
            switch (outcome) {
              case "bought" -> bought.incrementAndGet();
              case "sold-out" -> soldOut.put(user, "SOLD_OUT");
              default -> fail(outcome);
            }
            break;
          }
          unavailable.incrementAndGet();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      fail("buy-" + Client.kind(e));
    }
  }

  /** Holds a ticket for {@code user} and completes it: "bought", "sold-out", or what failed. */
  private String holdAndComplete(Run run, Client client, int user, String access)
      throws IOException, InterruptedException {
    String session = session(run, user);
    Response held =
        sendWaitingOut503(
            client,
            Request.of(
                "POST",
                run.host(),
                "/v1/events/" + eventId + "/holds",
                session,
                "{\"ticketType\":\"GA\",\"quantity\":1}",
                Map.of("Boxoffice-Access-Token", access)));
    if (held.status() != 201) {
      return held.status() == 409 || held.text().contains("sold-out")
          ? "sold-out"
          : "hold-" + held.status();
    }
    String hold = Run.json(held).path("holdId").asText();
    Response done =
        sendWaitingOut503(
            client, Request.post(run.host(), "/v1/holds/" + hold + "/complete", session, null));
    return done.status() == 201 ? "bought" : "complete-" + done.status();
  }

  /** Reads the room's figures every second: the most active shoppers it ever reported. */
  private void sample(Run run) {
    try (Client client = new Client(run.target())) {
      while (!Thread.currentThread().isInterrupted()) {
        Response room =
            client.sendRetrying(
                Request.get(run.host(), "/v1/events/" + eventId + "/waiting-room", run.adminKey()));
        long active = Run.json(room).path("active").asLong();
        maxActiveSeen.accumulateAndGet(active, Math::max);
        Thread.sleep(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      if (!Thread.currentThread().isInterrupted()) { // else stopped mid-request at the run's end
        fail("sample-" + Client.kind(e));
      }
    }
  }

  private List<Check> verdicts(Run run, List<Check> checks, int joined) {
    List<Admission> admitted = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      if (admissions.get(u) != null) {
        admitted.add(admissions.get(u));
      }
    }
    admitted.sort(Comparator.comparingLong(Admission::position));
    boolean inOrder = true;
    boolean distinct = true;
    for (int i = 0; i < admitted.size(); i++) {
      distinct &= i == 0 || admitted.get(i).position() != admitted.get(i - 1).position();
      if (i > 0 && admitted.get(i).admittedAt().isBefore(admitted.get(i - 1).admittedAt())) {
        inOrder = false;
      }
    }
    checks.add(
        Check.of(
            "admission follows the queue",
            inOrder,
            String.format(
                "%,d admissions in position order by their admission time", admitted.size())));
    checks.add(
        Check.of(
            "nobody admitted twice",
            distinct,
            String.format(
                "%,d positions, each once, up to %,d",
                admitted.size(), admitted.isEmpty() ? 0 : admitted.getLast().position())));
    // Users are let in in steps, each letting in what the time since the last one earned: the rate
    // is those let in after the first step and before the last (which may find the line nearly
    // empty) over the time from the first step to the one before the last.
    double measured = 0;
    TreeMap<Instant, Long> steps =
        admitted.stream()
            .collect(
                Collectors.groupingBy(Admission::admittedAt, TreeMap::new, Collectors.counting()));
    if (steps.size() >= 3) {
      Instant first = steps.firstKey();
      Instant beforeLast = steps.lowerKey(steps.lastKey());
      long between =
          steps.subMap(first, false, beforeLast, true).values().stream()
              .mapToLong(Long::longValue)
              .sum();
      measured = between / (Duration.between(first, beforeLast).toNanos() / 1e9);
    }
    checks.add(
        Check.of(
            "admission rate within 1% of the configured",
            Math.abs(measured - options.admissionRate) <= options.admissionRate / 100,
            String.format("%.1f a second, configured %.1f", measured, options.admissionRate)));
    checks.add(
        Check.of(
            "active shoppers never above the cap",
            maxActiveSeen.get() <= options.maxActive,
            String.format("at most %,d seen, cap %,d", maxActiveSeen.get(), options.maxActive)));
    long wrongEnd = soldOut.values().stream().filter(s -> !s.equals("SOLD_OUT")).count();
    checks.add(
        Check.of(
            "everyone ends admitted or sold out",
            bought.get() + soldOut.size() == joined && wrongEnd == 0 && failures.get() == 0,
            String.format(
                "%,d bought, %,d sold out, %,d ended otherwise, %,d failures, of %,d",
                bought.get(), soldOut.size() - wrongEnd, wrongEnd, failures.get(), joined)));
    results.put("admitted", admitted.size());
    results.put("bought", bought.get());
    results.put("soldOut", soldOut.size());
    results.put("measuredAdmissionRate", Math.round(measured * 10) / 10.0);
    results.put("maxActiveSeen", maxActiveSeen.get());
    results.put("pollP50Ms", millis(pollNanos.getValueAtPercentile(50)));
    results.put("pollP99Ms", millis(pollNanos.getValueAtPercentile(99)));
    results.put("polls", pollNanos.getTotalCount());
    results.put("pushP50Ms", pushMillis.getValueAtPercentile(50));
    results.put("pushP99Ms", pushMillis.getValueAtPercentile(99));
    results.put("pushes", pushMillis.getTotalCount());
    results.put("streamsOpenedAfterTheirAdmission", openedAfterAdmission.get());
    results.put("unavailableAnswersWaitedOut", unavailable.get());
    results.put("failures", new TreeMap<>(failureKinds));
    return checks;
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }

  @Override
  public Map<String, Object> figures(Run run) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("eventId", eventId);
    out.putAll(results);
    return out;
  }
}
