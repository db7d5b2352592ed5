package dev.boxoffice.loadtest;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of a histogram of nanoseconds, in milliseconds. HdrHistogram keeps three
 * significant digits, so every figure here is within 0.1% of the true value.
 */
public record LatencySummary(
    long count,
    double meanMs,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs) {

  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

  /** The summary of {@code nanos}, a histogram of latencies in nanoseconds. */
  public static LatencySummary of(Histogram nanos) {
    if (nanos.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        nanos.getTotalCount(),
        millis(nanos.getMean()),
        millis((double) nanos.getValueAtPercentile(50)),
        millis((double) nanos.getValueAtPercentile(90)),
        millis((double) nanos.getValueAtPercentile(99)),
        millis((double) nanos.getValueAtPercentile(99.9)),
        millis((double) nanos.getMaxValue()));
  }

  /** A new histogram for latencies in nanoseconds, three significant digits, growing as needed. */
  public static Histogram newHistogram() {
    return new Histogram(3);
  }

  private static double millis(double nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
