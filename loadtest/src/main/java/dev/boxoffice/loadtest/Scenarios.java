package dev.boxoffice.loadtest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The scenarios {@code loadtest} knows, by name. A new workload (a lottery, a waiting room) is one
 * {@link Scenario} class and one line here. Each lookup makes a fresh scenario, since a scenario
 * object serves one run.
 */
public final class Scenarios implements Iterable<String> {
  private static final Map<String, Supplier<Scenario>> ALL = new LinkedHashMap<>();

  static {
    register(CeilingScenario::new);
    register(ReservedScenario::new);
    register(FlashScenario::new);
    register(LotteryScenario::new);
    register(WaitingRoomScenario::new);
  }

  /** For picocli's completion candidates: the names. */
  public Scenarios() {}

  private static void register(Supplier<Scenario> factory) {
    ALL.put(factory.get().name(), factory);
  }

  /** A new scenario of that name, if there is one. */
  public static Optional<Scenario> create(String name) {
    Supplier<Scenario> factory = ALL.get(name);
    return factory == null ? Optional.empty() : Optional.of(factory.get());
  }

  /** One of each, in the order of {@code --help}. */
  public static List<Scenario> all() {
    List<Scenario> out = new ArrayList<>();
    ALL.values().forEach(f -> out.add(f.get()));
    return out;
  }

  @Override
  public Iterator<String> iterator() {
    return List.copyOf(ALL.keySet()).iterator();
  }
}
