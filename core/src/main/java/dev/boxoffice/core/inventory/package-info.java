/**
 * Stock and holds, and who may hold. {@link dev.boxoffice.core.inventory.EventLedger} holds every
 * rule that could oversell: per ticket type, {@code available + held + sold == capacity} with none
 * negative, a user's live holds plus orders never exceed the event's per-user limit, only the
 * holder completes or releases a hold, and a hold is completed at most once. Stores decide through
 * a ledger (or an equivalent atomic script) and implement the {@link
 * dev.boxoffice.core.inventory.Inventory} port.
 *
 * <p>A hold request carries an {@link dev.boxoffice.core.inventory.Entitlement}, the right it is
 * taken by: the open sale today, a lottery offer or a waiting-room admission as those arrive. The
 * event's {@link dev.boxoffice.core.inventory.SaleRule}, looked up in {@link
 * dev.boxoffice.core.inventory.SaleRules} by its sale mode, judges the right inside the same
 * decision as the stock, so a right and the tickets it buys are granted together or not at all.
 * Rights and rules are plain data and pure functions, so that a store deciding in one remote script
 * (Redis) can make the same decision from the same inputs.
 */
package dev.boxoffice.core.inventory;
