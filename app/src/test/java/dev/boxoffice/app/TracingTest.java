package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When tracing stays off: nothing configured, an exporter of {@code none}, or the SDK disabled by
 * its standard variable even with an endpoint. (On, it is tested in a server process of its own,
 * {@link TracingExportTest}, as it sets the process's global OpenTelemetry.)
 */
class TracingTest {
  @Test
  void nothingConfiguredIsOff() {
    assertThat(Tracing.start(null, null, "box-1", Map.of())).isSameAs(Tracing.OFF);
  }

  @Test
  void anExporterOfNoneIsOff() {
    assertThat(Tracing.start(null, 0.5, "box-1", Map.of("OTEL_TRACES_EXPORTER", "none")))
        .isSameAs(Tracing.OFF);
  }

  @Test
  void theSdkDisabledIsOffWhateverElseIsSet() {
    assertThat(
            Tracing.start(
                URI.create("http://127.0.0.1:4318"),
                null,
                "box-1",
                Map.of("OTEL_SDK_DISABLED", "true", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://x")))
        .isSameAs(Tracing.OFF);
  }
}
