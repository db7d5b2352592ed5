package dev.boxoffice.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Settings from the environment and a properties file, below the command line: a flag beats the
 * environment ({@code BOXOFFICE_PORT}), which beats the file ({@code port=}), which beats the
 * built-in default of the option.
 *
 * <p>Picocli asks this provider for the default of each option, so an option that the command line
 * leaves out takes its value from here, and {@code --help} shows the value in force. Settings that
 * are secrets ({@code admin-key}, {@code session-key}) have no flag, so that they never show in a
 * process listing; commands read them with {@link #value}.
 *
 * <p>The file is {@code --config FILE} (or {@code BOXOFFICE_CONFIG}), else {@code
 * boxoffice.properties} in the working directory if there is one. It is read once; unknown keys are
 * refused, since a misspelt key silently ignored is a setting silently lost.
 *
 * <p>Immutable and thread-safe.
 */
final class Config implements IDefaultValueProvider {
  /** The file read when neither {@code --config} nor {@code BOXOFFICE_CONFIG} names one. */
  static final String DEFAULT_FILE = "boxoffice.properties";

  static final String ENV_PREFIX = "BOXOFFICE_";

  /** Every key the file and the environment may set; each maps to an option or a secret. */
  static final List<String> KEYS =
      List.of(
          "port",
          "host",
          "data",
          "store",
          "redis",
          "postgres",
          "rabbitmq",
          "deployment",
          "role",
          "journal-sync",
          "demo",
          "session-ttl",
          "trusted-issuer-jwk-file",
          "trusted-issuer",
          "trusted-audience",
          "header-timeout",
          "body-timeout",
          "idle-timeout",
          "max-connections",
          "read-cache-ttl",
          "access-log",
          "instance",
          "otlp-endpoint",
          "trace-sample",
          "sign-in-limit",
          "rate-limit",
          "trusted-proxy",
          "blacklist",
          "compat",
          "compat-allow",
          "compat-tickets-event",
          "metrics-port",
          "metrics-host",
          "metrics-auth",
          "admin-key",
          "session-key");

  private final Map<String, String> env;
  private final Properties file;
  private final String fileName;

  private Config(Map<String, String> env, Properties file, String fileName) {
    this.env = Map.copyOf(env);
    this.file = file;
    this.fileName = fileName;
  }

  /** Settings from the environment alone (no file). */
  static Config ofEnvironment(Map<String, String> env) {
    return new Config(env, new Properties(), "");
  }

  /** Settings from the environment and the given properties, as if read from {@code fileName}. */
  static Config of(Map<String, String> env, Properties file, String fileName) {
    Properties copy = new Properties();
    copy.putAll(file);
    checkKeys(copy, fileName);
    return new Config(env, copy, fileName);
  }

  /**
   * Loads the settings for a command line: finds the file as the class doc says, relative to {@code
   * workingDir}.
   *
   * @throws ConfigException if a named file is missing or unreadable, or has an unknown key
   */
  static Config load(String[] args, Map<String, String> env, Path workingDir) {
    Optional<String> named =
        configFlag(args).or(() -> Optional.ofNullable(env.get("BOXOFFICE_CONFIG")));
    Path path = workingDir.resolve(named.orElse(DEFAULT_FILE));
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      if (named.isPresent()) {
        throw new ConfigException("config file not found: " + path);
      }
      return ofEnvironment(env);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
    return of(env, properties, path.toString());
  }

  /** The setting {@code key}: from {@code BOXOFFICE_<KEY>}, else from the file. */
  Optional<String> value(String key) {
    String fromEnv = env.get(envName(key));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(fromEnv.strip());
    }
    String fromFile = file.getProperty(key);
    if (fromFile != null && !fromFile.isBlank()) {
      return Optional.of(fromFile.strip());
    }
    return Optional.empty();
  }

  /** The file the settings came from, or an empty string if none was read. */
  String fileName() {
    return fileName;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String key = option.longestName().replaceFirst("^-+", "");
    if (key.equals("config")) {
      return fileName.isEmpty() ? null : fileName;
    }
    return KEYS.contains(key) ? value(key).orElse(null) : null;
  }

  /**
   * The environment variable that sets {@code key}: {@code session-ttl} is BOXOFFICE_SESSION_TTL.
   */
  static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static Optional<String> configFlag(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        break;
      }
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Optional.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Optional.of(args[i].substring("--config=".length()));
      }
    }
    return Optional.empty();
  }

  private static void checkKeys(Properties properties, String fileName) {
    var unknown = new TreeSet<String>();
    for (String key : properties.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          fileName + ": unknown key(s) " + unknown + "; known keys are " + KEYS);
    }
  }

  /** A configuration that cannot be used; its message is meant for the person who wrote it. */
  static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }
  }
}
