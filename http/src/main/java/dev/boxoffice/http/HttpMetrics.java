package dev.boxoffice.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The meters the server itself owns: {@code http.server.requests} (a timer tagged with method,
 * route template and status), and for connections, {@code boxoffice.connections.open} and {@code
 * boxoffice.connections.cut} (tagged with the deadline a slow client missed). Features register
 * their own (see {@link SaleMeters}).
 *
 * <p>Every tag value comes from a closed set, whatever clients send: the route tag is a template of
 * the route table (or {@code unmatched}), the method tag one of {@link #METHODS} or {@code OTHER},
 * the status one the server itself answers (or 499 when the client went away before its answer). So
 * the number of time series is fixed by the route table; a client inventing method names cannot
 * grow it.
 *
 * <p>Timers are looked up once per (route, status) and cached, so recording a request costs a map
 * read and the timer's own update, with no allocation of meter ids on the hot path.
 *
 * <p>Thread policy: thread-safe.
 */
final class HttpMetrics {
  /** The method names that are tags of their own; any other method is tagged {@code OTHER}. */
  static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

  private final MeterRegistry registry;
  private final Map<ConnectionGuard.Deadline, Counter> connectionsCut =
      new EnumMap<>(ConnectionGuard.Deadline.class);

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (ConnectionGuard.Deadline deadline : ConnectionGuard.Deadline.values()) {
      connectionsCut.put(
          deadline,
          Counter.builder("boxoffice.connections.cut")
              .description(
                  "Connections closed because the client was too slow, by the deadline missed")
              .tag("reason", deadline.tag())
              .register(registry));
    }
  }

  /** The timers of one route, by status. */
  RouteTimers route(String method, String route) {
    return new RouteTimers(method, route);
  }

  /** Publishes the number of open connections. */
  void watchConnections(IntSupplier open) {
    Gauge.builder("boxoffice.connections.open", open, IntSupplier::getAsInt)
        .description("Open client connections")
        .strongReference(true)
        .register(registry);
  }

  /** Counts a connection closed because its client missed this deadline. */
  void connectionCut(ConnectionGuard.Deadline missed) {
    connectionsCut.get(missed).increment();
  }

  /** The request timers of one method and route template, one per status seen. */
  final class RouteTimers {
    private final String method;
    private final String route;
    private final ConcurrentHashMap<Integer, Timer> byStatus = new ConcurrentHashMap<>();

    private RouteTimers(String method, String route) {
      this.method = method;
      this.route = route;
    }

    void record(String requestMethod, int status, long nanos) {
      if (!requestMethod.equals(method)) {
        // The catch-all route serves every method; its few timers are found by the registry.
        timer(methodTag(requestMethod), status).record(nanos, TimeUnit.NANOSECONDS);
        return;
      }
      Timer timer = byStatus.get(status);
      if (timer == null) {
        timer = byStatus.computeIfAbsent(status, s -> timer(method, s));
      }
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String methodTag(String method) {
      return METHODS.contains(method) ? method : "OTHER";
    }

    private Timer timer(String m, int status) {
      return Timer.builder("http.server.requests")
          .description("HTTP requests by method, route template and status")
          .tags("method", m, "route", route, "status", Integer.toString(status))
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(10))
          .register(registry);
    }
  }
}
