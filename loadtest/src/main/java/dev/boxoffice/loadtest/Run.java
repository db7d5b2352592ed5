package dev.boxoffice.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a scenario against one server: the target, the admin key, the token minter, the
 * settings and the measurements; plus the few admin and verification calls every scenario needs.
 * Calls made here (setup and checks) are not measured.
 *
 * <p>Thread policy: the fields are immutable or thread-safe; {@link #forEach} runs its task on
 * several threads at once, each with its own {@link Client}.
 */
public final class Run {
  /** Shared JSON mapper; thread-safe once configured. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private static final String OLD_GEN = "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"";

  private final Target target;
  private final String adminKey;
  private final Tokens tokens;
  private final Settings settings;
  private volatile Measurements measurements = new Measurements();
  private volatile long loadStartNanos;
  private volatile long loadElapsedNanos;
  private volatile boolean warmingUp;

  Run(Target target, String adminKey, Tokens tokens, Settings settings) {
    this.target = Objects.requireNonNull(target, "target");
    this.adminKey = Objects.requireNonNull(adminKey, "adminKey");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public Target target() {
    return target;
  }

  /** The Host header for requests, such as {@code 127.0.0.1:8080}. */
  public String host() {
    return target.hostHeader();
  }

  /** The admin key, for scenarios that read admin routes. */
  public String adminKey() {
    return adminKey;
  }

  public Tokens tokens() {
    return tokens;
  }

  public Settings settings() {
    return settings;
  }

  Measurements measurements() {
    return measurements;
  }

  /** When the load started ({@link System#nanoTime}); 0 before it starts. */
  public long loadStartNanos() {
    return loadStartNanos;
  }

  void loadStarted(long nanoTime) {
    loadStartNanos = nanoTime;
  }

  /** Whether the load is in its unmeasured warm-up. */
  public boolean warmingUp() {
    return warmingUp;
  }

  void startWarmUp() {
    warmingUp = true;
  }

  /** Ends the warm-up: what was measured so far is dropped, and the load counts from now. */
  void startMeasuring(long nanoTime) {
    measurements = new Measurements();
    loadStartNanos = nanoTime;
    warmingUp = false;
  }

  /** How long the load ran, in nanoseconds; 0 until it has finished. */
  public long loadElapsedNanos() {
    return loadElapsedNanos;
  }

  void loadFinished(long elapsedNanos) {
    loadElapsedNanos = elapsedNanos;
  }

  /**
   * Creates an event for a scenario: on sale from a minute ago for a day, holds lasting the run's
   * {@code --hold-ttl}, first come first served. Returns the event's id.
   */
  public String createEventOnSaleNow(
      String id, String name, int perUserLimit, List<Map<String, Object>> ticketTypes)
      throws IOException {
    return createEventOnSaleNow(id, name, perUserLimit, ticketTypes, Map.of());
  }

  /** {@link #createEventOnSaleNow}, with {@code sections} (such as {@code flashSale}) besides. */
  public String createEventOnSaleNow(
      String id,
      String name,
      int perUserLimit,
      List<Map<String, Object>> ticketTypes,
      Map<String, Object> sections)
      throws IOException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", id);
    event.put("name", name);
    event.put("venue", "Loopback Arena");
    event.put("startsAt", now.plus(Duration.ofDays(30)).toString());
    event.put("saleOpensAt", now.minus(Duration.ofMinutes(1)).toString());
    event.put("saleClosesAt", now.plus(Duration.ofDays(1)).toString());
    event.put("holdTtlSeconds", settings().holdTtl().toSeconds());
    event.put("perUserLimit", perUserLimit);
    event.put("mode", "FIRST_COME");
    event.putAll(sections);
    event.put("ticketTypes", ticketTypes);
    return createEvent(event).path("id").asText(id);
  }

  /** One ticket type of a {@link #createEventOnSaleNow} event, priced in EUR. */
  public static Map<String, Object> ticketType(
      String code, String name, long priceMinor, int capacity) {
    return Map.of(
        "code",
        code,
        "name",
        name,
        "priceMinor",
        priceMinor,
        "currency",
        "EUR",
        "capacity",
        capacity);
  }

  /** Creates an event from {@code body} (the API's event JSON); returns the server's event. */
  public JsonNode createEvent(Object body) throws IOException {
    try (Client client = new Client(target)) {
      Response response =
          client.send(Request.post(host(), "/v1/events", adminKey, JSON.writeValueAsString(body)));
      if (response.status() != 201) {
        throw new IOException(
            "creating the event failed: " + response.status() + " " + response.text());
      }
      return JSON.readTree(response.body());
    }
  }

  /** The admin inventory of an event, per ticket type. */
  public List<TypeCount> inventory(String eventId) throws IOException {
    try (Client client = new Client(target)) {
      return inventory(client, eventId);
    }
  }

  /** The admin inventory of an event, per ticket type, over {@code client}. */
  public List<TypeCount> inventory(Client client, String eventId) throws IOException {
    Response response =
        client.sendRetrying(Request.get(host(), "/v1/events/" + eventId + "/inventory", adminKey));
    if (response.status() != 200) {
      throw new IOException("reading the inventory failed: " + response.status());
    }
    List<TypeCount> out = new ArrayList<>();
    for (JsonNode t : JSON.readTree(response.body()).path("ticketTypes")) {
      out.add(
          new TypeCount(
              t.path("code").asText(),
              t.path("capacity").asLong(),
              t.path("available").asLong(),
              t.path("held").asLong(),
              t.path("sold").asLong()));
    }
    return out;
  }

  /** The order ids that {@code GET /v1/orders} lists for the holder of {@code token}. */
  public static List<String> orderIds(Client client, String host, String token) throws IOException {
    Response response = client.sendRetrying(Request.get(host, "/v1/orders", token));
    if (response.status() != 200) {
      throw new IOException("listing orders failed: " + response.status());
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : JSON.readTree(response.body()).findValues("orderId")) {
      ids.add(id.asText());
    }
    return ids;
  }

  /**
   * The sum of the series on the server's {@code /metrics} (Prometheus text, read with the admin
   * key) that {@code series} names: a metric name ({@code jvm_memory_used_bytes}, every series of
   * it) or its start with labels as the server prints them ({@code
   * jvm_memory_used_bytes{area="heap",id="G1 Old Gen"}, that one); empty if the server has none.
   */
  public OptionalDouble metric(String series) throws IOException {
    try (Client client = new Client(target)) {
      Response response = client.sendRetrying(Request.get(host(), "/metrics", adminKey));
      if (response.status() != 200) {
        return OptionalDouble.empty();
      }
      double sum = 0;
      boolean found = false;
      for (String line : response.text().split("\n")) {
        if (line.length() > series.length()
            && line.startsWith(series)
            && "{ ,}".indexOf(line.charAt(series.length())) >= 0) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          found = true;
        }
      }
      return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
  }

  /**
   * The server's old generation in bytes (G1's: what survived a few collections), if it reports
   * one: what a scenario's long-lived state (entries, places in line) ends up in.
   */
  public OptionalDouble oldGen() throws IOException {
    return metric(OLD_GEN);
  }

  /**
   * How many bytes the old generation grew by per unit between two readings, if it grew: an upper
   * bound on what each unit costs, garbage promoted meanwhile included.
   */
  public static Optional<Long> growthPer(OptionalDouble before, OptionalDouble after, long units) {
    if (units <= 0
        || before.isEmpty()
        || after.isEmpty()
        || after.getAsDouble() <= before.getAsDouble()) {
      return Optional.empty();
    }
    return Optional.of(Math.round((after.getAsDouble() - before.getAsDouble()) / units));
  }

  /** A response body as JSON; a missing node when it is not JSON. */
  public static JsonNode json(Response response) {
    try {
      return response.body().length == 0 ? JSON.missingNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** A task of {@link #forEach}: one item, over one thread's client. */
  @FunctionalInterface
  public interface Task<T> {
    void run(Client client, T item) throws IOException;
  }

  /**
   * Runs {@code task} for every item, on up to {@code settings().connections()} threads (at least
   * 4, at most 64), each with its own connection; returns when all are done.
   *
   * @throws IOException the first failure of any task (the others still run to the end)
   */
  public <T> void forEach(Collection<T> items, Task<T> task)
      throws IOException, InterruptedException {
    ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>(items);
    AtomicReference<IOException> failure = new AtomicReference<>();
    int threads = Math.max(4, Math.min(64, settings.connections()));
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      started.add(
          Thread.ofVirtual()
              .name("loadtest-check-" + i)
              .start(
                  () -> {
                    try (Client client = new Client(target)) {
                      for (T item = queue.poll(); item != null; item = queue.poll()) {
                        try {
                          task.run(client, item);
                        } catch (IOException e) {
                          failure.compareAndSet(null, e);
                        } catch (UncheckedIOException e) {
                          failure.compareAndSet(null, e.getCause());
                        }
                      }
                    }
                  }));
    }
    for (Thread t : started) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
