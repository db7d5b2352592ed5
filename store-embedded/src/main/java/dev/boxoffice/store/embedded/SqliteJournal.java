package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.order.Order;
import dev.boxoffice.core.order.OrderId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JournalEngine} keeping the journal in one SQLite database in WAL mode: a commit returns
 * after the transaction holding its records has been committed, so an acknowledged change survives
 * {@code kill -9}; with {@link JournalSync#FULL} the commit is also fsynced, so it survives power
 * loss too.
 *
 * <p>Current state, not a log: each record is applied to tables that hold what is live now (events
 * and their ticket types, accounts, live holds, orders). A hold's row is deleted when it ends, and
 * an order replaces its hold's row, so {@link #read} reads only live state and restart time does
 * not grow with the number of holds that ever expired. The schema is {@code schema-v1.sql} beside
 * this class; {@code orders.hold_id} is unique, the last line against selling one hold twice.
 *
 * <p>Within a commit, statements run by kind in a fixed order (events, ticket types, accounts, hold
 * inserts, hold deletes, order inserts). That is equivalent to the records' own order because a
 * hold id is created once and ended at most once, always after its creation. A failed commit is
 * rolled back.
 *
 * <p>Thread policy: confined to the journal's writer thread (opened on the caller's). The database
 * is opened with an exclusive lock held until close, so a second process (or store) on the same
 * file is refused at open instead of interleaving its writes.
 */
final class SqliteJournal implements JournalEngine {
  private static final int SCHEMA_VERSION = 1;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final String SCHEMA = "schema-v1.sql";
  private static final int BUSY_TIMEOUT_MILLIS = 1000;
  private static final long WAL_SIZE_LIMIT_BYTES = 64L * 1024 * 1024;
  private static final int CHECKPOINT_PAGES = 8192;
  private static final Pattern STATEMENT_END = Pattern.compile(";\\s*\\n");
  private static final Logger log = LoggerFactory.getLogger(SqliteJournal.class);

  private final Path file;
  private final Connection connection;
  private final Writes writes;

  private SqliteJournal(Path file, Connection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.writes = new Writes(connection);
  }

