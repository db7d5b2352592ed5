package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.StoreSamples.GA;
import static dev.boxoffice.store.embedded.StoreSamples.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Quantity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's spans in a traced request: its decision and its wait for the journal as children, the
 * group commit as a child of the first traced request it served and linked from each of them; no
 * commit span for requests nobody traces.
 */
@Timeout(60)
class StoreTracingTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  @TempDir Path dir;

  private final StoreSamples.HandClock clock = new StoreSamples.HandClock();
  private EmbeddedStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private Tracer tracer() {
    return OTEL.getOpenTelemetry().getTracer("test");
  }

  private HoldResult hold(Event event, String user) {
    return store
        .stores()
        .inventory()
        .hold(
            HoldRequest.openSale(event.id(), new UserId(user), GA, new Quantity(1)),
            clock.instant());
  }

  private List<SpanData> named(String name) {
    return OTEL.getSpans().stream().filter(s -> s.getName().equals(name)).toList();
  }

  @Test
  void aTracedHoldHasItsDecisionItsWaitAndTheCommitThatServedIt() {
    store = EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE);
    Event event = event("ev_traced", 10, 4);
    StoreSamples.putOnSale(store, event);

    Span request = tracer().spanBuilder("request").startSpan();
    try (Scope scope = request.makeCurrent()) {
      assertThat(hold(event, "alice")).isInstanceOf(HoldResult.Held.class);
    } finally {
      request.end();
    }

    SpanData parent = named("request").getFirst();
    for (String child : List.of("decide", "journal wait", "journal commit")) {
      assertThat(named(child)).as(child).hasSize(1);
      assertThat(named(child).getFirst().getParentSpanId()).as(child).isEqualTo(parent.getSpanId());
      assertThat(named(child).getFirst().getTraceId()).isEqualTo(parent.getTraceId());
    }
    SpanData commit = named("journal commit").getFirst();
    assertThat(commit.getAttributes().asMap().toString()).contains("boxoffice.journal.records");
    assertThat(parent.getLinks())
        .extracting(LinkData::getSpanContext)
        .containsExactly(commit.getSpanContext());
  }

  @Test
  void oneCommitServingManyRequestsIsLinkedFromEachOfThem() throws Exception {
    CountDownLatch firstCommit = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    JournalListener holdFirstCommit =
        new JournalListener() {
          @Override
          public void committed(int records, long nanos) {
            if (firstCommit.getCount() > 0) {
              firstCommit.countDown();
              await(release);
            }
          }
        };
    try (Journal journal =
        GroupCommitJournal.start(RocksJournal.open(dir, JournalSync.FULL), holdFirstCommit)) {
      // An untraced append whose commit holds the writer while the traced ones queue behind it.
      CompletableFuture<Void> blocker = journal.append(StoreSamples.listed(event("ev_a", 1, 1)));
      firstCommit.await();
      List<Span> requests = new ArrayList<>();
      List<CompletableFuture<Void>> appends = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Span request = tracer().spanBuilder("request " + i).startSpan();
        requests.add(request);
        try (Scope scope = request.makeCurrent()) {
          appends.add(journal.append(StoreSamples.listed(event("ev_b" + i, 1, 1))));
        }
      }
      release.countDown();
      blocker.join();
      appends.forEach(CompletableFuture::join);
      requests.forEach(Span::end);
    }

    assertThat(named("journal commit")).as("the untraced commit has no span").hasSize(1);
    SpanData commit = named("journal commit").getFirst();
    assertThat(commit.getParentSpanId())
        .isEqualTo(requests(0).getSpanId())
        .as("child of the first traced request");
    assertThat(commit.getAttributes().asMap().toString()).contains("appends=3");
    for (int i = 0; i < 3; i++) {
      assertThat(requests(i).getLinks())
          .extracting(LinkData::getSpanContext)
          .containsExactly(commit.getSpanContext());
    }
  }

  private SpanData requests(int i) {
    return named("request " + i).getFirst();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void anUntracedHoldMakesNoSpans() {
    store = EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE);
    Event event = event("ev_quiet", 10, 4);
    StoreSamples.putOnSale(store, event);

    hold(event, "alice");

    assertThat(named("journal commit")).isEmpty();
  }
}
