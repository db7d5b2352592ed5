package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a page on another site could make a signed-in browser send: a form post (not JSON) or a
 * request carrying the session cookie. Neither changes anything.
 */
class CrossSiteTest {
  private static final String HOLD = "{\"ticketType\":\"GA\",\"quantity\":1}";

  private final TestServer t = new TestServer();
  private String cookie;

  @BeforeEach
  void event() {
    t.createEvent("show", 10, 4);
    cookie = Auth.COOKIE + "=" + t.tokenFor("alice");
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aBodyThatIsNotDeclaredJsonIs415() {
    String token = t.tokenFor("alice");
    for (String type :
        new String[] {
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/json; charset=iso-8859-1",
          "application/xml",
          "text/json"
        }) {
      var answer = post(token, type);
      answer.problem(415, "unsupported-media-type");
      assertThat(answer.json().path("header").asText()).isEqualTo("Content-Type");
    }
    var none =
        t.send(
            t.request("/v1/events/show/holds")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(HOLD))
                .build());
    none.problem(415, "unsupported-media-type");
    assertThat(inventoryHeld()).isZero();

    assertThat(post(token, "application/json; charset=UTF-8").status()).isEqualTo(201);
    assertThat(post(token, "application/hold+json").status()).isEqualTo(201);
  }

  @Test
  void aChangeRidingOnTheCookieAloneIsRefusedUnlessItComesFromThisSite() {
    String host = "127.0.0.1:" + t.server.port();
    t.send(withCookie().build()).problem(403, "cross-site-request");
    t.send(withCookie().header("Origin", "https://evil.example").build())
        .problem(403, "cross-site-request");
    t.send(withCookie().header("Origin", "null").build()).problem(403, "cross-site-request");
    t.send(withCookie().header("Origin", "http://" + host + ".evil.example").build())
        .problem(403, "cross-site-request");
    t.send(withCookie().header("Sec-Fetch-Site", "cross-site").build())
        .problem(403, "cross-site-request");
    // A page over https on the same host and port is another origin than this plain-http server.
    t.send(withCookie().header("Origin", "https://" + host).build())
        .problem(403, "cross-site-request");
    assertThat(inventoryHeld()).isZero();

    assertThat(t.send(withCookie().header("Origin", "http://" + host).build()).status())
        .isEqualTo(201);
    assertThat(t.send(withCookie().header("Sec-Fetch-Site", "same-origin").build()).status())
        .isEqualTo(201);
    assertThat(
            t.send(
                    withCookie()
                        .header("Origin", "https://" + host)
                        .header("X-Forwarded-Proto", "https")
                        .build())
                .status())
        .as("behind a TLS proxy that says so")
        .isEqualTo(201);
    assertThat(t.send(withCookie().header("X-Requested-With", "fetch").build()).status())
        .isEqualTo(201);
    assertThat(inventoryHeld()).isEqualTo(4);
  }

  @Test
  void readingWithTheCookieNeedsNoOrigin() {
    var orders = t.send(t.request("/v1/orders").header("Cookie", cookie).GET().build());
    assertThat(orders.status()).isEqualTo(200);
  }

  @Test
  void twoAuthorizationHeadersAre400() {
    try (RawConnection c = new RawConnection(t.server.port())) {
      c.write(
          "GET /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + t.tokenFor("alice")
              + "\r\nAuthorization: Bearer "
              + t.tokenFor("bob")
              + "\r\n\r\n");
      RawConnection.Response answer = c.read(Duration.ofSeconds(5)).orElseThrow();
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body())
          .contains("invalid-request")
          .contains("\"header\":\"Authorization\"");
    }
  }

  private TestServer.Answer post(String token, String contentType) {
    return t.send(
        t.request("/v1/events/show/holds")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(HOLD))
            .build());
  }

  private HttpRequest.Builder withCookie() {
    return t.request("/v1/events/show/holds")
        .header("Cookie", cookie)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(HOLD));
  }

  private int inventoryHeld() {
    return t.get("/v1/events/show/inventory", TestServer.ADMIN_KEY)
        .json()
        .path("ticketTypes")
        .get(0)
        .path("held")
        .asInt();
  }
}
