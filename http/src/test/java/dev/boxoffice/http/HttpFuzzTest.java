package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tens of thousands of random malformed requests over every route: broken request lines, framing,
 * headers, bodies and encodings, from several connections at once. Seeded, so a failure can be
 * replayed ({@code -Dboxoffice.fuzz.seed=N}), and bounded in time. Afterwards: no answer was a 500,
 * no request hung, the metrics have only the series the route table allows, nothing was logged as
 * an error, and the server still sells tickets correctly.
 *
 * <p>Requests come in two kinds. Well-framed ones (valid HTTP syntax, bad content) go over
 * kept-alive connections and each must get exactly one answer. Raw ones (bytes mutated anywhere)
 * each get a connection of their own whose sending side is closed after the bytes, so the server
 * sees the end of the request whatever it expected; it must answer and close, or just close, within
 * a few seconds.
 */
class HttpFuzzTest {
  private static final long SEED = Long.getLong("boxoffice.fuzz.seed", 20261129L);
  private static final int REQUESTS = Integer.getInteger("boxoffice.fuzz.requests", 20_000);
  private static final Duration BOUND = Duration.ofMinutes(3);
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
  private static final int WORKERS = 4;
  private static final Pattern SERIES =
      Pattern.compile(
          "^http_server_requests_seconds_count\\{method=\"([^\"]*)\",route=\"([^\"]*)\"");

  private final TestServer t = new TestServer();
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final List<String> failures = new ArrayList<>();
  private String token;
  private String holdId;

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void randomMalformedRequestsNeverFailTheServer() throws Exception {
    t.createEvent("show", 1_000, 4);
    token = t.tokenFor("fuzzer");
    holdId =
        t.post("/v1/events/show/holds", token, "{\"ticketType\":\"GA\",\"quantity\":1}")
            .json()
            .path("holdId")
            .asText();
    LogCapture logs = LogCapture.all(Level.WARN);
    long deadline = System.nanoTime() + BOUND.toNanos();
    AtomicInteger sent = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        Random random = new Random(SEED * 31 + w);
        running.add(workers.submit(() -> fuzz(random, sent, deadline)));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      workers.shutdownNow();
      logs.close();
    }

