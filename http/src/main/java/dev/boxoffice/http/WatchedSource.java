package dev.boxoffice.http;

import dev.boxoffice.core.Watch;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * An {@link EventSource} that sends what a port's state says, looking again whenever the port tells
 * of a change ({@code Watch}) and when a wait of its own runs out, so that a client waiting for
 * news is pushed it without the server polling for every client. One virtual thread per stream runs
 * its {@link Step}s; closing the stream wakes it, and it closes the watch.
 */
public final class WatchedSource {
  /** How long a stream waits to look again after a look failed (a store's service down). */
  static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

  private WatchedSource() {}

  /** One look at the state: it sends what it must and says when to look again. */
  @FunctionalInterface
  public interface Step {
    /**
     * @return how many milliseconds to wait for a change before looking again, or a negative number
     *     when the stream is over
     */
    long look(EventSource.Sink sink);
  }

  /**
   * The source of one stream: {@code watch} registers the callback that tells of a change, {@code
   * step} looks. A look that fails (a store's service down) is taken again after {@link
   * #AFTER_FAILURE}, the stream kept: its client is told once the store answers again.
   */
  public static EventSource of(String name, Function<Runnable, Watch> watch, Step step) {
    return sink -> {
      AtomicBoolean closed = new AtomicBoolean();
      Semaphore changed = new Semaphore(0);
      Watch watching = watch.apply(changed::release);
      Thread.ofVirtual()
          .name(name)
          .start(
              () -> {
                try (watching) {
                  while (!closed.get()) {
                    long wait;
                    try {
                      wait = step.look(sink);
                    } catch (RuntimeException e) {
                      wait = AFTER_FAILURE.toMillis();
                    }
                    if (wait < 0) {
                      return;
                    }
                    changed.tryAcquire(wait, TimeUnit.MILLISECONDS);
                    changed.drainPermits();
                  }
                } catch (InterruptedException e) {
                  // closed while it waited
                }
              });
      return () -> {
        closed.set(true);
        changed.release();
      };
    };
  }
}
