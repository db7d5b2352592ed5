package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code serve} refuses before it opens anything; serving itself is in ServeDemoTest. */
class ServeCommandTest {
  @TempDir Path dir;

  private String refusal(String... args) {
    StringWriter err = new StringWriter();
    CommandLine line =
        BoxofficeCommand.commandLine(Config.ofEnvironment(Map.of()), Clock.systemUTC());
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new StringWriter(), true));
    int code = line.execute(args);
    assertThat(code).as(err.toString()).isNotZero();
    return err.toString();
  }

  @Test
  void anIssuerKeyThatIsNotAJwkIsRefusedNamingTheFile() throws Exception {
    Path jwk = Files.writeString(dir.resolve("issuer.json"), "{\"kty\":\"nonsense\"}");

    String err =
        refusal(
            "serve",
            "--data",
            dir.resolve("data").toString(),
            "--trusted-issuer-jwk-file",
            jwk.toString());

    assertThat(err).contains("issuer.json");
    assertThat(dir.resolve("data/journal")).doesNotExist();
  }

  @Test
  void anIssuerOrAudienceWithoutTheIssuersKeyIsRefused() {
    Path data = dir.resolve("data");
    assertThat(refusal("serve", "--data", data.toString(), "--trusted-audience", "boxoffice"))
        .contains("trusted-issuer-jwk-file");
    assertThat(refusal("serve", "--data", data.toString(), "--trusted-issuer", "https://idp"))
        .contains("trusted-issuer-jwk-file");
    assertThat(data).as("nothing written, not even keys").doesNotExist();
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    assertThat(refusal("serve", "--data", dir.toString(), "--port", "70000")).contains("port");
  }

  @Test
  void aSessionTtlThatIsNotADurationIsRefusedNamingTheOption() {
    assertThat(refusal("serve", "--data", dir.toString(), "--session-ttl", "forever"))
        .contains("--session-ttl");
  }

  @Test
  void anUnknownJournalSyncModeIsRefusedNamingTheOption() {
    assertThat(refusal("serve", "--data", dir.toString(), "--journal-sync", "sometimes"))
        .contains("--journal-sync")
        .contains("FULL, NORMAL");
    assertThat(dir.resolve("journal")).doesNotExist();
  }

  @Test
  void limitsThatMakeNoSenseAreRefusedNamingTheSetting() {
    assertThat(refusal("serve", "--data", dir.toString(), "--sign-in-limit", "lots"))
        .contains("--sign-in-limit")
        .contains("10/5m");
    assertThat(refusal("serve", "--data", dir.toString(), "--rate-limit", "createUser=0/1h"))
        .contains("--rate-limit");
    assertThat(refusal("serve", "--data", dir.toString(), "--rate-limit", "noSuchRoute=5/1m"))
        .contains("noSuchRoute");
    assertThat(refusal("serve", "--data", dir.toString(), "--rate-limit", "getEvent=5/1m:user"))
        .contains("getEvent");
    assertThat(refusal("serve", "--data", dir.toString(), "--trusted-proxy", "10.0.0.0/40"))
        .contains("10.0.0.0/40");
    assertThat(refusal("serve", "--data", dir.toString(), "--idle-timeout", "0s"))
        .contains("idle timeout");
    assertThat(refusal("serve", "--data", dir.toString(), "--max-connections", "0"))
        .contains("max connections");
    assertThat(refusal("serve", "--data", dir.toString(), "--metrics-auth", "maybe"))
        .contains("metrics-auth");
    assertThat(
            refusal("serve", "--data", dir.toString(), "--port", "9999", "--metrics-port", "9999"))
        .contains("metrics port");
  }

  @Test
  void aTakenPortIsOnePlainLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String err =
          refusal(
              "serve", "--data", dir.toString(), "--port", Integer.toString(taken.getLocalPort()));
      assertThat(err.strip())
          .startsWith("boxoffice serve: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("\n")
          .doesNotContain("Exception");
    }
  }

  @Test
  void theGuideShowsAnAddressAClientCanReachWhenServingEveryInterface() {
    assertThat(ServeCommand.reachableHost("0.0.0.0")).isEqualTo("127.0.0.1");
    assertThat(ServeCommand.reachableHost("::")).isEqualTo("[::1]");
    assertThat(ServeCommand.reachableHost("::1")).isEqualTo("[::1]");
    assertThat(ServeCommand.reachableHost("127.0.0.1")).isEqualTo("127.0.0.1");
  }
}
