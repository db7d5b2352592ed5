/**
 * Stock and holds. {@link dev.boxoffice.core.inventory.EventLedger} holds every rule that could
 * oversell: per ticket type, {@code available + held + sold == capacity} with none negative, a
 * user's live holds plus orders never exceed the event's per-user limit, only the holder completes
 * or releases a hold, and a hold is completed at most once. Stores decide through a ledger (or an
 * equivalent atomic script) and implement the {@link dev.boxoffice.core.inventory.Inventory} port.
 */
package dev.boxoffice.core.inventory;