    System.out.printf(
        "fuzz seed %d: %d requests, answers %s%n", SEED, sent.get(), new TreeMap<>(statuses));
    synchronized (failures) {
      assertThat(failures).as("seed " + SEED).isEmpty();
    }
    assertThat(sent.get()).as("requests sent within " + BOUND).isGreaterThanOrEqualTo(REQUESTS);
    assertThat(statuses.keySet())
        .as("statuses answered (seed %d): %s", SEED, new TreeMap<>(statuses))
        .allMatch(status -> status < 500 || status == 501 || status == 505);
    assertThat(logs.atLeast(Level.WARN)).as("warnings and errors logged").isEmpty();
    assertMetricsStayWithinTheRouteTable();
    assertTheServerStillSellsCorrectly();
  }

  private void fuzz(Random random, AtomicInteger sent, long deadline) {
    Connection kept = null;
    try {
      while (sent.get() < REQUESTS && System.nanoTime() < deadline) {
        sent.incrementAndGet();
        if (random.nextInt(10) < 7) {
          if (kept == null) {
            kept = new Connection(t.server.port());
          }
          Framed request = framed(random);
          if (!kept.exchange(request)) {
            kept.close();
            kept = null;
          }
        } else {
          try (Connection alone = new Connection(t.server.port())) {
            alone.sendAndHalfClose(raw(random));
          }
        }
      }
    } catch (IOException e) {
      fail("I/O: " + e);
    } finally {
      if (kept != null) {
        kept.close();
      }
    }
  }

  // ---- well-framed requests: valid HTTP syntax, random content ----

  private record Framed(String method, byte[] bytes) {}

  private static final String[] PATHS = {
    "/health/live",
    "/health/ready",
    "/metrics",
    "/openapi.yaml",
    "/v1/users",
    "/v1/sessions",
    "/v1/events",
    "/v1/events/show",
    "/v1/events/show/inventory",
    "/v1/events/show/holds",
    "/v1/holds/HOLD/complete",
    "/v1/holds/HOLD",
    "/v1/orders",
    "/v1/orders/or_x",
    "/",
    "/v1",
    "/v1/events/%zz",
    "/v1/events/" + "e".repeat(300),
    "/v1/events/a%2Fb",
    "/v1/events/..%2F..",
    "/v1/holds/%00",
    "/v1/events/show?x=1&x=2",
    "/v1//events",
  };

  private static final String[] METHODS = {
    "GET",
    "GET",
    "POST",
    "POST",
    "POST",
    "DELETE",
    "HEAD",
    "OPTIONS",
    "PUT",
    "PATCH",
    "TRACE",
    "ZZ123",
    "get",
    "M-SEARCH",
    "PROPFIND"
  };

  private Framed framed(Random random) {
    String method = pick(random, METHODS);
    String path = pick(random, PATHS).replace("HOLD", random.nextBoolean() ? holdId : "h_zz");
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(random.nextInt(20) == 0 ? "" : "localhost").append("\r\n");
    switch (random.nextInt(6)) {
      case 0 -> head.append("Authorization: Bearer ").append(token).append("\r\n");
      case 1 -> head.append("Authorization: Bearer ").append(TestServer.ADMIN_KEY).append("\r\n");
      case 2 -> head.append("Authorization: ").append(garbage(random, 40)).append("\r\n");
      case 3 ->
          head.append("Authorization: Bearer ")
              .append(mutate(random, token))
              .append("\r\nAuthorization: Bearer ")
              .append(token)
              .append("\r\n");
      case 4 -> head.append("Cookie: boxoffice_session=").append(token).append("\r\n");
      default -> {}
    }
    if (random.nextInt(4) == 0) {
      head.append("X-Request-Id: ").append(garbage(random, 200)).append("\r\n");
    }
    if (random.nextInt(5) == 0) {
      head.append(pick(random, ODD_HEADERS)).append("\r\n");
    }
    byte[] body = method.equals("GET") || method.equals("HEAD") ? new byte[0] : body(random);
    if (body.length > 0 || random.nextBoolean()) {
      head.append("Content-Type: ").append(pick(random, CONTENT_TYPES)).append("\r\n");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (body.length > 0 && random.nextInt(4) == 0) {
      head.append("Transfer-Encoding: chunked\r\n\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(chunked(random, body));
    } else {
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(body);
    }
    return new Framed(method, out.toByteArray());
  }

  private static final String[] ODD_HEADERS = {
    "Expect: 100-continue",
    "Expect: 200-ok",
    "Content-Encoding: gzip",
    "Accept-Encoding: gzip, br",
    "Connection: close",
    "Connection: keep-alive, Upgrade",
    "Upgrade: websocket",
    "Origin: https://evil.example",
    "X-Requested-With: fetch",
    "Sec-Fetch-Site: cross-site",
    "X-Forwarded-For: 1.2.3.4, unknown",
    "Range: bytes=0-1",
    "If-None-Match: *",
    "Cookie: " + "a=b; ".repeat(200),
    "X-Long: " + "x".repeat(6000),
  };

  private static final String[] CONTENT_TYPES = {
    "application/json",
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=latin1",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=--x",
    "application/problem+json",
    "application/json; charset=\"utf-8\"; x=y",
    "*/*",
    "json",
    "",
  };

  private static final String[] BODIES = {
    "{\"ticketType\":\"GA\",\"quantity\":1}",
    "{\"username\":\"fuzz%d\",\"password\":\"plum-kettle-orbit-42\"}",
    "{\"username\":\"fuzzer\",\"password\":\"password1\"}",
    "{\"id\":\"ev%d\",\"name\":\"Fuzz\",\"venue\":\"Hall\",\"startsAt\":\"2030-02-01T20:00:00Z\","
        + "\"saleOpensAt\":\"2030-01-01T09:00:00Z\",\"saleClosesAt\":\"2030-01-31T00:00:00Z\","
        + "\"perUserLimit\":4,\"ticketTypes\":[{\"code\":\"GA\",\"name\":\"G\",\"priceMinor\":1,"
        + "\"currency\":\"EUR\",\"capacity\":5}]}",
    "[]",
    "null",
    "{}",
    "{\"ticketType\":\"GA\",\"quantity\":1e400}",
    "{\"a\":" + "[".repeat(5000),
    "\ufeff{\"ticketType\":\"GA\",\"quantity\":1}",
  };

  private byte[] body(Random random) {
    if (random.nextInt(8) == 0) {
      return new byte[0];
    }
    String template = pick(random, BODIES).replace("%d", Integer.toString(random.nextInt()));
    byte[] bytes = template.getBytes(StandardCharsets.UTF_8);
    int mutations = random.nextInt(4);
    for (int i = 0; i < mutations && bytes.length > 0; i++) {
      switch (random.nextInt(4)) {
        case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
        case 2 -> {
          byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
          longer[bytes.length] = (byte) random.nextInt(256);
          bytes = longer;
        }
        default -> {
          byte[] invalidUtf8 = {(byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xed, (byte) 0xa0};
          byte[] spliced = Arrays.copyOf(bytes, bytes.length + invalidUtf8.length);
          System.arraycopy(invalidUtf8, 0, spliced, bytes.length, invalidUtf8.length);
          bytes = spliced;
        }
      }
    }
    return bytes;
  }

  /** The body in random chunks, sometimes with extensions and trailers, all of it valid. */
  private static byte[] chunked(Random random, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int size = Math.min(body.length - at, 1 + random.nextInt(16));
      String ext = random.nextInt(4) == 0 ? ";n=v" : "";
      String hex = Integer.toHexString(size);
      out.writeBytes(
          ((random.nextBoolean() ? hex.toUpperCase(Locale.ROOT) : hex) + ext + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, at, size);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      at += size;
    }
    String trailer = random.nextInt(4) == 0 ? "X-Trailer: 1\r\n" : "";
    out.writeBytes(("0\r\n" + trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  // ---- raw requests: a well-framed one, then mutated as bytes ----

  private byte[] raw(Random random) {
    byte[] bytes = framed(random).bytes();
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      bytes =
          switch (random.nextInt(7)) {
            case 0 -> flip(random, bytes);
            case 1 -> Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 2 -> splice(random, bytes, garbage(random, 30).getBytes(StandardCharsets.UTF_8));
            case 3 -> splice(random, bytes, pick(random, FRAMING).getBytes(StandardCharsets.UTF_8));
            case 4 -> splice(random, bytes, new byte[] {'\n'});
            case 5 -> splice(random, bytes, new byte[] {(byte) 0xc3, (byte) 0xa9, 0, (byte) 0x80});
            default -> concat(bytes, framed(random).bytes());
          };
    }
    return bytes;
  }

  private static final String[] FRAMING = {
    "\r\nContent-Length: 5\r\n",
    "\r\nContent-Length: -1\r\n",
    "\r\nContent-Length: 99999999999999999999\r\n",
    "\r\nContent-Length: 1, 2\r\n",
    "\r\nTransfer-Encoding: chunked\r\n",
    "\r\nTransfer-Encoding: gzip, chunked\r\n",
    "\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
    "\r\n\r\nzz\r\n",
    "\r\n-1\r\n",
    "\r\nffffffffffffffffff\r\n",
    "\r\n0;a=1\r\n\r\n",
    "\r\n \tfolded\r\n",
    "\r\nBad Header\r\n",
    "\r\n: empty\r\n",
    " HTTP/1.0\r\n",
    " HTTP/2\r\n",
    "\r\n\r\n\r\n",
  };

  private static byte[] flip(Random random, byte[] bytes) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] copy = bytes.clone();
    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    return copy;
  }

  private static byte[] splice(Random random, byte[] bytes, byte[] insert) {
    int at = random.nextInt(bytes.length + 1);
    byte[] out = new byte[bytes.length + insert.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(bytes, at, out, at + insert.length, bytes.length - at);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String garbage(Random random, int max) {
    StringBuilder out = new StringBuilder();
    int length = random.nextInt(max + 1);
    for (int i = 0; i < length; i++) {
      out.append(
          (char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5f) : random.nextInt(0x800)));
    }
    return out.toString().replace("\r", "").replace("\n", "");
  }

  private static String mutate(Random random, String text) {
    char[] chars = text.toCharArray();
    chars[random.nextInt(chars.length)] = (char) ('a' + random.nextInt(26));
    return new String(chars);
  }

  private static <T> T pick(Random random, T[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  // ---- reading answers ----

  private void answered(int status, String request) {
    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    if (status >= 500 && status != 501 && status != 505) {
      fail(status + " for " + request);
    }
  }

  private void fail(String failure) {
    synchronized (failures) {
      if (failures.size() < 20) {
        failures.add(failure);
      }
    }
  }

  private static String show(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  /** A connection that reads HTTP responses as bytes: status, headers, Content-Length body. */
  private final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    /** Sends one well-framed request, reads its one answer; false when the connection is over. */
    boolean exchange(Framed request) throws IOException {
      try {
        out.write(request.bytes());
        out.flush();
      } catch (IOException closed) {
        return false; // the server closed it after an earlier answer; a new one is taken
      }
      try {
        Head head = readFinalHead();
        if (head == null) {
          fail("no answer before close: " + show(request.bytes()));
          return false;
        }
        answered(head.status(), show(request.bytes()));
        if (!request.method().equals("HEAD")) {
          in.readNBytes(head.length());
        }
        return !head.closes();
      } catch (SocketTimeoutException e) {
        fail("no answer within " + ANSWER_WITHIN + ": " + show(request.bytes()));
        return false;
      }
    }

    /** Sends raw bytes and the end of the stream; reads answers until the server closes. */
    void sendAndHalfClose(byte[] bytes) {
      try {
        out.write(bytes);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException closedEarly) {
        return; // refused before all was sent: fine
      }
      try {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        Matcher m =
            Pattern.compile("HTTP/1\\.1 (\\d{3}) ")
                .matcher(all.toString(StandardCharsets.ISO_8859_1));
        while (m.find()) {
          answered(Integer.parseInt(m.group(1)), show(bytes));
        }
      } catch (SocketTimeoutException e) {
        fail("not closed within " + ANSWER_WITHIN + ": " + show(bytes));
      } catch (IOException reset) {
        // reset by the server: it closed the connection, as it may
      }
    }

    private record Head(int status, int length, boolean closes) {}

    /** The head of the next final (non-1xx) response, or null if the connection closed first. */
    private Head readFinalHead() throws IOException {
      while (true) {
        String head = readHead();
        if (head == null) {
          return null;
        }
        int status = Integer.parseInt(head.substring(9, 12));
        if (status >= 200) {
          String lower = head.toLowerCase(Locale.ROOT);
          Matcher length = Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(lower);
          return new Head(
              status,
              length.find() ? Integer.parseInt(length.group(1)) : 0,
              lower.contains("\r\nconnection: close"));
        }
      }
    }

    private String readHead() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < end.length) {
        int b;
        try {
          b = in.read();
        } catch (SocketException reset) {
          return null;
        }
        if (b < 0) {
          return null;
        }
        head.write(b);
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // done with it
      }
    }
  }

  // ---- after the storm ----

  private void assertMetricsStayWithinTheRouteTable() {
    Set<String> templates = new HashSet<>();
    for (Route route : TestServer.standardRoutes()) {
      templates.add(route.template());
    }
    templates.add("unmatched");
    Set<String> methods = new HashSet<>(HttpMetrics.METHODS);
    methods.add("OTHER");
    List<String> series =
        t.get("/metrics", TestServer.ADMIN_KEY)
            .text()
            .lines()
            .filter(l -> l.startsWith("http_server_requests_seconds_count{"))
            .toList();
    for (String line : series) {
      Matcher m = SERIES.matcher(line);
      assertThat(m.find()).as(line).isTrue();
      assertThat(methods).as(line).contains(m.group(1));
      assertThat(templates).as(line).contains(m.group(2));
    }
    // Every (route, method, status) the table allows, with room: statuses are the server's own.
    assertThat(series.size()).isLessThan(templates.size() * methods.size() * 4);
  }

  private void assertTheServerStillSellsCorrectly() {
    assertThat(t.get("/health/ready", null).status()).isEqualTo(200);
    String buyer = t.tokenFor("after-the-storm");
    JsonNode hold =
        t.post("/v1/events/show/holds", buyer, "{\"ticketType\":\"GA\",\"quantity\":2}").json();
    assertThat(
            t.post("/v1/holds/" + hold.path("holdId").asText() + "/complete", buyer, "").status())
        .isEqualTo(201);
    for (JsonNode type :
        t.get("/v1/events/show/inventory", TestServer.ADMIN_KEY).json().path("ticketTypes")) {
      assertThat(
              type.path("available").asInt()
                  + type.path("held").asInt()
                  + type.path("sold").asInt())
          .as(type.toString())
          .isEqualTo(type.path("capacity").asInt());
    }
  }
}
