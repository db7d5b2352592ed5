package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Watch;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who waits for a change to their standing in a feature of an event (a lottery's result, a place in
 * a waiting room), and telling them: a change may concern one user or everyone in the event.
 * Callbacks are run on a virtual thread of their own after a change is signalled; signals that come
 * while one is waiting to be told are coalesced into it, so a decision that changes a key many
 * times (a draw making thousands of offers) tells each watcher about once, and a signal nobody
 * watches costs one map lookup. A deciding thread signals under its event's lock and never runs a
 * callback itself.
 *
 * <p>Thread policy: thread-safe.
 */
final class Watchers {
  private final Map<Object, Set<Runnable>> byKey = new ConcurrentHashMap<>();
  private final Set<Object> pending = ConcurrentHashMap.newKeySet();
  private final String threadName;

  private record Watcher(EventId event, UserId user) {}

  Watchers(String threadName) {
    this.threadName = threadName;
  }

  /**
   * Tells {@code changed} of each later signal to {@code user} in {@code event}, or to everyone in
   * it, until the watch is closed.
   */
  Watch watch(EventId event, UserId user, Runnable changed) {
    Watch own = watch(new Watcher(event, user), changed);
    Watch all = watch(event, changed);
    return () -> {
      own.close();
      all.close();
    };
  }

  /** Tells the watchers of {@code user} in {@code event}, soon, on another thread. */
  void signal(EventId event, UserId user) {
    signal(new Watcher(event, user));
  }

  /** Tells everyone watching in {@code event}, soon, on another thread. */
  void signalAll(EventId event) {
    signal(event);
  }

  private Watch watch(Object key, Runnable changed) {
    byKey.compute(
        key,
        (k, set) -> {
          Set<Runnable> to = set == null ? ConcurrentHashMap.newKeySet() : set;
          to.add(changed);
          return to;
        });
    return () ->
        byKey.computeIfPresent(
            key,
            (k, set) -> {
              set.remove(changed);
              return set.isEmpty() ? null : set;
            });
  }

  private void signal(Object key) {
    if (byKey.containsKey(key) && pending.add(key)) {
      Thread.ofVirtual()
          .name(threadName)
          .start(
              () -> {
                pending.remove(key);
                byKey.getOrDefault(key, Set.of()).forEach(Runnable::run);
              });
    }
  }
}
