package dev.boxoffice.app;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracing, when configured: the OpenTelemetry SDK, set up by its autoconfiguration from {@code
 * --otlp-endpoint} and {@code --trace-sample} and from the standard {@code OTEL_*} variables, then
 * made the process's global OpenTelemetry, which the HTTP layer and the store trace through. Spans
 * go over OTLP/HTTP (protobuf, or JSON with {@code OTEL_EXPORTER_OTLP_PROTOCOL=http/json}; gRPC is
 * not built in) as service {@code boxoffice} with {@code service.instance.id} the server's name;
 * metrics and logs stay with Prometheus and standard output. Off unless an endpoint or exporter is
 * named; off, the global OpenTelemetry is the no-op one and a request costs a few no-op calls.
 *
 * <p>Thread policy: built and closed by the serving thread.
 */
final class Tracing implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Tracing.class);
  static final Tracing OFF = new Tracing(null);

  private final OpenTelemetrySdk sdk;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  /**
   * Starts tracing if {@code endpoint} is given or {@code env} names an OTLP endpoint or an
   * exporter; else {@link #OFF}.
   *
   * @param sample the share of new traces recorded (a caller's sampled trace is always followed),
   *     or null for OpenTelemetry's default (or {@code OTEL_TRACES_SAMPLER})
   */
  static Tracing start(URI endpoint, Double sample, String instance, Map<String, String> env) {
    if (!wanted(endpoint, env)) {
      log.info("tracing: off (no --otlp-endpoint nor OTEL_EXPORTER_OTLP_ENDPOINT)");
      return OFF;
    }
    Map<String, String> defaults =
        Map.of(
            "otel.service.name", "boxoffice",
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");
    Map<String, String> flags = new HashMap<>();
    if (endpoint != null) {
      flags.put("otel.exporter.otlp.endpoint", endpoint.toString());
      flags.put("otel.traces.exporter", "otlp");
    }
    if (sample != null) {
      flags.put("otel.traces.sampler", "parentbased_traceidratio");
      flags.put("otel.traces.sampler.arg", Double.toString(sample));
    }
    OpenTelemetrySdk sdk;
    try {
      sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> defaults)
              .addPropertiesCustomizer(config -> flags)
              .addResourceCustomizer(
                  (resource, config) ->
                      resource.merge(
                          Resource.create(
                              Attributes.of(
                                  AttributeKey.stringKey("service.instance.id"), instance))))
              .setResultAsGlobal()
              .build()
              .getOpenTelemetrySdk();
    } catch (ConfigurationException e) {
      throw new Config.ConfigException(
          "tracing: "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
              + " (OTLP goes over HTTP: OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf or http/json)");
    }
    log.atInfo()
        .addKeyValue("endpoint", endpoint != null ? endpoint.toString() : "from OTEL_* variables")
        .addKeyValue("sample", sample != null ? sample.toString() : "OTEL_TRACES_SAMPLER or all")
        .log("tracing: exporting spans over OTLP");
    return new Tracing(sdk);
  }

  private static boolean wanted(URI endpoint, Map<String, String> env) {
    if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", ""))) {
      return false;
    }
    String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "").strip().toLowerCase(Locale.ROOT);
    return endpoint != null
        || env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
        || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        || !(exporter.isEmpty() || exporter.equals("none"));
  }

  /** Sends the spans not yet sent, then stops. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
