package dev.boxoffice.loadtest;

import java.util.Objects;

/**
 * The verdict of one invariant checked after a run: its name, whether it held, and what was seen.
 *
 * @param name what was checked, as a sentence ("sold never exceeds capacity")
 * @param passed whether it held
 * @param detail the numbers behind the verdict
 */
public record Check(String name, boolean passed, String detail) {
  public Check {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detail, "detail");
  }

  /** A check that held when {@code condition} is true. */
  public static Check of(String name, boolean condition, String detail) {
    return new Check(name, condition, detail);
  }

  public static Check pass(String name, String detail) {
    return new Check(name, true, detail);
  }

  public static Check fail(String name, String detail) {
    return new Check(name, false, detail);
  }

  /** The same check, its name marked with when it ran ("after restart"). */
  public Check named(String suffix) {
    return new Check(name + " (" + suffix + ")", passed, detail);
  }

  /** "PASS" or "FAIL". */
  public String verdict() {
    return passed ? "PASS" : "FAIL";
  }
}
