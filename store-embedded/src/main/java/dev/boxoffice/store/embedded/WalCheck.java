package dev.boxoffice.store.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Finds where RocksDB's write-ahead log is damaged, for an error that names the file and the
 * position: RocksDB refuses a damaged log but says only "checksum mismatch". Reads the log format
 * RocksDB documents: 32 KiB blocks of records, each with a 7-byte header (masked CRC32C of the type
 * and payload, payload length, type; 11 bytes with the log number for the recyclable types), a
 * block's last bytes zero when no header fits. Used only after an open failed, so it is simple, not
 * fast.
 */
final class WalCheck {
  private static final int BLOCK = 32 * 1024;
  private static final int HEADER = 7;
  private static final int RECYCLABLE_HEADER = 11;
  private static final int MASK_DELTA = 0xa282ead8;

  private WalCheck() {}

  /** The first damaged record of any log file in {@code dir}: {@code "<file> at byte <n>"}. */
  static Optional<String> firstDamage(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        long at = firstDamagedRecord(Files.readAllBytes(log));
        if (at >= 0) {
          return Optional.of(log.getFileName() + " at byte " + at);
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the open's own error stands
    }
  }

  /**
   * The offset of the first record whose checksum fails, or -1. A record cut short by the end of
   * the file is not damage: that is the write a crash interrupted.
   */
  static long firstDamagedRecord(byte[] log) {
    ByteBuffer buf = ByteBuffer.wrap(log).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 0;
    while (pos < log.length) {
      int leftInBlock = BLOCK - pos % BLOCK;
      if (leftInBlock < HEADER) {
        pos += leftInBlock;
        continue;
      }
      if (pos + HEADER > log.length) {
        return -1;
      }
      int type = log[pos + 6] & 0xff;
      int header = type >= 5 && type <= 8 ? RECYCLABLE_HEADER : HEADER;
      int length = buf.getShort(pos + 4) & 0xffff;
      if (type == 0 && length == 0) {
        pos += leftInBlock; // zeroed: preallocated space, or padding to the block's end
        continue;
      }
      if (pos + header + length > log.length) {
        return -1;
      }
      if (header + length > leftInBlock || !checksumHolds(buf, pos, header, length)) {
        return pos;
      }
      pos += header + length;
    }
    return -1;
  }

  private static boolean checksumHolds(ByteBuffer buf, int pos, int header, int length) {
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), pos + 6, header - 6 + length);
    int actual = (int) crc.getValue();
    int masked = ((actual >>> 15) | (actual << 17)) + MASK_DELTA;
    return buf.getInt(pos) == masked;
  }
}
