package dev.boxoffice.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each scenario end to end against {@link FakeBoxoffice}: a correct server passes every check, and
 * a server with one fault fails the check that guards against it.
 */
class ScenarioRunTest {
  private static final byte[] KEY = key();

  @Test
  void ceilingAgainstAHealthyServerPassesAndCountsEveryRequest() throws Exception {
    Report report = run("ceiling", FakeBoxoffice.Fault.NONE, settings(4, 0));
    assertThat(report.passed()).as(report.toText()).isTrue();
    assertThat(report.requests()).isPositive();
    assertThat(report.statusCodes()).containsOnlyKeys("200");
    assertThat(report.latency().p99Ms()).isPositive();
  }

  @Test
  void openLoopSendsAtTheTargetRate() throws Exception {
    Report report = run("ceiling", FakeBoxoffice.Fault.NONE, settings(4, 200));
    assertThat(report.mode()).isEqualTo("open");
    // 200/s for 1 s: 200 scheduled; allow for the last few missing the deadline.
    assertThat(report.requests()).isBetween(185L, 200L);
  }

  @Test
  void aWarmUpIsNotCountedInTheReport() throws Exception {
    Settings warm = settings(2, Duration.ofMillis(500), 0, Duration.ofMillis(1000));
    Report report = run("ceiling", FakeBoxoffice.Fault.NONE, warm);
    assertThat(report.passed()).as(report.toText()).isTrue();
    assertThat(report.seconds()).isLessThan(0.9);
    // seconds is rounded to the millisecond, so allow 1%; counting the warm-up would be 3x off.
    assertThat(report.throughput())
        .isCloseTo(report.requests() / report.seconds(), withinPercentage(1));
  }

  @Test
  void reservedAgainstAHealthyServerPassesEveryCheck() throws Exception {
    Report report = run("reserved", FakeBoxoffice.Fault.NONE, settings(4, 0));
    assertThat(report.passed()).as(report.toText()).isTrue();
    assertThat(report.checks()).hasSizeGreaterThanOrEqualTo(6);
    assertThat(report.operations()).containsKeys("read", "hold", "complete");
  }

  @Test
  void reservedHoldsOnlyLeavesEveryHoldToExpireAndPassesEveryCheck() throws Exception {
    Settings s = settings(4, 0);
    Settings holdsOnly =
        new Settings(
            s.connections(),
            s.duration(),
            s.rate(),
            s.items(),
            s.users(),
            s.capacity(),
            s.holdTtl(),
            0,
            true,
            false,
            s.warmup());
    Report report = run("reserved", FakeBoxoffice.Fault.NONE, holdsOnly);
    assertThat(report.passed()).as(report.toText()).isTrue();
    assertThat(report.operations()).containsOnlyKeys("hold");
    assertThat(report.figures().get("holdsAbandoned"))
        .isEqualTo(report.figures().get("holdsGranted"));
    assertThat(report.figures().get("ordersAcknowledged")).isEqualTo(0);
  }

  @Test
  void reservedNoticesOrdersMissingFromTheOwnersList() throws Exception {
    Report report = run("reserved", FakeBoxoffice.Fault.FORGETS_ORDERS, settings(4, 0));
    assertThat(failed(report)).contains("every acknowledged order is listed by its owner");
  }

  @Test
  void reservedNoticesHoldsThatNeverExpire() throws Exception {
    Report report = run("reserved", FakeBoxoffice.Fault.KEEPS_HOLDS, settings(4, 0));
    assertThat(failed(report)).contains("no hold outlives its TTL by more than 1 s");
  }

  @Test
  void flashAgainstAHealthyServerSellsExactlyTheItems() throws Exception {
    Report report = run("flash", FakeBoxoffice.Fault.NONE, settings(8, 0));
    assertThat(report.passed()).as(report.toText()).isTrue();
    assertThat(report.figures()).containsEntry("ordersAcknowledged", 50);
  }

  @Test
  void flashWarmsUpOnAnotherEventAndStillSellsExactlyTheItems() throws Exception {
    Settings warm = settings(8, Duration.ofSeconds(5), 0, Duration.ofMillis(500));
    Report report = run("flash", FakeBoxoffice.Fault.NONE, warm);
    assertThat(report.passed()).as(report.toText()).isTrue();
    assertThat(report.figures()).containsEntry("ordersAcknowledged", 50);
  }

  @Test
  void flashNoticesAnOversellingServerAndBotsGainingFromIt() throws Exception {
    Scenario flash = Scenarios.create("flash").orElseThrow();
    ((FlashScenario.Options) flash.options().orElseThrow()).bots = 0.25;
    Report report = run(flash, FakeBoxoffice.Fault.OVERSELLS, settings(8, 0));
    assertThat(failed(report)).contains("exactly 50 orders", "no user has two orders");
    assertThat(report.figures().get("botRetriesGranted")).isNotEqualTo(0L);
  }

  @Test
  void flashByHoldsNoticesAnOversellingServer() throws Exception {
    Scenario flash = Scenarios.create("flash").orElseThrow();
    ((FlashScenario.Options) flash.options().orElseThrow()).flow = FlashScenario.Flow.HOLD;
    Report report = run(flash, FakeBoxoffice.Fault.OVERSELLS, settings(8, 0));
    assertThat(failed(report)).contains("exactly 50 orders", "no user has two orders");
  }

  private static java.util.List<String> failed(Report report) {
    return report.checks().stream().filter(c -> !c.passed()).map(Check::name).toList();
  }

  private static Settings settings(int connections, double rate) {
    return settings(connections, Duration.ofSeconds(1), rate, Duration.ZERO);
  }

  /** 50 items, 400 users, capacity 100,000, 1 s holds, half reads, no restart check. */
  private static Settings settings(
      int connections, Duration duration, double rate, Duration warmup) {
    return new Settings(
        connections,
        duration,
        rate,
        50,
        400,
        100_000,
        Duration.ofSeconds(1),
        0.5,
        false,
        false,
        warmup);
  }

  private static Report run(String scenario, FakeBoxoffice.Fault fault, Settings settings)
      throws Exception {
    return run(Scenarios.create(scenario).orElseThrow(), fault, settings);
  }

  private static Report run(Scenario scenario, FakeBoxoffice.Fault fault, Settings settings)
      throws Exception {
    try (FakeServer server = new FakeServer(new FakeBoxoffice(KEY, fault))) {
      Run run = new Run(server.target(), FakeBoxoffice.ADMIN_KEY, Tokens.withKey(KEY), settings);
      StringWriter log = new StringWriter();
      Report report =
          LoadtestCommand.execute(
              scenario,
              run,
              LoadtestCommand.Restart.NONE,
              new PrintWriter(Writer.nullWriter()),
              new PrintWriter(log));
      System.out.println(log);
      System.out.println(report.toText());
      return report;
    }
  }

  private static byte[] key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
