package dev.activitylog.log.control;

import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.StartProgress;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A log in a temporary directory with a real H2 file index, reopened as often as a test needs. */
final class TestLog implements AutoCloseable {
    final Path dir;
    final LogConfig config;
    private final SharedChannel.Opener opener;
    private JdbcConnectionPool pool;
    LogEngine engine;

    TestLog(Path dir) {
        this(dir, LogConfig.defaults(dir), java.nio.channels.FileChannel::open);
    }

    TestLog(Path dir, LogConfig config, SharedChannel.Opener opener) {
        this.dir = dir;
        // As in production (ActivityLogBean): the module's own H2, shut down on close, rebuilt after a crash.
        this.config = TestIndex.embedded(config);
        this.opener = opener;
        open();
    }

    TestLog open() {
        // retry: as in production (Settings.embeddedIndexUrl): H2 survives interrupted callers.
        pool = TestIndex.pool(dir);
        engine = LogEngine.start(config, pool, opener);
        return this;
    }

    /** Opens in the background ({@link LogEngine#open}); {@code hook} sees the progress where the start may stop. */
    TestLog openInBackground(java.time.Duration callWait, java.util.function.Consumer<StartProgress> hook) {
        pool = TestIndex.pool(dir);
        engine = LogEngine.open(config, pool, opener, callWait, hook);
        return this;
    }

    /** A clean restart with something done to the files in between. */
    void restartEngine(Runnable whileClosed) {
        stop();
        whileClosed.run();
        open();
    }

    /** Clean stop: engine closed, which shuts the index database down. */
    void stop() {
        engine.close();
        pool.dispose();
    }

    /** What a crash leaves: the engine never closed, the index database never shut down. */
    void crash() {
        engine.abandon();
        pool.dispose();
    }

    TestLog restart() {
        stop();
        return open();
    }

    Path file() {
        return config.file();
    }

    byte[] bytes() throws IOException {
        return Files.readAllBytes(file());
    }

    List<Entry> appendMany(int n, String actor) {
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(engine.append(NewEntry.of(actor, "act." + (i % 3), "subject-" + i, "detail " + i)));
        }
        return out;
    }

    /** Runs SQL straight against the index database, as an operator (or a lost commit) would change it. */
    void sql(String statement) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long indexRows() {
        return rows(pool).size();
    }

    /**
     * Changes the index's rows as a lost commit or an operator's edit would: each row is replaced by what
     * {@code change} returns for it, or removed where it returns null.
     */
    void editRows(java.util.function.UnaryOperator<IndexRow> change) {
        editRows(pool, change);
    }

    /**
     * Every row of node 1 (the embedded index's only node) in order: the blocks of an embedded index, or the table
     * of one row per entry of an index the engine was given as shared.
     */
    static List<IndexRow> rows(javax.sql.DataSource index) {
        try {
            List<IndexRow> rows = new ArrayList<>(new BlockTable(index, 1).range(0, Long.MAX_VALUE));
            rows.addAll(new EntryTable(index, 1).range(0, Long.MAX_VALUE));
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void editRows(javax.sql.DataSource index, java.util.function.UnaryOperator<IndexRow> change) {
        try {
            BlockTable table = new BlockTable(index, 1);
            List<IndexRow> kept = table.range(0, Long.MAX_VALUE).stream().map(change).filter(java.util.Objects::nonNull)
                    .toList();
            table.deleteRows();
            table.insert(kept);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A row as it was, with another actor (null: what the row of a damaged entry has). */
    static IndexRow withActor(IndexRow r, String actor) {
        return new IndexRow(r.seq(), r.offset(), r.length(), r.tsMicros(), actor, r.action(), r.outcome(), r.correlation());
    }

    /** The index database lost (a deleted directory, a restore without it): only the log file is left. */
    void deleteIndexFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("index"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }

    /** Byte offset where each line starts (index 0 is the header, k the k-th line after it), plus the file length. */
    static long[] lineStarts(byte[] file) {
        return java.util.stream.LongStream.concat(java.util.stream.LongStream.of(0),
                java.util.stream.IntStream.range(0, file.length).filter(i -> file[i] == '\n').mapToLong(i -> i + 1L)).toArray();
    }

    List<Path> cutFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(config.fileName() + ".cut-")).sorted().toList();
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException e) {
            // already stopped
        }
    }
}
