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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blacklist in PostgreSQL's {@code blacklist} table, one row per barred user or address. Each
 * change is one transaction and answers what is barred after it, read once it committed. {@link
 * #barred}, asked on every request, answers from memory: what this server read at start, after each
 * change it made, and every {@link #FRESH_FOR} since, so another server's change shows here within
 * that time. Of reads that overlap, the one begun last is kept: it saw every change committed
 * before any of the others began. A request never waits for PostgreSQL to check the blacklist;
 * while PostgreSQL cannot be read, the last list read stands.
 *
 * <p>Thread policy: thread-safe; concurrent changes are each kept (rows are added or removed, never
 * the whole list rewritten).
 */
final class PostgresBlacklist implements Blacklist, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostgresBlacklist.class);
  private static final String USER = "user";
  private static final String ADDRESS = "address";

  /** How often the list is read again. */
  static final Duration FRESH_FOR = Duration.ofSeconds(1);

  private final Jdbi jdbi;
  private final Rounds refresher;

  /** Numbers the reads in the order they begin. */
  private final AtomicLong reads = new AtomicLong();

  /** The number of the read {@link #known} came from. */
  private long knownFrom; // guarded by this

  private volatile Barred known;

  PostgresBlacklist(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.known = readNow();
    this.refresher = new Rounds("blacklist-refresh", "Reading the blacklist", log);
    refresher.every(FRESH_FOR, this::readNow);
  }

  @Override
  public Barred barred() {
    return known;
  }

  /** Reads the list, and keeps it unless a read begun later was kept already. */
  private Barred readNow() {
    long number = reads.incrementAndGet();
    Barred read = jdbi.withHandle(PostgresBlacklist::read);
    synchronized (this) {
      if (number > knownFrom) {
        knownFrom = number;
        known = read;
      }
    }
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
    jdbi.useTransaction(
        h -> {
          PreparedBatch batch = h.prepareBatch(sql);
          entries.users().forEach(u -> batch.bind("kind", USER).bind("value", u.value()).add());
          entries.addresses().forEach(a -> batch.bind("kind", ADDRESS).bind("value", a).add());
          if (batch.size() > 0) {
            batch.execute();
          }
        });
    return readNow();
  }

  @Override
  public void close() {
    refresher.close();
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
