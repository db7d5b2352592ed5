package dev.boxoffice.http;

import dev.boxoffice.core.ratelimit.TokenBuckets;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Boxoffice HTTP server: Helidon SE WebServer on virtual threads, serving the routes its {@link
 * Feature}s add. Requests are served on the server's own request threads; an endpoint blocks on the
 * store (which answers once its change is durable) without any hand-off.
 *
 * <p>Every route runs the same chain, in this order: the request id ({@link Dispatch}), the rate
 * limits counted by address or globally, authentication by the route's {@link Route.Access}, the
 * limits counted by user, the features' {@link Filter}s in the order they were added, and the
 * endpoint.
 *
 * <p>Every answer the server gives is either a success body, an event stream, or an RFC 9457
 * problem: unknown paths (404), known paths with another method (405 with {@code Allow}), and the
 * requests Helidon refuses itself before routing (bad HTTP, oversized bodies) included.
 *
 * <p>Thread policy: thread-safe; {@link #close()} stops the server and may be called more than
 * once.
 */
public final class BoxofficeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BoxofficeServer.class);

  /** The listener of {@code /metrics} (and health) when it has a port of its own. */
  private static final String MANAGEMENT = "management";

  private static final int MANAGEMENT_CONNECTIONS = 100;

  private final WebServer server;
  private final ConnectionGuard guard;

  private BoxofficeServer(WebServer server, ConnectionGuard guard) {
    this.server = server;
    this.guard = guard;
  }

  /**
   * Starts the server and returns once it listens.
   *
   * @param settings where to listen, the admin key, session tokens and limits
   * @param features what the server serves, such as {@link Features#standard}
   * @param buckets where rate limits keep their token buckets: the stores' {@link
   *     dev.boxoffice.core.Stores#tokenBuckets}
   * @param clock the time of the read cache
   * @param metrics where request meters are registered and scraped from
   * @throws IllegalStateException if it cannot listen on the host and port
   * @throws IllegalArgumentException if a rate limit names an operationId no feature has
   */
  public static BoxofficeServer start(
      HttpSettings settings,
      List<Feature> features,
      TokenBuckets buckets,
      InstantSource clock,
      PrometheusMeterRegistry metrics) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(buckets, "buckets");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(metrics, "metrics");
    HttpMetrics meters = new HttpMetrics(metrics);
    Routes routes = Routes.of(features);
    Chain chain =
        new Chain(
            new Auth(settings.tokens(), settings.adminKey()),
            settings.trustedProxies(),
            new RateLimiter(
                RateLimit.merge(routes.defaultLimits(), settings.rateLimits()),
                routes,
                buckets,
                metrics),
            new ReadCache(routes, settings.readCacheTtl(), clock, metrics),
            routes.filters(),
            meters,
            new AccessLog(settings.accessLogSample()));

    DirectHandler refusals = new RefusalHandler();
    DirectHandlers.Builder direct = DirectHandlers.builder();
    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
      direct.addHandler(type, refusals);
    }

    MetricsEndpoint metricsEndpoint = settings.metrics();
    List<Route> main = routes.all();
    if (metricsEndpoint.ownPort()) {
      main = main.stream().filter(r -> !r.operationId().equals("metrics")).toList();
      ensureFree(metricsEndpoint.host(), metricsEndpoint.port());
    }
    ensureFree(settings.host(), settings.port());
    ConnectionGuard guard = new ConnectionGuard(settings.connections(), meters);
    WebServerConfig.Builder server =
        WebServer.builder()
            .host(settings.host())
            .port(settings.port())
            // A backstop above Call.MAX_BODY: routes refuse large bodies with their own 413.
            .maxPayloadSize(4L * Call.MAX_BODY)
            .maxTcpConnections(settings.connections().maxConnections())
            // Every connection is HTTP/1.1 through the guard; no other protocol is offered.
            .protocolsDiscoverServices(false)
            .addConnectionSelector(guard)
            .shutdownGracePeriod(Duration.ofSeconds(2))
            // The app stops the server itself, before the store, and says so in the log.
            .shutdownHook(false)
            .directHandlers(direct.build())
            .routing(chain.routing(main));
    if (metricsEndpoint.ownPort()) {
      List<Route> management =
          routes.all().stream()
              .filter(r -> OpsRoutes.MANAGEMENT.contains(r.operationId()))
              .toList();
      server
          .putSocket(
              MANAGEMENT,
              ListenerConfig.builder()
                  .host(metricsEndpoint.host())
                  .port(metricsEndpoint.port())
                  .maxTcpConnections(MANAGEMENT_CONNECTIONS)
                  .maxPayloadSize(4L * Call.MAX_BODY)
                  .protocolsDiscoverServices(false)
                  .addConnectionSelector(guard)
                  .directHandlers(direct.build())
                  .build())
          .routing(MANAGEMENT, chain.routing(management));
    }
    WebServer started;
    try {
      started = server.build().start();
    } catch (RuntimeException e) {
      guard.close();
      throw e;
    }
    if (started.port() <= 0 || (metricsEndpoint.ownPort() && started.port(MANAGEMENT) <= 0)) {
      // Helidon logs a failed bind and carries on without a listener; do not serve nothing.
      started.stop();
      guard.close();
      throw new IllegalStateException(
          "cannot listen on " + settings.host() + ":" + settings.port() + " or the metrics port");
    }
    LOG.info("listening on http://{}:{}", settings.host(), started.port());
    if (metricsEndpoint.ownPort()) {
      LOG.info("metrics on http://{}:{}/metrics", metricsEndpoint.host(), started.port(MANAGEMENT));
    }
    return new BoxofficeServer(started, guard);
  }

  /**
   * Fails with a plain message if {@code host:port} is taken, before Helidon tries it and logs the
   * failure with a stack trace. Port 0 (any free port) is always free.
   */
  private static void ensureFree(String host, int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "; is another server using that port?)");
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    if (server.isRunning()) {
      server.stop();
    }
    guard.close();
  }
}
