package dev.boxoffice.http;

import dev.boxoffice.core.Stores;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Boxoffice HTTP server: Helidon SE WebServer on virtual threads, routing every {@link Route}
 * to its handler as a plain function. Requests are served on the server's own request threads; a
 * handler blocks on the store (which answers once its change is durable) without any hand-off.
 *
 * <p>Every answer the server gives is either a success body or an RFC 9457 problem: unknown paths
 * (404), known paths with another method (405 with {@code Allow}), and the requests Helidon refuses
 * itself before routing (bad HTTP, oversized bodies) included.
 *
 * <p>Thread policy: thread-safe; {@link #close()} stops the server and may be called more than
 * once.
 */
public final class BoxofficeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BoxofficeServer.class);

  /** The listener of {@code /metrics} (and health) when it has a port of its own. */
  private static final String MANAGEMENT = "management";

  private static final List<Route> MANAGEMENT_ROUTES =
      List.of(Route.METRICS, Route.HEALTH_LIVE, Route.HEALTH_READY);
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
   * @param settings where to listen, the admin key and session tokens
   * @param stores the ports the routes call
   * @param clock the time every decision is made at
   * @param metrics where request and sale meters are registered and scraped from
   * @param ready whether {@code /health/ready} answers 200 (else 503)
   * @throws IllegalStateException if it cannot listen on the host and port
   */
  public static BoxofficeServer start(
      HttpSettings settings,
      Stores stores,
      InstantSource clock,
      PrometheusMeterRegistry metrics,
      BooleanSupplier ready) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(stores, "stores");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(ready, "ready");
    HttpMetrics meters = new HttpMetrics(metrics);
    Auth auth = new Auth(settings.tokens(), settings.adminKey());
    Handlers handlers =
        new Handlers(
            new AccountRoutes(
                stores.accounts(),
                settings.tokens(),
                new Argon2Passwords(),
                settings.accounts(),
                clock),
            new EventRoutes(stores.events(), stores.inventory(), clock),
            new HoldRoutes(stores.inventory(), stores.orders(), clock, meters),
            new OpsRoutes(metrics, ready, settings.metrics().adminKeyRequired()));

    DirectHandler refusals = new RefusalHandler();
    DirectHandlers.Builder direct = DirectHandlers.builder();
    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
      direct.addHandler(type, refusals);
    }

    MetricsEndpoint metricsEndpoint = settings.metrics();
    List<Route> main = new ArrayList<>(List.of(Route.values()));
    if (metricsEndpoint.ownPort()) {
      main.remove(Route.METRICS);
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
            .routing(routing(main, handlers, auth, meters));
    if (metricsEndpoint.ownPort()) {
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
          .routing(MANAGEMENT, routing(MANAGEMENT_ROUTES, handlers, auth, meters));
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

  /** Routing of {@code routes}, each GET also answering HEAD, anything else {@link #unmatched}. */
  private static HttpRouting.Builder routing(
      List<Route> routes, Handlers handlers, Auth auth, HttpMetrics meters) {
    HttpRouting.Builder routing = HttpRouting.builder();
    for (Route route : routes) {
      Dispatch dispatch =
          new Dispatch(
              handlers.endpoint(route),
              auth,
              meters.route(route.method().text(), route.template()));
      routing.route(route.method(), route.template(), dispatch);
      if (route.method() == Method.GET) {
        // HEAD answers what GET would, without the body (Dispatch leaves it out).
        routing.route(Method.HEAD, route.template(), dispatch);
      }
    }
    routing.any(new Dispatch(call -> unmatched(routes, call), auth, meters.route("", "unmatched")));
    routing.error(
        Throwable.class,
        (req, res, t) -> {
          LOG.error("unhandled failure in {} {}", req.prologue().method().text(), req.path(), t);
          Dispatch.send(
              res, Dispatch.requestId(req), Reply.problem(Dispatch.internalError()), false);
        });
    return routing;
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

  /**
   * No route has this path (404); or one does, and this is OPTIONS (204 with {@code Allow}) or a
   * method the path does not allow (405).
   */
  private static Reply unmatched(List<Route> routes, Call call) {
    List<Method> methods = allowed(routes, call.path());
    if (methods.isEmpty()) {
      return Reply.problem(ProblemType.NOT_FOUND.detail("no resource at this path"));
    }
    if (call.method() == Method.OPTIONS) {
      return Reply.empty(204).header(HeaderNames.ALLOW, allowHeader(methods));
    }
    return Reply.problem(
            ProblemType.METHOD_NOT_ALLOWED
                .detail("this resource allows " + allowHeader(methods))
                .with("allow", methods.stream().map(Method::text).toList()))
        .header(HeaderNames.ALLOW, allowHeader(methods));
  }

  /** Binds each route to its endpoint; the switch is exhaustive, so no route lacks a handler. */
  private record Handlers(
      AccountRoutes accounts, EventRoutes events, HoldRoutes holds, OpsRoutes ops) {
    Endpoint endpoint(Route route) {
      return switch (route) {
        case HEALTH_LIVE -> ops::live;
        case HEALTH_READY -> ops::ready;
        case METRICS -> ops::metrics;
        case OPENAPI -> ops::openapi;
        case CREATE_USER -> accounts::createUser;
        case CREATE_SESSION -> accounts::createSession;
        case CREATE_EVENT -> events::create;
        case LIST_EVENTS -> events::list;
        case GET_EVENT -> events::get;
        case GET_INVENTORY -> events::inventory;
        case CREATE_HOLD -> holds::hold;
        case COMPLETE_HOLD -> holds::complete;
        case RELEASE_HOLD -> holds::release;
        case LIST_ORDERS -> holds::orders;
        case GET_ORDER -> holds::order;
      };
    }
  }

  /**
   * The methods allowed on a path, in table order, with HEAD after GET and OPTIONS last; empty when
   * no route has that path.
   */
  static List<Method> allowed(List<Route> routes, String path) {
    List<Method> methods = new ArrayList<>();
    for (Route route : routes) {
      if (route.matchesPath(path) && !methods.contains(route.method())) {
        methods.add(route.method());
        if (route.method() == Method.GET) {
          methods.add(Method.HEAD);
        }
      }
    }
    if (!methods.isEmpty()) {
      methods.add(Method.OPTIONS);
    }
    return methods;
  }

  static String allowHeader(List<Method> methods) {
    StringBuilder out = new StringBuilder();
    for (Method m : methods) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(m.text());
    }
    return out.toString();
  }
}
