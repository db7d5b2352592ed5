package dev.boxoffice.store.embedded;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;

/**
 * How the values of one {@link Table} are written to bytes and read back: the fields in a fixed
 * order, in {@link DataOutput}'s encodings. What a codec writes is part of the data folder's
 * format: changing it needs a new table, or a new format version and its migration ({@link
 * DataFormat}).
 */
interface Codec<V> {
  void write(V value, DataOutput out) throws IOException;

  V read(DataInput in) throws IOException;

  /** An instant, exact to the nanosecond, at any time an {@link Instant} can hold. */
  static void writeInstant(Instant instant, DataOutput out) throws IOException {
    out.writeLong(instant.getEpochSecond());
    out.writeInt(instant.getNano());
  }

  static Instant readInstant(DataInput in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
