package dev.boxoffice.core.order;

/** Where an order stands, as its buyer is told: {@code status} in the API. */
public enum OrderStatus {
  /** Accepted, its tickets held for it, not yet made final by the order pipeline. */
  PENDING,
  /** Sold: final. */
  CONFIRMED,
  /** Not sold, with a reason; its tickets went back to the pool. */
  FAILED
}
