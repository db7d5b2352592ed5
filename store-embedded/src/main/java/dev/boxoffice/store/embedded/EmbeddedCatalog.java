package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Events;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Events} port in memory, made durable by the {@link Journal}. An event is readable only
 * once its record is durable: until then its id is reserved, so a second event with the same id is
 * refused, and nobody can see the first.
 *
 * <p>Thread policy: thread-safe.
 */
final class EmbeddedCatalog implements Events {
  static final Table<Event> EVENTS = new Table<>("events", EventCodec.INSTANCE);

  private final Journal journal;
  private final ConcurrentHashMap<EventId, Event> events = new ConcurrentHashMap<>();
  private final Reservations<EventId> creating = new Reservations<>();

  /** The catalog the journal holds. */
  EmbeddedCatalog(Journal journal) {
    this.journal = journal;
    journal.scan(EVENTS, (id, event) -> events.put(event.id(), event));
  }

  @Override
  public boolean create(Event event) {
    return creating.durably(
        event.id(),
        () -> events.containsKey(event.id()),
        () -> journal.append(List.of(new JournalRecord.Put<>(EVENTS, event.id().value(), event))),
        () -> events.put(event.id(), event));
  }

  @Override
  public Optional<Event> find(EventId id) {
    journal.requireHealthy();
    return Optional.ofNullable(events.get(id));
  }

  @Override
  public List<Event> list() {
    journal.requireHealthy();
    return events.values().stream()
        .sorted(Comparator.comparing(Event::startsAt).thenComparing(e -> e.id().value()))
        .toList();
  }
}
