package dev.boxoffice.store.embedded;

import dev.boxoffice.core.flashsale.Challenges;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Challenges} port in memory: each redeemed challenge until it expires, then forgotten
 * (its expiry refuses it from then on). Not journaled: a challenge lives for minutes, and one
 * redeemed again after a restart still meets the user's purchase interval and ticket limit.
 *
 * <p>Thread policy: thread-safe; {@code putIfAbsent} decides between concurrent redemptions, and
 * forgetting is guarded by {@code lock}, taken by at most one caller at a time ({@code tryLock}).
 */
final class EmbeddedChallenges implements Challenges {
  private final ConcurrentHashMap<String, Instant> redeemed = new ConcurrentHashMap<>();
  private final PriorityQueue<Redeemed> byExpiry = new PriorityQueue<>(); // guarded by lock
  private final ReentrantLock lock = new ReentrantLock();

  @Override
  public boolean redeem(String id, Instant expiresAt, Instant now) {
    forgetExpired(now);
    if (!now.isBefore(expiresAt) || redeemed.putIfAbsent(id, expiresAt) != null) {
      return false;
    }
    lock.lock();
    try {
      byExpiry.add(new Redeemed(expiresAt, id));
    } finally {
      lock.unlock();
    }
    return true;
  }

  /** How many redeemed challenges are remembered. */
  int remembered() {
    return redeemed.size();
  }

  private void forgetExpired(Instant now) {
    if (!lock.tryLock()) {
      return;
    }
    try {
      while (!byExpiry.isEmpty() && !now.isBefore(byExpiry.peek().expiresAt())) {
        redeemed.remove(byExpiry.poll().id());
      }
    } finally {
      lock.unlock();
    }
  }

  private record Redeemed(Instant expiresAt, String id) implements Comparable<Redeemed> {
    @Override
    public int compareTo(Redeemed other) {
      return expiresAt.compareTo(other.expiresAt);
    }
  }
}
