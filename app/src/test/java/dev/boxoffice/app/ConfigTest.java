package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.http.Rate;
import dev.boxoffice.http.RateLimit;
import dev.boxoffice.store.embedded.JournalSync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigTest {
  @TempDir Path dir;

  private static ServeCommand parseServe(Config config, String... args) {
    CommandLine line = BoxofficeCommand.commandLine(config, Clock.systemUTC());
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    line.parseArgs(all);
    return line.getSubcommands().get("serve").getCommand();
  }

  private static Properties file(String... pairs) {
    Properties properties = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      properties.setProperty(pairs[i], pairs[i + 1]);
    }
    return properties;
  }

  @Test
  void withNothingConfiguredTheBuiltInDefaultsApply() {
    ServeCommand serve = parseServe(Config.ofEnvironment(Map.of()));

    assertThat(serve.port).isEqualTo(8080);
    assertThat(serve.host).isEqualTo("127.0.0.1");
    assertThat(serve.data).isEqualTo(Path.of("./data"));
    assertThat(serve.demo).isFalse();
    assertThat(serve.sessionTtl).isEqualTo(Duration.ofHours(12));
    assertThat(serve.trustedIssuerJwkFile).isNull();
    assertThat(serve.journalSync).isEqualTo(JournalSync.FULL);
    assertThat(serve.trustedIssuer).isEmpty();
    assertThat(serve.trustedAudience).isEmpty();
  }

  @Test
  void everyServeOptionCanBeSetInTheFileAndTheEnvironment() {
    CommandLine serve =
        BoxofficeCommand.commandLine(Config.ofEnvironment(Map.of()), Clock.systemUTC())
            .getSubcommands()
            .get("serve");
    for (var option : serve.getCommandSpec().options()) {
      String key = option.longestName().replaceFirst("^--", "");
      if (!option.usageHelp() && !option.versionHelp() && !key.equals("config")) {
        assertThat(Config.KEYS).as("a key for --" + key).contains(key);
      }
    }
  }

  @Test
  void connectionAndAccountLimitsComeFromTheFileAndTheEnvironment() {
    Config config =
        Config.of(
            Map.of("BOXOFFICE_SIGN_IN_LIMIT", "3/1m", "BOXOFFICE_MAX_CONNECTIONS", "500"),
            file(
                "header-timeout",
                "5s",
                "rate-limit",
                "createUser=off,listOrders=10/1m:user",
                "trusted-proxy",
                "10.0.0.0/8",
                "metrics-auth",
                "none"),
            "boxoffice.properties");

    ServeCommand serve = parseServe(config);

    assertThat(serve.headerTimeout).isEqualTo(Duration.ofSeconds(5));
    assertThat(serve.idleTimeout).isEqualTo(Duration.ofSeconds(60));
    assertThat(serve.maxConnections).isEqualTo(500);
    assertThat(parseServe(Config.ofEnvironment(Map.of())).maxConnections).isNull();
    assertThat(serve.signInLimit).isEqualTo(new Rate(3, Duration.ofMinutes(1)));
    assertThat(serve.rateLimits)
        .containsExactly(
            new RateLimitConverter.Limit(
                "createUser", new RateLimit(Rate.UNLIMITED, RateLimit.Key.ADDRESS)),
            new RateLimitConverter.Limit(
                "listOrders",
                new RateLimit(new Rate(10, Duration.ofMinutes(1)), RateLimit.Key.USER)));
    assertThat(serve.trustedProxies).containsExactly("10.0.0.0/8");
    assertThat(serve.metricsAuth).isEqualTo("none");
    assertThat(serve.metricsPort).isNull();
  }

  @Test
  void journalSyncAndIssuerChecksComeFromTheFileAndTheEnvironment() {
    Config config =
        Config.of(
            Map.of("BOXOFFICE_JOURNAL_SYNC", "normal", "BOXOFFICE_TRUSTED_AUDIENCE", "boxoffice"),
            file("journal-sync", "full", "trusted-issuer", "https://idp.example"),
            "boxoffice.properties");

    ServeCommand serve = parseServe(config);

    assertThat(serve.journalSync).isEqualTo(JournalSync.NORMAL);
    assertThat(serve.trustedIssuer).isEqualTo("https://idp.example");
    assertThat(serve.trustedAudience).isEqualTo("boxoffice");
  }

  @Test
  void theFileBeatsTheDefaults() {
    Config config =
        Config.of(
            Map.of(),
            file("port", "9001", "data", "/srv/box", "demo", "true", "session-ttl", "30m"),
            "boxoffice.properties");

    ServeCommand serve = parseServe(config);

    assertThat(serve.port).isEqualTo(9001);
    assertThat(serve.data).isEqualTo(Path.of("/srv/box"));
    assertThat(serve.demo).isTrue();
    assertThat(serve.sessionTtl).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void theEnvironmentBeatsTheFile() {
    Config config =
        Config.of(
            Map.of("BOXOFFICE_PORT", "9002", "BOXOFFICE_SESSION_TTL", "2h"),
            file("port", "9001", "host", "0.0.0.0", "session-ttl", "30m"),
            "boxoffice.properties");

    ServeCommand serve = parseServe(config);

    assertThat(serve.port).isEqualTo(9002);
    assertThat(serve.sessionTtl).isEqualTo(Duration.ofHours(2));
    assertThat(serve.host).as("only in the file").isEqualTo("0.0.0.0");
  }

  @Test
  void aFlagBeatsTheEnvironmentAndTheFile() {
    Config config =
        Config.of(
            Map.of("BOXOFFICE_PORT", "9002", "BOXOFFICE_DATA", "/env/data"),
            file("port", "9001", "data", "/file/data"),
            "boxoffice.properties");

    ServeCommand serve = parseServe(config, "--port", "9003");

    assertThat(serve.port).isEqualTo(9003);
    assertThat(serve.data).as("not given as a flag").isEqualTo(Path.of("/env/data"));
  }

  @Test
  void secretsAreReadFromTheEnvironmentBeforeTheFile() {
    Config config =
        Config.of(
            Map.of("BOXOFFICE_ADMIN_KEY", "from-the-environment"),
            file("admin-key", "from-the-file", "session-key", "c2Vzc2lvbg=="),
            "boxoffice.properties");

    assertThat(config.value("admin-key")).contains("from-the-environment");
    assertThat(config.value("session-key")).contains("c2Vzc2lvbg==");
    assertThat(config.value("trusted-issuer-jwk-file")).isEmpty();
  }

  @Test
  void theTokenCommandReadsTheDataFolderFromTheSameSettings() {
    CommandLine line =
        BoxofficeCommand.commandLine(
            Config.of(Map.of(), file("data", "/file/data"), "x"), Clock.systemUTC());
    line.parseArgs("token", "--user", "alice");
    TokenCommand token = line.getSubcommands().get("token").getCommand();

    assertThat(token.data).isEqualTo(Path.of("/file/data"));
    assertThat(token.ttl).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void boxofficePropertiesInTheWorkingFolderIsReadWhenNoFileIsNamed() throws Exception {
    Files.writeString(dir.resolve("boxoffice.properties"), "port=9100\n");

    Config config = Config.load(new String[] {"serve"}, Map.of(), dir);

    assertThat(parseServe(config).port).isEqualTo(9100);
  }

  @Test
  void configNamesAFileThatReplacesTheDefaultOne() throws Exception {
    Files.writeString(dir.resolve("boxoffice.properties"), "port=9100\n");
    Files.writeString(dir.resolve("other.properties"), "port=9200\n");

    Config byFlag =
        Config.load(new String[] {"serve", "--config", "other.properties"}, Map.of(), dir);
    Config byEnv =
        Config.load(new String[] {"serve"}, Map.of("BOXOFFICE_CONFIG", "other.properties"), dir);

    assertThat(parseServe(byFlag).port).isEqualTo(9200);
    assertThat(parseServe(byEnv).port).isEqualTo(9200);
  }

  @Test
  void aNamedConfigFileThatIsMissingIsAnError() {
    assertThatThrownBy(
            () -> Config.load(new String[] {"serve", "--config=nope.properties"}, Map.of(), dir))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("nope.properties");
  }

  @Test
  void anUnknownKeyInTheFileIsRefusedNamingIt() throws Exception {
    Files.writeString(dir.resolve("boxoffice.properties"), "prot=9100\n");

    assertThatThrownBy(() -> Config.load(new String[] {"serve"}, Map.of(), dir))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("prot");
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(Config.envName("trusted-issuer-jwk-file"))
        .isEqualTo("BOXOFFICE_TRUSTED_ISSUER_JWK_FILE");
  }
}
