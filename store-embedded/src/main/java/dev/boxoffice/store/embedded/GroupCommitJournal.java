package dev.boxoffice.store.embedded;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Journal} that hands its appends to a {@link JournalEngine} in groups, on one writer
 * thread: a future returned by {@link #append} completes only after the engine has committed the
 * group holding its records, so an acknowledged change is as durable as the engine's commit.
 *
 * <p>Batch policy (group commit): {@link #append} only queues the records with their future and
 * never blocks on I/O. The writer, {@value #WRITER_THREAD}, takes the oldest waiting append, then
 * drains every append already queued behind it, until the group holds at least {@value
 * #MAX_BATCH_RECORDS} records (an append is never split, so one large append may exceed it). It
 * commits the group (one forced write), then completes all the group's futures. It never waits for
 * more work to arrive: under light load a group is one append and costs one forced write; under
 * heavy load the appends that queue up during one commit share the next, so commits per second stay
 * bounded by the disk while records per commit grow with load.
 *
 * <p>Failure is sticky: when a commit fails, its futures and every later append fail with a {@link
 * JournalException}, {@link #healthy()} turns false, and the failure is logged. The store's memory
 * may then be ahead of the disk, so nothing more is accepted until an operator restarts from the
 * disk.
 *
 * <p>Thread policy: every method is safe from any thread. The engine's commits run on the writer
 * thread only; reads go straight to the engine, which allows them from any thread.
 */
final class GroupCommitJournal implements Journal {
  /** The most records one commit takes, unless a single append is larger. */
  static final int MAX_BATCH_RECORDS = 4096;

  /** The name of the thread that writes and commits. */
  static final String WRITER_THREAD = "boxoffice-journal";

  private static final Logger log = LoggerFactory.getLogger(GroupCommitJournal.class);

  private final JournalEngine engine;
  private final JournalListener listener;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Thread writer;

  /** Set by the writer once it has failed; read by every append. */
  private volatile JournalException failure;

  /** Set by the writer when it has stopped taking requests. */
  private volatile boolean stopped;

  private GroupCommitJournal(JournalEngine engine, JournalListener listener) {
    this.engine = engine;
    this.listener = listener;
    this.writer = Thread.ofPlatform().name(WRITER_THREAD).daemon().unstarted(this::run);
  }

  /** Starts the writer thread over an opened engine; the journal closes the engine. */
  static GroupCommitJournal start(JournalEngine engine, JournalListener listener) {
    GroupCommitJournal journal = new GroupCommitJournal(engine, listener);
    journal.writer.start();
    return journal;
  }

  @Override
  public CompletableFuture<Void> append(List<JournalRecord> records) {
    JournalException failed = failure;
    if (failed != null) {
      return CompletableFuture.failedFuture(failed);
    }
    if (closing.get()) {
      return CompletableFuture.failedFuture(closed());
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Append(records, done, Span.current()));
    // The writer sets stopped before its last drain of the queue, so either it saw this append or
    // this check sees stopped: no future is left waiting forever.
    if (stopped) {
      done.completeExceptionally(closed());
    }
    return done;
  }

  @Override
  public <V> void scan(Table<V> table, BiConsumer<String, V> each) {
    engine.scan(table, each);
  }

  @Override
  public <V> Optional<V> get(Table<V> table, String key) {
    return engine.get(table, key);
  }

  /** False once writing has failed or the journal was closed. */
  @Override
  public boolean healthy() {
    return failure == null && !closing.get();
  }

  /** Commits everything queued before this call, stops the writer and closes the engine. */
  @Override
  public void close() {
    if (Thread.currentThread() == writer) {
      throw new IllegalStateException("the journal cannot be closed from its own writer thread");
    }
    if (closing.compareAndSet(false, true)) {
      queue.add(Stop.STOP);
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- The writer thread

  private void run() {
    List<Append> batch = new ArrayList<>();
    List<JournalRecord> records = new ArrayList<>();
    try {
      while (true) {
        switch (take()) {
          case Stop.STOP -> {
            return;
          }
          case Append first -> {
            batch.add(first);
            records.addAll(first.records());
            while (records.size() < MAX_BATCH_RECORDS && queue.peek() instanceof Append next) {
              queue.poll();
              batch.add(next);
              records.addAll(next.records());
            }
            commit(batch, records);
            batch.clear();
            records.clear();
          }
        }
      }
    } catch (Throwable e) {
      fail(e);
      for (Append append : batch) {
        append.done().completeExceptionally(failure);
      }
    } finally {
      closeEngine();
      stopped = true;
      JournalException refusal = failure != null ? failure : closed();
      for (Request left = queue.poll(); left != null; left = queue.poll()) {
        left.refuse(refusal);
      }
    }
  }

  private Request take() {
    while (true) {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        // Only close() stops the writer, and only after it has drained what callers wait on: an
        // interrupt from anywhere else must not strand them, so it is ignored.
      }
    }
  }

  private void commit(List<Append> batch, List<JournalRecord> records) {
    JournalException failed = failure;
    if (failed != null) {
      batch.forEach(a -> a.done().completeExceptionally(failed));
      return;
    }
    List<Span> callers = batch.stream().map(Append::caller).toList();
    Span span = StoreTracing.commit(callers, records.size());
    long start = System.nanoTime();
    try {
      engine.commit(records);
    } catch (Throwable e) {
      span.setStatus(StatusCode.ERROR, "commit failed");
      span.end();
      fail(e);
      batch.forEach(a -> a.done().completeExceptionally(failure));
      return;
    }
    long nanos = System.nanoTime() - start;
    span.end();
    StoreTracing.linkCallers(callers, span);
    try {
      listener.committed(records.size(), nanos);
    } catch (RuntimeException e) {
      log.warn("Journal listener failed; the batch is committed", e);
    }
    batch.forEach(a -> a.done().complete(null));
  }

  private void fail(Throwable cause) {
    if (failure == null) {
      failure =
          new JournalException(
              "journal "
                  + engine.location()
                  + " failed, refusing every change: "
                  + cause.getMessage(),
              cause);
      log.error(
          "Journal {} failed; every later change is refused until restart from disk",
          engine.location(),
          cause);
    }
  }

  private void closeEngine() {
    try {
      engine.close();
    } catch (RuntimeException e) {
      log.warn("Closing journal {} failed", engine.location(), e);
    }
  }

  private JournalException closed() {
    return new JournalException("journal " + engine.location() + " is closed");
  }

  // ---- Requests to the writer

  private sealed interface Request {
    void refuse(JournalException why);
  }

  /** Records to make durable, their future, and the span current when they were appended. */
  private record Append(List<JournalRecord> records, CompletableFuture<Void> done, Span caller)
      implements Request {
    @Override
    public void refuse(JournalException why) {
      done.completeExceptionally(why);
    }
  }

  private enum Stop implements Request {
    STOP;

    @Override
    public void refuse(JournalException why) {}
  }
}