  /**
   * Opens (creating if needed) the database in {@code file} and starts a journal over it.
   *
   * @throws JournalException if the database cannot be opened, is locked by another process, or was
   *     written by a newer schema
   */
  static Journal open(Path file, JournalSync sync, JournalListener listener) {
    Connection connection = null;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      prepare(connection, sync);
      syncDirectory(file.toAbsolutePath().getParent());
      return GroupCommitJournal.start(new SqliteJournal(file, connection), listener);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void commit(List<JournalRecord> records) throws SQLException {
    try {
      writes.loadRows(connection);
      for (JournalRecord record : records) {
        writes.add(record);
      }
      writes.execute();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      writes.clear();
      rollbackQuietly();
      throw e;
    }
  }

  @Override
  public Journal.State read() throws SQLException {
    try {
      Journal.State state = readState();
      connection.commit();
      return state;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      throw e;
    }
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  /**
   * Reads every table into values. Also reloads the live holds' row numbers, so the one pass over
   * the holds at start serves both the store and the writer. Repeated ids and codes are built once
   * each ({@link Interned}): their constructors validate, and a restart builds one per live hold.
   */
  private Journal.State readState() throws SQLException {
    Interned interned = new Interned();
    Map<String, List<TicketType>> types = new HashMap<>();
    List<Event> events = new ArrayList<>();
    List<Account> accounts = new ArrayList<>();
    List<Hold> holds = new ArrayList<>();
    List<Order> orders = new ArrayList<>();
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT event_id, code, name, price_minor, currency, capacity"
                  + " FROM ticket_types ORDER BY event_id, position")) {
        while (rs.next()) {
          types
              .computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
              .add(
                  new TicketType(
                      new TicketTypeCode(rs.getString(2)),
                      rs.getString(3),
                      new Money(rs.getLong(4), rs.getString(5)),
                      rs.getInt(6)));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, name, venue, starts_at, sale_opens_at, sale_closes_at, hold_ttl_nanos,"
                  + " per_user_limit, mode FROM events")) {
        while (rs.next()) {
          String id = rs.getString(1);
          events.add(
              new Event(
                  new EventId(id),
                  rs.getString(2),
                  rs.getString(3),
                  instant(rs.getString(4)),
                  new SaleWindow(instant(rs.getString(5)), instant(rs.getString(6))),
                  Duration.ofNanos(rs.getLong(7)),
                  rs.getInt(8),
                  SaleMode.valueOf(rs.getString(9)),
                  types.getOrDefault(id, List.of())));
        }
      }
      try (ResultSet rs =
          s.executeQuery("SELECT user_id, password_hash, created_at FROM accounts")) {
        while (rs.next()) {
          accounts.add(
              new Account(new UserId(rs.getString(1)), rs.getString(2), instant(rs.getString(3))));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT seq, id, event_id, user_id, ticket_type, quantity, created_at_nanos,"
                  + " expires_at_nanos FROM holds")) {
        while (rs.next()) {
          Hold hold =
              new Hold(
                  new HoldId(rs.getString(2)),
                  interned.event(rs.getString(3)),
                  interned.user(rs.getString(4)),
                  interned.ticketType(rs.getString(5)),
                  new Quantity(rs.getInt(6)),
                  fromNanos(rs.getLong(7)),
                  fromNanos(rs.getLong(8)));
          writes.liveHold(hold.id(), rs.getLong(1));
          holds.add(hold);
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT id, hold_id, event_id, user_id, ticket_type, quantity, total_minor, currency,"
                  + " created_at_nanos FROM orders ORDER BY seq")) {
        while (rs.next()) {
          orders.add(
              new Order(
                  new OrderId(rs.getString(1)),
                  new HoldId(rs.getString(2)),
                  interned.event(rs.getString(3)),
                  interned.user(rs.getString(4)),
                  interned.ticketType(rs.getString(5)),
                  rs.getInt(6),
                  new Money(rs.getLong(7), rs.getString(8)),
                  fromNanos(rs.getLong(9))));
        }
      }
    }
    return new Journal.State(events, accounts, holds, orders);
  }

  // ---- Opening

  /**
   * Sets the pragmas, creates or checks the schema, and takes the write lock for good. The locking
   * mode must be set before the first access so that WAL runs without shared memory, which is what
   * lets the exclusive lock keep every other connection out.
   */
  private static void prepare(Connection connection, JournalSync sync) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA locking_mode = EXCLUSIVE");
      s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
      String mode = pragma(s, "PRAGMA journal_mode = WAL");
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new SQLException("cannot switch to WAL mode, journal_mode is " + mode);
      }
      s.execute("PRAGMA synchronous = " + sync.name());
      String actual = pragma(s, "PRAGMA synchronous");
      if (!Integer.toString(sync.pragmaValue()).equals(actual)) {
        throw new SQLException("cannot set synchronous=" + sync + ", it is " + actual);
      }
      s.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT_BYTES);
      // A checkpoint runs inside the commit that crosses this many WAL pages and fsyncs the
      // database file as well; fewer, larger checkpoints keep that off most commits.
      s.execute("PRAGMA wal_autocheckpoint = " + CHECKPOINT_PAGES);
      // BEGIN IMMEDIATE takes the write lock now, so a second opener fails here and not at its
      // first commit; in exclusive locking mode the lock is then kept until close.
      s.execute("BEGIN IMMEDIATE");
      try {
        int version = Integer.parseInt(pragma(s, "PRAGMA user_version"));
        if (version == 0) {
          for (String statement : schema()) {
            s.execute(statement);
          }
          s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
        } else if (version != SCHEMA_VERSION) {
          throw new SQLException(
              "schema version " + version + " is not " + SCHEMA_VERSION + "; refusing to open");
        }
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        s.execute("ROLLBACK");
        throw e;
      }
    }
    connection.setAutoCommit(false);
  }

  /**
   * Makes the directory entries of the database and its WAL durable: SQLite syncs file contents,
   * and a new file's name lives in its directory. Where a directory cannot be opened for syncing
   * (not Linux or macOS) this is skipped; those platforms order such writes themselves.
   */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("Cannot sync directory {}", dir, e);
    }
  }

  private static String pragma(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException(sql + " returned nothing");
      }
      return rs.getString(1);
    }
  }

  private static List<String> schema() {
    try (InputStream in = SqliteJournal.class.getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SCHEMA);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return STATEMENT_END
          .splitAsStream(text)
          .map(part -> stripComments(part).strip())
          .filter(sql -> !sql.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String stripComments(String sql) {
    return sql.lines()
        .filter(line -> !line.strip().startsWith("--"))
        .collect(Collectors.joining("\n"));
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException e) {
      log.warn("Journal {}: rollback failed", file, e);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("Closing the journal database failed", e);
    }
  }

  private static Instant instant(String text) {
    return Instant.parse(text);
  }

  /**
   * An instant as integer nanoseconds since the epoch: exact, and cheap to write and read back.
   * Holds and orders use it (their instants are "now" plus a hold time, within 1677-2262 however
   * wrong a clock is); events keep ISO text for the admin-chosen dates of any range.
   */
  private static long toNanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
  }

  private static Instant fromNanos(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  /** Builds each distinct id or code read from disk once. Used by one read only. */
  private static final class Interned {
    private final Map<String, EventId> events = new HashMap<>();
    private final Map<String, UserId> users = new HashMap<>();
    private final Map<String, TicketTypeCode> ticketTypes = new HashMap<>();

    EventId event(String value) {
      return events.computeIfAbsent(value, EventId::new);
    }

    UserId user(String value) {
      return users.computeIfAbsent(value, UserId::new);
    }

    TicketTypeCode ticketType(String value) {
      return ticketTypes.computeIfAbsent(value, TicketTypeCode::new);
    }
  }

  /**
   * The prepared statements, one batch each, and the mapping of records onto them. Also the row
   * number ({@code seq}) of every live hold by id, so a hold's row is found without an index on its
   * random id; see the schema. Confined to the writer thread (built on the opening thread before
   * the writer starts).
   */
  private static final class Writes {
    private final Map<HoldId, Long> liveHoldRows = new HashMap<>();
    private long nextHoldRow = 1;
    private boolean rowsLoaded;

    private final PreparedStatement insertEvent;
    private final PreparedStatement insertTicketType;
    private final PreparedStatement insertAccount;
    private final PreparedStatement insertHold;
    private final PreparedStatement deleteHold;
    private final PreparedStatement insertOrder;

    /** The statements in the order their batches run; see the class note on ordering. */
    private final List<PreparedStatement> inOrder;

    private final boolean[] pending;

    Writes(Connection c) throws SQLException {
      insertEvent =
          c.prepareStatement(
              "INSERT OR IGNORE INTO events (id, name, venue, starts_at, sale_opens_at,"
                  + " sale_closes_at,"
                  + " hold_ttl_nanos, per_user_limit, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      insertTicketType =
          c.prepareStatement(
              "INSERT OR IGNORE INTO ticket_types (event_id, position, code, name, price_minor,"
                  + " currency,"
                  + " capacity) VALUES (?, ?, ?, ?, ?, ?, ?)");
      insertAccount =
          c.prepareStatement(
              "INSERT INTO accounts (user_id, password_hash, created_at) VALUES (?, ?, ?)");
      insertHold =
          c.prepareStatement(
              "INSERT INTO holds (seq, id, event_id, user_id, ticket_type, quantity,"
                  + " created_at_nanos, expires_at_nanos) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      deleteHold = c.prepareStatement("DELETE FROM holds WHERE seq = ?");
      insertOrder =
          c.prepareStatement(
              "INSERT INTO orders (id, hold_id, event_id, user_id, ticket_type, quantity,"
                  + " total_minor, currency, created_at_nanos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      inOrder =
          List.of(
              insertEvent, insertTicketType, insertAccount, insertHold, deleteHold, insertOrder);
      pending = new boolean[inOrder.size()];
    }

    /** Records the row of a live hold read from disk. */
    void liveHold(HoldId id, long seq) {
      liveHoldRows.put(id, seq);
      nextHoldRow = Math.max(nextHoldRow, seq + 1);
      rowsLoaded = true;
    }

    /**
     * Loads the live holds' rows unless a read already did: a store reads its state before it
     * writes, so this scan only runs for a journal written without being read first.
     */
    void loadRows(Connection c) throws SQLException {
      if (rowsLoaded) {
        return;
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT seq, id FROM holds")) {
        while (rs.next()) {
          liveHold(new HoldId(rs.getString(2)), rs.getLong(1));
        }
      }
      rowsLoaded = true;
    }

    void add(JournalRecord record) throws SQLException {
      switch (record) {
        case JournalRecord.EventCreated(Event event) -> insertEvent(event);
        case JournalRecord.StockOpened(Event event) -> insertEvent(event);
        case JournalRecord.AccountRegistered(Account account) -> {
          insertAccount.setString(1, account.user().value());
          insertAccount.setString(2, account.passwordHash());
          insertAccount.setString(3, account.createdAt().toString());
          batch(insertAccount);
        }
        case JournalRecord.Ledger(LedgerChange.HoldCreated(Hold hold)) -> {
          long seq = nextHoldRow++;
          if (liveHoldRows.putIfAbsent(hold.id(), seq) != null) {
            throw new IllegalStateException("hold " + hold.id() + " created twice");
          }
          insertHold.setLong(1, seq);
          insertHold.setString(2, hold.id().value());
          insertHold.setString(3, hold.event().value());
          insertHold.setString(4, hold.user().value());
          insertHold.setString(5, hold.ticketType().value());
          insertHold.setInt(6, hold.quantity().value());
          insertHold.setLong(7, toNanos(hold.createdAt()));
          insertHold.setLong(8, toNanos(hold.expiresAt()));
          batch(insertHold);
        }
        case JournalRecord.Ledger(LedgerChange.HoldEnded ended) -> endHold(ended.hold().id());
        case JournalRecord.Ledger(LedgerChange.OrderPlaced(Order order)) -> {
          endHold(order.hold());
          insertOrder.setString(1, order.id().value());
          insertOrder.setString(2, order.hold().value());
          insertOrder.setString(3, order.event().value());
          insertOrder.setString(4, order.user().value());
          insertOrder.setString(5, order.ticketType().value());
          insertOrder.setInt(6, order.quantity());
          insertOrder.setLong(7, order.total().minor());
          insertOrder.setString(8, order.total().currency());
          insertOrder.setLong(9, toNanos(order.createdAt()));
          batch(insertOrder);
        }
      }
    }

    /** The event's row and its ticket types' rows; none is written twice. */
    private void insertEvent(Event event) throws SQLException {
      insertEvent.setString(1, event.id().value());
      insertEvent.setString(2, event.name());
      insertEvent.setString(3, event.venue());
      insertEvent.setString(4, event.startsAt().toString());
      insertEvent.setString(5, event.saleWindow().opensAt().toString());
      insertEvent.setString(6, event.saleWindow().closesAt().toString());
      insertEvent.setLong(7, event.holdTtl().toNanos());
      insertEvent.setInt(8, event.perUserLimit());
      insertEvent.setString(9, event.mode().name());
      batch(insertEvent);
      List<TicketType> types = event.ticketTypes();
      for (int i = 0; i < types.size(); i++) {
        TicketType type = types.get(i);
        insertTicketType.setString(1, event.id().value());
        insertTicketType.setInt(2, i);
        insertTicketType.setString(3, type.code().value());
        insertTicketType.setString(4, type.name());
        insertTicketType.setLong(5, type.price().minor());
        insertTicketType.setString(6, type.price().currency());
        insertTicketType.setInt(7, type.capacity());
        batch(insertTicketType);
      }
    }

    void execute() throws SQLException {
      for (int i = 0; i < inOrder.size(); i++) {
        if (pending[i]) {
          pending[i] = false;
          int[] counts = inOrder.get(i).executeBatch();
          if (inOrder.get(i) == deleteHold) {
            for (int count : counts) {
              if (count != 1) {
                throw new SQLException("a live hold's row was missing; memory and disk differ");
              }
            }
          }
        }
      }
    }

    /**
     * Deletes the row of a hold that ended. A hold the journal never saw created means memory and
     * disk have diverged: that fails the batch, and the journal, rather than pass unnoticed.
     */
    private void endHold(HoldId id) throws SQLException {
      Long seq = liveHoldRows.remove(id);
      if (seq == null) {
        throw new IllegalStateException("hold " + id + " ended but was never journaled as live");
      }
      deleteHold.setLong(1, seq);
      batch(deleteHold);
    }

    void clear() {
      for (int i = 0; i < inOrder.size(); i++) {
        pending[i] = false;
        try {
          inOrder.get(i).clearBatch();
        } catch (SQLException e) {
          log.warn("Clearing a journal batch failed", e);
        }
      }
    }

    private void batch(PreparedStatement statement) throws SQLException {
      statement.addBatch();
      pending[inOrder.indexOf(statement)] = true;
    }
  }
}
