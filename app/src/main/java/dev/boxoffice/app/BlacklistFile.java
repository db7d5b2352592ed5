package dev.boxoffice.app;

import dev.boxoffice.core.blacklist.Barred;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.http.AddressBlocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A blacklist file for {@code serve --blacklist FILE}: one entry a line, {@code user NAME} or
 * {@code address ADDRESS-OR-CIDR}; blank lines and lines starting with {@code #} are skipped.
 *
 * <pre>
 * # known scalpers
 * user scalper-42
 * address 203.0.113.0/24
 * </pre>
 */
final class BlacklistFile {
  private BlacklistFile() {}

  /**
   * The entries of the file.
   *
   * @throws Config.ConfigException naming the file and line of the first bad entry
   */
  static Barred read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Set<UserId> users = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      String value = parts.length == 2 ? parts[1].strip() : "";
      try {
        switch (parts[0]) {
          case "user" -> users.add(new UserId(value));
          case "address" -> {
            AddressBlocks.of(List.of(value));
            addresses.add(value);
          }
          default -> throw new IllegalArgumentException("neither a user nor an address");
        }
      } catch (IllegalArgumentException e) {
        throw new Config.ConfigException(
            file + " line " + (i + 1) + ": not 'user NAME' or 'address ADDRESS-OR-CIDR': " + line);
      }
    }
    return new Barred(users, addresses);
  }
}
