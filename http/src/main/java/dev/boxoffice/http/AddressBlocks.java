package dev.boxoffice.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Address blocks in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a bare address for
 * a block of one), and whether an address falls in any: who the trusted proxies are, and whom the
 * blacklist bars. Only literals are read, never names, so nothing is ever looked up.
 *
 * <p>Immutable and thread-safe.
 */
public final class AddressBlocks {
  public static final AddressBlocks NONE = new AddressBlocks(List.of());

  private final List<Block> blocks;

  private AddressBlocks(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /**
   * Parses CIDR blocks.
   *
   * @throws IllegalArgumentException naming a block that is not an address with an optional prefix
   */
  public static AddressBlocks of(Iterable<String> cidrs) {
    List<Block> blocks = new ArrayList<>();
    for (String cidr : cidrs) {
      blocks.add(Block.parse(cidr.strip()));
    }
    return new AddressBlocks(blocks);
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** Whether {@code address} is in one of the blocks. */
  public boolean contains(InetAddress address) {
    for (Block block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return blocks.toString();
  }

  /**
   * The address written in {@code text}: a dotted-quad IPv4 address or an IPv6 one, either possibly
   * with a port ({@code 192.0.2.1:443}, {@code [2001:db8::1]:443}); empty for anything else. Never
   * a name, so nothing is ever looked up.
   */
  static Optional<InetAddress> literal(String text) {
    String host = text;
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      if (end < 0) {
        return Optional.empty();
      }
      host = host.substring(1, end);
    } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      host = host.substring(0, host.indexOf(':')); // IPv4 with a port
    }
    if (host.indexOf(':') >= 0) {
      // Only hex digits, colons and (for an embedded IPv4 tail) dots: a literal, never a name.
      boolean literalOnly =
          host.chars()
              .allMatch(c -> c < 0x80 && (Character.digit(c, 16) >= 0 || c == ':' || c == '.'));
      try {
        return literalOnly ? Optional.of(InetAddress.getByName(host)) : Optional.empty();
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    return ipv4(host);
  }

  private static Optional<InetAddress> ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (parts[i].isEmpty()
          || parts[i].length() > 3
          || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      int value = Integer.parseInt(parts[i]);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      return Optional.empty(); // cannot happen for four bytes
    }
  }

  /** An address block: the first {@code bits} bits of {@code network}. */
  private static final class Block {
    private final byte[] network;
    private final int bits;
    private final String text;

    private Block(byte[] network, int bits, String text) {
      this.network = network;
      this.bits = bits;
      this.text = text;
    }

    static Block parse(String cidr) {
      int slash = cidr.indexOf('/');
      byte[] network =
          literal(slash < 0 ? cidr : cidr.substring(0, slash))
              .orElseThrow(
                  () -> new IllegalArgumentException("not an address or CIDR block: " + cidr))
              .getAddress();
      int bits = network.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
        }
        if (bits < 0 || bits > network.length * 8) {
          throw new IllegalArgumentException("prefix out of range: " + cidr);
        }
      }
      return new Block(network, bits, cidr);
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
