package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.flashsale.FlashBook;
import dev.boxoffice.core.flashsale.FlashSale;
import dev.boxoffice.core.flashsale.FlashTerms;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.PurchaseResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link FlashSale} port: each event's {@link FlashBook} is a part of its state ({@link
 * EventState.Part}), so the interval, the waiting room's check and the stock are one decision under
 * the event's lock. An accepted order is journaled (its {@link InventoryTables#PENDING} record) in
 * that decision's commit and handed to the {@link EmbeddedOrderPipeline} once durable.
 *
 * <p>Terms are journaled in {@link #TERMS}; an event that never had any gets a book with {@link
 * FlashTerms#DEFAULT} at its first purchase, not journaled.
 *
 * <p>Thread policy: thread-safe.
 */
final class EmbeddedFlashSale implements FlashSale {
  static final Table<FlashTerms> TERMS = new Table<>("flash-terms", new TermsCodec());

  private final Journal journal;
  private final EmbeddedInventory inventory;
  private final EmbeddedOrderPipeline pipeline;

  /** Each event's terms as set, read without the event's lock (every purchase reads them). */
  private final ConcurrentHashMap<EventId, FlashTerms> termsByEvent = new ConcurrentHashMap<>();

  EmbeddedFlashSale(Journal journal, EmbeddedInventory inventory, EmbeddedOrderPipeline pipeline) {
    this.journal = journal;
    this.inventory = inventory;
    this.pipeline = pipeline;
  }

  /** Gives each event its journaled terms. Called once, after the inventory's recovery. */
  String recover() {
    journal.scan(
        TERMS,
        (key, terms) -> {
          EventId event = new EventId(key);
          inventory
              .shard(event)
              .ifPresent(
                  shard -> {
                    shard.read(state -> book(state, terms));
                    termsByEvent.put(event, terms);
                  });
        });
    return String.format("%,d flash sales", termsByEvent.size());
  }

  @Override
  public boolean configure(EventId event, FlashTerms terms) {
    journal.requireHealthy();
    Optional<EventShard> shard = inventory.shard(event);
    if (shard.isEmpty()) {
      return false;
    }
    shard
        .get()
        .decide(
            (state, records) -> {
              book(state, terms).change(terms);
              records.accept(new JournalRecord.Put<>(TERMS, event.value(), terms));
              return null;
            });
    termsByEvent.put(event, terms);
    return true;
  }

  @Override
  public Optional<FlashTerms> terms(EventId event) {
    journal.requireHealthy();
    return Optional.ofNullable(termsByEvent.get(event));
  }

  @Override
  public boolean soldOut(EventId event, TicketTypeCode type, Instant now) {
    return inventory.shard(event).map(shard -> shard.soldOut(type, now)).orElse(false);
  }

  @Override
  public PurchaseResult purchase(HoldRequest request, Instant now) {
    journal.requireHealthy();
    Optional<EventShard> shard = inventory.shard(request.event());
    if (shard.isEmpty()) {
      return new PurchaseResult.Refused(new HoldResult.UnknownEvent(request.event()));
    }
    if (shard.get().soldOut(request.ticketType(), now)) {
      return new PurchaseResult.Refused(new HoldResult.SoldOut(request.ticketType(), 0));
    }
    HoldId reservation = HoldId.random(request.event(), now);
    OrderId id = OrderId.random();
    PurchaseResult result =
        shard
            .get()
            .decide(
                inventory.onLedger(
                    now,
                    (state, changes, records) ->
                        state
                            .refusal(request, now)
                            .<PurchaseResult>map(PurchaseResult.Refused::new)
                            .orElseGet(
                                () ->
                                    book(state, FlashTerms.DEFAULT)
                                        .purchase(
                                            request,
                                            now,
                                            state.ledger(),
                                            reservation,
                                            id,
                                            changes))));
    if (result instanceof PurchaseResult.Accepted accepted) {
      pipeline.accept(List.of(accepted.order()));
    }
    return result;
  }

  /** The event's book, made with {@code terms} if it has none yet. Under the event's lock. */
  private static FlashBook book(EventState state, FlashTerms terms) {
    Optional<Part> part = state.part(Part.class);
    if (part.isPresent()) {
      return part.get().book();
    }
    Part added = new Part(new FlashBook(terms));
    state.add(added);
    return added.book();
  }

  /** The flash sale's part of an event's state. */
  private record Part(FlashBook book) implements EventState.Part {}

  private static final class TermsCodec implements Codec<FlashTerms> {
    @Override
    public void write(FlashTerms terms, DataOutput out) throws IOException {
      out.writeInt(terms.challengeDifficulty());
      out.writeLong(terms.purchaseInterval().toMillis());
    }

    @Override
    public FlashTerms read(DataInput in) throws IOException {
      return new FlashTerms(in.readInt(), Duration.ofMillis(in.readLong()));
    }
  }
}
