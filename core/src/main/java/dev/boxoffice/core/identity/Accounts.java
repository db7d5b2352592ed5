package dev.boxoffice.core.identity;

import java.util.Optional;

/** Built-in accounts. {@link #register} is durable when it returns true. */
public interface Accounts {
  /** Stores a new account. Returns false, changing nothing, if the username is taken. */
  boolean register(Account account);

  Optional<Account> find(UserId user);
}
