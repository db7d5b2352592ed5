package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.inventory.Stock;
import dev.boxoffice.http.ConnectionGuard.Deadline;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that are slow, or quiet, or too many: the server cuts slow requests at their deadline and
 * keeps serving everyone else at their usual speed, and never cuts a slow answer.
 */
class SlowClientTest {
  private static final ConnectionLimits LIMITS =
      new ConnectionLimits(
          Duration.ofMillis(1000), Duration.ofMillis(1500), Duration.ofMillis(2000), 200);

  /** The deadline, plus the watchdog's period, plus room for a busy machine. */
  private static final Duration SLACK = ConnectionGuard.TICK.plusMillis(750);

  private TestServer t = TestServer.with(s -> s.withConnections(LIMITS));

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void headersSentOneLineAtATimeAreCutAtTheHeaderDeadlineWhileOthersAreServedAsUsual()
      throws Exception {
    List<RawConnection> slow = new ArrayList<>();
    ExecutorService trickle = Executors.newVirtualThreadPerTaskExecutor();
    try {
      long start = System.nanoTime();
      List<Future<Boolean>> cut = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        RawConnection c = new RawConnection(t.server.port());
        slow.add(c);
        cut.add(
            trickle.submit(
                () -> {
                  // A header line every 300 ms: each arrives in time, the whole never does.
                  c.write("GET /health/live HTTP/1.1\r\n");
                  for (int line = 0; line < 20; line++) {
                    Thread.sleep(300);
                    if (!c.write("X-Line-" + line + ": x\r\n")) {
                      return true;
                    }
                  }
                  return c.closedWithin(Duration.ofSeconds(1));
                }));
      }
      long[] latencies = latenciesOfNormalRequests(200);
      for (Future<Boolean> f : cut) {
        assertThat(f.get()).as("a trickling client is cut").isTrue();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(LIMITS.headerTimeout().plus(SLACK).plusMillis(300));
      Arrays.sort(latencies);
      assertThat(Duration.ofNanos(latencies[latencies.length * 99 / 100]))
          .as("p99 of normal requests beside 100 slow clients")
          .isLessThan(Duration.ofMillis(250));
      assertThat(metrics())
          .as("all 100 counted")
          .containsPattern(
              "boxoffice_connections_cut_total\\{reason=\"header_timeout\"} 1\\d\\d\\.0");
    } finally {
      trickle.shutdownNow();
      slow.forEach(RawConnection::close);
    }
  }

