package dev.boxoffice.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportMathTest {
  @Test
  void percentilesOfOneToTenThousandMicrosecondsAreWhereTheyShouldBe() {
    Histogram h = LatencySummary.newHistogram();
    for (long micros = 1; micros <= 10_000; micros++) {
      h.recordValue(micros * 1_000);
    }
    LatencySummary s = LatencySummary.of(h);
    assertThat(s.count()).isEqualTo(10_000);
    assertThat(s.p50Ms()).isCloseTo(5.0, within(0.01));
    assertThat(s.p90Ms()).isCloseTo(9.0, within(0.01));
    assertThat(s.p99Ms()).isCloseTo(9.9, within(0.01));
    assertThat(s.p999Ms()).isCloseTo(9.99, within(0.01));
    assertThat(s.maxMs()).isCloseTo(10.0, within(0.01));
    assertThat(s.meanMs()).isCloseTo(5.0, within(0.01));
  }

  @Test
  void oneSlowRequestInAThousandShowsAtTheTailOnly() {
    Histogram h = LatencySummary.newHistogram();
    for (int i = 0; i < 999; i++) {
      h.recordValue(1_000_000); // 1 ms
    }
    h.recordValue(2_000_000_000L); // 2 s
    LatencySummary s = LatencySummary.of(h);
    assertThat(s.p99Ms()).isCloseTo(1.0, within(0.01));
    assertThat(s.maxMs()).isCloseTo(2000.0, within(2.0));
    assertThat(s.p999Ms()).isCloseTo(1.0, within(0.01));
  }

  @Test
  void anEmptyHistogramSummarisesToZeros() {
    assertThat(LatencySummary.of(LatencySummary.newHistogram())).isEqualTo(LatencySummary.EMPTY);
  }

  @Test
  void ratesAreCountsOverSeconds() {
    assertThat(Rates.perSecond(1_000, 2_000_000_000L)).isEqualTo(500.0);
    assertThat(Rates.perSecond(3, 1_500_000_000L)).isEqualTo(2.0);
    assertThat(Rates.perSecond(10, 0)).isZero();
    assertThat(Rates.round1(41_234.56)).isEqualTo(41_234.6);
  }

  @Test
  void measurementsCountStatusesErrorsAndLatencyPerOperation() {
    Measurements m = new Measurements();
    m.record("hold", 201, 2_000_000);
    m.record("hold", 409, 1_000_000);
    m.record("complete", 201, 3_000_000);
    m.record("complete", 503, 3_000_000);
    m.transportError("hold", "timeout");
    m.unexpected("second-hold-granted");
    m.sample();

    assertThat(m.requests()).isEqualTo(5);
    assertThat(m.failures()).isEqualTo(3); // the 503, the timeout, the unexpected outcome
    assertThat(m.statusCodes()).containsEntry("201", 2L).containsEntry("409", 1L);
    assertThat(m.errors()).containsEntry("timeout", 1L).containsEntry("second-hold-granted", 1L);
    Map<String, Report.OperationReport> ops = m.operations(1_000_000_000L);
    assertThat(ops.get("hold").requests()).isEqualTo(3);
    assertThat(ops.get("hold").throughput()).isEqualTo(3.0);
    assertThat(ops.get("hold").latency().count()).isEqualTo(2);
    assertThat(ops.get("complete").latency().p50Ms()).isCloseTo(3.0, within(0.01));
    assertThat(m.latency().count()).isEqualTo(4);
  }

  @Test
  void sampledLatencyAccumulatesAcrossSamples() {
    Measurements m = new Measurements();
    m.record("live", 200, 1_000_000);
    m.sample();
    m.record("live", 200, 1_000_000);
    m.sample();
    assertThat(m.latency().count()).isEqualTo(2);
  }

  @Test
  void theJsonReportCarriesEveryFigureAndTheVerdict() throws Exception {
    Report report =
        new Report(
            "flash",
            "http://127.0.0.1:1",
            "2026-01-01T00:00:00Z",
            "closed",
            8,
            0,
            1.5,
            300,
            200.0,
            new LatencySummary(300, 1, 1, 2, 3, 4, 5),
            Map.of(),
            Map.of("201", 300L),
            Map.of(),
            Map.of("lastOrderSeconds", 0.9),
            List.of(Check.pass("a", "fine"), Check.fail("b", "broken")));
    JsonNode json = Run.JSON.readTree(report.toJson());
    assertThat(json.path("passed").asBoolean(true)).isFalse();
    assertThat(json.path("latency").path("p999Ms").asDouble()).isEqualTo(4.0);
    assertThat(json.path("statusCodes").path("201").asLong()).isEqualTo(300);
    assertThat(json.path("checks").get(1).path("passed").asBoolean(true)).isFalse();
    assertThat(json.path("figures").path("lastOrderSeconds").asDouble()).isEqualTo(0.9);
    assertThat(report.toText()).contains("FAIL  b: broken", "Result     FAIL");
  }
}
