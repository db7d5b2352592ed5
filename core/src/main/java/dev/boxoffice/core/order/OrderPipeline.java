package dev.boxoffice.core.order;

import java.time.Instant;
import java.util.Optional;

/**
 * Carries orders accepted at once ({@link PurchaseResult.Accepted}) from the sale's decision to
 * their final state: confirmed (then {@link Orders} has them) or failed. An accepted order is in
 * the pipeline durably before its buyer is told so, and is never lost, across crashes of any part;
 * finalising is idempotent, so an order delivered twice is placed once. Adapters finalise on their
 * own, in batches, soon after acceptance: an in-process journal-backed queue, or a message broker
 * with a consumer.
 *
 * <p>An order leaves {@link #find} only once {@link Orders} has it, so a reader asking the pipeline
 * first and then the orders never misses one.
 */
public interface OrderPipeline {
  /** The order, while it is pending, or once it has failed; empty for one confirmed or unknown. */
  Optional<OrderState> find(OrderId id);

  /**
   * Finalises every order accepted before this call and returns how many it finalised. Adapters
   * also do this on their own; this lets callers and tests force it.
   */
  int finalise(Instant now);

  /** How many accepted orders wait to be finalised. */
  long depth();

  /**
   * The pipeline of a deployment that accepts no order at once (it offers no flash sale): nothing
   * is ever pending in it.
   */
  OrderPipeline NONE =
      new OrderPipeline() {
        @Override
        public Optional<OrderState> find(OrderId id) {
          return Optional.empty();
        }

        @Override
        public int finalise(Instant now) {
          return 0;
        }

        @Override
        public long depth() {
          return 0;
        }
      };
}
