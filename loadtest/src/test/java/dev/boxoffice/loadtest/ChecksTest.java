package dev.boxoffice.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every check passes on a sound observation and FAILS on a broken one. */
class ChecksTest {
  private static final TypeCount SOUND = new TypeCount("GA", 100, 60, 10, 30);

  @Test
  void soldWithinCapacityFailsWhenATypeIsOversold() {
    assertThat(Checks.soldWithinCapacity(List.of(SOUND)).passed()).isTrue();
    Check oversold = Checks.soldWithinCapacity(List.of(SOUND, new TypeCount("VIP", 10, 0, 0, 11)));
    assertThat(oversold.passed()).isFalse();
    assertThat(oversold.detail()).contains("VIP sold 11 of 10");
    assertThat(Checks.soldWithinCapacity(List.of()).passed()).isFalse();
  }

  @Test
  void countsBalanceFailsWhenTicketsAppearOrVanish() {
    assertThat(Checks.countsBalance(List.of(SOUND)).passed()).isTrue();
    assertThat(Checks.countsBalance(List.of(new TypeCount("GA", 100, 60, 10, 31))).passed())
        .isFalse();
    assertThat(Checks.countsBalance(List.of(new TypeCount("GA", 100, 91, -1, 10))).passed())
        .isFalse();
  }

  @Test
  void soldMustMatchAcknowledgedOrdersUpToUnansweredOnes() {
    assertThat(Checks.soldMatchesAcknowledged(30, 30, 0).passed()).isTrue();
    assertThat(Checks.soldMatchesAcknowledged(31, 30, 1).passed()).isTrue();
    assertThat(Checks.soldMatchesAcknowledged(29, 30, 0).passed()).isFalse(); // lost an order
    assertThat(Checks.soldMatchesAcknowledged(32, 30, 1).passed()).isFalse(); // sold unasked
  }

  @Test
  void everyOrderListedFailsWhenOneIsMissing() {
    Map<String, List<String>> acked = Map.of("ann", List.of("o1"), "bob", List.of("o2"));
    assertThat(
            Checks.everyOrderListed(acked, Map.of("ann", List.of("o1"), "bob", List.of("o2", "o3")))
                .passed())
        .isTrue();
    Check missing = Checks.everyOrderListed(acked, Map.of("ann", List.of("o1")));
    assertThat(missing.passed()).isFalse();
    assertThat(missing.detail()).contains("1 of 2 missing", "o2 of bob");
  }

  @Test
  void holdsReleasedInTimeFailsWhenTheyLingerPastTheGrace() {
    Instant expiry = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(
            Checks.holdsReleasedInTime(Optional.of(expiry), Optional.of(expiry.plusMillis(900)))
                .passed())
        .isTrue();
    assertThat(
            Checks.holdsReleasedInTime(Optional.of(expiry), Optional.of(expiry.plusMillis(1500)))
                .passed())
        .isFalse();
    assertThat(Checks.holdsReleasedInTime(Optional.of(expiry), Optional.empty()).passed())
        .isFalse();
    assertThat(Checks.holdsReleasedInTime(Optional.empty(), Optional.of(expiry)).passed()).isTrue();
  }

  @Test
  void expiredHoldsRefusedFailsWhenOneIsCompleted() {
    assertThat(Checks.expiredHoldsRefused(50, 0, 0).passed()).isTrue();
    assertThat(Checks.expiredHoldsRefused(50, 1, 0).passed()).isFalse();
    assertThat(Checks.expiredHoldsRefused(50, 0, 2).passed()).isFalse();
  }

  @Test
  void exactlyOrdersFailsOnOneTooManyOrTooFew() {
    assertThat(Checks.exactlyOrders(10_000, 10_000, 10_000).passed()).isTrue();
    assertThat(Checks.exactlyOrders(10_000, 10_000, 10_001).passed()).isFalse();
    assertThat(Checks.exactlyOrders(10_000, 9_999, 10_000).passed()).isFalse();
  }

  @Test
  void noUserWithTwoFailsOnADoubleBuyerHiddenSalesOrAGrantedSecondHold() {
    assertThat(Checks.noUserWithTwo(Map.of("ann", 1, "bob", 1), 2, 0).passed()).isTrue();
    assertThat(Checks.noUserWithTwo(Map.of("ann", 2, "bob", 1), 3, 0).passed()).isFalse();
    assertThat(Checks.noUserWithTwo(Map.of("ann", 1, "bob", 1), 3, 0).passed()).isFalse();
    assertThat(Checks.noUserWithTwo(Map.of("ann", 1, "bob", 1), 2, 1).passed()).isFalse();
  }

  @Test
  void noErrorsFailsOnServerErrorsTransportErrorsOrNoRequestsAtAll() {
    assertThat(Checks.noErrors(10, Map.of(), Map.of("200", 10L)).passed()).isTrue();
    assertThat(Checks.noErrors(10, Map.of(), Map.of("200", 9L, "500", 1L)).passed()).isFalse();
    assertThat(Checks.noErrors(10, Map.of("timeout", 1L), Map.of("200", 9L)).passed()).isFalse();
    assertThat(Checks.noErrors(0, Map.of(), Map.of()).passed()).isFalse();
  }

  @Test
  void aCheckRunAgainAfterARestartSaysSo() {
    assertThat(Check.pass("orders listed", "ok").named("after restart").name())
        .isEqualTo("orders listed (after restart)");
  }
}
