package dev.boxoffice.store.embedded;

import dev.boxoffice.core.ratelimit.TokenBuckets;
import dev.boxoffice.core.ratelimit.TokenBucketsContract;
import dev.boxoffice.core.testing.MutableClock;

/** The {@link TokenBucketsContract} in the embedded store's memory. */
class EmbeddedTokenBucketsTest extends TokenBucketsContract {
  @Override
  protected TokenBuckets newBuckets(MutableClock clock) {
    return closeAfter(EmbeddedStore.inMemory(clock)).stores().tokenBuckets();
  }
}
