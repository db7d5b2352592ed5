package dev.boxoffice.core.flashsale;

import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.order.PurchaseResult;
import java.time.Instant;
import java.util.Optional;

/**
 * Flash-sale purchases on first-come events: each decided atomically with the event's stock (the
 * {@link FlashBook}'s interval, then the ledger's rules), the accepted order durable and in the
 * {@link dev.boxoffice.core.order.OrderPipeline} before it is returned. An event whose terms were
 * never set sells by {@link FlashTerms#DEFAULT}.
 */
public interface FlashSale {
  /**
   * Sets the flash-sale terms of an event whose stock is open, durably; again, replaces them. False
   * for an event this store does not know.
   */
  boolean configure(EventId event, FlashTerms terms);

  /** The event's terms as set; empty when never set (it sells by {@link FlashTerms#DEFAULT}). */
  Optional<FlashTerms> terms(EventId event);

  /**
   * Whether the type surely has no ticket left at {@code now}, answered from memory without waiting
   * for any decision: the sold-out fast path. Never true once a ticket could be back (a hold
   * expired).
   */
  boolean soldOut(EventId event, TicketTypeCode type, Instant now);

  /** Decides a purchase at {@code now}, by the open sale's right. */
  PurchaseResult purchase(HoldRequest request, Instant now);
}
