package dev.boxoffice.store.embedded;

import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.identity.UserId;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
  static final Table<Account> ACCOUNTS = new Table<>("accounts", new AccountCodec());

  private final Journal journal;
  private final ConcurrentHashMap<UserId, Account> accounts = new ConcurrentHashMap<>();
  private final Reservations<UserId> registering = new Reservations<>();

  /** The accounts the journal holds. */
  EmbeddedAccounts(Journal journal) {
    this.journal = journal;
    journal.scan(ACCOUNTS, (user, account) -> accounts.put(account.user(), account));
  }

  @Override
  public boolean register(Account account) {
    return registering.durably(
        account.user(),
        () -> accounts.containsKey(account.user()),
        () ->
            journal.append(
                List.of(new JournalRecord.Put<>(ACCOUNTS, account.user().value(), account))),
        () -> accounts.put(account.user(), account));
  }

  @Override
  public Optional<Account> find(UserId user) {
    journal.requireHealthy();
    return Optional.ofNullable(accounts.get(user));
  }

  private static final class AccountCodec implements Codec<Account> {
    @Override
    public void write(Account account, DataOutput out) throws IOException {
      out.writeUTF(account.user().value());
      out.writeUTF(account.passwordHash());
      Codec.writeInstant(account.createdAt(), out);
    }

    @Override
    public Account read(DataInput in) throws IOException {
      return new Account(new UserId(in.readUTF()), in.readUTF(), Codec.readInstant(in));
    }
  }
}
