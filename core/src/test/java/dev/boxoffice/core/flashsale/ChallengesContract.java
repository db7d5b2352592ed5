package dev.boxoffice.core.flashsale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.PortContract;
import dev.boxoffice.core.testing.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of the {@link Challenges} port: each challenge is redeemed once, while valid. */
public abstract class ChallengesContract extends PortContract {
  private Challenges challenges;

  protected abstract Challenges newChallenges(MutableClock clock);

  @BeforeEach
  final void openPort() {
    challenges = newChallenges(clock);
  }

  private Instant inTwoMinutes() {
    return clock.now().plus(Duration.ofMinutes(2));
  }

  @Test
  void aChallengeIsRedeemedOnce() {
    Instant expires = inTwoMinutes();
    assertThat(challenges.redeem("c1", expires, clock.now())).isTrue();
    assertThat(challenges.redeem("c1", expires, clock.now())).isFalse();
    assertThat(challenges.redeem("c2", expires, clock.now())).isTrue();
  }

  @Test
  void ofManyRacersRedeemingOneChallengeExactlyOneSucceeds() throws Exception {
    Instant expires = inTwoMinutes();
    List<Boolean> results = Race.of(64, i -> challenges.redeem("shared", expires, clock.now()));
    assertThat(results).containsOnlyOnce(true);
  }

  @Test
  void anExpiredChallengeIsRefusedAndStaysRefusedAfterItIsForgotten() {
    Instant expires = inTwoMinutes();
    assertThat(challenges.redeem("late", clock.now(), clock.now())).isFalse();
    assertThat(challenges.redeem("c1", expires, clock.now())).isTrue();
    clock.advance(Duration.ofMinutes(3));
    // Whatever the store forgot by now, the challenge's own expiry refuses it.
    assertThat(challenges.redeem("c1", expires, clock.now())).isFalse();
    assertThat(challenges.redeem("c2", clock.now().plusSeconds(60), clock.now())).isTrue();
  }
}
