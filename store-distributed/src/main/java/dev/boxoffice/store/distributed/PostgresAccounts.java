package dev.boxoffice.store.distributed;

import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.identity.UserId;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Accounts in PostgreSQL's {@code accounts} table; the username is the key, so of two servers
 * registering one name at once exactly one succeeds.
 *
 * <p>Thread policy: thread-safe.
 */
final class PostgresAccounts implements Accounts {
  private final Jdbi jdbi;

  PostgresAccounts(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public boolean register(Account account) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO accounts (username, password_hash, created_at)"
                            + " VALUES (:user, :hash, :created) ON CONFLICT (username) DO NOTHING")
                    .bind("user", account.user().value())
                    .bind("hash", account.passwordHash())
                    .bind("created", Columns.utc(account.createdAt()))
                    .execute())
        == 1;
  }

  @Override
  public Optional<Account> find(UserId user) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT password_hash, created_at FROM accounts WHERE username = :user")
                .bind("user", user.value())
                .map(
                    (rs, ctx) ->
                        new Account(
                            user, rs.getString("password_hash"), Columns.instant(rs, "created_at")))
                .findOne());
  }
}
