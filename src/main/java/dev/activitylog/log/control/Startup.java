package dev.activitylog.log.control;

import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.LogUnavailableException.Reason;
import dev.activitylog.log.entity.StartProgress;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An engine's start: whether the first open (with its recovery) has finished, how far it is meanwhile (what health
 * reports), how long a call waits for it, and a close's request to stop it. The opening thread writes the progress;
 * any thread reads it. Recovery calls {@link #checkpoint()} before each segment and after each index batch: a stop
 * there leaves the index a prefix of the files' entries and the files untouched, so the next start goes on from it.
 */
final class Startup {
    /** Thrown at a {@link #checkpoint()} once a close asked the start to stop. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("the start was stopped by close", null, false, false);
        }
    }

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Duration callWait;
    /** For tests: sees the progress at every checkpoint, on the opening thread (a test holds the start there). */
    private final Consumer<StartProgress> hook;
    private volatile boolean stop;
    private volatile String step = "waiting for the opening thread";
    private volatile long entries;
    private volatile long bytesDone;
    private volatile long bytesTotal;
    /** Where the current walk started in its file, and the bytes done before it: the opening thread's own. */
    private long walkFrom;
    private long doneBefore;

    Startup(Duration callWait, Consumer<StartProgress> hook) {
        this.callWait = callWait;
        this.hook = hook;
    }

    boolean running() {
        return finished.getCount() > 0;
    }

    void finish() {
        finished.countDown();
    }

    /** Waits up to {@code max} for the start to finish (whatever its outcome); false if it still runs. */
    boolean await(Duration max) {
        try {
            return finished.await(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !running();
        }
    }

    /** A call's wait: returns once the start has finished, or fails typed when it runs longer than the bound. */
    void awaitForCall(LogConfig config) {
        if (running() && !await(callWait)) {
            throw new LogUnavailableException(config.file().toString(), Reason.STARTING, "waited " + callWait.toMillis()
                    + " ms; " + step, null);
        }
    }

    /** The progress while the start runs, else null. */
    StartProgress progress() {
        return running() ? new StartProgress(step, entries, bytesDone, bytesTotal) : null;
    }

    /** Why health says STARTING (the summary anyone may see: no names, no counts). */
    String cause() {
        return "the log is opening and recovering its index from the files; calls wait up to "
                + callWait.toMillis() + " ms for it, then fail as unavailable";
    }

    void step(String what) {
        step = what;
    }

    /** Bytes recovery will read on top of what it counted already. */
    void addTotal(long bytes) {
        bytesTotal += bytes;
    }

    /** A walk of one file starts at {@code from}. */
    void walk(String what, long from) {
        step = what;
        doneBefore = bytesDone;
        walkFrom = from;
    }

    /** The current walk reached {@code offset}, and {@code indexed} rows have been written in all. */
    void reached(long offset, long indexed) {
        bytesDone = doneBefore + offset - walkFrom;
        entries = indexed;
    }

    void requestStop() {
        stop = true;
    }

    boolean stopRequested() {
        return stop;
    }

    /** Where a start may stop: shows the test hook the progress, then stops if a close asked. */
    void checkpoint() {
        hook.accept(new StartProgress(step, entries, bytesDone, bytesTotal));
        if (stop) {
            throw new Stopped();
        }
    }
}
