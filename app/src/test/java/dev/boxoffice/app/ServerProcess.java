package dev.boxoffice.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code boxoffice} server in its own JVM, started with this test run's Java and classpath
 * on a free port, and a small JSON client for it. {@link #kill} is SIGKILL: no shutdown hook, no
 * flush, exactly what a crash does.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("(?m)^Boxoffice \\S+ listening on (http://\\S+:\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path output;
  private final URI base;
  private final HttpClient client;

  private ServerProcess(Process process, Path output, URI base) {
    this.process = process;
    this.output = output;
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** The environment that gives a server these keys, so a test can sign its own tokens. */
  static Map<String, String> keys(String adminKey, byte[] sessionKey) {
    return Map.of(
        "BOXOFFICE_ADMIN_KEY",
        adminKey,
        "BOXOFFICE_SESSION_KEY",
        Base64.getEncoder().encodeToString(sessionKey));
  }

  /**
   * Runs {@code boxoffice <args> --port 0} with {@code env} added to this process's environment,
   * writing its output to {@code output}, and waits until it prints where it listens.
   */
  static ServerProcess start(List<String> args, Map<String, String> env, Path output)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(classpath());
    command.add(Main.class.getName());
    command.addAll(args);
    command.add("--port");
    command.add("0");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    Process process = builder.start();
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      String text = Files.exists(output) ? Files.readString(output) : "";
      Matcher m = LISTENING.matcher(text);
      if (m.find()) {
        return new ServerProcess(process, output, URI.create(m.group(1)));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + text);
      }
      Thread.sleep(50);
    }
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    throw new IllegalStateException("server did not start in 30 s:\n" + Files.readString(output));
  }

  URI base() {
    return base;
  }

  /** Everything the server printed so far. */
  String output() throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  /** Waits (up to 10 s) until the output contains {@code text}; returns the output. */
  String awaitOutput(String text) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    String said = output();
    while (!said.contains(text) && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
      said = output();
    }
    return said;
  }

  /** A JSON reply: status and body (a missing node when the body is empty or not JSON). */
  record Reply(int status, JsonNode body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  Reply send(String method, String path, String bearer, String jsonBody)
      throws IOException, InterruptedException {
    return send(method, path, bearer, jsonBody, Map.of());
  }

  /** {@link #send(String, String, String, String)} with more request headers. */
  Reply send(
      String method, String path, String bearer, String jsonBody, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), parse(response.body()));
  }

  Reply get(String path, String bearer) throws IOException, InterruptedException {
    return send("GET", path, bearer, null);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** What a crash test's client does, once per request, until the server is gone. */
  @FunctionalInterface
  interface Act {
    /**
     * Sends request {@code i} of client {@code client}; false to stop. Throws once the server is
     * gone: the answer is then in doubt, and the client stops.
     */
    boolean send(int client, int i) throws IOException, InterruptedException;
  }

  /**
   * Kills this server in the middle of {@code clients} clients each sending as fast as it can
   * ({@code act}): once {@code acknowledged} reports {@code enough} answers, or after 5 s, SIGKILL;
   * then waits for the clients to notice.
   */
  void killDuring(int clients, Act act, IntSupplier acknowledged, int enough)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; act.send(client, i); i++) {
                        // until the server is gone
                      }
                    } catch (IOException e) {
                      // the server is gone
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    Instant until = Instant.now().plusSeconds(5);
    while (acknowledged.getAsInt() < enough && Instant.now().isBefore(until)) {
      Thread.sleep(10);
    }
    kill();
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(20));
    }
  }

  /** SIGKILL, and wait for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM (the shutdown hook runs); returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("server did not stop within 20 s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The test run's classpath; Surefire keeps the real one aside when it launches via a jar. */
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
