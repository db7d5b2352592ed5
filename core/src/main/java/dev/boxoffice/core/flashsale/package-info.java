/**
 * The flash sale: orders placed at once, without a hold to complete, each behind a proof of work
 * ({@link dev.boxoffice.core.flashsale.ProofOfWork}, redeemed once through {@link
 * dev.boxoffice.core.flashsale.Challenges}) and at most one attempt per user per interval ({@link
 * dev.boxoffice.core.flashsale.FlashBook}). The stock is decided by the event's ledger in the same
 * atomic decision; the accepted order then goes through the {@link
 * dev.boxoffice.core.order.OrderPipeline}. Stores implement {@link
 * dev.boxoffice.core.flashsale.FlashSale}.
 */
package dev.boxoffice.core.flashsale;
