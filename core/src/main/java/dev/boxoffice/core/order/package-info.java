/**
 * Orders: what a completed hold becomes, and the {@link dev.boxoffice.core.order.Orders} port to
 * read them. An order is created only by completing a hold, exactly once per hold.
 */
package dev.boxoffice.core.order;
