package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Server-Sent Events through a real HTTP client: events as they come, heartbeats while quiet, the
 * end after the last event, cleanup when the client goes away, and bounded memory for a client that
 * does not read.
 */
class EventStreamTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(200);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger refused = new AtomicInteger();
  private final CountDownLatch opened = new CountDownLatch(1);

  /** Three ticks 300 ms apart (so heartbeats come between them), the third the last. */
  private final EventSource ticks =
      sink -> {
        opened.countDown();
        var task =
            timer.scheduleAtFixedRate(
                new Runnable() {
                  int n;

                  @Override
                  public void run() {
                    n++;
                    sink.send(new ServerSentEvent("tick", Map.of("n", n), n == 3));
                  }
                },
                300,
                300,
                TimeUnit.MILLISECONDS);
        return () -> {
          task.cancel(false);
          closed.set(true);
        };
      };

  /** A source that never stops and never ends: only the client's going away ends it. */
  private final EventSource endless =
      sink -> {
        opened.countDown();
        var task =
            timer.scheduleAtFixedRate(
                () -> sink.send(new ServerSentEvent("tick", Map.of(), false)),
                0,
                50,
                TimeUnit.MILLISECONDS);
        return () -> {
          task.cancel(false);
          closed.set(true);
        };
      };

  /** 2,000 events of 8 KiB at once: far more than a socket's buffers hold. */
  private final EventSource flood =
      sink -> {
        opened.countDown();
        String payload = "x".repeat(8 * 1024);
        timer.execute(
            () -> {
              for (int i = 0; i < 2000; i++) {
                if (!sink.send(
                    new ServerSentEvent("tick", Map.of("n", i, "pad", payload), false))) {
                  refused.incrementAndGet();
                }
              }
            });
        return () -> closed.set(true);
      };

  /** A write that stalls for a second is cut, so a client that stops reading is soon let go. */
  private static final ConnectionLimits QUICK =
      new ConnectionLimits(
          Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(1), 100);

  private final TestServer t =
      new TestServer(
          UnaryOperator.identity(),
          UnaryOperator.identity(),
          settings -> settings.withConnections(QUICK),
          List.of(
              routes ->
                  routes
                      .get(
                          "/v1/ticks",
                          "streamTicks",
                          Route.Access.USER,
                          call -> Reply.events(ticks, HEARTBEAT))
                      .get(
                          "/v1/endless",
                          "streamEndless",
                          Route.Access.PUBLIC,
                          call -> Reply.events(endless, HEARTBEAT))
                      .get(
                          "/v1/flood",
                          "streamFlood",
                          Route.Access.PUBLIC,
                          call -> Reply.events(flood, Duration.ofSeconds(10)))));

  @AfterEach
  void stop() {
    timer.shutdownNow();
    t.close();
  }

  @Test
  void eventsArriveAsTheyComeWithHeartbeatsBetweenAndTheStreamEndsAfterTheLast() throws Exception {
    HttpResponse<InputStream> response =
        t.client.send(
            t.request("/v1/ticks").header("Authorization", "Bearer " + t.tokenFor("alice")).build(),
            HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Reply.EVENT_STREAM);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    }
    assertThat(lines.stream().filter(l -> l.startsWith("data: ")))
        .containsExactly("data: {\"n\":1}", "data: {\"n\":2}", "data: {\"n\":3}");
    assertThat(lines.stream().filter(l -> l.startsWith("event: "))).containsOnly("event: tick");
    assertThat(lines).filteredOn(l -> l.startsWith(": keep-alive")).hasSizeGreaterThan(1);
    await().atMost(Duration.ofSeconds(2)).untilTrue(closed);
  }

  @Test
  void aStreamNeedsWhatItsRouteNeeds() {
    t.get("/v1/ticks", null).problem(401, "authentication-required");
  }

  @Test
  void aClientThatGoesAwayEndsTheStreamAndFreesItsSource() throws Exception {
    HttpResponse<InputStream> response =
        t.client.send(t.request("/v1/endless").build(), HttpResponse.BodyHandlers.ofInputStream());
    InputStream body = response.body();
    assertThat(body.readNBytes(50)).hasSize(50);
    assertThat(opened.await(2, TimeUnit.SECONDS)).isTrue();

    body.close(); // the client goes away

    await().atMost(HEARTBEAT.multipliedBy(10)).untilTrue(closed);
  }

  @Test
  void aClientThatDoesNotReadGetsABoundedQueueThenIsCut() throws Exception {
    try (RawConnection c = new RawConnection(t.server.port())) {
      c.write("GET /v1/flood HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(opened.await(2, TimeUnit.SECONDS)).isTrue();
      // The client reads nothing: the socket's buffers fill, the writer stalls, and once
      // EventStreams.QUEUE events wait the sink refuses the rest instead of buffering them.
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(refused.get()).isGreaterThan(1000));
      // The stalled write is cut after the idle timeout, and the source is let go.
      await().atMost(QUICK.idleTimeout().plusSeconds(3)).untilTrue(closed);
    }
  }

  @Test
  void theFrameIsTheEventNameAndOneLineOfJson() {
    String frame =
        new String(
            EventStreams.frame(new ServerSentEvent("queue", Map.of("text", "a\nb"), false)),
            StandardCharsets.UTF_8);
    assertThat(frame).isEqualTo("event: queue\ndata: {\"text\":\"a\\nb\"}\n\n");
  }
}
