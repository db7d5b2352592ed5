package dev.boxoffice.core.inventory;

/**
 * By what right a hold is taken. Plain data, checked by the event's {@link SaleRule} inside the
 * decision that takes the stock. Each way to sell adds its own kind beside {@link OpenSale}: a
 * lottery offer, a waiting-room admission.
 */
public interface Entitlement {}
