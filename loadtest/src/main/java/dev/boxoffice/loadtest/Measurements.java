package dev.boxoffice.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run measured: per operation ("read", "hold", "complete") a latency histogram, a request
 * count and the status codes seen; for the whole run the transport errors by kind and the outcomes
 * a scenario called unexpected.
 *
 * <p>Workers record with wait-free HdrHistogram {@link Recorder}s and {@link LongAdder}s, so
 * recording costs tens of nanoseconds and never blocks. {@link #sample} moves what was recorded
 * since the last sample into cumulative histograms; the progress line and the final report read
 * those.
 *
 * <p>Thread policy: {@code record*}, {@link #transportError} and {@link #unexpected} from any
 * thread; {@link #sample} and the readers of cumulative figures are guarded by {@code lock}.
 */
final class Measurements {
  private final ConcurrentHashMap<String, Operation> operations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final ReentrantLock lock = new ReentrantLock();
  private final Histogram all = LatencySummary.newHistogram(); // guarded by lock

  /** One operation's recorders and, guarded by the outer lock, its cumulative histogram. */
  private static final class Operation {
    final Recorder recorder = new Recorder(3);
    final LongAdder count = new LongAdder();

    /** Per status code; adders, since every worker bumps the same few codes. */
    final LongAdder[] statuses = newAdders(600);

    final Histogram total = LatencySummary.newHistogram();
    Histogram spare;
  }

  /** A response to operation {@code op} with {@code status}, which took {@code nanos}. */
  void record(String op, int status, long nanos) {
    Operation o = operation(op);
    o.recorder.recordValue(Math.max(1, nanos));
    o.count.increment();
    requests.increment();
    if (status >= 100 && status < 600) {
      o.statuses[status].increment();
    }
    if (status >= 500) {
      failures.increment();
    }
  }

  /** A request of {@code op} that got no response: {@code kind} is "timeout", "connect", ... */
  void transportError(String op, String kind) {
    operation(op).count.increment();
    requests.increment();
    failures.increment();
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /** An outcome the scenario did not expect (a second order for one user, a bad body...). */
  void unexpected(String kind) {
    failures.increment();
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long requests() {
    return requests.sum();
  }

  /** Requests of operation {@code op} so far, answered or not. */
  long count(String op) {
    Operation o = operations.get(op);
    return o == null ? 0 : o.count.sum();
  }

  /** Transport errors, 5xx responses and unexpected outcomes so far. */
  long failures() {
    return failures.sum();
  }

  /** Moves what was recorded since the last call into the cumulative histograms. */
  void sample() {
    lock.lock();
    try {
      for (Operation o : operations.values()) {
        o.spare = o.recorder.getIntervalHistogram(o.spare);
        o.total.add(o.spare);
        all.add(o.spare);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Latency of all operations, as of the last {@link #sample}. */
  LatencySummary latency() {
    lock.lock();
    try {
      return LatencySummary.of(all);
    } finally {
      lock.unlock();
    }
  }

  /** Per operation: count, rate over {@code nanos}, latency and status codes. */
  Map<String, Report.OperationReport> operations(long nanos) {
    lock.lock();
    try {
      Map<String, Report.OperationReport> out = new TreeMap<>();
      operations.forEach(
          (name, o) -> {
            long count = o.count.sum();
            out.put(
                name,
                new Report.OperationReport(
                    count,
                    Rates.round1(Rates.perSecond(count, nanos)),
                    LatencySummary.of(o.total),
                    statuses(o)));
          });
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Status codes over all operations. */
  Map<String, Long> statusCodes() {
    Map<String, Long> out = new TreeMap<>();
    for (Operation o : operations.values()) {
      statuses(o).forEach((code, n) -> out.merge(code, n, Long::sum));
    }
    return out;
  }

  /** Transport errors and unexpected outcomes by kind. */
  Map<String, Long> errors() {
    Map<String, Long> out = new TreeMap<>();
    errors.forEach((kind, n) -> out.put(kind, n.sum()));
    return out;
  }

  private static Map<String, Long> statuses(Operation o) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int code = 0; code < o.statuses.length; code++) {
      long n = o.statuses[code].sum();
      if (n > 0) {
        out.put(Integer.toString(code), n);
      }
    }
    return out;
  }

  private static LongAdder[] newAdders(int n) {
    LongAdder[] adders = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  private Operation operation(String op) {
    Operation o = operations.get(op);
    return o != null ? o : operations.computeIfAbsent(op, k -> new Operation());
  }
}
