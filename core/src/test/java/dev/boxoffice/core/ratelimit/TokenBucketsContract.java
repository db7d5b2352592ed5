package dev.boxoffice.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.PortContract;
import dev.boxoffice.core.testing.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link TokenBuckets} port: a burst gets exactly the bucket's tokens, time
 * refills it evenly, buckets are separate, and racers never take more than there is.
 */
public abstract class TokenBucketsContract extends PortContract {
  private static final Allowance TEN_A_MINUTE = new Allowance(10, Duration.ofMinutes(1));

  private TokenBuckets buckets;

  /** New buckets on {@code clock}; register what must be closed with {@link #closeAfter}. */
  protected abstract TokenBuckets newBuckets(MutableClock clock);

  @BeforeEach
  final void openPort() {
    buckets = newBuckets(clock);
  }

  /** A bucket name no other test uses. */
  private static String fresh() {
    return "bucket-" + UUID.randomUUID();
  }

  private List<Boolean> burst(String name, int times) {
    List<Boolean> allowed = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      allowed.add(buckets.take(name, TEN_A_MINUTE).allowed());
    }
    return allowed;
  }

  @Test
  void aBurstGetsExactlyTheBucketsTokens() {
    String name = fresh();

    assertThat(burst(name, 12))
        .containsExactly(true, true, true, true, true, true, true, true, true, true, false, false);
  }

  @Test
  void eachTakeSaysWhatIsLeftAndWhenTheBucketIsWholeAgain() {
    String name = fresh();

    Taken first = buckets.take(name, TEN_A_MINUTE);
    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining()).isEqualTo(9);
    assertThat(first.untilNext()).isZero();
    assertThat(first.untilWhole()).isEqualTo(Duration.ofSeconds(6));
    burst(name, 9);
    Taken refused = buckets.take(name, TEN_A_MINUTE);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.untilNext()).isEqualTo(Duration.ofSeconds(6));
    assertThat(refused.untilWhole()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void timeRefillsTheBucketEvenly() {
    String name = fresh();
    burst(name, 10);

    clock.advance(Duration.ofSeconds(6));
    assertThat(burst(name, 2)).containsExactly(true, false);
    clock.advance(Duration.ofMinutes(5));
    assertThat(burst(name, 11)).containsOnlyOnce(false).last().isEqualTo(false);
  }

  @Test
  void bucketsAreSeparateByName() {
    String one = fresh();
    String other = fresh();
    burst(one, 10);

    assertThat(buckets.take(one, TEN_A_MINUTE).allowed()).isFalse();
    assertThat(buckets.take(other, TEN_A_MINUTE).allowed()).isTrue();
  }

  @Test
  void ofManyRacersNoMoreThanTheTokensAreAllowed() throws Exception {
    String name = fresh();

    List<Boolean> allowed = Race.of(64, i -> buckets.take(name, TEN_A_MINUTE).allowed());

    assertThat(allowed.stream().filter(a -> a).count()).isEqualTo(10);
  }
}
