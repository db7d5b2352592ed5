package dev.boxoffice.loadtest;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a scenario's steps from {@code connections} workers, each on its own thread and keep-alive
 * connection, until the duration is over or the scenario runs out of work, printing progress once a
 * second.
 *
 * <p>Closed loop: each worker starts its next step as soon as the last one finished. Open loop
 * ({@code rate > 0}): the schedule is fixed in advance, one step every {@code 1/rate} seconds
 * spread round-robin over the workers, and latency is measured from the scheduled time; a worker
 * that falls behind sends its late steps at once, and their waiting shows in the percentiles.
 *
 * <p>Thread policy: {@link #run} is called by one thread, which owns the workers it starts.
 */
final class LoadGenerator {
  private final Scenario scenario;
  private final Run run;
  private final PrintWriter progress;

  /** The load's start (wall clock and {@link System#nanoTime}) and how long it ran. */
  record Outcome(Instant startedAt, long startNanos, long elapsedNanos) {}

  LoadGenerator(Scenario scenario, Run run, PrintWriter progress) {
    this.scenario = scenario;
    this.run = run;
    this.progress = progress;
  }

  Outcome run() throws InterruptedException {
    Settings settings = run.settings();
    int n = settings.connections();
    long durationNanos = settings.duration().toNanos();
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> crash = new AtomicReference<>();
    SplittableRandom seeds = new SplittableRandom();
    double periodNanos = settings.openLoop() ? 1e9 / settings.rate() : 0;
    long warmupNanos = settings.warmup().toNanos();
    long start = System.nanoTime();
    long measuredFrom = start + warmupNanos;
    long deadline = measuredFrom + durationNanos;
    run.loadStarted(start);
    if (warmupNanos > 0) {
      run.startWarmUp();
    }
    Thread.Builder builder =
        settings.platformThreads()
            ? Thread.ofPlatform().name("loadtest-worker-", 0).daemon(true)
            : Thread.ofVirtual().name("loadtest-worker-", 0);
    List<Thread> threads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Worker worker = new Worker(i, run, seeds.split());
      int index = i;
      threads.add(
          builder.start(
              () -> {
                try {
                  work(worker, index, n, start, deadline, periodNanos, done);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) {
                  crash.compareAndSet(null, e);
                  done.set(true);
                } finally {
                  worker.close();
                }
              }));
    }
    Thread reporter =
        Thread.ofPlatform()
            .name("loadtest-progress")
            .daemon(true)
            .start(() -> report(start, measuredFrom, threads));
    if (warmupNanos > 0) {
      long left;
      while ((left = measuredFrom - System.nanoTime()) > 0 && !done.get()) {
        LockSupport.parkNanos(left);
      }
      run.startMeasuring(System.nanoTime());
    }
    Instant startedAt = Instant.now();
    long measuredStart = run.loadStartNanos();
    long joinBy = deadline + Client.TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5);
    for (Thread t : threads) {
      long left = joinBy - System.nanoTime();
      if (left > 0) {
        t.join(Duration.ofNanos(left));
      }
      if (t.isAlive()) {
        t.interrupt();
      }
    }
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(5));
    }
    long elapsed = System.nanoTime() - measuredStart;
    reporter.interrupt();
    reporter.join(Duration.ofSeconds(5));
    run.measurements().sample();
    if (crash.get() != null) {
      throw new IllegalStateException("a worker failed: " + crash.get(), crash.get());
    }
    return new Outcome(startedAt, measuredStart, elapsed);
  }

  private void work(
      Worker worker,
      int index,
      int n,
      long start,
      long deadline,
      double periodNanos,
      AtomicBoolean done)
      throws InterruptedException {
    long k = 0;
    while (!done.get()) {
      if (periodNanos > 0) {
        long intended = start + (long) ((k * n + index) * periodNanos);
        k++;
        if (intended >= deadline) {
          return;
        }
        long wait = intended - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }
        worker.intendedStart(intended);
      } else if (System.nanoTime() >= deadline) {
        return;
      }
      if (!scenario.step(worker)) {
        done.set(true);
        return;
      }
    }
  }

  /** Prints one line a second until interrupted. */
  private void report(long start, long measuredFrom, List<Thread> threads) {
    Measurements m = run.measurements();
    long lastRequests = 0;
    long lastNanos = start;
    long next = start + TimeUnit.SECONDS.toNanos(1);
    while (true) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      if (System.nanoTime() < next) {
        continue;
      }
      next += TimeUnit.SECONDS.toNanos(1);
      if (m != run.measurements()) {
        // The warm-up just ended: start counting afresh, and print from the next second.
        m = run.measurements();
        lastRequests = 0;
        lastNanos = run.loadStartNanos();
        continue;
      }
      m.sample();
      long now = System.nanoTime();
      long requests = m.requests();
      progress.printf(
          Locale.ROOT,
          (now < measuredFrom ? "warm-up " : "")
              + "[%4.0fs] %,12d requests  %,10.0f req/s  %,d errors  p99 %.3f ms%n",
          (now - start) / 1e9,
          requests,
          Rates.perSecond(requests - lastRequests, now - lastNanos),
          m.failures(),
          m.latency().p99Ms());
      progress.flush();
      lastRequests = requests;
      lastNanos = now;
      if (threads.stream().noneMatch(Thread::isAlive)) {
        return;
      }
    }
  }
}
