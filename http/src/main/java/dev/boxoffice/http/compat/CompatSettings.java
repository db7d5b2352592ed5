package dev.boxoffice.http.compat;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.http.AddressBlocks;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which of the originals' route sets a server offers and to whom.
 *
 * @param sets the route sets on, by name ({@link #LOTTERY_V0}, {@link #TICKETS_V0}); empty: none
 * @param allowed the client addresses that may call them: they trust the caller for identity
 * @param ticketsEvent the event {@code tickets-v0} sells
 */
public record CompatSettings(Set<String> sets, AddressBlocks allowed, EventId ticketsEvent) {
  public static final String LOTTERY_V0 = "lottery-v0";
  public static final String TICKETS_V0 = "tickets-v0";

  /** Every route set there is. */
  public static final List<String> ALL = List.of(LOTTERY_V0, TICKETS_V0);

  /** Only this machine, unless told otherwise. */
  public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");

  /** None on. */
  public static final CompatSettings NONE =
      new CompatSettings(Set.of(), AddressBlocks.of(LOOPBACK), new EventId("demo"));

  public CompatSettings {
    sets = Set.copyOf(sets);
    for (String set : sets) {
      if (!ALL.contains(set)) {
        throw new IllegalArgumentException("no compat route set " + set + "; there are " + ALL);
      }
    }
    Objects.requireNonNull(allowed, "allowed");
    Objects.requireNonNull(ticketsEvent, "ticketsEvent");
  }

  public boolean on(String set) {
    return sets.contains(set);
  }
}
