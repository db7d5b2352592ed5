package dev.boxoffice.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Operations: liveness (always up while the server answers), readiness (as the app says), the
 * Prometheus scrape (behind the admin key unless configured otherwise, see {@link
 * MetricsEndpoint}), and the OpenAPI document, read once from the classpath.
 *
 * <p>Thread policy: thread-safe.
 */
final class OpsRoutes implements Feature {
  static final String OPENAPI_RESOURCE = "/openapi.yaml";

  /** The routes a metrics port of its own serves: the scrape and the health checks. */
  static final Set<String> MANAGEMENT = Set.of("metrics", "live", "ready");

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final byte[] UP = Json.write(new Views.HealthView("UP"));
  private static final byte[] DOWN = Json.write(new Views.HealthView("DOWN"));

  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier ready;
  private final boolean metricsNeedAdmin;
  private final byte[] openapi;

  OpsRoutes(PrometheusMeterRegistry registry, BooleanSupplier ready, boolean metricsNeedAdmin) {
    this.registry = registry;
    this.ready = ready;
    this.metricsNeedAdmin = metricsNeedAdmin;
    this.openapi = openapiDocument();
  }

  @Override
  public void register(Routes routes) {
    routes
        .get("/health/live", "live", Route.Access.PUBLIC, this::live)
        .get("/health/ready", "ready", Route.Access.PUBLIC, this::ready)
        .get(
            "/metrics",
            "metrics",
            metricsNeedAdmin ? Route.Access.ADMIN : Route.Access.PUBLIC,
            this::metrics)
        .get(OPENAPI_RESOURCE, "openapi", Route.Access.PUBLIC, this::openapi);
  }

  Reply live(Call call) {
    return Reply.bytes(200, UP, Reply.JSON);
  }

  Reply ready(Call call) {
    return ready.getAsBoolean()
        ? Reply.bytes(200, UP, Reply.JSON)
        : Reply.bytes(503, DOWN, Reply.JSON);
  }

  Reply metrics(Call call) {
    return Reply.bytes(200, registry.scrape().getBytes(StandardCharsets.UTF_8), PROMETHEUS_TEXT);
  }

  Reply openapi(Call call) {
    return Reply.bytes(200, openapi, "application/yaml");
  }

  /** The OpenAPI document shipped in this module's jar. */
  static byte[] openapiDocument() {
    try (InputStream in = OpsRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
