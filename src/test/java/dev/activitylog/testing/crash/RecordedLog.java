package dev.activitylog.testing.crash;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A workload's log: the engine as production runs it (embedded H2 index, production's URL) over a directory whose
 * every change, the engine's and H2's, goes into one {@link Trace}. Appends one at a time, so the number an append
 * gets is known before it returns (what a crash state may hold of an append in flight).
 */
public final class RecordedLog implements AutoCloseable {
    public final Trace trace;
    private final LogConfig config;
    private final String url;
    private final Map<Long, NewEntry> attempted = new HashMap<>();
    /** Entries acknowledged before the trace started (durable: the earlier log was closed cleanly). */
    private final Map<Long, Entry> earlier = new HashMap<>();
    private long lastSeq;
    private JdbcConnectionPool pool;
    private LogEngine engine;

    /** Records from now on what happens in {@code dir}, which is empty or holds no log. */
    public RecordedLog(Path dir, UnaryOperator<LogConfig> settings) throws IOException {
        this.trace = new Trace(dir);
        this.config = TestIndex.embedded(settings.apply(LogConfig.defaults(RecordingProvider.root(trace))));
        this.url = RecordingH2Path.url(trace, LogConfig.embeddedIndexUrl(trace.root()));
    }

    /**
     * Records from now on what happens to the closed {@code before}'s directory (what is there counts as durable,
     * and so do the entries {@code before} acknowledged).
     */
    public RecordedLog(RecordedLog before, UnaryOperator<LogConfig> settings) throws IOException {
        this(before.trace.root(), settings);
        attempted.putAll(before.attempted);
        earlier.putAll(before.earlier);
        before.trace.ops().forEach(op -> {
            if (op instanceof Trace.Ack a) {
                earlier.put(a.seq(), (Entry) a.entry());
            }
        });
        lastSeq = before.lastSeq;
    }

    public RecordedLog open() {
        pool = JdbcConnectionPool.create(url, "sa", "");
        engine = TestIndex.start(config, pool);
        return this;
    }

    public Entry append(String actor, String detail) {
        NewEntry e = NewEntry.of(actor, "act." + (lastSeq % 3), "subject-" + (lastSeq + 1), detail);
        attempted.put(lastSeq + 1, e);
        Entry stored = engine.append(e);
        lastSeq = stored.seq();
        trace.ack(stored.seq(), stored, config.fileName());
        return stored;
    }

    /**
     * Runs retention (docs/file-format.md, "Retention"): the records it appends are entries like the others, on
     * disk once it returns, so they count as acknowledged from then on.
     */
    public List<String> retain() {
        List<String> removed = engine.applyRetention();
        for (long seq = lastSeq + 1; seq <= engine.health().entries(); seq++) {
            Entry r = engine.read(seq).orElseThrow();
            attempted.put(seq, NewEntry.of(r.actor(), r.action(), r.subject(), r.detail()));
            trace.ack(seq, r, config.fileName());
            lastSeq = seq;
        }
        return removed;
    }

    /** A clean close: the checkpoint, the fsync, the index shut down and marked clean. */
    public void close() {
        if (engine != null) {
            engine.close();
            pool.dispose();
            engine = null;
        }
    }

    /** Entries acknowledged before this trace started. */
    public Map<Long, Entry> earlier() {
        return Map.copyOf(earlier);
    }

    public LogEngine engine() {
        return engine;
    }

    /** What each append was asked to store, by the number it got (or would have got). */
    public Map<Long, NewEntry> attempted() {
        return Map.copyOf(attempted);
    }

    public LogConfig config() {
        return config;
    }
}
