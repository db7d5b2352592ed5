package dev.boxoffice.store.embedded;

import dev.boxoffice.core.blacklist.Barred;
import dev.boxoffice.core.blacklist.Blacklist;
import dev.boxoffice.core.identity.UserId;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The {@link Blacklist} port: the entries in memory, read on every request without a lock, made
 * durable by the {@link Journal} under {@code user:} and {@code address:} keys of {@link #ENTRIES}.
 *
 * <p>Thread policy: thread-safe; changes are serialised by {@code lock}, each published once
 * durable as a new {@link Barred} in a volatile field.
 */
final class EmbeddedBlacklist implements Blacklist {
  static final Table<String> ENTRIES = new Table<>("blacklist", new EntryCodec());

  private static final String USER = "user:";
  private static final String ADDRESS = "address:";

  private final Journal journal;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Barred barred;

  /** The entries the journal holds. */
  EmbeddedBlacklist(Journal journal) {
    this.journal = journal;
    Set<UserId> users = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    journal.scan(
        ENTRIES,
        (key, entry) -> {
          if (key.startsWith(USER)) {
            users.add(new UserId(entry));
          } else {
            addresses.add(entry);
          }
        });
    this.barred = new Barred(users, addresses);
  }

  @Override
  public Barred barred() {
    journal.requireHealthy();
    return barred;
  }

  @Override
  public Barred bar(Barred more) {
    List<JournalRecord> records = new ArrayList<>();
    more.users()
        .forEach(u -> records.add(new JournalRecord.Put<>(ENTRIES, USER + u.value(), u.value())));
    more.addresses().forEach(a -> records.add(new JournalRecord.Put<>(ENTRIES, ADDRESS + a, a)));
    return change(records, barred -> barred.with(more));
  }

  @Override
  public Barred lift(Barred fewer) {
    List<JournalRecord> records = new ArrayList<>();
    fewer.users().forEach(u -> records.add(new JournalRecord.Delete(ENTRIES, USER + u.value())));
    fewer.addresses().forEach(a -> records.add(new JournalRecord.Delete(ENTRIES, ADDRESS + a)));
    return change(records, barred -> barred.without(fewer));
  }

  private Barred change(List<JournalRecord> records, UnaryOperator<Barred> how) {
    journal.requireHealthy();
    lock.lock();
    try {
      if (!records.isEmpty()) {
        Journal.awaitDurable(journal.append(records));
      }
      barred = how.apply(barred);
      return barred;
    } finally {
      lock.unlock();
    }
  }

  private static final class EntryCodec implements Codec<String> {
    @Override
    public void write(String entry, DataOutput out) throws IOException {
      out.writeUTF(entry);
    }

    @Override
    public String read(DataInput in) throws IOException {
      return in.readUTF();
    }
  }
}
