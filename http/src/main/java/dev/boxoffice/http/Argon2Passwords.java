package dev.boxoffice.http;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.concurrent.Semaphore;

/**
 * Hashes and checks passwords with Argon2id (password4j) at OWASP's minimum: 19 MiB of memory, two
 * passes, one lane. That costs tens of milliseconds per login, so a login storm cannot take the
 * sale down by itself; and each hash takes 19 MiB, so at most {@link #CONCURRENT} hashes run at
 * once and the rest wait (on virtual threads, cheaply) instead of exhausting the heap.
 *
 * <p>Thread policy: thread-safe.
 */
final class Argon2Passwords {
  static final int MIN_LENGTH = 8;
  static final int MAX_LENGTH = 256;

  private static final int CONCURRENT = Math.max(2, Runtime.getRuntime().availableProcessors());
  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13);

  private final Semaphore permits = new Semaphore(CONCURRENT, true);
  private volatile String decoy;

  /** An encoded hash ({@code $argon2id$v=19$m=19456,t=2,p=1$...}) with a random salt. */
  String hash(String password) {
    acquire();
    try {
      return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    } finally {
      permits.release();
    }
  }

  /** Whether {@code password} matches {@code encoded}. */
  boolean matches(String password, String encoded) {
    acquire();
    try {
      return Password.check(password, encoded).with(Argon2Function.getInstanceFromHash(encoded));
    } catch (RuntimeException e) {
      // A hash that does not decode matches nothing.
      return false;
    } finally {
      permits.release();
    }
  }

  /**
   * Spends the same effort as {@link #matches} against a throwaway hash, so that an unknown
   * username takes as long to refuse as a wrong password.
   */
  void matchNothing(String password) {
    String d = decoy;
    if (d == null) {
      d = hash("decoy password that nobody uses");
      decoy = d;
    }
    boolean unused = matches(password, d);
  }

  private void acquire() {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to hash a password", e);
    }
  }
}
