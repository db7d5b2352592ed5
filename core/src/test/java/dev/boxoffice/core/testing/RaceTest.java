package dev.boxoffice.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test fixtures behave as the suites rely on. */
class RaceTest {
  @Test
  void aRaceReturnsEveryResultInRacerOrder() throws Exception {
    assertThat(Race.of(8, i -> i * 10)).containsExactly(0, 10, 20, 30, 40, 50, 60, 70);
    assertThat(Race.onPlatformThreads(3, i -> "r" + i)).containsExactly("r0", "r1", "r2");
  }

  @Test
  void allRacersAreRunningAtTheSameTime() throws Exception {
    int racers = 16;
    CountDownLatch allIn = new CountDownLatch(racers);

    // Each racer waits for all the others; this only finishes if they all run at once.
    List<Boolean> met =
        Race.onPlatformThreads(
            racers,
            i -> {
              allIn.countDown();
              try {
                return allIn.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
              }
            });

    assertThat(met).containsOnly(true);
  }

  @Test
  void aRacerThatThrowsFailsTheRace() {
    assertThatThrownBy(
            () ->
                Race.of(
                    4,
                    i -> {
                      if (i == 2) {
                        throw new IllegalStateException("boom");
                      }
                      return i;
                    }))
        .isInstanceOf(AssertionError.class)
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRaceThatDoesNotFinishInTimeFails() {
    assertThatThrownBy(
            () ->
                Race.run(
                    2,
                    Race.Threads.PLATFORM,
                    Duration.ofMillis(200),
                    i -> {
                      try {
                        Thread.sleep(10_000);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return i;
                    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not finish");
  }

  @Test
  void aMutableClockMovesOnlyWhenTold() {
    MutableClock clock = new MutableClock();
    Instant start = clock.instant();

    assertThat(clock.now()).isEqualTo(MutableClock.START).isEqualTo(start);
    assertThat(clock.advance(Duration.ofSeconds(5))).isEqualTo(start.plusSeconds(5));
    clock.set(Instant.EPOCH);
    assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void aTestEventIsOnSaleAroundTheGivenInstant() {
    Instant now = MutableClock.START;

    var event = TestEvents.event(now);

    assertThat(event.saleWindow().isOpenAt(now)).isTrue();
    assertThat(event.ticketTypes())
        .extracting(t -> t.code())
        .containsExactly(TestEvents.GA, TestEvents.VIP, TestEvents.ONE_DAY);
    assertThat(TestEvents.event(now).id()).isNotEqualTo(event.id());
  }
}
