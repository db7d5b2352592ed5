package dev.boxoffice.store.embedded;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A {@link JournalEngine} of its own: an append-only log of checksummed batches in segment files,
 * one positioned write and (with {@link JournalSync#FULL}) one {@code fdatasync} per group commit.
 *
 * <p>Segments are zero-filled to their full size before use, so a commit never grows a file and its
 * sync flushes data only, no file-size metadata; the next segment is filled on another thread while
 * the second half of the current one fills up. A batch is {@code [int length][int
 * crc32c][records]}; a zero length ends the data. On open, a bad batch at the very end of the last
 * segment, followed by nothing but zeros, is a torn last write and is cut off; any other bad batch
 * is damage and is refused.
 *
 * <p>Thread policy: confined to the journal's writer thread, apart from the filling of the next
 * segment, which touches only that file until it is handed over.
 */
final class LogJournal implements JournalEngine {
  static final String DIRECTORY = "journal";
  static final long SEGMENT_BYTES = 64L << 20;
  private static final int HEADER = 8;
  private static final String SUFFIX = ".log";
  private static final String FILLING = ".log.new";

  private final Path dir;
  private final JournalSync sync;
  private final Replay replay = new Replay();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
  private final DataOutputStream out = new DataOutputStream(bytes);
  private final CRC32C crc = new CRC32C();

  private long segmentNumber;
  private FileChannel segment;
  private long segmentSize;
  private long position;
  private CompletableFuture<Path> next;

  private LogJournal(Path dir, JournalSync sync) {
    this.dir = dir;
    this.sync = sync;
  }

  /** Opens (creating if needed) the log in {@code dir} and starts a journal over it. */
  static Journal open(Path dir, JournalSync sync, JournalListener listener) {
    LogJournal engine = new LogJournal(dir, sync);
    try {
      engine.scan();
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw e instanceof JournalException je
          ? je
          : new JournalException("cannot open journal " + dir + ": " + e.getMessage(), e);
    }
    return GroupCommitJournal.start(engine, listener);
  }

  @Override
  public void commit(List<JournalRecord> records) throws IOException {
    bytes.reset();
    out.writeLong(0); // the header, filled in below
    for (JournalRecord record : records) {
      RecordCodec.write(record, out);
    }
    byte[] batch = bytes.toByteArray();
    int length = batch.length - HEADER;
    crc.reset();
    crc.update(batch, HEADER, length);
    ByteBuffer buffer = ByteBuffer.wrap(batch);
    buffer.putInt(0, length).putInt(4, (int) crc.getValue());
    if (position + batch.length > segmentSize) {
      rotate(batch.length);
    }
    while (buffer.hasRemaining()) {
      segment.write(buffer, position + buffer.position());
    }
    if (sync == JournalSync.FULL) {
      segment.force(false);
    }
    position += batch.length;
    if (next == null && position > segmentSize / 2) {
      prepareNext(SEGMENT_BYTES);
    }
  }

  @Override
  public Journal.State read() {
    return replay.state();
  }

  @Override
  public String location() {
    return dir.toString();
  }

  @Override
  public void close() {
    try {
      if (segment != null) {
        segment.force(false);
        segment.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- Opening

  private void scan() throws IOException {
    Files.createDirectories(dir);
    List<Path> segments;
    try (Stream<Path> files = Files.list(dir)) {
      segments = files.filter(f -> f.toString().endsWith(SUFFIX)).sorted().toList();
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path stale : files.filter(f -> f.toString().endsWith(FILLING)).toList()) {
        Files.delete(stale);
      }
    }
    if (segments.isEmpty()) {
      segmentNumber = 1;
      Path first = fill(name(segmentNumber), SEGMENT_BYTES);
      Files.move(first, segmentFile(segmentNumber), StandardCopyOption.ATOMIC_MOVE);
      syncDirectory();
      openSegment(0);
    } else {
      for (int i = 0; i < segments.size(); i++) {
        long end = replaySegment(segments.get(i), i == segments.size() - 1);
        if (i == segments.size() - 1) {
          segmentNumber = number(segments.get(i));
          openSegment(end);
        }
      }
    }
  }

  /** Replays one segment's batches; returns where its data ends. */
  private long replaySegment(Path file, boolean last) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
      int pos = 0;
      while (pos + HEADER <= size) {
        int length = map.getInt(pos);
        if (length == 0) {
          return pos;
        }
        int stored = map.getInt(pos + 4);
        boolean inBounds = length > 0 && pos + HEADER + (long) length <= size;
        if (!inBounds || checksum(map, pos + HEADER, length) != stored) {
          long extent = inBounds ? pos + HEADER + (long) length : size;
          if (last && inBounds && zeroFrom(map, extent)) {
            cutTornTail(file, pos, extent);
            return pos;
          }
          throw new JournalException(
              "journal "
                  + file
                  + " is damaged at byte "
                  + pos
                  + " (batch checksum or length)"
                  + "; refusing to open");
        }
        byte[] payload = new byte[length];
        map.get(pos + HEADER, payload);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        while (in.available() > 0) {
          replay.apply(RecordCodec.read(in));
        }
        pos += HEADER + length;
      }
      return pos;
    }
  }

  private int checksum(ByteBuffer map, int from, int length) {
    crc.reset();
    crc.update(map.slice(from, length));
    return (int) crc.getValue();
  }

  private static boolean zeroFrom(ByteBuffer map, long from) {
    for (long i = from; i < map.limit(); i++) {
      if (map.get((int) i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static void cutTornTail(Path file, long from, long to) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate((int) (to - from));
      while (zeros.hasRemaining()) {
        channel.write(zeros, from + zeros.position());
      }
      channel.force(false);
    }
  }

  private void openSegment(long end) throws IOException {
    segment =
        FileChannel.open(
            segmentFile(segmentNumber), StandardOpenOption.READ, StandardOpenOption.WRITE);
    segmentSize = segment.size();
    position = end;
  }

  // ---- Segments

  private void rotate(int batchBytes) throws IOException {
    segment.force(false);
    segment.close();
    segmentNumber++;
    Path filled = batchBytes > SEGMENT_BYTES ? fill(name(segmentNumber), batchBytes) : next.join();
    Files.move(filled, segmentFile(segmentNumber), StandardCopyOption.ATOMIC_MOVE);
    syncDirectory();
    openSegment(0);
    prepareNext(SEGMENT_BYTES);
  }

  private void prepareNext(long size) {
    String name = name(segmentNumber + 1);
    next =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return fill(name, size);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            task -> Thread.ofPlatform().name("boxoffice-journal-fill").daemon().start(task));
  }

  /** Writes a zero-filled file of {@code size} bytes under a temporary name and syncs it. */
  private Path fill(String name, long size) throws IOException {
    Path file = dir.resolve(name + FILLING);
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
      for (long at = 0; at < size; at += zeros.capacity()) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
        while (zeros.hasRemaining()) {
          channel.write(zeros, at + zeros.position());
        }
      }
      channel.force(true);
    }
    return file;
  }

  private Path segmentFile(long number) {
    return dir.resolve(name(number) + SUFFIX);
  }

  private static String name(long number) {
    return String.format("%016d", number);
  }

  private static long number(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }

  private void syncDirectory() throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
