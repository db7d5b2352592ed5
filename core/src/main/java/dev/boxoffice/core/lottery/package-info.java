/**
 * The lottery sale: users enter during a registration window, a draw after it picks winners and a
 * waitlist, and each winner gets a time-limited offer (a hold) to buy. The draw is verifiable:
 * {@link dev.boxoffice.core.lottery.Draw} is a published, deterministic function of a seed
 * committed to when the event was created and of the frozen entrant set, so anyone holding the
 * revealed seed and the entrant list can recompute the winners. Pure code: no clock, no I/O; stores
 * keep entries, draws and offers and call in here to decide.
 */
package dev.boxoffice.core.lottery;
