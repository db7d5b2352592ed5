package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.boxoffice.core.Stores;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.store.embedded.EmbeddedStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A real server on an ephemeral port over an in-memory store, with a clock tests move, and a small
 * HTTP client. One per test; close it after.
 */
final class TestServer implements AutoCloseable {
  static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
  static final byte[] SESSION_KEY =
      "test-session-key-that-is-32-bytes!!".getBytes(StandardCharsets.UTF_8);
  static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  final MutableClock clock = new MutableClock(T0);
  final EmbeddedStore store = EmbeddedStore.inMemory(clock);
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final SessionTokens tokens;
  final AtomicBoolean ready = new AtomicBoolean(true);
  final BoxofficeServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TestServer() {
    this(UnaryOperator.identity());
  }

  /** A server whose session tokens are {@code customize}d, e.g. to trust an issuer key. */
  TestServer(UnaryOperator<SessionTokens> customize) {
    this(customize, UnaryOperator.identity());
  }

  /** A server whose tokens and ports are {@code customize}d, e.g. to break a port on purpose. */
  TestServer(UnaryOperator<SessionTokens> customize, UnaryOperator<Stores> ports) {
    this(customize, ports, UnaryOperator.identity());
  }

  /** A server whose tokens, ports and settings are {@code customize}d. */
  TestServer(
      UnaryOperator<SessionTokens> customize,
      UnaryOperator<Stores> ports,
      UnaryOperator<HttpSettings> settings) {
    this(customize, ports, settings, List.of());
  }

  /** A server with these features beside the standard ones. */
  TestServer(
      UnaryOperator<SessionTokens> customize,
      UnaryOperator<Stores> ports,
      UnaryOperator<HttpSettings> settings,
      List<Feature> more) {
    this(customize, ports, settings, (applied, stores, clock) -> more);
  }

  /** Features made for a server, over its settings, ports and clock. */
  @FunctionalInterface
  interface MoreFeatures {
    List<Feature> make(HttpSettings settings, Stores stores, InstantSource clock);
  }

  /** A server with the features {@code more} makes over its settings and ports, beside the rest. */
  TestServer(
      UnaryOperator<SessionTokens> customize,
      UnaryOperator<Stores> ports,
      UnaryOperator<HttpSettings> settings,
      MoreFeatures more) {
    this.tokens = customize.apply(SessionTokens.hmac(SESSION_KEY, Duration.ofHours(1), clock));
    HttpSettings applied = settings.apply(HttpSettings.of("127.0.0.1", 0, ADMIN_KEY, tokens));
    Stores stores = ports.apply(store.stores());
    List<Feature> features =
        new ArrayList<>(Features.standard(applied, stores, clock, registry, ready::get));
    features.addAll(more.make(applied, stores, clock));
    this.server = BoxofficeServer.start(applied, features, stores.tokenBuckets(), clock, registry);
  }

  /** The routes of the standard features, as a server has them. */
  static List<Route> standardRoutes() {
    MutableClock clock = new MutableClock(T0);
    try (EmbeddedStore store = EmbeddedStore.inMemory(clock)) {
      HttpSettings settings =
          HttpSettings.of(
              "127.0.0.1",
              0,
              ADMIN_KEY,
              SessionTokens.hmac(SESSION_KEY, Duration.ofHours(1), clock));
      return Routes.of(
              Features.standard(
                  settings,
                  store.stores(),
                  clock,
                  new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                  () -> true))
          .all();
    }
  }

  /** A server with these settings and otherwise the defaults. */
  static TestServer with(UnaryOperator<HttpSettings> settings) {
    return new TestServer(UnaryOperator.identity(), UnaryOperator.identity(), settings);
  }

  @Override
  public void close() {
    server.close();
    store.close();
    client.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  String tokenFor(String user) {
    return tokens.issue(new UserId(user));
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
  }

  Answer send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer get(String path, String bearer) {
    HttpRequest.Builder b = request(path).GET();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return send(b.build());
  }

  Answer post(String path, String bearer, String json) {
    HttpRequest.Builder b =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return send(b.build());
  }

  Answer delete(String path, String bearer) {
    HttpRequest.Builder b = request(path).DELETE();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return send(b.build());
  }

  /**
   * Opens the event stream {@code request} asks for (asserting 200) and reads it on another thread,
   * handing each line to {@code onLine} as it comes; the future completes with every line once the
   * server ends the stream.
   */
  CompletableFuture<List<String>> readStream(HttpRequest request, Consumer<String> onLine)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    return CompletableFuture.supplyAsync(
        () -> {
          List<String> lines = new ArrayList<>();
          try (BufferedReader in =
              new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
              lines.add(line);
              onLine.accept(line);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return lines;
        });
  }

  /** Creates an event whose sale is open at T0 and returns its id. */
  String createEvent(String id, int gaCapacity, int perUserLimit) {
    Answer created = post("/v1/events", ADMIN_KEY, eventJson(id, gaCapacity, perUserLimit));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return id;
  }

  static String eventJson(String id, int gaCapacity, int perUserLimit) {
    return """
        {"id":"%s","name":"Night Show","venue":"Hall 1","startsAt":"2030-02-01T20:00:00Z",
         "saleOpensAt":"2030-01-01T09:00:00Z","saleClosesAt":"2030-01-31T00:00:00Z",
         "holdTtlSeconds":30,"perUserLimit":%d,
         "ticketTypes":[{"code":"GA","name":"General","priceMinor":4500,"currency":"EUR","capacity":%d},
                        {"code":"VIP","name":"VIP","priceMinor":12000,"currency":"EUR","capacity":5}]}
        """
        .formatted(id, perUserLimit, gaCapacity);
  }

  /** A response, its body parsed when it is JSON. */
  record Answer(HttpResponse<byte[]> response) {
    int status() {
      return response.statusCode();
    }

    String text() {
      return new String(response.body(), StandardCharsets.UTF_8);
    }

    String contentType() {
      return response.headers().firstValue("Content-Type").orElse("");
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + text(), e);
      }
    }

    /** Asserts a problem document of this status and type slug, and returns it. */
    JsonNode problem(int status, String type) {
      assertThat(status()).as(text()).isEqualTo(status);
      assertThat(contentType()).startsWith("application/problem+json");
      JsonNode doc = json();
      assertThat(doc.path("type").asText()).isEqualTo("https://boxoffice.dev/problems/" + type);
      assertThat(doc.path("status").asInt()).isEqualTo(status);
      assertThat(doc.path("title").asText()).isNotBlank();
      assertThat(doc.path("detail").asText()).isNotBlank();
      return doc;
    }
  }
}
