package dev.boxoffice.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Boxoffice server in its own JVM, started by {@code loadtest --spawn}: {@code java -cp
 * <classpath> dev.boxoffice.app.Main serve [options] --port P --data DIR} on a free loopback port,
 * with a fresh random admin key and a temporary data folder, its output in {@code DIR/server.log}.
 *
 * <p>{@link #kill} is SIGKILL (no shutdown hook, no flush: a crash); {@link #restart} starts the
 * server again on the same port and data, which is how {@code --restart-check} proves that
 * acknowledged orders survive. {@link #close} stops it with SIGTERM and deletes the data unless
 * asked to keep it. A JVM shutdown hook kills the server if the load test itself is interrupted.
 *
 * <p>Thread policy: used by the one thread that coordinates the run.
 */
final class SpawnedServer implements AutoCloseable {
  static final String MAIN_CLASS = "dev.boxoffice.app.Main";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** The command line up to and including {@code serve} and its options, without port and data. */
  private final List<String> serveCommand;

  private final Path data;
  private final int port;
  private final String adminKey;
  private final boolean keepData;
  private final Thread killer;
  private volatile Process process;

  private SpawnedServer(
      List<String> serveCommand, Path data, int port, String adminKey, boolean keepData) {
    this.serveCommand = serveCommand;
    this.data = data;
    this.port = port;
    this.adminKey = adminKey;
    this.keepData = keepData;
    this.killer =
        Thread.ofPlatform()
            .unstarted(
                () -> {
                  if (process != null) {
                    process.destroyForcibly();
                  }
                });
  }

  /**
   * Starts a server: {@code mainClass} (normally {@value #MAIN_CLASS}) from {@code classpath}, with
   * the extra JVM options and {@code serve} options given, and waits until it is ready.
   */
  static SpawnedServer start(
      String classpath,
      String mainClass,
      List<String> jvmOptions,
      List<String> serveOptions,
      boolean keepData)
      throws IOException, InterruptedException {
    Path data = Files.createTempDirectory("boxoffice-loadtest-");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(absolute(classpath));
    command.add(mainClass);
    command.add("serve");
    command.addAll(serveOptions);
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String adminKey = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    SpawnedServer server = new SpawnedServer(command, data, freePort(), adminKey, keepData);
    Runtime.getRuntime().addShutdownHook(server.killer);
    try {
      server.launch();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  Target target() {
    return Target.local(port);
  }

  String adminKey() {
    return adminKey;
  }

  Path data() {
    return data;
  }

  /** SIGKILL, and wait until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** Starts the server again on the same port and data folder, and waits until it is ready. */
  void restart() throws IOException, InterruptedException {
    if (process.isAlive()) {
      kill();
    }
    launch();
  }

  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          kill();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or will run; it only kills an already stopped process.
      }
      if (!keepData) {
        deleteTree(data);
      }
    }
  }

  private void launch() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(serveCommand);
    command.addAll(List.of("--port", Integer.toString(port), "--data", data.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    // The server must use our admin key and its own key files, not settings of this shell.
    env.keySet().removeIf(name -> name.startsWith("BOXOFFICE_"));
    env.put("BOXOFFICE_ADMIN_KEY", adminKey);
    builder.directory(data.toFile());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("server.log").toFile()));
    process = builder.start();
    awaitReady();
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Request ready = Request.get(target().hostHeader(), "/health/ready", null);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the server exited with " + process.exitValue() + ":\n" + logTail());
      }
      try (Client client = new Client(target())) {
        if (client.send(ready).status() == 200 && Files.exists(Tokens.sessionKeyFile(data))) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    kill();
    throw new IOException("the server was not ready within " + READY_TIMEOUT + ":\n" + logTail());
  }

  /** The last lines the server printed. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(data.resolve("server.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no server log: " + e.getMessage() + ")";
    }
  }

  /**
   * The class path with every entry made absolute, since the server runs in its data folder ({@code
   * dir/*} wildcards stay wildcards).
   */
  static String absolute(String classpath) {
    List<String> entries = new ArrayList<>();
    for (String entry : classpath.split(java.io.File.pathSeparator, -1)) {
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*") || entry.endsWith(java.io.File.separator + "*")) {
        Path dir = Path.of(entry.substring(0, entry.length() - 1));
        entries.add(dir.toAbsolutePath() + java.io.File.separator + "*");
      } else {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary folder is not worth failing a finished run for.
    }
  }
}
