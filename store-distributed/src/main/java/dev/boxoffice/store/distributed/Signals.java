package dev.boxoffice.store.distributed;

import dev.boxoffice.core.event.EventId;
import java.util.function.Consumer;

/**
 * Tells every server of a deployment that something of an event's changed (a lottery drawn or an
 * offer passed on, a waiting room's admissions), so that each server's watchers of it look at once
 * rather than at their next look. A hint only: a signal lost delays a push to that next look.
 *
 * <p>Thread policy: thread-safe.
 */
interface Signals {
  /** No signals: watchers look at their own pace. */
  Signals NONE =
      new Signals() {
        @Override
        public void signal(String topic, EventId event) {}

        @Override
        public void onSignal(String topic, Consumer<EventId> listener) {}
      };

  /** Tells every server, this one included, that {@code event} changed in {@code topic}. */
  void signal(String topic, EventId event);

  /**
   * Calls {@code listener} with the event of each signal of {@code topic}, on a thread of its own.
   */
  void onSignal(String topic, Consumer<EventId> listener);
}
