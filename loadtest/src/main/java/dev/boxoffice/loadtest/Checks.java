package dev.boxoffice.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invariants a run checks, as pure functions from what was observed to a {@link Check}. Kept
 * apart from the scenarios that gather the observations, so that each can be tested with a broken
 * observation and seen to FAIL. Stateless.
 */
public final class Checks {
  /** How long past its expiry a hold may still count as held. */
  public static final Duration EXPIRY_GRACE = Duration.ofSeconds(1);

  private static final int EXAMPLES = 3;

  private Checks() {}

  /** Sold never exceeds capacity, for every ticket type. */
  public static Check soldWithinCapacity(List<TypeCount> types) {
    List<String> over = new ArrayList<>();
    for (TypeCount t : types) {
      if (t.sold() > t.capacity()) {
        over.add(t.code() + " sold " + t.sold() + " of " + t.capacity());
      }
    }
    return Check.of(
        "sold never exceeds capacity",
        !types.isEmpty() && over.isEmpty(),
        types.isEmpty()
            ? "no ticket types in the inventory"
            : over.isEmpty() ? describe(types) : String.join("; ", over));
  }

  /** available + held + sold == capacity, none negative, for every ticket type. */
  public static Check countsBalance(List<TypeCount> types) {
    List<String> broken = new ArrayList<>();
    for (TypeCount t : types) {
      boolean negative = t.available() < 0 || t.held() < 0 || t.sold() < 0;
      if (negative || t.available() + t.held() + t.sold() != t.capacity()) {
        broken.add(
            t.code()
                + ": "
                + t.available()
                + " + "
                + t.held()
                + " + "
                + t.sold()
                + " != "
                + t.capacity());
      }
    }
    return Check.of(
        "available + held + sold == capacity",
        !types.isEmpty() && broken.isEmpty(),
        types.isEmpty()
            ? "no ticket types in the inventory"
            : broken.isEmpty() ? describe(types) : String.join("; ", broken));
  }

  /**
   * Tickets sold match the orders the server acknowledged: at least every acknowledged order, and
   * no more than those plus the completions in doubt (their answer was lost, or was a 5xx).
   */
  public static Check soldMatchesAcknowledged(long sold, long acknowledged, long unanswered) {
    return Check.of(
        "sold tickets match acknowledged orders",
        sold >= acknowledged && sold <= acknowledged + unanswered,
        "sold " + sold + ", acknowledged " + acknowledged + ", completions in doubt " + unanswered);
  }

  /**
   * Every acknowledged order is listed by {@code GET /v1/orders} for its owner.
   *
   * @param acknowledged order ids acknowledged with a 2xx, by user
   * @param listed order ids the server lists, by user
   */
  public static Check everyOrderListed(
      Map<String, ? extends Collection<String>> acknowledged,
      Map<String, ? extends Collection<String>> listed) {
    long total = 0;
    long missing = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, ? extends Collection<String>> e : acknowledged.entrySet()) {
      Collection<String> theirs =
          listed.containsKey(e.getKey()) ? listed.get(e.getKey()) : List.of();
      for (String order : e.getValue()) {
        total++;
        if (!theirs.contains(order)) {
          missing++;
          if (examples.size() < EXAMPLES) {
            examples.add(order + " of " + e.getKey());
          }
        }
      }
    }
    return Check.of(
        "every acknowledged order is listed by its owner",
        missing == 0,
        missing == 0
            ? total + " orders, all listed"
            : missing + " of " + total + " missing, e.g. " + String.join(", ", examples));
  }

  /**
   * No hold outlives its expiry by more than {@link #EXPIRY_GRACE}: the inventory showed nothing
   * held by then.
   *
   * @param latestExpiry the latest expiry of holds left open; empty when none were
   * @param heldZeroAt when the inventory was first seen with nothing held; empty if never
   */
  public static Check holdsReleasedInTime(
      Optional<Instant> latestExpiry, Optional<Instant> heldZeroAt) {
    String name = "no hold outlives its TTL by more than " + EXPIRY_GRACE.toSeconds() + " s";
    if (heldZeroAt.isEmpty()) {
      return Check.fail(
          name,
          "holds still held "
              + latestExpiry.map(e -> "well after the last expiry " + e).orElse("at the end"));
    }
    if (latestExpiry.isEmpty()) {
      return Check.pass(name, "no holds were left open; nothing held at " + heldZeroAt.get());
    }
    Duration late = Duration.between(latestExpiry.get(), heldZeroAt.get());
    return Check.of(
        name,
        late.compareTo(EXPIRY_GRACE) <= 0,
        "nothing held "
            + (late.isNegative() ? "before" : late.toMillis() + " ms after")
            + " the last expiry");
  }

  /** Completing an expired hold is refused every time. */
  public static Check expiredHoldsRefused(int tried, int completed, int otherErrors) {
    return Check.of(
        "an expired hold cannot be completed",
        completed == 0 && otherErrors == 0,
        tried
            + " expired holds tried: "
            + completed
            + " completed, "
            + otherErrors
            + " answered neither 404 nor 410");
  }

  /** Exactly {@code expected} orders: as many acknowledged, as many sold. */
  public static Check exactlyOrders(long expected, long acknowledged, long sold) {
    return Check.of(
        "exactly " + expected + " orders",
        acknowledged == expected && sold == expected,
        "acknowledged " + acknowledged + ", sold " + sold);
  }

  /**
   * No user holds two orders: none of the buyers lists more than one, the buyers' orders account
   * for every ticket sold (so nobody else has one), and no second hold was granted.
   *
   * @param listedPerBuyer how many orders each user with an acknowledged order lists
   * @param sold tickets sold, from the inventory
   * @param secondHoldsGranted second holds the server granted to users who had already bought
   */
  public static Check noUserWithTwo(
      Map<String, Integer> listedPerBuyer, long sold, long secondHoldsGranted) {
    long twice = listedPerBuyer.values().stream().filter(n -> n > 1).count();
    long listed = listedPerBuyer.values().stream().mapToLong(Integer::longValue).sum();
    return Check.of(
        "no user has two orders",
        twice == 0 && listed == sold && secondHoldsGranted == 0,
        listedPerBuyer.size()
            + " buyers list "
            + listed
            + " orders for "
            + sold
            + " sold; "
            + twice
            + " with more than one; "
            + secondHoldsGranted
            + " second tries granted");
  }

  /** Every request got an answer and none was a 5xx or an unexpected outcome. */
  public static Check noErrors(
      long requests, Map<String, Long> errors, Map<String, Long> statuses) {
    long serverErrors =
        statuses.entrySet().stream()
            .filter(e -> e.getKey().startsWith("5"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    long other = errors.values().stream().mapToLong(Long::longValue).sum();
    return Check.of(
        "no errors",
        requests > 0 && serverErrors == 0 && other == 0,
        requests == 0
            ? "no requests were sent"
            : requests
                + " requests, "
                + serverErrors
                + " 5xx, errors "
                + (errors.isEmpty() ? "none" : errors));
  }

  private static String describe(List<TypeCount> types) {
    StringBuilder out = new StringBuilder();
    for (TypeCount t : types) {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(t.code())
          .append(' ')
          .append(t.available())
          .append(" available, ")
          .append(t.held())
          .append(" held, ")
          .append(t.sold())
          .append(" sold of ")
          .append(t.capacity());
    }
    return out.toString();
  }
}
