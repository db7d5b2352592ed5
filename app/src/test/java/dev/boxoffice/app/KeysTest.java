package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {
  @TempDir Path data;

  @Test
  void anAdminKeyIsGeneratedOnceAndKeptForOwnerEyesOnly() throws Exception {
    Config none = Config.ofEnvironment(Map.of());

    Keys.Secret first = Keys.adminKey(none, Keys.folder(data));
    Keys.Secret again = Keys.adminKey(none, Keys.folder(data));

    assertThat(first.value()).hasSizeGreaterThanOrEqualTo(Keys.MIN_ADMIN_KEY_LENGTH);
    assertThat(again.value()).isEqualTo(first.value());
    Path file = data.resolve("keys/admin.key");
    assertThat(first.origin()).contains(file.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void aConfiguredAdminKeyWinsAndNothingIsWritten() throws Exception {
    Config config = Config.ofEnvironment(Map.of("BOXOFFICE_ADMIN_KEY", "a-configured-admin-key"));

    Keys.Secret key = Keys.adminKey(config, Keys.folder(data));

    assertThat(key.value()).isEqualTo("a-configured-admin-key");
    assertThat(data.resolve("keys")).doesNotExist();
  }

  @Test
  void aShortAdminKeyIsRefused() {
    Config config = Config.ofEnvironment(Map.of("BOXOFFICE_ADMIN_KEY", "short"));

    assertThatThrownBy(() -> Keys.adminKey(config, Keys.folder(data)))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("admin-key");
  }

  @Test
  void aSessionKeyThatIsNotBase64IsRefusedNamingTheSetting() {
    Config config = Config.ofEnvironment(Map.of("BOXOFFICE_SESSION_KEY", "not base64!"));

    assertThatThrownBy(() -> Keys.sessionKey(config, data))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("session-key");
  }

  @Test
  void anEmptyKeyFileIsReportedRatherThanUsed() throws Exception {
    Files.createDirectories(data.resolve("keys"));
    Files.writeString(data.resolve("keys/session.key"), "\n");

    assertThatThrownBy(() -> Keys.sessionKey(Config.ofEnvironment(Map.of()), data))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("session.key");
  }
}
