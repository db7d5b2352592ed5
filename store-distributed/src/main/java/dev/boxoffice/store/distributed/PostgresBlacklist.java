package dev.boxoffice.store.distributed;

import dev.boxoffice.core.blacklist.Barred;
import dev.boxoffice.core.blacklist.Blacklist;
import dev.boxoffice.core.identity.UserId;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The blacklist in PostgreSQL's {@code blacklist} table, one row per barred user or address. Each
 * change is one transaction and answers what is barred after it, read in that transaction. {@link
 * #barred}, read on every request, answers from memory what this server last read, read again after
 * any change this server made and once it is {@link #FRESH_FOR} old, so another server's change
 * shows here within that time.
 *
 * <p>Thread policy: thread-safe; concurrent changes are each kept (rows are added or removed, never
 * the whole list rewritten).
 */
final class PostgresBlacklist implements Blacklist {
  private static final String USER = "user";
  private static final String ADDRESS = "address";

  /** How long what was read is answered before it is read again. */
  static final Duration FRESH_FOR = Duration.ofSeconds(1);

  private final Jdbi jdbi;

  /** Counts this server's changes: a read is kept only while none came after it began. */
  private final AtomicLong changes = new AtomicLong();

  private volatile Known known = new Known(Barred.NONE, Long.MIN_VALUE, -1);

  /** What was read, when ({@link System#nanoTime}), and after how many of this server's changes. */
  private record Known(Barred barred, long at, long changes) {}

  PostgresBlacklist(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Barred barred() {
    Known last = known;
    long seen = changes.get();
    if (last.changes() == seen && System.nanoTime() - last.at() < FRESH_FOR.toNanos()) {
      return last.barred();
    }
    long at = System.nanoTime();
    Barred read = jdbi.withHandle(PostgresBlacklist::read);
    known = new Known(read, at, seen);
    return read;
  }

  @Override
  public Barred bar(Barred more) {
    return change(
        "INSERT INTO blacklist (kind, value) VALUES (:kind, :value) ON CONFLICT DO NOTHING", more);
  }

  @Override
  public Barred lift(Barred fewer) {
    return change("DELETE FROM blacklist WHERE kind = :kind AND value = :value", fewer);
  }

  private Barred change(String sql, Barred entries) {
    Barred after =
        jdbi.inTransaction(
            h -> {
              PreparedBatch batch = h.prepareBatch(sql);
              entries.users().forEach(u -> batch.bind("kind", USER).bind("value", u.value()).add());
              entries.addresses().forEach(a -> batch.bind("kind", ADDRESS).bind("value", a).add());
              if (batch.size() > 0) {
                batch.execute();
              }
              return read(h);
            });
    changes.incrementAndGet();
    return after;
  }

  private static Barred read(Handle h) {
    Set<UserId> users = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    h.createQuery("SELECT kind, value FROM blacklist")
        .map((rs, ctx) -> new String[] {rs.getString("kind"), rs.getString("value")})
        .forEach(
            row -> {
              if (row[0].equals(USER)) {
                users.add(new UserId(row[1]));
              } else {
                addresses.add(row[1]);
              }
            });
    return new Barred(users, addresses);
  }
}
