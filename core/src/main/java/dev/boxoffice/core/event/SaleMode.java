package dev.boxoffice.core.event;

/**
 * Who may create holds for an event. {@code FIRST_COME}: anyone signed in, while stock lasts. A
 * lottery mode and the waiting room come later and add their own checks before the hold.
 */
public enum SaleMode {
  FIRST_COME
}
