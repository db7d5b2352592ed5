package dev.boxoffice.core.event;

import static dev.boxoffice.core.testing.TestEvents.GA;
import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.PortContract;
import dev.boxoffice.core.testing.Race;
import dev.boxoffice.core.testing.TestEvents;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link Events} port: created events can be found and listed, and an id can be
 * taken only once, even by racing creators.
 */
public abstract class EventsContract extends PortContract {
  private Events events;

  /** A new, empty catalog; register what must be closed with {@link #closeAfter}. */
  protected abstract Events newEvents(MutableClock clock);

  @BeforeEach
  final void openCatalog() {
    events = newEvents(clock);
  }

  private Events events() {
    return events;
  }

  private Event create(TestEvents.Builder builder) {
    Event event = builder.build();
    assertThat(events.create(event)).isTrue();
    return event;
  }

  @Test
  void aCreatedEventCanBeFoundExactlyAsCreated() {
    Event event = anEvent(clock.now()).name("Midsummer night").build();

    assertThat(events().create(event)).isTrue();

    assertThat(events().find(event.id())).contains(event);
  }

  @Test
  void creatingAnEventWithATakenIdIsRefusedAndKeepsTheFirst() {
    Event first = create(anEvent(clock.now()).id("summer-fest").capacity(GA, 10));
    Event impostor =
        anEvent(clock.now()).id("summer-fest").name("Impostor").capacity(GA, 99).build();

    assertThat(events().create(impostor)).isFalse();

    assertThat(events().find(first.id())).contains(first);
    assertThat(events().list()).containsExactly(first);
  }

  @Test
  void theListHoldsEveryCreatedEvent() {
    Event a = create(anEvent(clock.now()).startsAt(clock.now().plusSeconds(3 * 86_400)));
    Event b = create(anEvent(clock.now()).startsAt(clock.now().plusSeconds(86_400)));
    Event c = create(anEvent(clock.now()).startsAt(clock.now().plusSeconds(2 * 86_400)));

    assertThat(events().list()).containsExactlyInAnyOrder(a, b, c);
  }

  @Test
  void theListOfAnEmptyStoreIsEmpty() {
    assertThat(events().list()).isEmpty();
  }

  @Test
  void anUnknownEventIsNotFound() {
    create(anEvent(clock.now()));

    assertThat(events().find(new EventId("no-such-event"))).isEmpty();
  }

  @Test
  void ofManyRacingCreatorsOfOneIdExactlyOneWins() throws Exception {
    List<Event> candidates =
        IntStream.range(0, 16)
            .mapToObj(i -> anEvent(clock.now()).id("race-fest").name("Candidate " + i).build())
            .toList();

    List<Boolean> created = Race.onPlatformThreads(16, i -> events().create(candidates.get(i)));

    assertThat(created).filteredOn(Boolean::booleanValue).hasSize(1);
    Event winner = candidates.get(created.indexOf(true));
    assertThat(events().find(winner.id())).contains(winner);
    assertThat(events().list()).containsExactly(winner);
  }
}
