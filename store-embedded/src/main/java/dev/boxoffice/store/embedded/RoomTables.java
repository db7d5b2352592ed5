package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.waitingroom.RoomChange;
import dev.boxoffice.core.waitingroom.RoomTerms;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What {@link EmbeddedWaitingRoom} keeps in the journal: each room's terms and seed, who joined the
 * pre-queue, when the line opened (its order is recomputed from the seed), who joined the line at
 * which position, each admission step, the sessions a purchase ended, and the sell out. The line's
 * keys carry its positions zero-padded, so a scan replays it in order; the tables are replayed in
 * the order the book needs (pre-queue, opening, line, admissions, ...).
 */
final class RoomTables {
  static final Table<SetUp> ROOMS = new Table<>("rooms", new SetUpCodec());
  static final Table<Instant> PRE_QUEUE = new Table<>("room-pre-queue", new InstantCodec());
  static final Table<Instant> OPENINGS = new Table<>("room-openings", new InstantCodec());
  static final Table<RoomChange.Joined> LINE = new Table<>("room-line", new JoinedCodec());
  static final Table<RoomChange.Admitted> ADMISSIONS =
      new Table<>("room-admissions", new AdmittedCodec());
  static final Table<Instant> FINISHED = new Table<>("room-finished", new InstantCodec());
  static final Table<Instant> SOLD_OUT = new Table<>("room-sold-out", new InstantCodec());

  private RoomTables() {}

  /** A room's terms, as last set, and the seed of its pre-queue's shuffle. */
  record SetUp(RoomTerms terms, Seed seed) {}

  /** The records of one change to the room of {@code event} with {@code seed}. */
  static void record(EventId event, Seed seed, RoomChange change, Consumer<JournalRecord> records) {
    String id = event.value();
    switch (change) {
      case RoomChange.Joined joined when joined.position() == 0 ->
          records.accept(
              new JournalRecord.Insert<>(PRE_QUEUE, id + "." + joined.user(), joined.at()));
      case RoomChange.Joined joined ->
          records.accept(
              new JournalRecord.Insert<>(LINE, id + "." + padded(joined.position()), joined));
      case RoomChange.Opened opened ->
          records.accept(new JournalRecord.Insert<>(OPENINGS, id, opened.at()));
      case RoomChange.Admitted admitted ->
          records.accept(
              new JournalRecord.Insert<>(ADMISSIONS, id + "." + padded(admitted.from()), admitted));
      case RoomChange.Finished finished ->
          records.accept(
              new JournalRecord.Insert<>(FINISHED, id + "." + finished.user(), finished.at()));
      case RoomChange.SoldOut out ->
          records.accept(new JournalRecord.Insert<>(SOLD_OUT, id, out.at()));
      case RoomChange.Retuned retuned ->
          records.accept(new JournalRecord.Put<>(ROOMS, id, new SetUp(retuned.terms(), seed)));
    }
  }

  /** A position as a key part that sorts in order. */
  private static String padded(long position) {
    return String.format("%012d", position);
  }

  /** The user a key of the form {@code event.user} names. */
  static UserId user(String key) {
    return new UserId(key.substring(key.indexOf('.') + 1));
  }

  private static final class SetUpCodec implements Codec<SetUp> {
    @Override
    public void write(SetUp room, DataOutput out) throws IOException {
      RoomTerms t = room.terms();
      out.writeBoolean(t.enabled());
      Codec.writeInstant(t.queueOpensAt(), out);
      out.writeDouble(t.admissionRatePerSecond());
      out.writeInt(t.maxActiveShoppers());
      out.writeLong(t.accessTtl().toNanos());
      out.writeBoolean(t.paused());
      out.writeUTF(room.seed().hex());
    }

    @Override
    public SetUp read(DataInput in) throws IOException {
      RoomTerms terms =
          new RoomTerms(
              in.readBoolean(),
              Codec.readInstant(in),
              in.readDouble(),
              in.readInt(),
              Duration.ofNanos(in.readLong()),
              in.readBoolean());
      return new SetUp(terms, new Seed(in.readUTF()));
    }
  }

  private static final class InstantCodec implements Codec<Instant> {
    @Override
    public void write(Instant at, DataOutput out) throws IOException {
      Codec.writeInstant(at, out);
    }

    @Override
    public Instant read(DataInput in) throws IOException {
      return Codec.readInstant(in);
    }
  }

  private static final class JoinedCodec implements Codec<RoomChange.Joined> {
    @Override
    public void write(RoomChange.Joined joined, DataOutput out) throws IOException {
      out.writeUTF(joined.user().value());
      out.writeLong(joined.position());
      Codec.writeInstant(joined.at(), out);
    }

    @Override
    public RoomChange.Joined read(DataInput in) throws IOException {
      return new RoomChange.Joined(new UserId(in.readUTF()), in.readLong(), Codec.readInstant(in));
    }
  }

  private static final class AdmittedCodec implements Codec<RoomChange.Admitted> {
    @Override
    public void write(RoomChange.Admitted admitted, DataOutput out) throws IOException {
      out.writeLong(admitted.from());
      out.writeLong(admitted.upTo());
      Codec.writeInstant(admitted.at(), out);
      Codec.writeInstant(admitted.expiresAt(), out);
    }

    @Override
    public RoomChange.Admitted read(DataInput in) throws IOException {
      return new RoomChange.Admitted(
          in.readLong(), in.readLong(), Codec.readInstant(in), Codec.readInstant(in));
    }
  }
}
