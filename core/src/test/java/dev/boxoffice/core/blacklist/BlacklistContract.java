package dev.boxoffice.core.blacklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.PortContract;
import dev.boxoffice.core.testing.Race;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of the {@link Blacklist} port: entries barred and lifted, none lost in a race. */
public abstract class BlacklistContract extends PortContract {
  private Blacklist blacklist;

  protected abstract Blacklist newBlacklist(MutableClock clock);

  @BeforeEach
  final void openPort() {
    blacklist = newBlacklist(clock);
  }

  private static Barred users(String... names) {
    return new Barred(
        java.util.Arrays.stream(names)
            .map(UserId::new)
            .collect(java.util.stream.Collectors.toSet()),
        Set.of());
  }

  private static Barred addresses(String... entries) {
    return new Barred(Set.of(), Set.of(entries));
  }

  @Test
  void aNewBlacklistBarsNobody() {
    assertThat(blacklist.barred()).isEqualTo(Barred.NONE);
  }

  @Test
  void barredEntriesAreKeptUntilLifted() {
    blacklist.bar(users("mallory", "trudy"));
    Barred after = blacklist.bar(addresses("203.0.113.7", "198.51.100.0/24"));
    assertThat(after.users()).containsExactly(new UserId("mallory"), new UserId("trudy"));
    assertThat(after.addresses()).containsExactly("198.51.100.0/24", "203.0.113.7");
    assertThat(blacklist.barred()).isEqualTo(after);

    Barred lifted = blacklist.lift(new Barred(Set.of(new UserId("trudy")), Set.of("203.0.113.7")));

    assertThat(lifted)
        .isEqualTo(new Barred(Set.of(new UserId("mallory")), Set.of("198.51.100.0/24")));
    assertThat(blacklist.barred()).isEqualTo(lifted);
  }

  @Test
  void barringTwiceOrLiftingWhatIsNotBarredChangesNothing() {
    blacklist.bar(users("mallory"));
    assertThat(blacklist.bar(users("mallory"))).isEqualTo(users("mallory"));
    assertThat(blacklist.lift(users("nobody"))).isEqualTo(users("mallory"));
  }

  @Test
  void concurrentChangesAreAllKept() throws Exception {
    Race.of(32, i -> blacklist.bar(users("bot-" + i)));
    assertThat(blacklist.barred().users()).hasSize(32);
    Race.of(16, i -> blacklist.lift(users("bot-" + (2 * i))));
    assertThat(blacklist.barred().users())
        .hasSize(16)
        .allMatch(u -> u.value().matches("bot-\\d*[13579]"));
  }
}
