package dev.boxoffice.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the journal does with damaged files on open. The damage is made in a copy of a journal taken
 * while it is open, as a crash would leave it: commits in RocksDB's log, not yet in its tables.
 */
@Timeout(60)
class JournalDamageTest {
  private static final int COMMITS = 20;
  private static final Table<String> NOTES =
      new Table<>(
          "notes",
          new Codec<>() {
            @Override
            public void write(String value, DataOutput out) throws IOException {
              out.writeUTF(value);
            }

            @Override
            public String read(DataInput in) throws IOException {
              return in.readUTF();
            }
          });

  @TempDir Path dir;

  /** A journal of {@link #COMMITS} commits, one note each, copied as a crash would leave it. */
  private Path crashedJournal(JournalSync sync) throws Exception {
    Path live = dir.resolve("live");
    RocksJournal journal = RocksJournal.open(live, sync);
    try {
      for (int i = 0; i < COMMITS; i++) {
        journal.commit(List.of(new JournalRecord.Put<>(NOTES, "n" + (100 + i), "note " + i)));
      }
      return copy(live, dir.resolve("crashed"));
    } finally {
      journal.close();
    }
  }

  private static List<String> notes(Path journalDir, JournalSync sync) {
    RocksJournal journal = RocksJournal.open(journalDir, sync);
    try {
      List<String> notes = new ArrayList<>();
      journal.scan(NOTES, (key, note) -> notes.add(note));
      return notes;
    } finally {
      journal.close();
    }
  }

  @ParameterizedTest
  @EnumSource(JournalSync.class)
  void aTornLastWriteIsCutOffOnOpen(JournalSync sync) throws Exception {
    Path crashed = crashedJournal(sync);
    Path log = only(crashed, ".log");
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
      file.setLength(file.length() - 3);
    }

    assertThat(notes(crashed, sync)).hasSize(COMMITS - 1).doesNotContain("note " + (COMMITS - 1));
    assertThat(notes(crashed, sync)).as("opens again after the cut").hasSize(COMMITS - 1);
  }

  @Test
  void damageInTheMiddleOfTheLogIsRefusedNamingTheFileAndWhere() throws Exception {
    Path crashed = crashedJournal(JournalSync.FULL);
    Path log = only(crashed, ".log");
    long recordAt = recordStarts(Files.readAllBytes(log)).get(2);
    flip(log, recordAt + 10);

    assertThatThrownBy(() -> RocksJournal.open(crashed, JournalSync.FULL))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("damaged: " + log.getFileName() + " at byte " + recordAt);
  }

  @Test
  void withNormalSyncTheLogIsReadUpToTheDamageAndTheCutIsLogged() throws Exception {
    Path crashed = crashedJournal(JournalSync.NORMAL);
    Path log = only(crashed, ".log");
    flip(log, recordStarts(Files.readAllBytes(log)).get(2) + 10);

    try (CapturedLog captured = new CapturedLog(RocksJournal.class)) {
      assertThat(notes(crashed, JournalSync.NORMAL)).containsExactly("note 0", "note 1");
      assertThat(captured.warnings())
          .anyMatch(
              m -> m.contains(log.getFileName().toString()) && m.contains("checksum mismatch"));
    }
  }

  @Test
  void damageInATableFileIsRefusedNamingTheFileAndWhere() throws Exception {
    Path journalDir = dir.resolve("flushed");
    RocksJournal journal = RocksJournal.open(journalDir, JournalSync.FULL);
    journal.commit(List.of(new JournalRecord.Put<>(NOTES, "n1", "x".repeat(1000))));
    journal.close(); // moves the log into a table file
    Path table = only(journalDir, ".sst");
    flip(table, 20); // in the data block, read when the table is scanned

    assertThatThrownBy(() -> notes(journalDir, JournalSync.FULL))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("cannot read table notes")
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining(table.getFileName() + " offset 0");
  }

  @Test
  void theLogCheckFindsTheFirstDamagedRecordAndForgivesACutTail() throws Exception {
    Path crashed = crashedJournal(JournalSync.FULL);
    byte[] log = Files.readAllBytes(only(crashed, ".log"));
    List<Long> starts = recordStarts(log);
    assertThat(starts).hasSizeGreaterThanOrEqualTo(COMMITS);
    assertThat(WalCheck.firstDamagedRecord(log)).isEqualTo(-1);

    for (int record = 0; record < starts.size(); record++) {
      long start = starts.get(record);
      long end = record + 1 < starts.size() ? starts.get(record + 1) : log.length;
      for (long at : new long[] {start, start + 6, end - 1}) {
        byte[] damaged = log.clone();
        damaged[(int) at] ^= 0x01;
        assertThat(WalCheck.firstDamagedRecord(damaged)).as("byte %d flipped", at).isEqualTo(start);
      }
      byte[] cut = java.util.Arrays.copyOf(log, (int) end - 1);
      assertThat(WalCheck.firstDamagedRecord(cut)).as("cut at %d", end - 1).isEqualTo(-1);
    }
  }

  /** Where each record of a small (one-block) log starts: header length at bytes 4-5. */
  private static List<Long> recordStarts(byte[] log) {
    List<Long> starts = new ArrayList<>();
    for (int pos = 0; pos + 7 <= log.length; ) {
      starts.add((long) pos);
      pos += 7 + ((log[pos + 4] & 0xff) | (log[pos + 5] & 0xff) << 8);
    }
    return starts;
  }

  private static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }
  }

  private static Path only(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found = files.filter(p -> p.toString().endsWith(suffix)).toList();
      assertThat(found).as(suffix + " files in " + dir).hasSize(1);
      return found.getFirst();
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals("LOCK")) {
          Files.copy(file, to.resolve(file.getFileName()));
        }
      }
    }
    return to;
  }
}
