package dev.boxoffice.store.embedded;

import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.identity.UserId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Accounts} port in memory, made durable by the {@link Journal}. An account can be
 * signed into only once its record is durable.
 *
 * <p>Thread policy: thread-safe.
 */
final class EmbeddedAccounts implements Accounts {
  private final Journal journal;
  private final ConcurrentHashMap<UserId, Account> accounts = new ConcurrentHashMap<>();
  private final Reservations<UserId> registering = new Reservations<>();

  EmbeddedAccounts(Journal journal, List<Account> recovered) {
    this.journal = journal;
    recovered.forEach(a -> accounts.put(a.user(), a));
  }

  @Override
  public boolean register(Account account) {
    return registering.durably(
        account.user(),
        () -> accounts.containsKey(account.user()),
        () -> journal.append(List.of(new JournalRecord.AccountRegistered(account))),
        () -> accounts.put(account.user(), account));
  }

  @Override
  public Optional<Account> find(UserId user) {
    journal.requireHealthy();
    return Optional.ofNullable(accounts.get(user));
  }
}
