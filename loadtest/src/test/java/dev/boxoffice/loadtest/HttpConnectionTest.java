package dev.boxoffice.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The wire client against canned bytes: one scripted connection per test, replies written in pieces
 * to exercise every buffer boundary.
 */
class HttpConnectionTest {
  private static final Request GET = Request.get("127.0.0.1:1", "/x", null);

  @Test
  void readsContentLengthResponsesBackToBackOnOneConnection() throws Exception {
    String replies =
        String.join(
            "",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 201 Created\r\ncontent-length: 2\r\nX-Other: y\r\n\r\n{}");
    try (Scripted server = new Scripted(replies, 2, 1);
        HttpConnection c = server.connect()) {
      Response first = c.exchange(GET);
      Response second = c.exchange(GET);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.text()).isEqualTo("hello");
      assertThat(second.status()).isEqualTo(201);
      assertThat(second.text()).isEqualTo("{}");
      assertThat(c.reusable()).isTrue();
    }
  }

  @Test
  void decodesChunkedBodiesWithExtensionsAndTrailers() throws Exception {
    String reply =
        String.join(
            "\r\n",
            "HTTP/1.1 200 OK",
            "Transfer-Encoding: chunked",
            "",
            "5;ext=1",
            "hello",
            "7",
            ", world",
            "0",
            "X-Trailer: t",
            "",
            "HTTP/1.1 204 No Content",
            "",
            "");
    try (Scripted server = new Scripted(reply, 2, 3);
        HttpConnection c = server.connect()) {
      assertThat(c.exchange(GET).text()).isEqualTo("hello, world");
      Response empty = c.exchange(GET);
      assertThat(empty.status()).isEqualTo(204);
      assertThat(empty.body()).isEmpty();
    }
  }

  @Test
  void aBodyWithoutLengthRunsToTheCloseAndEndsTheConnection() throws Exception {
    try (Scripted server = new Scripted("HTTP/1.1 200 OK\r\n\r\nuntil the end", 1, 4);
        HttpConnection c = server.connect()) {
      assertThat(c.exchange(GET).text()).isEqualTo("until the end");
      assertThat(c.reusable()).isFalse();
    }
  }

  @Test
  void connectionCloseMakesTheConnectionUnusable() throws Exception {
    try (Scripted server =
            new Scripted(
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx", 1, 100);
        HttpConnection c = server.connect()) {
      assertThat(c.exchange(GET).text()).isEqualTo("x");
      assertThat(c.reusable()).isFalse();
    }
  }

  @Test
  void aLargeBodyArrivesWhole() throws Exception {
    String big = "x".repeat(200_000);
    try (Scripted server =
            new Scripted("HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n" + big, 1, 8192);
        HttpConnection c = server.connect()) {
      assertThat(c.exchange(GET).text()).isEqualTo(big);
    }
  }

  @Test
  void aServerThatHangsUpMidResponseIsAnError() throws Exception {
    try (Scripted server =
            new Scripted("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 1, 100);
        HttpConnection c = server.connect()) {
      assertThatThrownBy(() -> c.exchange(GET)).isInstanceOf(EOFException.class);
      assertThat(c.reusable()).isFalse();
    }
  }

  @Test
  void garbageInsteadOfAStatusLineIsAProtocolError() throws Exception {
    try (Scripted server = new Scripted("SSH-2.0-OpenSSH\r\n\r\n", 1, 100);
        HttpConnection c = server.connect()) {
      assertThatThrownBy(() -> c.exchange(GET)).isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void requestsCarryHostTokenAndJsonBodyWithItsLength() {
    Request r = Request.post("127.0.0.1:8080", "/v1/events/e/holds", "tok", "{\"q\":\"é\"}");
    assertThat(r.wireText())
        .startsWith("POST /v1/events/e/holds HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n")
        .contains("Authorization: Bearer tok\r\n", "Content-Type: application/json\r\n")
        .contains("Content-Length: 10\r\n\r\n");
    assertThat(Request.post("h", "/p", null, null).wireText()).contains("Content-Length: 0\r\n");
    assertThat(Request.get("h", "/p", null).wireText()).doesNotContain("Content-Length");
  }

  @Test
  void transportFailuresHaveShortKinds() {
    assertThat(Client.kind(new java.net.ConnectException())).isEqualTo("connect");
    assertThat(Client.kind(new java.net.SocketTimeoutException())).isEqualTo("timeout");
    assertThat(Client.kind(new EOFException())).isEqualTo("closed");
    assertThat(Client.kind(new ProtocolException())).isEqualTo("protocol");
    assertThat(Client.kind(new IOException())).isEqualTo("io");
  }

  /**
   * Accepts one connection, reads {@code requests} request heads, and writes {@code script} in
   * pieces of {@code piece} bytes (all after the first request), then closes.
   */
  private static final class Scripted implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    Scripted(String script, int requests, int piece) throws IOException {
      socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
      thread =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = socket.accept();
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                      readHead(in);
                      for (int i = 0; i < bytes.length; i += piece) {
                        out.write(bytes, i, Math.min(piece, bytes.length - i));
                        out.flush();
                      }
                      for (int i = 1; i < requests; i++) {
                        readHead(in);
                      }
                    } catch (IOException e) {
                      // The test is over.
                    }
                  });
    }

    HttpConnection connect() throws IOException {
      return HttpConnection.open(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()),
          Duration.ofSeconds(5));
    }

    private static void readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.write(b);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
