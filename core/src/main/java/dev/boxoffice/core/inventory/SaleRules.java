package dev.boxoffice.core.inventory;

import dev.boxoffice.core.event.SaleMode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The rule of each sale mode. A way to sell registers its rule here ({@link #with}) when the
 * deployment is wired; the stores ask {@link #of} inside each hold decision.
 *
 * <p>Immutable and thread-safe.
 */
public final class SaleRules {
  private final Map<SaleMode, SaleRule> rules;

  private SaleRules(Map<SaleMode, SaleRule> rules) {
    this.rules = rules;
  }

  /** The modes Boxoffice sells by today, each with its rule. */
  public static SaleRules standard() {
    return new SaleRules(new EnumMap<>(SaleMode.class))
        .with(SaleMode.FIRST_COME, new FirstComeRule());
  }

  /** These rules, with {@code rule} for {@code mode}. */
  public SaleRules with(SaleMode mode, SaleRule rule) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(rule, "rule");
    Map<SaleMode, SaleRule> more = new EnumMap<>(SaleMode.class);
    more.putAll(rules);
    more.put(mode, rule);
    return new SaleRules(more);
  }

  /**
   * The rule of {@code mode}.
   *
   * @throws IllegalStateException when no rule was registered for it: a wiring bug
   */
  public SaleRule of(SaleMode mode) {
    SaleRule rule = rules.get(mode);
    if (rule == null) {
      throw new IllegalStateException("no sale rule for " + mode);
    }
    return rule;
  }
}
