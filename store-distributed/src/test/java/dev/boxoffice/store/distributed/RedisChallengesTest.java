package dev.boxoffice.store.distributed;

import dev.boxoffice.core.flashsale.Challenges;
import dev.boxoffice.core.flashsale.ChallengesContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link ChallengesContract} on Redis. */
class RedisChallengesTest extends ChallengesContract {
  @Override
  protected Challenges newChallenges(MutableClock clock) {
    return closeAfter(TestRedis.open(clock)).challenges();
  }
}
