package dev.boxoffice.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The proxies in front of the server whose {@code X-Forwarded-For} is believed, as CIDR blocks
 * ({@code 10.0.0.0/8}, {@code ::1/128}, or a bare address). A client's address is the peer's,
 * unless the peer is one of them: then it is the nearest address in {@code X-Forwarded-For} that is
 * not, read from the right, since anything left of the last trusted hop could be written by the
 * client itself.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedProxies {
  /** None: every client's address is its peer's, and X-Forwarded-For is ignored. */
  public static final TrustedProxies NONE = new TrustedProxies(AddressBlocks.NONE);

  private final AddressBlocks blocks;

  private TrustedProxies(AddressBlocks blocks) {
    this.blocks = blocks;
  }

  /**
   * Parses CIDR blocks.
   *
   * @throws IllegalArgumentException naming a block that is not an address with an optional prefix
   */
  public static TrustedProxies of(List<String> cidrs) {
    return new TrustedProxies(AddressBlocks.of(cidrs));
  }

  /** Whether no proxy is trusted. */
  boolean none() {
    return blocks.isEmpty();
  }

  boolean trusts(InetAddress address) {
    return blocks.contains(address);
  }

  /**
   * The client behind {@code peer}, given the {@code X-Forwarded-For} values in header order (each
   * may hold a comma-separated list). Unparsable entries end the walk: the last good one counts.
   */
  InetAddress client(InetAddress peer, List<String> forwardedFor) {
    if (!trusts(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String value : forwardedFor) {
      for (String hop : value.split(",", -1)) {
        hops.add(hop.strip());
      }
    }
    InetAddress client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = AddressBlocks.literal(hops.get(i));
      if (hop.isEmpty()) {
        return client;
      }
      client = hop.get();
      if (!trusts(client)) {
        return client;
      }
    }
    return client;
  }

  @Override
  public String toString() {
    return blocks.toString();
  }
}
