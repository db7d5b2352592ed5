package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.http.SessionTokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {
  @TempDir Path data;

  private record Run(int exitCode, String out, String err) {}

  private static Run token(Config config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = BoxofficeCommand.commandLine(config, Clock.systemUTC());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "token";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Run(line.execute(all), out.toString().strip(), err.toString());
  }

  @Test
  void printsATokenThatTheServersKeyVerifiesForThatUser() throws Exception {
    Run run = token(Config.ofEnvironment(Map.of()), "--user", "alice", "--data", data.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    byte[] serverKey = Keys.sessionKey(Config.ofEnvironment(Map.of()), data);
    SessionTokens server = SessionTokens.hmac(serverKey, Duration.ofHours(1), Clock.systemUTC());
    assertThat(server.verify(run.out())).contains(new UserId("alice"));
  }

  @Test
  void printsOneTokenPerNumberedUserWithCount() throws Exception {
    Run run =
        token(
            Config.ofEnvironment(Map.of()),
            "--user",
            "fan",
            "--count",
            "3",
            "--data",
            data.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    byte[] serverKey = Keys.sessionKey(Config.ofEnvironment(Map.of()), data);
    SessionTokens server = SessionTokens.hmac(serverKey, Duration.ofHours(1), Clock.systemUTC());
    assertThat(run.out().lines().map(server::verify))
        .map(user -> user.orElseThrow().value())
        .containsExactly("fan-1", "fan-2", "fan-3");
  }

  @Test
  void keepsTheSessionKeyInTheDataFolderReadableByItsOwnerOnly() throws Exception {
    token(Config.ofEnvironment(Map.of()), "--user", "alice", "--data", data.toString());
    Path key = data.resolve("keys/session.key");
    String first = Files.readString(key);

    token(Config.ofEnvironment(Map.of()), "--user", "bob", "--data", data.toString());

    assertThat(Files.readString(key)).as("the same key on every run").isEqualTo(first);
    assertThat(Base64.getDecoder().decode(first.strip())).hasSize(Keys.SESSION_KEY_BYTES);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
  }

  @Test
  void signsWithTheConfiguredSessionKeyWhenThereIsOne() {
    byte[] key = new byte[32];
    key[0] = 42;
    Config config =
        Config.ofEnvironment(
            Map.of("BOXOFFICE_SESSION_KEY", Base64.getEncoder().encodeToString(key)));

    Run run = token(config, "--user", "carol", "--data", data.toString());

    assertThat(SessionTokens.hmac(key, Duration.ofHours(1), Clock.systemUTC()).verify(run.out()))
        .contains(new UserId("carol"));
    assertThat(data.resolve("keys/session.key")).doesNotExist();
  }

  @Test
  void refusesAUserNameThatCannotBeATokenSubject() {
    Run run =
        token(Config.ofEnvironment(Map.of()), "--user", "has space", "--data", data.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("user");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void refusesASessionKeyShorterThan32Bytes() {
    Config config =
        Config.ofEnvironment(
            Map.of("BOXOFFICE_SESSION_KEY", Base64.getEncoder().encodeToString(new byte[16])));

    Run run = token(config, "--user", "alice", "--data", data.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("session-key");
  }
}
