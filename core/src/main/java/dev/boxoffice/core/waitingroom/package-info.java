/**
 * The waiting room in front of any sale: a pre-queue shuffled fairly when the sale opens, then a
 * first-come line, a serving counter admitting at a steady rate under a cap of active shoppers, and
 * sessions that end by time or by purchase. {@link dev.boxoffice.core.waitingroom.QueueBook} holds
 * the rules; {@link dev.boxoffice.core.waitingroom.WaitingRoom} is the port stores implement.
 */
package dev.boxoffice.core.waitingroom;
