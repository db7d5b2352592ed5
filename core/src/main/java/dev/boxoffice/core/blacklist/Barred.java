package dev.boxoffice.core.blacklist;

import dev.boxoffice.core.identity.UserId;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Entries of the blacklist: user ids, and client addresses as the edge writes them (an address or a
 * CIDR block, checked there). Immutable; sets iterate in sorted order.
 */
public record Barred(Set<UserId> users, Set<String> addresses) {
  public static final Barred NONE = new Barred(Set.of(), Set.of());

  public Barred {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(addresses, "addresses");
    TreeSet<UserId> sortedUsers = new TreeSet<>(Comparator.comparing(UserId::value));
    sortedUsers.addAll(users);
    users = Collections.unmodifiableSet(sortedUsers);
    addresses = Collections.unmodifiableSet(new TreeSet<>(addresses));
  }

  /** These entries and {@code more}'s. */
  public Barred with(Barred more) {
    Set<UserId> u = new HashSet<>(users);
    u.addAll(more.users);
    Set<String> a = new HashSet<>(addresses);
    a.addAll(more.addresses);
    return new Barred(u, a);
  }

  /** These entries without {@code fewer}'s. */
  public Barred without(Barred fewer) {
    Set<UserId> u = new HashSet<>(users);
    u.removeAll(fewer.users);
    Set<String> a = new HashSet<>(addresses);
    a.removeAll(fewer.addresses);
    return new Barred(u, a);
  }

  public boolean isEmpty() {
    return users.isEmpty() && addresses.isEmpty();
  }
}
