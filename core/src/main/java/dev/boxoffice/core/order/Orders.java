package dev.boxoffice.core.order;

import dev.boxoffice.core.identity.UserId;
import java.util.List;
import java.util.Optional;

/** Read access to orders. Every order returned here has been durably stored. */
public interface Orders {
  Optional<Order> find(OrderId id);

  /** The user's orders across all events, oldest first. */
  List<Order> byUser(UserId user);
}
