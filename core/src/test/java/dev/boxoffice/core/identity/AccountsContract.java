package dev.boxoffice.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.PortContract;
import dev.boxoffice.core.testing.Race;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link Accounts} port: a registered account can be found, and a username can
 * be taken only once, even by racing registrations.
 */
public abstract class AccountsContract extends PortContract {
  private Accounts accounts;

  /** A new, empty account store; register what must be closed with {@link #closeAfter}. */
  protected abstract Accounts newAccounts(MutableClock clock);

  @BeforeEach
  final void openAccounts() {
    accounts = newAccounts(clock);
  }

  private Accounts accounts() {
    return accounts;
  }

  private Account account(String name, String hash) {
    return new Account(new UserId(name), hash, clock.now());
  }

  @Test
  void aRegisteredAccountCanBeFound() {
    Account alice = account("alice", "$argon2id$hash-a");

    assertThat(accounts().register(alice)).isTrue();

    assertThat(accounts().find(new UserId("alice"))).contains(alice);
  }

  @Test
  void registeringATakenUsernameIsRefusedAndKeepsTheFirstPassword() {
    Account alice = account("alice", "$argon2id$hash-a");
    accounts().register(alice);

    assertThat(accounts().register(account("alice", "$argon2id$hash-b"))).isFalse();

    assertThat(accounts().find(new UserId("alice"))).contains(alice);
  }

  @Test
  void anUnknownUserHasNoAccount() {
    accounts().register(account("alice", "$argon2id$hash-a"));

    assertThat(accounts().find(new UserId("bob"))).isEmpty();
  }

  @Test
  void differentUsernamesAreDifferentAccounts() {
    Account alice = account("alice", "$argon2id$hash-a");
    Account bob = account("bob", "$argon2id$hash-b");

    assertThat(accounts().register(alice)).isTrue();
    assertThat(accounts().register(bob)).isTrue();

    assertThat(accounts().find(new UserId("alice"))).contains(alice);
    assertThat(accounts().find(new UserId("bob"))).contains(bob);
  }

  @Test
  void ofManyRacingRegistrationsOfOneUsernameExactlyOneWins() throws Exception {
    List<Account> candidates =
        IntStream.range(0, 16).mapToObj(i -> account("carol", "$argon2id$hash-" + i)).toList();

    List<Boolean> registered =
        Race.onPlatformThreads(16, i -> accounts().register(candidates.get(i)));

    assertThat(registered).filteredOn(Boolean::booleanValue).hasSize(1);
    Account winner = candidates.get(registered.indexOf(true));
    assertThat(accounts().find(new UserId("carol"))).contains(winner);
  }
}
