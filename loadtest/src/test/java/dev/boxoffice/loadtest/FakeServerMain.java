package dev.boxoffice.loadtest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Stands in for {@code dev.boxoffice.app.Main serve --port P --data DIR} in tests of {@code
 * --spawn}: keeps a session key in {@code DIR/keys/session.key}, takes the admin key from {@code
 * BOXOFFICE_ADMIN_KEY}, and serves {@link FakeBoxoffice} in memory, so a restart forgets
 * everything, which is what a restart check must notice.
 */
public final class FakeServerMain {
  private FakeServerMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[indexOf(args, "--port") + 1]);
    Path data = Path.of(args[indexOf(args, "--data") + 1]);
    Path keyFile = Files.createDirectories(data.resolve("keys")).resolve("session.key");
    if (!Files.exists(keyFile)) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.writeString(keyFile, Base64.getEncoder().encodeToString(key) + "\n");
    }
    byte[] key =
        Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
    FakeServer server =
        new FakeServer(
            new FakeBoxoffice(key, FakeBoxoffice.Fault.NONE, System.getenv("BOXOFFICE_ADMIN_KEY")),
            port);
    System.out.println("fake server listening on " + server.port());
    Thread.currentThread().join();
  }

  private static int indexOf(String[] args, String flag) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(flag)) {
        return i;
      }
    }
    throw new IllegalArgumentException("missing " + flag);
  }
}
