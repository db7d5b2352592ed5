package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Watch;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who waits for a change to what: callbacks by key, told on a virtual thread of their own after a
 * change to that key is {@linkplain #signal signalled}. Signals that come while one is waiting to
 * be told are coalesced into it, so a decision that changes a key many times (a draw making
 * thousands of offers) tells each watcher about once, and a signal nobody watches costs one map
 * lookup. A deciding thread signals under its event's lock and never runs a callback itself.
 *
 * <p>Thread policy: thread-safe.
 */
final class Watchers<K> {
  private final Map<K, Set<Runnable>> byKey = new ConcurrentHashMap<>();
  private final Set<K> pending = ConcurrentHashMap.newKeySet();
  private final String threadName;

  Watchers(String threadName) {
    this.threadName = threadName;
  }

  /** Tells {@code changed} of each later signal of {@code key}, until the watch is closed. */
  Watch watch(K key, Runnable changed) {
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

  /** Has the watchers of {@code key} told, soon, on another thread. */
  void signal(K key) {
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
