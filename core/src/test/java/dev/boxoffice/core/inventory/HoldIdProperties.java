package dev.boxoffice.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.EventId;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * {@link HoldId#firstAt} splits an event's hold ids by time: a store deletes "every hold made
 * before t" as the range of keys below it, so an id on the wrong side would be forgotten early or
 * kept forever.
 */
class HoldIdProperties {
  private static final EventId EVENT = new EventId("ev1");
  private static final long YEAR_3000 = 32_503_680_000_000L;

  @Property
  void holdsMadeBeforeAnInstantSortBeforeItsFirstIdAndTheRestFromIt(
      @ForAll @LongRange(max = YEAR_3000) long made, @ForAll @LongRange(max = YEAR_3000) long at) {
    HoldId id = HoldId.random(EVENT, Instant.ofEpochMilli(made));
    HoldId first = HoldId.firstAt(EVENT, Instant.ofEpochMilli(at));

    assertThat(id.value().compareTo(first.value()) < 0).isEqualTo(made < at);
    assertThat(first.event()).isEqualTo(EVENT);
  }

  @Property
  void holdsMadeInTheSameMillisecondAsTheInstantAreNotBeforeIt(
      @ForAll @LongRange(max = YEAR_3000) long millis, @ForAll @IntRange(max = 999_999) int nanos) {
    Instant at = Instant.ofEpochMilli(millis).plusNanos(nanos);

    assertThat(HoldId.random(EVENT, at).value()).isGreaterThan(HoldId.firstAt(EVENT, at).value());
  }
}
