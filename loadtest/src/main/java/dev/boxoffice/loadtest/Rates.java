package dev.boxoffice.loadtest;

/** Throughput arithmetic shared by progress lines and reports. Stateless. */
final class Rates {
  private Rates() {}

  /** {@code count} events over {@code nanos} nanoseconds, per second; 0 when no time passed. */
  static double perSecond(long count, long nanos) {
    if (nanos <= 0) {
      return 0;
    }
    return count * 1_000_000_000.0 / nanos;
  }

  /** {@code value} rounded to one decimal, for reports. */
  static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
