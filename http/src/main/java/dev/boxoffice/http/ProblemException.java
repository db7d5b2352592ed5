package dev.boxoffice.http;

/**
 * Ends a request early with a problem: a body that does not parse, a missing token. Thrown by
 * parsing code and answered by {@link Dispatch}; business outcomes are never exceptions, they are
 * mapped from core's result types.
 */
public final class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // never serialized
  private final Problem problem;

  ProblemException(Problem problem) {
    super(problem.type().uri() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
  }

  /** The problem to answer with. */
  public Problem problem() {
    return problem;
  }
}
