/**
 * Orders: what a completed hold or an accepted purchase becomes, and the ports to read them ({@link
 * dev.boxoffice.core.order.Orders}) and to carry purchases to their final state ({@link
 * dev.boxoffice.core.order.OrderPipeline}). An order is placed exactly once per hold or purchase.
 */
package dev.boxoffice.core.order;
