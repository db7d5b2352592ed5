package dev.boxoffice.app;

import dev.boxoffice.loadtest.DrawCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boxoffice verify-draw}: checks a lottery's draw from what any server publishes, as anyone
 * could ({@link DrawCheck}): reads the event, the draw and the entrant list over HTTP, recomputes
 * the draw from the revealed seed and says whether it matches.
 */
@Command(
    name = "verify-draw",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    versionProvider = BoxofficeCommand.Version.class,
    description = {
      "Checks a lottery's draw from what the server published: the revealed seed",
      "against its commitment, the draw recomputed over the entrant list against",
      "its digests and counts.",
      "Exit code: 0 the draw matches, 1 it does not, 3 it cannot be checked",
      "(not drawn yet, no such lottery, server unreachable)."
    })
final class VerifyDrawCommand implements Callable<Integer> {
  static final int MATCHES = 0;
  static final int DIFFERS = 1;
  static final int CANNOT_CHECK = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      defaultValue = "http://127.0.0.1:8080",
      paramLabel = "URL",
      description = "The server that ran the lottery.")
  String url;

  @Option(
      names = "--event",
      required = true,
      paramLabel = "ID",
      description = "The lottery event's id.")
  String event;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String base = url.replaceAll("/+$", "") + "/v1/events/" + event;
    DrawCheck.Verdict verdict;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      byte[] eventJson = fetch(http, base);
      byte[] drawJson = fetch(http, base + "/lottery/draw");
      verdict = DrawCheck.check(eventJson, drawJson, entrants(http, base, drawJson));
    } catch (IOException | IllegalArgumentException e) {
      err.println(
          "boxoffice verify-draw: cannot check the draw of " + event + ": " + e.getMessage());
      return CANNOT_CHECK;
    }
    if (!verdict.drawn()) {
      err.println(
          "boxoffice verify-draw: the draw of " + event + " has not run yet; nothing to check");
      return CANNOT_CHECK;
    }
    if (verdict.matches()) {
      out.printf(
          "the draw of %s matches: %,d entrants, %,d winners, recomputed from the revealed seed%n",
          event, verdict.entrants(), verdict.winners());
      return MATCHES;
    }
    out.println("the draw of " + event + " does NOT match what was published:");
    verdict.differences().forEach(d -> out.println("  " + d));
    return DIFFERS;
  }

  /**
   * The entrant list, once the draw has run (before, the server refuses it and it is not needed).
   */
  private static String entrants(HttpClient http, String base, byte[] drawJson)
      throws IOException, InterruptedException {
    if (!new String(drawJson, StandardCharsets.UTF_8).contains("\"DRAWN\"")) {
      return "";
    }
    return new String(fetch(http, base + "/lottery/entrants"), StandardCharsets.US_ASCII);
  }

  private static byte[] fetch(HttpClient http, String uri)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET "
              + uri
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }
}
