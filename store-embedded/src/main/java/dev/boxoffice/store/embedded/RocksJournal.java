package dev.boxoffice.store.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JournalEngine}: one RocksDB database holding every {@link Table}, each value under the
 * key {@code <table>/<key>}. A group commit is one atomic {@link WriteBatch}, written to RocksDB's
 * log and, with {@link JournalSync#FULL}, synced before the commit returns.
 *
 * <p>Why RocksDB: it keeps current state, so a value that is deleted (an ended hold) stops costing
 * anything once compaction has run, in the background, and a restart reads only what is live; its
 * log is checksummed, and on open it is read as {@link JournalSync} promises (with {@code FULL}, a
 * torn record at the very end, a write the crash interrupted, is cut off and damage anywhere else
 * is refused); and values that are not kept in memory (holds that ended long ago) can be looked up
 * by key. It was measured against SQLite and an append-only log of our own; see BENCHMARKS.md.
 *
 * <p>Thread policy: {@link #commit} is confined to the journal's writer thread (it reuses one
 * buffer); {@link #scan} and {@link #get} are safe from any thread. The database holds a lock file
 * while open, so a second process on the same folder is refused at open.
 */
final class RocksJournal implements JournalEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RocksJournal.class);

  private final Path dir;
  private final JournalSync sync;
  private final Options options;
  private final RocksLog log;
  private final RocksDB db;
  private final WriteOptions writeOptions;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
  private final DataOutputStream out = new DataOutputStream(bytes);

  private RocksJournal(Path dir, JournalSync sync, Options options, RocksLog log, RocksDB db) {
    this.dir = dir;
    this.sync = sync;
    this.options = options;
    this.log = log;
    this.db = db;
    this.writeOptions = new WriteOptions().setSync(sync == JournalSync.FULL);
  }

  /**
   * Opens (creating if needed) the database in {@code dir}.
   *
   * @throws JournalException if it cannot be opened: another process has it, or it is damaged (the
   *     message names the damaged file and where in it the damage starts)
   */
  static RocksJournal open(Path dir, JournalSync sync) {
    RocksDB.loadLibrary();
    RocksLog log = new RocksLog();
    Options options =
        new Options()
            .setCreateIfMissing(true)
            .setWalRecoveryMode(
                sync == JournalSync.FULL
                    ? WALRecoveryMode.TolerateCorruptedTailRecords
                    : WALRecoveryMode.PointInTimeRecovery)
            .setLogger(log)
            .setKeepLogFileNum(3)
            .setMaxBackgroundJobs(2)
            .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10)));
    try {
      return new RocksJournal(dir, sync, options, log, RocksDB.open(options, dir.toString()));
    } catch (RocksDBException e) {
      options.close();
      log.close();
      String where =
          e.getStatus() != null && e.getStatus().getCode() == Status.Code.Corruption
              ? WalCheck.firstDamage(dir).map(at -> " (damaged: " + at + ")").orElse("")
              : "";
      throw new JournalException("cannot open journal " + dir + ": " + e.getMessage() + where, e);
    } catch (RuntimeException e) {
      options.close();
      log.close();
      throw e;
    }
  }

  @Override
  public void commit(List<JournalRecord> records) throws IOException, RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      Set<String> inserted = null;
      for (JournalRecord record : records) {
        switch (record) {
          case JournalRecord.Put<?> put -> batch.put(key(put.table(), put.key()), encode(put));
          case JournalRecord.Insert<?> insert -> {
            byte[] key = key(insert.table(), insert.key());
            inserted = inserted == null ? new HashSet<>() : inserted;
            if (!inserted.add(insert.table().name() + "/" + insert.key()) || db.get(key) != null) {
              throw new JournalException(
                  insert.table().name() + "/" + insert.key() + " is already written; not again");
            }
            batch.put(key, encode(insert));
          }
          case JournalRecord.Delete delete -> batch.delete(key(delete.table(), delete.key()));
          case JournalRecord.DeleteRange range ->
              batch.deleteRange(key(range.table(), range.from()), key(range.table(), range.to()));
        }
      }
      db.write(writeOptions, batch);
    }
  }

  private <V> byte[] encode(JournalRecord.Put<V> put) throws IOException {
    return encode(put.table(), put.value());
  }

  private <V> byte[] encode(JournalRecord.Insert<V> insert) throws IOException {
    return encode(insert.table(), insert.value());
  }

  private <V> byte[] encode(Table<V> table, V value) throws IOException {
    bytes.reset();
    table.codec().write(value, out);
    return bytes.toByteArray();
  }

  @Override
  public <V> void scan(Table<V> table, BiConsumer<String, V> each) {
    byte[] prefix = key(table, "");
    // The first key past the table: its name followed by the character after '/'.
    byte[] end = prefix.clone();
    end[end.length - 1]++;
    try (Slice upper = new Slice(end);
        ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(read)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] key = it.key();
        String name = new String(key, prefix.length, key.length - prefix.length, UTF_8);
        each.accept(name, decode(table, name, it.value()));
      }
      it.status();
    } catch (RocksDBException e) {
      throw new JournalException("cannot read table " + table.name() + " in " + dir + ": " + e, e);
    }
  }

  @Override
  public <V> Optional<V> get(Table<V> table, String key) {
    try {
      byte[] value = db.get(key(table, key));
      return value == null ? Optional.empty() : Optional.of(decode(table, key, value));
    } catch (RocksDBException e) {
      throw new JournalException("cannot read table " + table.name() + " in " + dir + ": " + e, e);
    }
  }

  private <V> V decode(Table<V> table, String key, byte[] value) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
      V decoded = table.codec().read(in);
      if (in.available() > 0) {
        throw new IOException(in.available() + " bytes left over");
      }
      return decoded;
    } catch (IOException | RuntimeException e) {
      throw new JournalException(
          "cannot read " + table.name() + "/" + key + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static byte[] key(Table<?> table, String key) {
    return (table.name() + "/" + key).getBytes(UTF_8);
  }

  @Override
  public String location() {
    return dir.toString();
  }

  /**
   * Closes the database; with {@link JournalSync#NORMAL} it first syncs RocksDB's log, so that what
   * a clean stop leaves behind survives a later power loss too.
   */
  @Override
  public void close() {
    try {
      if (sync == JournalSync.NORMAL) {
        db.syncWal();
      }
      try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
        db.flush(wait);
      }
      db.closeE();
    } catch (RocksDBException e) {
      throw new JournalException("closing journal " + dir + " failed: " + e.getMessage(), e);
    } finally {
      writeOptions.close();
      options.close();
      log.close();
    }
  }

  /** RocksDB's own warnings and errors, in the server's log instead of a file of their own. */
  private static final class RocksLog extends org.rocksdb.Logger {
    RocksLog() {
      super(InfoLogLevel.WARN_LEVEL);
    }

    @Override
    protected void log(InfoLogLevel level, String message) {
      if (level == InfoLogLevel.WARN_LEVEL) {
        LOG.warn("rocksdb: {}", message);
      } else {
        LOG.error("rocksdb: {}", message);
      }
    }
  }
}
