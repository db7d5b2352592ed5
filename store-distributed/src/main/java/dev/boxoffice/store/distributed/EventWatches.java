package dev.boxoffice.store.distributed;

import dev.boxoffice.core.Watch;
import dev.boxoffice.core.event.EventId;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Watchers by event, for state that lives in Redis: each event someone watches is looked at every
 * {@code every}, on one thread of its own, and at once when asked ({@link #lookNow}, on a signal
 * from another server); an event nobody watches any more stops being looked at.
 *
 * <p>Thread policy: thread-safe; each event's looks run one at a time, on the watches' thread.
 *
 * @param <W> a watcher
 */
final class EventWatches<W> implements AutoCloseable {
  /** One event's look: reads its state and tells the watchers it concerns. */
  @FunctionalInterface
  interface Look<W> {
    /** Looks once; may keep what it saw for the next look, which runs on the same thread. */
    void look(Set<W> watchers);
  }

  private final Duration every;
  private final Function<EventId, Look<W>> looks;
  private final Map<EventId, Watched> watched = new ConcurrentHashMap<>();
  private final ScheduledExecutorService thread;

  /** Watches looked at every {@code every} by a look {@code looks} makes for each event. */
  EventWatches(String name, Duration every, Function<EventId, Look<W>> looks) {
    this.every = every;
    this.looks = looks;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name(name).factory());
  }

  /** Adds {@code watcher} to the watchers of {@code event} until the watch is closed. */
  Watch add(EventId event, W watcher) {
    Watched one =
        watched.compute(
            event,
            (id, existing) -> {
              Watched looked = existing;
              if (looked == null) {
                looked = new Watched(id, looks.apply(id));
                looked.task =
                    thread.scheduleWithFixedDelay(
                        looked::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
              }
              looked.watchers.add(watcher);
              return looked;
            });
    return () -> one.watchers.remove(watcher);
  }

  /** Looks at {@code event} now, if anyone watches it. */
  void lookNow(EventId event) {
    Watched one = watched.get(event);
    if (one != null) {
      thread.execute(one::tick);
    }
  }

  /** One event's watchers and its look. */
  private final class Watched {
    final EventId event;
    final Look<W> look;
    final Set<W> watchers = ConcurrentHashMap.newKeySet();
    volatile ScheduledFuture<?> task;

    Watched(EventId event, Look<W> look) {
      this.event = event;
      this.look = look;
    }

    void tick() {
      // An event nobody watches any more stops being looked at (atomically with a new watch).
      watched.computeIfPresent(event, (id, w) -> w.watchers.isEmpty() ? null : w);
      if (watched.get(event) != this) {
        task.cancel(false);
        return;
      }
      look.look(watchers);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
