package dev.boxoffice.bench;

import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.http.SessionTokens;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checking a session token, as every authenticated request does: {@code firstUse} is a token the
 * server has not seen (a new buyer's first hold, the common case in a sale), {@code repeatUse} one
 * it has already verified. Tokens are minted in setup, so signing is not measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SessionTokenBenchmark {
  /**
   * Fresh tokens per iteration: more than a one-second iteration uses, so that none of them is
   * already in the verified-token cache (which keeps a hot subset of a looping pattern).
   */
  private static final int TOKENS = 1 << 19;

  private final byte[] key = new byte[32];
  private SessionTokens tokens;
  private String[] fresh;
  private String repeated;
  private int next;
  private int iteration;

  @Setup(Level.Iteration)
  public void setUp() {
    tokens = SessionTokens.hmac(key, Duration.ofHours(1), InstantSource.system());
    String prefix = "buyer-" + iteration++ + "-";
    fresh = new String[TOKENS];
    for (int i = 0; i < TOKENS; i++) {
      fresh[i] = tokens.issue(new UserId(prefix + i));
    }
    next = 0;
    repeated = tokens.issue(new UserId("regular"));
  }

  @Benchmark
  public Optional<UserId> firstUse() {
    if (next == TOKENS) {
      throw new IllegalStateException("more calls than fresh tokens; raise TOKENS");
    }
    return tokens.verify(fresh[next++]);
  }

  @Benchmark
  public Optional<UserId> repeatUse() {
    return tokens.verify(repeated);
  }
}
