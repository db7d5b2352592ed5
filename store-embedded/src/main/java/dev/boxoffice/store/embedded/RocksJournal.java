package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.order.Order;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A {@link JournalEngine} on RocksDB, kept as current state: each record puts or deletes the keys
 * of what is live (events, accounts, live holds, orders, ended holds), one synced write batch per
 * group commit; RocksDB's compaction keeps the files following live state, and a read scans it.
 *
 * <p>Thread policy: confined to the journal's writer thread.
 */
final class RocksJournal implements JournalEngine {
  static final String DIRECTORY = "rocksdb";

  private final Path dir;
  private final Options options;
  private final RocksDB db;
  private final WriteOptions writeOptions;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
  private final DataOutputStream out = new DataOutputStream(bytes);

  private RocksJournal(Path dir, Options options, RocksDB db, JournalSync sync) {
    this.dir = dir;
    this.options = options;
    this.db = db;
    this.writeOptions = new WriteOptions().setSync(sync == JournalSync.FULL);
  }

  static Journal open(Path dir, JournalSync sync, JournalListener listener) {
    RocksDB.loadLibrary();
    Options options =
        new Options()
            .setCreateIfMissing(true)
            .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
            .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
            .setKeepLogFileNum(2);
    try {
      Files.createDirectories(dir);
      RocksDB db = RocksDB.open(options, dir.toString());
      return GroupCommitJournal.start(new RocksJournal(dir, options, db, sync), listener);
    } catch (IOException | RocksDBException e) {
      options.close();
      throw new JournalException("cannot open journal " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void commit(List<JournalRecord> records) throws IOException, RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (JournalRecord record : records) {
        switch (record) {
          case JournalRecord.EventCreated(Event event) -> put(batch, "e/" + event.id(), record);
          case JournalRecord.StockOpened(Event event) -> put(batch, "e/" + event.id(), record);
          case JournalRecord.AccountRegistered(Account account) ->
              put(batch, "a/" + account.user(), record);
          case JournalRecord.Ledger(LedgerChange.HoldCreated(Hold hold)) ->
              put(batch, "h/" + hold.id(), record);
          case JournalRecord.Ledger(LedgerChange.HoldEnded ended) -> {
            batch.delete(key("h/" + ended.hold().id()));
            put(batch, "t/" + ended.hold().id(), record);
          }
          case JournalRecord.Ledger(LedgerChange.OrderPlaced(Order order)) -> {
            batch.delete(key("h/" + order.hold()));
            put(batch, "o/" + order.hold(), record);
          }
        }
      }
      db.write(writeOptions, batch);
    }
  }

  private void put(WriteBatch batch, String key, JournalRecord record)
      throws IOException, RocksDBException {
    bytes.reset();
    RecordCodec.write(record, out);
    batch.put(key(key), bytes.toByteArray());
  }

  private static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Journal.State read() throws IOException {
    Replay replay = new Replay();
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (it.key()[0] != 't') {
          replay.apply(RecordCodec.read(new DataInputStream(new ByteArrayInputStream(it.value()))));
        }
      }
    }
    return replay.state();
  }

  @Override
  public String location() {
    return dir.toString();
  }

  @Override
  public void close() {
    writeOptions.close();
    db.close();
    options.close();
  }
}
