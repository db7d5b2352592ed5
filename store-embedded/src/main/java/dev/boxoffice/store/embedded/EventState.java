package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.LedgerChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything the decisions on one event touch, owned by that event's {@link EventShard}: the {@link
 * EventLedger} of its stock, holds and orders, and the {@link Part}s features keep beside it (a
 * lottery's entries and offers), so that a decision touching a part and the stock runs under the
 * one shard lock and is atomic.
 *
 * <p>Thread policy: confined to its shard's lock.
 */
final class EventState {
  /**
   * A feature's state on one event. It hears every change of the event's ledger and, after every
   * decision on the event, may act on what it heard: a lottery hands a lapsed offer's tickets to
   * the next entrant on its waitlist.
   */
  interface Part {
    /**
     * Why this part refuses {@code request} at {@code now}, if it does: asked before the ledger, in
     * the same decision (a waiting room refuses users it has not admitted).
     */
    default Optional<HoldResult> refusal(HoldRequest request, Instant now) {
      return Optional.empty();
    }

    default void observe(LedgerChange change) {}

    /**
     * Acts on what was observed, at {@code now}; its own changes go to {@code records}, the
     * ledger's through {@code ledgerChanges}.
     */
    default void settle(
        EventLedger ledger,
        Instant now,
        Consumer<LedgerChange> ledgerChanges,
        Consumer<JournalRecord> records) {}
  }

  private final EventLedger ledger;
  private final List<Part> parts = new ArrayList<>(1);

  /**
   * The types without a ticket left at the latest decision, read without the lock: the sold-out
   * fast path. Replaced, never changed, and only when it differs.
   */
  private volatile SoldOut soldOut = new SoldOut(Set.of(), Instant.MAX);

  /**
   * Types sold out, and until when that is sure: the earliest expiry of a live hold, when a
   * decision would end it and give its tickets back.
   */
  private record SoldOut(Set<TicketTypeCode> types, Instant until) {}

  EventState(EventLedger ledger) {
    this.ledger = ledger;
  }

  EventLedger ledger() {
    return ledger;
  }

  void add(Part part) {
    parts.add(part);
  }

  /** The part of this kind, if the event has one. */
  <P extends Part> Optional<P> part(Class<P> kind) {
    for (Part part : parts) {
      if (kind.isInstance(part)) {
        return Optional.of(kind.cast(part));
      }
    }
    return Optional.empty();
  }

  /** The first part's refusal of {@code request}, if one refuses it. */
  Optional<HoldResult> refusal(HoldRequest request, Instant now) {
    for (Part part : parts) {
      Optional<HoldResult> refused = part.refusal(request, now);
      if (refused.isPresent()) {
        return refused;
      }
    }
    return Optional.empty();
  }

  /** {@code changes}, and every part hearing them too. */
  Consumer<LedgerChange> observed(Consumer<LedgerChange> changes) {
    if (parts.isEmpty()) {
      return changes;
    }
    return change -> {
      changes.accept(change);
      parts.forEach(p -> p.observe(change));
    };
  }

  /**
   * Whether {@code type} surely has no ticket at {@code now}: none was left at the latest decision,
   * and no hold has expired since. Safe without the lock.
   */
  boolean soldOut(TicketTypeCode type, Instant now) {
    SoldOut known = soldOut;
    return known.types().contains(type) && now.isBefore(known.until());
  }

  /** Publishes which types are sold out now, after a decision; under the lock. */
  void publishSoldOut() {
    SoldOut was = soldOut;
    Instant until = ledger.nextExpiry();
    boolean differs = !until.equals(was.until());
    for (TicketType type : ledger.event().ticketTypes()) {
      differs |= ledger.soldOut(type.code()) != was.types().contains(type.code());
    }
    if (differs) {
      Set<TicketTypeCode> types = new HashSet<>();
      for (TicketType type : ledger.event().ticketTypes()) {
        if (ledger.soldOut(type.code())) {
          types.add(type.code());
        }
      }
      soldOut = new SoldOut(Set.copyOf(types), until);
    }
  }

  /** Lets every part act on what it observed; see {@link Part#settle}. */
  void settle(Instant now, Consumer<LedgerChange> ledgerChanges, Consumer<JournalRecord> records) {
    for (Part part : parts) {
      part.settle(ledger, now, ledgerChanges, records);
    }
  }
}
