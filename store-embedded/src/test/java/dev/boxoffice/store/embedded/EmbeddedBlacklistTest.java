package dev.boxoffice.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.blacklist.Barred;
import dev.boxoffice.core.blacklist.Blacklist;
import dev.boxoffice.core.blacklist.BlacklistContract;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.testing.MutableClock;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlacklistContract} on the durable embedded store, and the list across a restart. */
class EmbeddedBlacklistTest extends BlacklistContract {
  @TempDir Path dir;

  @Override
  protected Blacklist newBlacklist(MutableClock clock) {
    return closeAfter(TempStore.open(clock)).stores().blacklist();
  }

  @Test
  void theBlacklistSurvivesARestart() {
    MutableClock time = new MutableClock();
    Barred barred = new Barred(Set.of(new UserId("mallory")), Set.of("203.0.113.0/24"));
    try (EmbeddedStore store =
        EmbeddedStore.open(dir, time, JournalSync.FULL, JournalListener.NONE)) {
      store.stores().blacklist().bar(barred);
      store.stores().blacklist().bar(new Barred(Set.of(new UserId("trudy")), Set.of()));
      store.stores().blacklist().lift(new Barred(Set.of(new UserId("trudy")), Set.of()));
    }
    try (EmbeddedStore store =
        EmbeddedStore.open(dir, time, JournalSync.FULL, JournalListener.NONE)) {
      assertThat(store.stores().blacklist().barred()).isEqualTo(barred);
    }
  }
}
