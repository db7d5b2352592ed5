package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of malformed requests: each gets a 4xx problem document with a type, none a 5xx, and
 * none changes the stock.
 */
class MalformedInputTest {
  private static final String HOLD = "{\"ticketType\":\"GA\",\"quantity\":1}";

  private final TestServer t = new TestServer();
  private final String token = t.tokenFor("alice");

  @AfterEach
  void stop() {
    t.close();
  }

  private record Case(String name, HttpRequest request) {}

  @Test
  void everyMalformedRequestGetsA4xxProblemAndChangesNothing() {
    t.createEvent("show", 10, 4);
    String before = t.get("/v1/events/show/inventory", TestServer.ADMIN_KEY).text();
    List<Case> cases = new ArrayList<>();
    badHoldBodies(cases);
    badEventBodies(cases);
    badCredentialBodies(cases);
    badTokens(cases);
    badPathIds(cases);
    oversizedBodies(cases);
    assertThat(cases).hasSizeGreaterThan(300);

    for (Case c : cases) {
      TestServer.Answer answer = t.send(c.request());
      assertThat(answer.status()).as(c.name() + " -> " + answer.text()).isBetween(400, 499);
      assertThat(answer.contentType()).as(c.name()).startsWith("application/problem+json");
      JsonNode doc = answer.json();
      assertThat(doc.path("type").asText())
          .as(c.name())
          .startsWith("https://boxoffice.dev/problems/");
      assertThat(doc.path("status").asInt()).as(c.name()).isEqualTo(answer.status());
      assertThat(answer.text()).as(c.name()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(t.get("/v1/events/show/inventory", TestServer.ADMIN_KEY).text()).isEqualTo(before);
    assertThat(t.get("/metrics", TestServer.ADMIN_KEY).text())
        .doesNotContainPattern("status=\"5\\d\\d\"");
  }

  @Test
  void requestsTheServerRefusesBeforeRoutingAlsoGetProblems() throws IOException {
    String chunked =
        "POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";
    String[] raw = {
      "GARBAGE\r\n\r\n",
      "GET /v1/events/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
      "POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
      "GET /health/live HTTP/7.0\r\nHost: x\r\n\r\n",
      "G\u00c3\u00a9T /health/live HTTP/1.1\r\nHost: x\r\n\r\n",
      "GE(T /health/live HTTP/1.1\r\nHost: x\r\n\r\n",
      chunked + "zz\r\n{}\r\n0\r\n\r\n",
      chunked + "-1\r\n{}\r\n0\r\n\r\n",
      chunked + "2 x\r\n{}\r\n0\r\n\r\n",
      chunked + "2;\u0001\r\n{}\r\n0\r\n\r\n",
      chunked + "\r\n{}\r\n0\r\n\r\n",
      chunked + "ffffffffffffffffff\r\n{}\r\n0\r\n\r\n",
      chunked + "7fffffff\r\n{}\r\n0\r\n\r\n",
      chunked + "2\r\n{}\r\n0\r\nX-Trailer: " + "x".repeat(9000) + "\r\n\r\n",
      chunked + "2\n{}\r\n0\r\n\r\n",
      chunked + "2\r\n{}XX0\r\n\r\n",
      chunked + "f".repeat(5000) + "\r\n",
    };
    for (String request : raw) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), t.server.port())) {
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        String response =
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        String statusLine = response.lines().findFirst().orElse("");
        assertThat(statusLine).as(clip(request)).matches("HTTP/1\\.1 4\\d\\d .*");
        assertThat(response.toLowerCase(Locale.ROOT))
            .as(request)
            .contains("content-type: application/problem+json");
        assertThat(response).as(request).contains("\"type\":\"https://boxoffice.dev/problems/");
        // readAllBytes returned: the server closed the connection after refusing the request.
      }
    }
  }

  private static String clip(String request) {
    return request.length() <= 200 ? request : request.substring(0, 200) + "...";
  }

  @Test
  void chunkExtensionsAndTrailersAreValidHttp() {
    try (RawConnection c = new RawConnection(t.server.port())) {
      String json = "{\"username\":\"chunky\",\"password\":\"plum-kettle-orbit-42\"}";
      String first = json.substring(0, 10);
      String rest = json.substring(10);
      c.write(
          "POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n"
              + Integer.toHexString(first.length())
              + ";name=value\r\n"
              + first
              + "\r\n"
              + Integer.toHexString(rest.length())
              + " ; a ; b=\"quoted\"\r\n"
              + rest
              + "\r\n0;last\r\nX-Checksum: abc\r\n\r\n");
      assertThat(c.read(Duration.ofSeconds(5))).get().extracting(r -> r.status()).isEqualTo(201);
      // and the connection goes on
      c.write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read(Duration.ofSeconds(5))).get().extracting(r -> r.status()).isEqualTo(200);
    }
  }

  @Test
  void aReplyThatSaysConnectionCloseClosesIt() {
    try (RawConnection c = new RawConnection(t.server.port())) {
      c.write(
          "POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Transfer-Encoding: chunked\r\n\r\nzz\r\n");
      RawConnection.Response refused = c.read(Duration.ofSeconds(5)).orElseThrow();
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.closes()).isTrue();
      assertThat(c.closedWithin(Duration.ofSeconds(2))).isTrue();
    }
    // A client that asks to close gets its answer, then the connection closes.
    try (RawConnection c = new RawConnection(t.server.port())) {
      c.write("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      RawConnection.Response answer = c.read(Duration.ofSeconds(5)).orElseThrow();
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.closes()).isTrue();
      assertThat(c.closedWithin(Duration.ofSeconds(2))).isTrue();
    }
    // A body over the limit is refused; what follows it is never taken for a request.
    try (RawConnection c = new RawConnection(t.server.port())) {
      int length = Call.MAX_BODY + 10;
      c.write(
          "POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + length
              + "\r\n\r\n"
              + "x".repeat(length)
              + "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      RawConnection.Response refused = c.read(Duration.ofSeconds(5)).orElseThrow();
      assertThat(refused.status()).isEqualTo(413);
      assertThat(refused.closes()).isTrue();
      assertThat(c.read(Duration.ofSeconds(2))).as("an answer to the smuggled request").isEmpty();
    }
  }

  @Test
  void aClientThatHangsUpMidBodyIsNoError() throws Exception {
    try (LogCapture logs = LogCapture.all(Level.DEBUG)) {
      for (int i = 0; i < 20; i++) {
        try (RawConnection c = new RawConnection(t.server.port())) {
          c.write(
              "POST /v1/events/show/holds HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                  + "\r\nContent-Length: 100\r\nAuthorization: Bearer "
                  + token
                  + "\r\n\r\n{\"ticketType\":");
        }
      }
      assertThat(t.get("/health/live", null).status()).isEqualTo(200);
      Thread.sleep(200);
      assertThat(logs.atLeast(Level.WARN)).isEmpty();
      assertThat(logs.atLeast(Level.DEBUG)).anyMatch(m -> m.contains("the client went away"));
      assertThat(t.get("/metrics", TestServer.ADMIN_KEY).text())
          .doesNotContainPattern("status=\"5\\d\\d\"");
    }
  }

  private HttpRequest post(String path, String bearer, byte[] body) {
    // A body the server refuses by its length alone is answered before it is read and the
    // connection closed; a client that asks "Expect: 100-continue" reads that answer instead of
    // failing with a broken pipe while still sending the body.
    HttpRequest.Builder b =
        t.request(path)
            .expectContinue(body.length > Call.MAX_BODY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b.build();
  }

  private HttpRequest post(String path, String bearer, String body) {
    return post(path, bearer, body.getBytes(StandardCharsets.UTF_8));
  }

  private void badHoldBodies(List<Case> cases) {
    String path = "/v1/events/show/holds";
    for (int i = 0; i < HOLD.length(); i++) {
      cases.add(new Case("truncated hold " + i, post(path, token, HOLD.substring(0, i))));
    }
    String[] quantities = {
      "\"1\"",
      "true",
      "null",
      "[1]",
      "{}",
      "1.5",
      "1e0",
      "1.0",
      "-1",
      "0",
      "1001",
      "2147483648",
      "-2147483649",
      "99999999999999999999999",
      "1e400",
      "NaN",
      "Infinity",
      "0x10",
      "01",
      "+1",
      "\"\""
    };
    for (String q : quantities) {
      cases.add(
          new Case(
              "quantity " + q,
              post(path, token, "{\"ticketType\":\"GA\",\"quantity\":" + q + "}")));
    }
    String[] types = {
      "1",
      "true",
      "null",
      "[\"GA\"]",
      "{}",
      "\"\"",
      "\"ga\"",
      "\"G A\"",
      "\"" + "A".repeat(33) + "\"",
      "\"GA\\u0000\"",
      "\"\\uD800\"",
      "\"" + "A".repeat(60_000) + "\""
    };
    for (String ty : types) {
      cases.add(
          new Case(
              "ticketType " + ty.length(),
              post(path, token, "{\"ticketType\":" + ty + ",\"quantity\":1}")));
    }
    String[] shapes = {
      "",
      " ",
      "null",
      "1",
      "\"x\"",
      "[]",
      "[" + HOLD + "]",
      "{}",
      HOLD + "x",
      HOLD + HOLD,
      HOLD + " 1",
      "{\"ticketType\":\"GA\",\"quantity\":1,\"extra\":1}",
      "{\"ticketType\":\"GA\",\"ticketType\":\"VIP\",\"quantity\":1}",
      "{'ticketType':'GA','quantity':1}",
      "{ticketType:\"GA\",quantity:1}",
      "{\"ticketType\":\"GA\",\"quantity\":1,}",
      "{\"ticketType\":\"GA\" \"quantity\":1}",
      "{\"quantity\":1}",
      "{\"ticketType\":\"GA\"}",
      "[".repeat(5_000),
      "{\"a\":".repeat(3_000),
      "/* c */" + HOLD,
      "\u00A0" + HOLD,
      "{\"ticketType\":\"GA\",\"quantity\":1}\u0000",
      "{\"__proto__\":{},\"ticketType\":\"GA\",\"quantity\":1}",
      "{\"ticketType\":\"GA\",\"quantity\":1,\"user\":\"bob\"}",
    };
    for (int i = 0; i < shapes.length; i++) {
      cases.add(new Case("shape " + i, post(path, token, shapes[i])));
    }
    String type = "{\"ticketType\":\"";
    byte[][] badUtf8 = {
      bytes("", 0xC3, 0x28),
      bytes("{\"", 0xFF, '"', ':', '1', '}'),
      bytes(type, 0xED, 0xA0, 0x80, '"', '}'),
      bytes(type, 0xC0, 0xAF, '"', '}'),
      bytes(type, 0xF8, 0x88, 0x80, 0x80, 0x80, '"', '}'),
      bytes("", 0xFE, 0xFF, 0, '{', 0, '}'),
      bytes("{\"quantity\":", 0xE2, 0x82, '}'),
    };
    for (int i = 0; i < badUtf8.length; i++) {
      cases.add(new Case("bad utf-8 " + i, post(path, token, badUtf8[i])));
    }
  }

  /** {@code ascii}'s bytes followed by raw ones (given as ints, so 0x80 and up need no casts). */
  private static byte[] bytes(String ascii, int... raw) {
    byte[] out =
        Arrays.copyOf(ascii.getBytes(StandardCharsets.US_ASCII), ascii.length() + raw.length);
    for (int i = 0; i < raw.length; i++) {
      out[ascii.length() + i] = (byte) raw[i];
    }
    return out;
  }

  private void badEventBodies(List<Case> cases) {
    String valid = TestServer.eventJson("new-show", 10, 4).strip();
    for (int i = 0; i < valid.length(); i += 3) {
      cases.add(
          new Case(
              "truncated event " + i,
              post("/v1/events", TestServer.ADMIN_KEY, valid.substring(0, i))));
    }
    String[][] swaps = {
      {"\"perUserLimit\":4", "\"perUserLimit\":\"4\""},
      {"\"perUserLimit\":4", "\"perUserLimit\":4.5"},
      {"\"perUserLimit\":4", "\"perUserLimit\":-4"},
      {"\"perUserLimit\":4", "\"perUserLimit\":99999999999"},
      {"\"perUserLimit\":4", "\"perUserLimit\":null"},
      {"\"holdTtlSeconds\":30", "\"holdTtlSeconds\":-30"},
      {"\"holdTtlSeconds\":30", "\"holdTtlSeconds\":99999999999"},
      {"\"holdTtlSeconds\":30", "\"holdTtlSeconds\":86400"},
      {"\"holdTtlSeconds\":30", "\"holdTtlSeconds\":[30]"},
      {"\"capacity\":10", "\"capacity\":-1"},
      {"\"capacity\":10", "\"capacity\":2147483648"},
      {"\"capacity\":10", "\"capacity\":10000001"},
      {"\"capacity\":10", "\"capacity\":\"ten\""},
      {"\"priceMinor\":4500", "\"priceMinor\":-1"},
      {"\"priceMinor\":4500", "\"priceMinor\":9223372036854775808"},
      {"\"priceMinor\":4500", "\"priceMinor\":1000000000001"},
      {"\"priceMinor\":4500", "\"priceMinor\":45.00"},
      {"\"currency\":\"EUR\"", "\"currency\":\"eur\""},
      {"\"currency\":\"EUR\"", "\"currency\":1"},
      {"\"currency\":\"EUR\"", "\"currency\":null"},
      {"\"code\":\"GA\"", "\"code\":\"\""},
      {"\"code\":\"GA\"", "\"code\":\"g a\""},
      {"\"code\":\"GA\"", "\"code\":null"},
      {"\"code\":\"GA\"", "\"code\":{}"},
      {"\"name\":\"Night Show\"", "\"name\":\"\""},
      {"\"name\":\"Night Show\"", "\"name\":\"" + "n".repeat(201) + "\""},
      {"\"name\":\"Night Show\"", "\"name\":7"},
      {"\"venue\":\"Hall 1\"", "\"venue\":\"  \""},
      {"\"startsAt\":\"2030-02-01T20:00:00Z\"", "\"startsAt\":\"2030-02-30T20:00:00Z\""},
      {"\"startsAt\":\"2030-02-01T20:00:00Z\"", "\"startsAt\":1893528000"},
      {"\"startsAt\":\"2030-02-01T20:00:00Z\"", "\"startsAt\":\"+999999999-12-31T23:59:59Z\""},
      {"\"saleOpensAt\":\"2030-01-01T09:00:00Z\"", "\"saleOpensAt\":\"2031-01-01T09:00:00Z\""},
      {"\"saleOpensAt\":\"2030-01-01T09:00:00Z\"", "\"saleOpensAt\":\"yesterday\""},
      {"\"saleClosesAt\":\"2030-01-31T00:00:00Z\"", "\"saleClosesAt\":\"\""},
      {"\"id\":\"new-show\"", "\"id\":\"new show\""},
      {"\"id\":\"new-show\"", "\"id\":\"" + "x".repeat(65) + "\""},
      {"\"id\":\"new-show\"", "\"id\":5"},
      {"\"id\":\"new-show\"", "\"id\":\"new-show\",\"mode\":\"LOTTERY\""},
      {"\"id\":\"new-show\"", "\"id\":\"new-show\",\"mode\":0"},
      {"\"id\":\"new-show\"", "\"id\":\"new-show\",\"extra\":true"},
      {"\"ticketTypes\":[", "\"ticketTypes\":[null,"},
      {"\"ticketTypes\":[", "\"ticketTypes\":[1,"},
      {"\"ticketTypes\":[", "\"ticketTypes\":[[],"},
      {"\"capacity\":10}", "\"capacity\":10,\"seats\":1}"},
    };
    for (String[] swap : swaps) {
      assertThat(valid).contains(swap[0]);
      cases.add(
          new Case(
              "event " + swap[1],
              post("/v1/events", TestServer.ADMIN_KEY, valid.replace(swap[0], swap[1]))));
    }
    cases.add(
        new Case(
            "no ticket types",
            post(
                "/v1/events",
                TestServer.ADMIN_KEY,
                valid.substring(0, valid.indexOf("\"ticketTypes\"")) + "\"ticketTypes\":[]}")));
    cases.add(
        new Case(
            "ticket types not a list",
            post(
                "/v1/events",
                TestServer.ADMIN_KEY,
                valid.substring(0, valid.indexOf("\"ticketTypes\"")) + "\"ticketTypes\":{}}")));
    StringBuilder many =
        new StringBuilder(
            valid.substring(0, valid.indexOf("\"ticketTypes\"")) + "\"ticketTypes\":[");
    for (int i = 0; i < 51; i++) {
      many.append(i == 0 ? "" : ",")
          .append("{\"code\":\"T")
          .append(i)
          .append("\",\"name\":\"n\",\"priceMinor\":1,\"currency\":\"EUR\",\"capacity\":1}");
    }
    cases.add(new Case("51 ticket types", post("/v1/events", TestServer.ADMIN_KEY, many + "]}")));
  }

  private void badCredentialBodies(List<Case> cases) {
    String valid = "{\"username\":\"zed\",\"password\":\"password1\"}";
    for (String path : List.of("/v1/users", "/v1/sessions")) {
      for (int i = 0; i < valid.length(); i += 2) {
        cases.add(new Case(path + " truncated " + i, post(path, null, valid.substring(0, i))));
      }
      for (String body :
          List.of(
              "{\"username\":1,\"password\":\"password1\"}",
              "{\"username\":\"zed\",\"password\":[\"password1\"]}",
              "{\"username\":\"zed\",\"password\":\"password1\",\"admin\":true}",
              "{\"username\":\"z\",\"password\":\"password1\"}",
              "{\"username\":\"zed\",\"password\":\"pw\"}",
              "{\"username\":\"" + "z".repeat(65) + "\",\"password\":\"password1\"}",
              "{\"username\":\"zed zed\",\"password\":\"password1\"}",
              "{\"username\":null,\"password\":null}",
              "[\"zed\",\"password1\"]")) {
        cases.add(new Case(path + " " + body, post(path, null, body)));
      }
    }
  }

  private void badTokens(List<Case> cases) {
    String path = "/v1/events/show/holds";
    String[] parts = token.split("\\.", -1);
    SessionTokens expiredIssuer =
        SessionTokens.hmac(
            TestServer.SESSION_KEY, Duration.ofSeconds(5), () -> TestServer.T0.minusSeconds(60));
    SessionTokens otherKey =
        SessionTokens.hmac(
            "some-other-key-32-bytes-long-!!!!".getBytes(StandardCharsets.UTF_8),
            Duration.ofHours(1),
            t.clock);
    String b64 =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    List<String> authorizations =
        List.of(
            "Bearer",
            "Bearer ",
            "Bearer x",
            "Basic YWxpY2U6cGFzc3dvcmQ=",
            "Token " + token,
            "Bearer " + parts[0] + "." + parts[1],
            "Bearer " + parts[0] + "." + parts[1] + ".",
            "Bearer " + parts[0] + "." + parts[1] + "." + parts[2] + "x",
            "Bearer " + parts[0] + "." + parts[1].substring(1) + "." + parts[2],
            "Bearer " + b64 + "." + parts[1] + ".",
            "Bearer " + b64 + "." + parts[1] + "." + parts[2],
            "Bearer " + expiredIssuer.issue(new dev.boxoffice.core.identity.UserId("alice")),
            "Bearer " + otherKey.issue(new dev.boxoffice.core.identity.UserId("alice")),
            "Bearer " + TestServer.ADMIN_KEY,
            "Bearer " + "a".repeat(9000),
            "Bearer " + token.toUpperCase(java.util.Locale.ROOT),
            "bearer\t" + "junk");
    for (String authorization : authorizations) {
      cases.add(
          new Case(
              "authorization " + authorization.length(),
              t.request(path)
                  .header("Authorization", authorization)
                  .POST(HttpRequest.BodyPublishers.ofString(HOLD))
                  .build()));
    }
    for (String cookie :
        List.of(
            "boxoffice_session=",
            "boxoffice_session=junk",
            "other=" + token,
            "boxoffice_session",
            ";;;=")) {
      cases.add(
          new Case(
              "cookie " + cookie,
              t.request(path)
                  .header("Cookie", cookie)
                  .POST(HttpRequest.BodyPublishers.ofString(HOLD))
                  .build()));
    }
    for (String p : List.of("/v1/orders", "/v1/orders/x", "/v1/holds/show.h1/complete")) {
      cases.add(
          new Case(
              "no token " + p,
              t.request(p)
                  .header("Authorization", "Bearer nope")
                  .method(
                      p.endsWith("complete") ? "POST" : "GET", HttpRequest.BodyPublishers.noBody())
                  .build()));
    }
  }

  private void badPathIds(List<Case> cases) {
    String[] ids = {
      "%20",
      "a%2Fb",
      "..",
      ".",
      "a.b",
      "%C3%28",
      "%00",
      "%FF",
      "x".repeat(300),
      "%E2%82%AC",
      "a%3Bb",
      "-",
      "a+b"
    };
    for (String id : ids) {
      cases.add(new Case("event path " + id, post("/v1/events/" + id + "/holds", token, HOLD)));
      cases.add(new Case("event get " + id, t.request("/v1/events/" + id).GET().build()));
      cases.add(
          new Case(
              "inventory " + id,
              t.request("/v1/events/" + id + "/inventory")
                  .header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                  .GET()
                  .build()));
      cases.add(new Case("complete " + id, post("/v1/holds/" + id + "/complete", token, "")));
      cases.add(
          new Case(
              "release " + id,
              t.request("/v1/holds/" + id)
                  .header("Authorization", "Bearer " + token)
                  .DELETE()
                  .build()));
      cases.add(
          new Case(
              "order " + id,
              t.request("/v1/orders/" + id)
                  .header("Authorization", "Bearer " + token)
                  .GET()
                  .build()));
    }
  }

  private void oversizedBodies(List<Case> cases) {
    String big = "{\"ticketType\":\"GA\",\"quantity\":1,\"pad\":\"" + "p".repeat(70_000) + "\"}";
    cases.add(new Case("oversized hold", post("/v1/events/show/holds", token, big)));
    cases.add(new Case("oversized event", post("/v1/events", TestServer.ADMIN_KEY, big)));
    cases.add(new Case("oversized user", post("/v1/users", null, big)));
    byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
    cases.add(
        new Case(
            "oversized chunked hold",
            t.request("/v1/events/show/holds")
                .header("Authorization", "Bearer " + token)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build()));
    byte[] huge = new byte[300_000];
    Arrays.fill(huge, (byte) ' ');
    cases.add(new Case("huge event", post("/v1/events", TestServer.ADMIN_KEY, huge)));
  }
}
