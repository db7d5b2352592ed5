package dev.boxoffice.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.flashsale.Challenges;
import dev.boxoffice.core.flashsale.ChallengesContract;
import dev.boxoffice.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@link ChallengesContract} on the embedded store's challenges, and their upkeep. */
class EmbeddedChallengesTest extends ChallengesContract {
  @Override
  protected Challenges newChallenges(MutableClock clock) {
    return new EmbeddedChallenges();
  }

  @Test
  void redeemedChallengesAreForgottenOnceExpired() {
    MutableClock time = new MutableClock();
    EmbeddedChallenges challenges = new EmbeddedChallenges();
    for (int i = 0; i < 1000; i++) {
      challenges.redeem("c" + i, time.now().plusSeconds(120), time.now());
    }
    assertThat(challenges.remembered()).isEqualTo(1000);
    time.advance(Duration.ofSeconds(121));
    challenges.redeem("next", time.now().plusSeconds(120), time.now());
    assertThat(challenges.remembered()).isEqualTo(1);
  }
}
