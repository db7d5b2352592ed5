package dev.boxoffice.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void loopbackUrlsAreAccepted() {
    assertThat(Target.parse("http://127.0.0.1:8080").hostHeader()).isEqualTo("127.0.0.1:8080");
    assertThat(Target.parse("http://localhost:9000/").address().getAddress().isLoopbackAddress())
        .isTrue();
    assertThat(Target.parse("http://[::1]:8080").hostHeader()).isEqualTo("[::1]:8080");
  }

  @Test
  void anyOtherHostIsRefused() {
    assertThatThrownBy(() -> Target.parse("http://10.0.0.1:8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 127.0.0.1, localhost and ::1");
    assertThatThrownBy(() -> Target.parse("http://example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Target.parse("http://127.0.0.2:8080"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyPlainHttpBaseUrlsAreAccepted() {
    assertThatThrownBy(() -> Target.parse("https://127.0.0.1:8443"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Target.parse("http://127.0.0.1:8080/v1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
