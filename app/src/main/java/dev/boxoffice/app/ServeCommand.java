package dev.boxoffice.app;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.boxoffice.core.blacklist.Barred;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.http.AddressBlocks;
import dev.boxoffice.http.ConnectionLimits;
import dev.boxoffice.http.HttpSettings;
import dev.boxoffice.http.MetricsEndpoint;
import dev.boxoffice.http.Rate;
import dev.boxoffice.http.SessionTokens;
import dev.boxoffice.http.TrustedProxies;
import dev.boxoffice.http.compat.CompatSettings;
import dev.boxoffice.loadtest.DurationConverter;
import dev.boxoffice.store.distributed.DistributedStore;
import dev.boxoffice.store.embedded.JournalSync;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boxoffice serve}: opens the embedded store in the data folder, starts the HTTP server and
 * runs until SIGTERM or Ctrl-C, when a shutdown hook closes the server and then the store.
 *
 * <p>It binds 127.0.0.1 unless told otherwise: a fresh {@code serve --demo} prints its admin key,
 * and should not offer it to the whole network. A deployment says {@code --host 0.0.0.0} (or {@code
 * BOXOFFICE_HOST}) on purpose.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    versionProvider = BoxofficeCommand.Version.class,
    description = {
      "Starts the Boxoffice server on the embedded, durable store.",
      "Settings come from flags, then BOXOFFICE_* environment variables, then the config file,"
          + " then the defaults shown."
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  /** Open files a server needs besides its connections: jars, journal, sockets, the JVM's own. */
  private static final int FILES_BESIDE_CONNECTIONS = 500;

  private final Config config;
  private final InstantSource clock;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "TCP port to listen on; 0 picks a free one (the port is printed).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on. The default accepts connections from this machine only;"
              + " 0.0.0.0 serves every network interface.")
  String host;

  @Option(
      names = "--data",
      defaultValue = "./data",
      paramLabel = "DIR",
      description = "Folder of the journal and the keys; created if missing.")
  Path data;

  @Option(
      names = "--store",
      defaultValue = "embedded",
      paramLabel = "KIND",
      description =
          "embedded: the journal in --data, one server. distributed: Redis (--redis) and"
              + " PostgreSQL (--postgres), and RabbitMQ (--rabbitmq) for the flash sale, shared by"
              + " every server given the same URLs; it sells first-come events (reserved"
              + " purchase, waiting rooms, and the flash sale with --rabbitmq) so far.")
  String store;

  @Option(
      names = "--redis",
      paramLabel = "URL",
      description = "Redis of the distributed store: redis://host:port/DB (the database honoured).")
  String redis;

  @Option(
      names = "--postgres",
      paramLabel = "URL",
      description =
          "PostgreSQL of the distributed store: postgresql://user[:password]@host:port/dbname;"
              + " its schema 'boxoffice' is created and migrated on start.")
  String postgres;

  @Option(
      names = "--rabbitmq",
      paramLabel = "URL",
      description =
          "RabbitMQ of the distributed store, carrying the flash sale's orders:"
              + " amqp://user:pass@host:port (queues NAME.orders and NAME.orders.dead are declared"
              + " on start). Without it the distributed store offers no flash sale.")
  String rabbitmq;

  @Option(
      names = "--deployment",
      defaultValue = DistributedStore.DEFAULT_NAME,
      paramLabel = "NAME",
      description =
          "The distributed store's name: the prefix of its Redis keys, its RabbitMQ queues and"
              + " its PostgreSQL schema."
              + " Servers of one deployment share it; deployments on the same services differ.")
  String deployment;

  @Option(
      names = "--role",
      defaultValue = "all",
      paramLabel = "ROLE",
      description =
          "With the distributed store: api (answers the API), worker (works in the background:"
              + " ends due holds, records orders no server recorded, settles the flash sale's"
              + " orders; answers health and metrics only; rate limits are ignored) or all. A"
              + " deployment needs one server that works in the background.")
  String role;

  @Option(
      names = "--journal-sync",
      defaultValue = "full",
      paramLabel = "MODE",
      description =
          "full: every commit is synced to disk before a change is acknowledged, so it survives power"
              + " loss. normal: survives kill -9 of the server but not an OS crash or power loss;"
              + " much faster where the disk flush is the bottleneck.")
  JournalSync journalSync;

  @Option(
      names = "--demo",
      description =
          "Create a demo event if the data folder has none, and print the admin key and a curl"
              + " tour.")
  boolean demo;

  @Option(
      names = "--session-ttl",
      defaultValue = "12h",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "How long a session token from POST /v1/sessions is valid (30m, 12h, 7d).")
  Duration sessionTtl;

  @Option(
      names = "--trusted-issuer-jwk-file",
      paramLabel = "FILE",
      description =
          "Public JWK (JSON) of an external token issuer; tokens it signs are accepted too.")
  Path trustedIssuerJwkFile;

  @Option(
      names = "--trusted-issuer",
      defaultValue = "",
      paramLabel = "ISS",
      description =
          "With --trusted-issuer-jwk-file: the iss its tokens must carry. Empty: not checked.")
  String trustedIssuer;

  @Option(
      names = "--trusted-audience",
      defaultValue = "",
      paramLabel = "AUD",
      description =
          "With --trusted-issuer-jwk-file: an aud its tokens must include, so that tokens it issued"
              + " for other services are refused. Empty: not checked.")
  String trustedAudience;

  @Option(
      names = "--header-timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "A request's line and headers must arrive within this time of its first byte, else the"
              + " connection is closed.")
  Duration headerTimeout;

  @Option(
      names = "--body-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "A request's body must arrive within this time of its headers.")
  Duration bodyTimeout;

  @Option(
      names = "--idle-timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "A kept-alive connection with no request for this long is closed, and so is one whose"
              + " client takes none of an answer for this long. Slow answers and streams that"
              + " are read are never cut.")
  Duration idleTimeout;

  @Option(
      names = "--read-cache-ttl",
      defaultValue = "1s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Public reads (events, the event list, what is left) are answered from a cache that"
              + " every write through the API refreshes; a change made without one (an expiry, a"
              + " draw) shows within this time. 0s turns the cache off.")
  Duration readCacheTtl;

  @Option(
      names = "--access-log",
      defaultValue = "1%",
      converter = ShareConverter.class,
      paramLabel = "SHARE",
      description =
          "Which requests get a JSON line on the logger boxoffice.access (method, route, status,"
              + " duration, bytes, request id, a salted hash of the user): all, off, or a sample"
              + " such as 1%% or 0.01 (default 1%%: a line per request costs up to a third of the"
              + " raw request rate). Every 5xx is logged.")
  double accessLog;

  @Option(
      names = "--otlp-endpoint",
      paramLabel = "URL",
      description =
          "Send traces over OTLP (HTTP) to this collector, such as http://127.0.0.1:4318. Off by"
              + " default; the standard OTEL_* variables work too.")
  URI otlpEndpoint;

  @Option(
      names = "--trace-sample",
      converter = ShareConverter.class,
      paramLabel = "SHARE",
      description =
          "The share of new traces recorded when tracing is on: all, 1%%, 0.01 (default: all, or"
              + " OTEL_TRACES_SAMPLER). A caller's sampled trace is always followed.")
  Double traceSample;

  @Option(
      names = "--instance",
      paramLabel = "NAME",
      description =
          "This server's name in metrics (the instance label), logs and traces; default: the"
              + " host name and port.")
  String instance;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description =
          "Open connections at most; more clients wait to be accepted. Default: 20000, or the"
              + " process's open-file limit (ulimit -n) less 500 if that is lower.")
  Integer maxConnections;

  @Option(
      names = "--sign-in-limit",
      defaultValue = "10/5m",
      converter = RateConverter.class,
      paramLabel = "RATE",
      description =
          "Sign-in attempts per username, right or wrong, written N/DURATION (or off); beyond it"
              + " 429 with Retry-After.")
  Rate signInLimit;

  @Option(
      names = "--rate-limit",
      split = ",",
      converter = RateLimitConverter.class,
      paramLabel = "OPERATION_ID=RATE[:KEY]",
      description =
          "A route's rate limit, by its operationId in /openapi.yaml: N/DURATION (or off),"
              + " counted per user, address (the default) or global; repeatable. Replaces the"
              + " default of that route and key. Defaults: createSession=60/1m:address,"
              + " createUser=20/1h:address, joinQueue=30/1m:user, joinQueue=6000/1m:address,"
              + " createPurchase=1000/1s:address, createChallenge=10000/10s:address.")
  List<RateLimitConverter.Limit> rateLimits = new ArrayList<>();

  @Option(
      names = "--trusted-proxy",
      split = ",",
      paramLabel = "CIDR",
      description =
          "A proxy in front of the server (address or CIDR block) whose X-Forwarded-For names the"
              + " client; repeatable. Default: none, every client is its peer address.")
  List<String> trustedProxies = new ArrayList<>();

  @Option(
      names = "--blacklist",
      paramLabel = "FILE",
      description =
          "Users and client addresses to bar, one a line: 'user NAME' or 'address CIDR' (# starts a"
              + " comment). Added at start to the blacklist kept in the data folder, which the"
              + " admin API changes too.")
  Path blacklist;

  @Option(
      names = "--compat",
      split = ",",
      paramLabel = "SET",
      description =
          "The original systems' APIs to offer beside Boxoffice's own: lottery-v0, tickets-v0"
              + " (repeatable or comma-separated). They trust the caller for user identity, as the"
              + " originals did: see --compat-allow. Default: none.")
  List<String> compat = new ArrayList<>();

  @Option(
      names = "--compat-allow",
      split = ",",
      paramLabel = "CIDR",
      description =
          "Client addresses (or CIDR blocks) the --compat route sets answer; anyone else gets 403."
              + " Default: this machine (127.0.0.0/8, ::1).")
  List<String> compatAllow = new ArrayList<>();

  @Option(
      names = "--compat-tickets-event",
      defaultValue = "demo",
      paramLabel = "EVENT_ID",
      description = "The event tickets-v0 sells (types GA, VIP, ONE_DAY), such as --demo's.")
  String compatTicketsEvent;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve /metrics on this port instead of the main one (0: any free port); /health/* is"
              + " answered there too. Default: on the main port.")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address of the --metrics-port listener.")
  String metricsHost;

  @Option(
      names = "--metrics-auth",
      defaultValue = "admin-key",
      paramLabel = "MODE",
      description =
          "admin-key: reading /metrics needs the admin key as a bearer token. none: anyone who"
              + " reaches it may read it (with --metrics-port on a private address).")
  String metricsAuth;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file of settings: each option above by its long name without the dashes"
              + " (port=8080, sign-in-limit=10/5m), and admin-key and session-key. Default: "
              + Config.DEFAULT_FILE
              + " in the working folder, if present.")
  Path configFile;

  ServeCommand(Config config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (sessionTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new Config.ConfigException("session-ttl must be at least one second");
    }
    if (port < 0 || port > 65_535) {
      throw new Config.ConfigException("port must be between 0 and 65535: " + port);
    }
    if (trustedIssuerJwkFile == null && !(trustedIssuer.isEmpty() && trustedAudience.isEmpty())) {
      throw new Config.ConfigException(
          "trusted-issuer and trusted-audience need trusted-issuer-jwk-file");
    }
    if (trustedIssuerJwkFile != null) {
      // Refused now, before any store is opened or made; the key signing here is thrown away.
      tokens((key, fresh) -> fresh.get());
      if (trustedAudience.isEmpty()) {
        log.warn(
            "No trusted-audience is set: every token the external issuer signed is accepted,"
                + " including those it issued for other services");
      }
    }
    String name = instanceName();
    Slf4jLogging.nameInstance(name);
    Tracing tracing = Tracing.start(otlpEndpoint, traceSample, name, System.getenv());
    Wiring wiring;
    try {
      wiring = open(name);
    } catch (RuntimeException | IOException e) {
      tracing.close();
      throw e;
    }
    Runnable stop =
        () -> {
          try {
            wiring.close();
          } finally {
            tracing.close();
          }
        };
    Thread hook = Thread.ofPlatform().name("boxoffice-shutdown").unstarted(stop);
    Runtime.getRuntime().addShutdownHook(hook);
    Keys.Secret admin;
    Event demoEvent;
    int boundPort;
    try {
      Keys.Keeper keeper = wiring.store().keeper();
      admin = Keys.adminKey(config, keeper);
      HttpSettings settings = settings(admin.value(), keeper);
      demoEvent =
          demo
              ? Demo.ensureEvent(
                  wiring.store().ports().events(),
                  wiring.store().ports().inventory(),
                  clock.instant())
              : null;
      if (blacklist != null) {
        Barred barred = BlacklistFile.read(blacklist);
        wiring.store().ports().blacklist().bar(barred);
        log.info(
            "blacklist: {} users and {} addresses from {}",
            barred.users().size(),
            barred.addresses().size(),
            blacklist);
      }
      boundPort = wiring.startServer(settings, compatSettings());
    } catch (RuntimeException | IOException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      stop.run();
      throw e;
    }

    URI base = URI.create("http://" + reachableHost(host) + ":" + boundPort);
    log.atInfo().addKeyValue("store", store).addKeyValue("demo", demoEvent != null).log("serving");
    // One write, so that a reader of the output never sees the first line without the rest.
    out.print(
        "Boxoffice "
            + BoxofficeCommand.Version.current()
            + " listening on http://"
            + hostForUrl(host)
            + ":"
            + boundPort
            + " (data in "
            + wiring.store().where()
            + ")\n"
            + (demoEvent != null
                ? Demo.guide(base, demoEvent, admin, wiring.store().where()) + "\n"
                : "Admin key " + admin.origin() + ". Stop with Ctrl-C.\n"));
    out.flush();

    wiring.awaitClosed();
    return 0;
  }

  /** The originals' route sets to offer, and to whom. */
  private CompatSettings compatSettings() {
    try {
      return new CompatSettings(
          Set.copyOf(compat),
          AddressBlocks.of(compatAllow.isEmpty() ? CompatSettings.LOOPBACK : compatAllow),
          new EventId(compatTicketsEvent));
    } catch (IllegalArgumentException e) {
      throw new Config.ConfigException("compat: " + e.getMessage());
    }
  }

  /** The wiring of the store chosen, checked for what it needs. */
  private Wiring open(String name) throws IOException {
    return switch (store) {
      case "embedded" -> {
        if (role() != Backend.Role.ALL) {
          throw new Config.ConfigException(
              "role " + role + " needs the distributed store: one embedded server does it all");
        }
        yield Wiring.embedded(data, journalSync, clock, name);
      }
      case "distributed" -> {
        if (redis == null || postgres == null) {
          throw new Config.ConfigException(
              "the distributed store needs --redis URL and --postgres URL (or BOXOFFICE_REDIS and"
                  + " BOXOFFICE_POSTGRES)");
        }
        yield Wiring.distributed(
            redis, postgres, Optional.ofNullable(rabbitmq), deployment, role(), clock, name);
      }
      default ->
          throw new Config.ConfigException(
              "store must be embedded or distributed, not '" + store + "'");
    };
  }

  private Backend.Role role() {
    return switch (role) {
      case "api" -> Backend.Role.API;
      case "worker" -> Backend.Role.WORKER;
      case "all" -> Backend.Role.ALL;
      default ->
          throw new Config.ConfigException("role must be api, worker or all, not '" + role + "'");
    };
  }

  /** What the HTTP server is told, every value checked. */
  private HttpSettings settings(String adminKey, Keys.Keeper keeper) throws IOException {
    int connections = maxConnections == null ? defaultMaxConnections() : maxConnections;
    if (maxConnections != null && connections > fileLimit() - FILES_BESIDE_CONNECTIONS) {
      log.warn(
          "max-connections is {} but this process may open only {} files, some {} of them"
              + " needed beside connections: raise the limit (ulimit -n) or lower max-connections",
          connections,
          fileLimit(),
          FILES_BESIDE_CONNECTIONS);
    }
    try {
      return HttpSettings.of(host, port, adminKey, tokens(keeper))
          .withConnections(
              new ConnectionLimits(headerTimeout, bodyTimeout, idleTimeout, connections))
          .withSignInPerUsername(signInLimit)
          // A worker serves none of the routes the limits are for: a config shared with the API
          // servers is taken as it is.
          .withRateLimits(
              role() == Backend.Role.WORKER ? Map.of() : RateLimitConverter.byOperation(rateLimits))
          .withTrustedProxies(TrustedProxies.of(trustedProxies))
          .withReadCacheTtl(readCacheTtl)
          .withAccessLogSample(accessLog)
          .withMetrics(
              new MetricsEndpoint(
                  metricsHost,
                  metricsPort == null ? MetricsEndpoint.SAME_PORT : metricsPort,
                  metricsNeedAdminKey()));
    } catch (IllegalArgumentException e) {
      throw new Config.ConfigException(e.getMessage());
    }
  }

  /** The configured name, or the host name and port. */
  private String instanceName() {
    if (instance != null && !instance.isBlank()) {
      return instance.strip();
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + ":" + port;
  }

  /**
   * 20,000 (room for the waiting room's ~15,000 event streams), but never more than the open files
   * this process may have beside what it needs anyway: a server that runs out of files mid-sale
   * refuses everyone.
   */
  private static int defaultMaxConnections() {
    return (int) Math.max(1, Math.min(20_000, fileLimit() - FILES_BESIDE_CONNECTIONS));
  }

  /** How many files this process may open; unbounded where the JVM cannot tell. */
  private static long fileLimit() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os
        ? os.getMaxFileDescriptorCount()
        : Long.MAX_VALUE;
  }

  private boolean metricsNeedAdminKey() {
    return switch (metricsAuth) {
      case "admin-key" -> true;
      case "none" -> false;
      default ->
          throw new Config.ConfigException(
              "metrics-auth must be admin-key or none, not '" + metricsAuth + "'");
    };
  }

  /** Session tokens signed with the kept key, trusting the external issuer if set. */
  private SessionTokens tokens(Keys.Keeper keeper) throws IOException {
    byte[] sessionKey = Keys.sessionKey(config, keeper);
    SessionTokens tokens = SessionTokens.hmac(sessionKey, sessionTtl, clock);
    if (trustedIssuerJwkFile == null) {
      return tokens;
    }
    String jwk = Files.readString(trustedIssuerJwkFile, StandardCharsets.UTF_8);
    try {
      return tokens.trustingIssuerKey(
          jwk, new SessionTokens.IssuerChecks(trustedIssuer, trustedAudience));
    } catch (IllegalArgumentException e) {
      throw new Config.ConfigException(trustedIssuerJwkFile + ": " + e.getMessage());
    }
  }

  /** The address a client on this machine uses to reach a server bound to {@code host}. */
  static String reachableHost(String host) {
    return switch (host) {
      case "0.0.0.0", "" -> "127.0.0.1";
      case "::", "[::]" -> "[::1]";
      default -> hostForUrl(host);
    };
  }

  private static String hostForUrl(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
