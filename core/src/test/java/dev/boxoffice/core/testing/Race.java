package dev.boxoffice.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs {@code n} tasks on {@code n} threads, all released at once, and collects their results in
 * task order. Every thread first waits at a start line until all {@code n} are ready, so the tasks
 * truly overlap instead of running one after another as threads start.
 *
 * <p>A race is bounded: if it does not finish within its timeout, its threads are interrupted and
 * the race fails with an {@link AssertionError}. A task that throws fails the race with that
 * exception as the cause. Each call uses its own threads; nothing is shared between races.
 */
public final class Race {
  /** Which threads the racers run on. */
  public enum Threads {
    VIRTUAL,
    PLATFORM
  }

  /** How long a race may take before it fails. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private Race() {}

  /** Races {@code racers} tasks on virtual threads; {@code task} gets the racer's index. */
  public static <T> List<T> of(int racers, IntFunction<T> task) throws InterruptedException {
    return run(racers, Threads.VIRTUAL, DEFAULT_TIMEOUT, task);
  }

  /** Races {@code racers} tasks on platform threads, one per racer. */
  public static <T> List<T> onPlatformThreads(int racers, IntFunction<T> task)
      throws InterruptedException {
    return run(racers, Threads.PLATFORM, DEFAULT_TIMEOUT, task);
  }

  /** Races {@code racers} tasks on the given kind of threads, failing after {@code timeout}. */
  public static <T> List<T> run(int racers, Threads threads, Duration timeout, IntFunction<T> task)
      throws InterruptedException {
    if (racers < 1) {
      throw new IllegalArgumentException("racers must be positive: " + racers);
    }
    ThreadFactory factory =
        switch (threads) {
          case VIRTUAL -> Thread.ofVirtual().name("racer-", 0).factory();
          case PLATFORM -> Thread.ofPlatform().name("racer-", 0).daemon().factory();
        };
    long deadline = System.nanoTime() + timeout.toNanos();
    CountDownLatch ready = new CountDownLatch(racers);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService executor = Executors.newThreadPerTaskExecutor(factory);
    try {
      List<Future<T>> futures = new ArrayList<>(racers);
      for (int i = 0; i < racers; i++) {
        int index = i;
        futures.add(
            executor.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return task.apply(index);
                }));
      }
      if (!ready.await(remaining(deadline), TimeUnit.NANOSECONDS)) {
        throw new AssertionError("racers not ready within " + timeout);
      }
      go.countDown();
      List<T> results = new ArrayList<>(racers);
      for (int i = 0; i < racers; i++) {
        try {
          results.add(futures.get(i).get(remaining(deadline), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
          throw new AssertionError("racer " + i + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError("race did not finish within " + timeout, e);
        }
      }
      return results;
    } finally {
      // Not close(): it would wait for a stuck racer forever, and the race must stay bounded.
      executor.shutdownNow();
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }
}
