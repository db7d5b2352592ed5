package dev.boxoffice.loadtest;

import java.time.Duration;
import java.util.List;

/**
 * {@code ceiling}: {@code GET /health/live} as fast as the connections go. The route does no work,
 * so this is the server's raw HTTP ceiling on this machine, the reference the other scenarios are
 * reported against.
 *
 * <p>Thread policy: stateless apart from the request built in {@link #setup}.
 */
final class CeilingScenario implements Scenario {
  private volatile Request live;

  @Override
  public String name() {
    return "ceiling";
  }

  @Override
  public String description() {
    return "GET /health/live as fast as possible: the raw HTTP ceiling, the reference for"
        + " ratios (32 connections, 10 s).";
  }

  @Override
  public int defaultConnections() {
    return 32;
  }

  @Override
  public Duration defaultDuration() {
    return Duration.ofSeconds(10);
  }

  @Override
  public void setup(Run run) {
    live = Request.get(run.host(), "/health/live", null);
  }

  @Override
  public boolean step(Worker worker) throws InterruptedException {
    worker
        .send("live", live)
        .filter(r -> r.status() != 200)
        .ifPresent(r -> worker.unexpected("live-" + r.status()));
    return true;
  }

  @Override
  public List<Check> check(Run run) {
    return List.of();
  }
}