  private long[] latenciesOfNormalRequests(int count) {
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      assertThat(t.get("/health/live", null).status()).isEqualTo(200);
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  @Test
  void aBodyThatStopsHalfWayIsCutAtTheBodyDeadline() {
    try (RawConnection c = new RawConnection(t.server.port())) {
      c.write(
          "POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100\r\n\r\n{\"username\":");
      long start = System.nanoTime();
      assertThat(c.closedWithin(LIMITS.bodyTimeout().plus(SLACK))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThan(LIMITS.bodyTimeout().minusMillis(100));
    }
    assertThat(metrics()).contains("boxoffice_connections_cut_total{reason=\"body_timeout\"} 1.0");
  }

  @Test
  void aConnectionThatSendsNothingIsCutAtTheHeaderDeadline() {
    try (RawConnection c = new RawConnection(t.server.port())) {
      assertThat(c.closedWithin(LIMITS.headerTimeout().plus(SLACK))).isTrue();
    }
  }

  @Test
  void aKeptAliveConnectionIsServedAgainUntilItIdlesTooLong() {
    try (RawConnection c = new RawConnection(t.server.port())) {
      for (int i = 0; i < 3; i++) {
        // After the first request, each pause is longer than the header deadline but shorter
        // than the idle one.
        if (i > 0) {
          sleep(LIMITS.headerTimeout().plusMillis(300));
        }
        c.write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(c.read(Duration.ofSeconds(2))).get().extracting(r -> r.status()).isEqualTo(200);
      }
      long start = System.nanoTime();
      assertThat(c.closedWithin(LIMITS.idleTimeout().plus(SLACK))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThan(LIMITS.idleTimeout().minusMillis(100));
    }
    assertThat(metrics()).contains("boxoffice_connections_cut_total{reason=\"idle_timeout\"} 1.0");
  }

  @Test
  void aClientThatStopsReadingItsAnswersIsCutOnceAWriteStallsPastTheIdleDeadline()
      throws Exception {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), t.server.port()));
      byte[] request =
          "GET /openapi.yaml HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      OutputStream out = socket.getOutputStream();
      long start = System.nanoTime();
      try {
        for (int i = 0; i < 2_000; i++) {
          out.write(request); // pipelined, never reading an answer
        }
      } catch (IOException cut) {
        // the server may close the connection while requests are still being sent
      }
      awaitCut(Deadline.WRITE, LIMITS.idleTimeout().plus(SLACK).plusSeconds(2));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThan(LIMITS.idleTimeout().minusMillis(100));
    }
  }

  private void awaitCut(ConnectionGuard.Deadline deadline, Duration within) {
    String counted = "boxoffice_connections_cut_total{reason=\"" + deadline.tag() + "\"} 1.0";
    long end = System.nanoTime() + within.toNanos();
    while (!metrics().contains(counted)) {
      assertThat(System.nanoTime()).as("cut for " + deadline.tag() + " in time").isLessThan(end);
      sleep(Duration.ofMillis(100));
    }
  }

  @Test
  void anAnswerThatTakesLongerThanEveryDeadlineIsNotCut() {
    t.close();
    Duration slowest = LIMITS.idleTimeout().plusMillis(500);
    t =
        new TestServer(
            UnaryOperator.identity(),
            s -> s.withInventory(slowHolds(s.inventory(), slowest)),
            settings -> settings.withConnections(LIMITS));
    t.createEvent("show", 10, 4);
    try (RawConnection c = new RawConnection(t.server.port())) {
      String body = "{\"ticketType\":\"GA\",\"quantity\":1}";
      c.write(
          "POST /v1/events/show/holds HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Authorization: Bearer "
              + t.tokenFor("ann")
              + "\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n"
              + body);
      assertThat(c.read(slowest.plusSeconds(3))).get().extracting(r -> r.status()).isEqualTo(201);
    }
  }

  private static Inventory slowHolds(Inventory inventory, Duration delay) {
    return new Inventory() {
      @Override
      public boolean setUp(Event event) {
        return inventory.setUp(event);
      }

      @Override
      public HoldResult hold(HoldRequest request, Instant now) {
        sleep(delay);
        return inventory.hold(request, now);
      }

      @Override
      public CompleteResult complete(HoldId hold, UserId user, Instant now) {
        return inventory.complete(hold, user, now);
      }

      @Override
      public ReleaseResult release(HoldId hold, UserId user, Instant now) {
        return inventory.release(hold, user, now);
      }

      @Override
      public int expire(Instant now) {
        return inventory.expire(now);
      }

      @Override
      public Optional<Stock> stock(EventId event) {
        return inventory.stock(event);
      }
    };
  }

  @Test
  void connectionsBeyondTheCapWaitUntilOneCloses() {
    t.close();
    Duration patient = Duration.ofSeconds(30);
    t = TestServer.with(s -> s.withConnections(new ConnectionLimits(patient, patient, patient, 3)));
    String request = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
    List<RawConnection> held = new ArrayList<>();
    try (RawConnection fourth = new RawConnection(t.server.port())) {
      held.add(fourth);
      for (int i = 0; i < 3; i++) {
        held.add(new RawConnection(t.server.port()));
      }
      // The first three connections were accepted; the fourth waits in the backlog.
      int waiting = -1;
      for (int i = 0; i < held.size(); i++) {
        held.get(i).write(request);
      }
      for (int i = 0; i < held.size(); i++) {
        if (!held.get(i).answersWithin(Duration.ofMillis(700))) {
          waiting = i;
        }
      }
      assertThat(waiting).as("one connection beyond the cap waits").isNotNegative();
      RawConnection last = held.remove(waiting);
      held.remove(0).close();
      assertThat(last.read(Duration.ofSeconds(3)))
          .as("served once another connection closed")
          .get()
          .extracting(r -> r.status())
          .isEqualTo(200);
      last.close();
    } finally {
      held.forEach(RawConnection::close);
    }
  }

  private String metrics() {
    return t.get("/metrics", TestServer.ADMIN_KEY).text();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
