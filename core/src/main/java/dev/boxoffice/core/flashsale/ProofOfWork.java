package dev.boxoffice.core.flashsale;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A hashcash-style proof of work: a nonce solves a challenge at difficulty {@code d} when the
 * SHA-256 of {@code challenge + ":" + nonce} (UTF-8) begins with {@code d} zero bits. Finding one
 * takes about {@code 2^d} hashes; checking one takes one. Difficulty 0 is solved by any nonce.
 *
 * <p>Pure and thread-safe.
 */
public final class ProofOfWork {
  /** The algorithm as the API names it. */
  public static final String ALGORITHM = "sha256-leading-zero-bits";

  /** The longest nonce accepted. */
  public static final int MAX_NONCE_LENGTH = 64;

  /**
   * A fresh SHA-256 digest to clone: cloning skips the security providers' lookup, which costs more
   * than the hash itself. Never used itself, so its clones are independent.
   */
  private static final MessageDigest PROTOTYPE = newSha256();

  private ProofOfWork() {}

  /** Whether {@code nonce} solves {@code challenge} at {@code difficulty}. */
  public static boolean solves(String challenge, String nonce, int difficulty) {
    if (nonce == null || nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH) {
      return false;
    }
    return leadingZeroBits(sha256().digest(input(challenge, nonce))) >= difficulty;
  }

  /**
   * A nonce that solves {@code challenge} at {@code difficulty}, by counting up from zero: what a
   * client does (the load test, the web page).
   */
  public static String solve(String challenge, int difficulty) {
    MessageDigest sha256 = sha256();
    for (long n = 0; ; n++) {
      String nonce = Long.toString(n, 36);
      if (leadingZeroBits(sha256.digest(input(challenge, nonce))) >= difficulty) {
        return nonce;
      }
    }
  }

  static int leadingZeroBits(byte[] digest) {
    int bits = 0;
    for (byte b : digest) {
      if (b != 0) {
        return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
      }
      bits += 8;
    }
    return bits;
  }

  private static byte[] input(String challenge, String nonce) {
    return (challenge + ":" + nonce).getBytes(StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
