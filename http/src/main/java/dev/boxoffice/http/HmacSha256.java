package dev.boxoffice.http;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, from a pool of initialised JCA {@link Mac}s. Getting a {@code Mac}
 * looks the algorithm up among the security providers every time, which cost more than the MAC of a
 * token itself; a pooled one is only reset.
 *
 * <p>Thread policy: thread-safe; each {@code Mac} is used by one thread at a time.
 */
final class HmacSha256 {
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final ConcurrentLinkedQueue<Mac> pool = new ConcurrentLinkedQueue<>();

  HmacSha256(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    pool.offer(newMac());
  }

  byte[] mac(byte[] input) {
    Mac mac = pool.poll();
    if (mac == null) {
      mac = newMac();
    }
    try {
      return mac.doFinal(input);
    } finally {
      pool.offer(mac);
    }
  }

  /** Whether {@code signature} is the MAC of {@code input}, compared in constant time. */
  boolean verifies(byte[] input, byte[] signature) {
    return MessageDigest.isEqual(mac(input), signature);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JDK has " + ALGORITHM, e);
    }
  }
}
