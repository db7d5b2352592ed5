package dev.boxoffice.bench;

import dev.boxoffice.core.Ids;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.Seed;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A lottery's draw over {@code entrants} entrants named like user ids (a prefix and 26 random
 * characters, in no order), for 10,000 winners and a waitlist of 10,000: sorting and digesting the
 * entrants, then the shuffle of the drawn places. The bound: 2,000,000 entrants in under 5
 * s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class DrawBenchmark {
  @Param({"200000", "2000000"})
  public int entrants;

  private List<String> names;
  private Seed seed;

  @Setup
  public void setUp() {
    names = new ArrayList<>(entrants);
    for (int i = 0; i < entrants; i++) {
      names.add(Ids.random("u-"));
    }
    seed = Seed.random(new SecureRandom());
  }

  @Benchmark
  public Draw.Outcome draw() {
    return Draw.run(seed, names, 10_000, 10_000);
  }
}
