package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @Test
  void aPeerThatIsNoTrustedProxyIsTheClientWhateverItForwards() throws Exception {
    TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8"));

    assertThat(proxies.client(ip("192.0.2.7"), List.of("203.0.113.9"))).isEqualTo(ip("192.0.2.7"));
    assertThat(TrustedProxies.NONE.client(ip("10.1.1.1"), List.of("203.0.113.9")))
        .isEqualTo(ip("10.1.1.1"));
  }

  @Test
  void behindTrustedProxiesTheClientIsTheNearestUntrustedHop() throws Exception {
    TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8::/32"));

    assertThat(proxies.client(ip("10.0.0.1"), List.of("203.0.113.9"))).isEqualTo(ip("203.0.113.9"));
    // A client may write anything to the left; only what trusted hops added counts.
    assertThat(proxies.client(ip("10.0.0.1"), List.of("6.6.6.6, 203.0.113.9, 10.0.0.2")))
        .isEqualTo(ip("203.0.113.9"));
    assertThat(proxies.client(ip("10.0.0.1"), List.of("6.6.6.6", "203.0.113.9")))
        .isEqualTo(ip("203.0.113.9"));
    assertThat(proxies.client(ip("2001:db8::1"), List.of("[2001:db9::5]")))
        .isEqualTo(ip("2001:db9::5"));
    assertThat(proxies.client(ip("10.0.0.1"), List.of("evil.example.com, 203.0.113.9")))
        .as("a name is not an address, and is never looked up")
        .isEqualTo(ip("203.0.113.9"));
    assertThat(proxies.client(ip("10.0.0.1"), List.of("not an address"))).isEqualTo(ip("10.0.0.1"));
    assertThat(proxies.client(ip("10.0.0.1"), List.of("203.0.113.9:4711")))
        .as("a port is not part of the address")
        .isEqualTo(ip("203.0.113.9"));
    assertThat(proxies.client(ip("10.0.0.1"), List.of("[2001:db9::5]:443")))
        .isEqualTo(ip("2001:db9::5"));
  }

  @Test
  void onlyLiteralAddressesAreReadNeverNamesThatALookupWouldResolve() {
    for (String name :
        new String[] {
          "cafe", "beef.dead", "evil.example.com", "127.1", "1", "10.0.0.256", "", "[::1"
        }) {
      assertThat(AddressBlocks.literal(name)).as(name).isEmpty();
    }
    assertThat(AddressBlocks.literal("::ffff:192.0.2.1")).isPresent();
    assertThat(AddressBlocks.literal("192.0.2.1")).isPresent();
  }

  @Test
  void blocksThatAreNotAddressesAreRefused() {
    for (String bad : new String[] {"10.0.0.0/33", "10.0.0.0/x", "proxy.example", "", "::/129"}) {
      assertThatThrownBy(() -> TrustedProxies.of(List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void limitsByAddressCountTheForwardedClientBehindATrustedProxy() {
    try (TestServer t =
        new TestServer(
            UnaryOperator.identity(),
            UnaryOperator.identity(),
            s ->
                s.withTrustedProxies(TrustedProxies.of(List.of("127.0.0.1")))
                    .withRateLimits(
                        Map.of(
                            "listEvents",
                            List.of(
                                new RateLimit(
                                    new Rate(1, Duration.ofMinutes(1)),
                                    RateLimit.Key.ADDRESS)))))) {
      assertThat(listEventsFrom(t, "203.0.113.1").status()).isEqualTo(200);
      assertThat(listEventsFrom(t, "203.0.113.2").status()).isEqualTo(200);
      listEventsFrom(t, "203.0.113.1").problem(429, "too-many-requests");
    }
  }

  private static TestServer.Answer listEventsFrom(TestServer t, String client) {
    return t.send(t.request("/v1/events").header("X-Forwarded-For", client).build());
  }
}
