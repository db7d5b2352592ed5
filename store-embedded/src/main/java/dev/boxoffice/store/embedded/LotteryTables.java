package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.lottery.DrawSummary;
import dev.boxoffice.core.lottery.Entry;
import dev.boxoffice.core.lottery.LotteryChange;
import dev.boxoffice.core.lottery.LotteryTerms;
import dev.boxoffice.core.lottery.Offer;
import dev.boxoffice.core.lottery.Seed;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What {@link EmbeddedLottery} keeps in the journal, and how a lottery change becomes records: each
 * lottery's terms, its secret seed and pseudonym key, its entries (one per user, so a second is
 * refused by the journal too), its draw's summary and the offers the draw made. The winners and the
 * waitlist are not stored: a restart recomputes them from the entries and the seed, and checks them
 * against the summary's digests.
 */
final class LotteryTables {
  static final Table<SetUp> LOTTERIES = new Table<>("lotteries", new SetUpCodec());
  static final Table<Entry> ENTRIES = new Table<>("lottery-entries", new EntryCodec());
  static final Table<DrawSummary> DRAWS = new Table<>("lottery-draws", new DrawCodec());
  static final Table<Offer> OFFERS = new Table<>("lottery-offers", new OfferCodec());

  private LotteryTables() {}

  /** A lottery as set up: its terms, its seed and the key of its entrants' pseudonyms. */
  record SetUp(LotteryTerms terms, Seed seed, Seed pseudonymKey) {}

  /** The records of one change to the lottery of {@code event}. */
  static void record(EventId event, LotteryChange change, Consumer<JournalRecord> records) {
    String id = event.value();
    switch (change) {
      case LotteryChange.Entered(Entry entry) ->
          records.accept(new JournalRecord.Insert<>(ENTRIES, id + "." + entry.user(), entry));
      case LotteryChange.Drawn(DrawSummary summary) ->
          records.accept(new JournalRecord.Insert<>(DRAWS, id, summary));
      case LotteryChange.Offered(Offer offer) ->
          records.accept(new JournalRecord.Insert<>(OFFERS, id + "." + offer.place(), offer));
    }
  }

  private static final class SetUpCodec implements Codec<SetUp> {
    @Override
    public void write(SetUp lottery, DataOutput out) throws IOException {
      LotteryTerms t = lottery.terms();
      Codec.writeInstant(t.registerOpensAt(), out);
      Codec.writeInstant(t.registerClosesAt(), out);
      out.writeLong(t.cooldown().toNanos());
      out.writeInt(t.ticketsPerWinner());
      out.writeLong(t.offerTtl().toNanos());
      out.writeInt(t.waitlistSize());
      out.writeUTF(t.entrantList().name());
      out.writeUTF(lottery.seed().hex());
      out.writeUTF(lottery.pseudonymKey().hex());
    }

    @Override
    public SetUp read(DataInput in) throws IOException {
      LotteryTerms terms =
          new LotteryTerms(
              Codec.readInstant(in),
              Codec.readInstant(in),
              Duration.ofNanos(in.readLong()),
              in.readInt(),
              Duration.ofNanos(in.readLong()),
              in.readInt(),
              LotteryTerms.EntrantList.valueOf(in.readUTF()));
      return new SetUp(terms, new Seed(in.readUTF()), new Seed(in.readUTF()));
    }
  }

  private static final class EntryCodec implements Codec<Entry> {
    @Override
    public void write(Entry entry, DataOutput out) throws IOException {
      out.writeUTF(entry.id());
      out.writeUTF(entry.user().value());
      out.writeUTF(entry.tokenId());
      Codec.writeInstant(entry.enteredAt(), out);
    }

    @Override
    public Entry read(DataInput in) throws IOException {
      return new Entry(in.readUTF(), new UserId(in.readUTF()), in.readUTF(), Codec.readInstant(in));
    }
  }

  private static final class DrawCodec implements Codec<DrawSummary> {
    @Override
    public void write(DrawSummary s, DataOutput out) throws IOException {
      Codec.writeInstant(s.drawnAt(), out);
      out.writeUTF(s.algorithm());
      out.writeUTF(s.seed().hex());
      out.writeUTF(s.entrantsDigest());
      out.writeUTF(s.winnersDigest());
      out.writeUTF(s.waitlistDigest());
      out.writeInt(s.entrants());
      out.writeInt(s.winners());
      out.writeInt(s.waitlisted());
    }

    @Override
    public DrawSummary read(DataInput in) throws IOException {
      return new DrawSummary(
          Codec.readInstant(in),
          in.readUTF(),
          new Seed(in.readUTF()),
          in.readUTF(),
          in.readUTF(),
          in.readUTF(),
          in.readInt(),
          in.readInt(),
          in.readInt());
    }
  }

  private static final class OfferCodec implements Codec<Offer> {
    @Override
    public void write(Offer offer, DataOutput out) throws IOException {
      out.writeUTF(offer.user().value());
      out.writeInt(offer.place());
      out.writeUTF(offer.hold().value());
      Codec.writeInstant(offer.expiresAt(), out);
    }

    @Override
    public Offer read(DataInput in) throws IOException {
      return new Offer(
          new UserId(in.readUTF()), in.readInt(), new HoldId(in.readUTF()), Codec.readInstant(in));
    }
  }
}
