package dev.boxoffice.core.flashsale;

import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.order.OrderId;
import dev.boxoffice.core.order.PurchaseResult;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One event's flash sale: its terms and when each user may next try to buy. A purchase is judged by
 * the sale's rule first (a closed sale counts no attempt), then by the user's interval (an attempt
 * too soon is refused and changes nothing), then by the ledger (the attempt counts, whatever the
 * stock says).
 *
 * <p>The next attempts are memory only: a restart forgets them, letting each user try once sooner,
 * which the per-person limit still bounds. They are forgotten as they pass, oldest first, so the
 * book holds only the users who tried within the last interval.
 *
 * <p>Thread policy: not thread-safe; the owner serialises calls per event, with the ledger's.
 */
public final class FlashBook {
  private FlashTerms terms;
  private final Map<UserId, Instant> nextAttempt = new HashMap<>();
  private final ArrayDeque<Attempt> inOrder = new ArrayDeque<>();

  public FlashBook(FlashTerms terms) {
    this.terms = terms;
  }

  public FlashTerms terms() {
    return terms;
  }

  /** Sells by {@code terms} from now on; waits already counted stand. */
  public void change(FlashTerms terms) {
    this.terms = terms;
  }

  /** Decides a purchase on {@code ledger}; see the class comment for the order of the rules. */
  public PurchaseResult purchase(
      HoldRequest request,
      Instant now,
      EventLedger ledger,
      HoldId reservation,
      OrderId id,
      Consumer<LedgerChange> changes) {
    Optional<HoldResult> closed = ledger.judge(request.right(), now);
    if (closed.isPresent()) {
      return new PurchaseResult.Refused(closed.get());
    }
    forgetPassed(now);
    Instant next = nextAttempt.get(request.user());
    if (next != null && now.isBefore(next)) {
      return new PurchaseResult.TooSoon(next);
    }
    if (terms.purchaseInterval().isPositive()) {
      Instant until = now.plus(terms.purchaseInterval());
      nextAttempt.put(request.user(), until);
      inOrder.add(new Attempt(request.user(), until));
    }
    return ledger.purchase(request, now, reservation, id, changes);
  }

  /** How many users must still wait. */
  public int waiting() {
    return nextAttempt.size();
  }

  private void forgetPassed(Instant now) {
    while (!inOrder.isEmpty() && !now.isBefore(inOrder.peek().until())) {
      Attempt passed = inOrder.poll();
      nextAttempt.remove(passed.user(), passed.until());
    }
  }

  private record Attempt(UserId user, Instant until) {}
}
