package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * @param directory        where the log file, its lock file and cut-aside tails live
 * @param indexBatch       index rows kept in memory before they are written to the index in one transaction
 * @param embeddedIndex    the embedded H2 database file (without {@code .mv.db}) when the index is the module's own:
 *                         the engine then shuts it down on close and rebuilds it after an unclean shutdown; null
 *                         for an operator's database, which is left alone
 * @param syncInterval     with {@link Durability#INTERVAL}: the longest time written entries wait for an fsync
 * @param threads          makes the index writer thread (in a container: its ManagedThreadFactory)
 * @param checkpointEvery  a checkpoint line after this many entries, and by maintenance and at close when entries
 *                         came since the last one; 0: no checkpoints
 * @param checkpointKey    HMAC-SHA256 key authenticating checkpoints; null: checkpoints carry no MAC
 * @param segmentBytes     the active segment is sealed and a new one started once it holds this many bytes
 * @param segmentAge       ... or once it is this old (by its header's creation time); null: no age limit
 * @param retention        which sealed segments are removed, and how; null: none ever
 * @param metrics          told what the log measures (docs/deployment.md, "Metrics"); {@link LogMetrics#NONE}: nothing
 * @param node             this node's id ({@link NodeId}): the name of its rows in an index that several nodes share
 */
public record LogConfig(Path directory, String fileName, Durability durability, int indexBatch, Clock clock,
                        Path embeddedIndex, Duration syncInterval, ThreadFactory threads, int checkpointEvery,
                        byte[] checkpointKey, long segmentBytes, Duration segmentAge, RetentionPolicy retention,
                        LogMetrics metrics, String node) {
    public static final String DEFAULT_FILE_NAME = "activity.log";
    public static final int DEFAULT_INDEX_BATCH = 1024;

    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
    public static final long DEFAULT_SEGMENT_BYTES = 256L << 20;
    /** Handles kept open on sealed segments (the active one always has its own): the log's handle budget. */
    public static final int SEALED_HANDLES = 8;
    /** How often the boundary runs {@code maintain()} and {@code applyRetention()} (ActivityLogBean's timer). */
    public static final int MAINTENANCE_SECONDS = 10;
    /** The node id of a configuration that names none (the servers always name one: Settings). */
    public static final String DEFAULT_NODE = "local";

    public LogConfig {
        if (indexBatch < 1) {
            throw new IllegalArgumentException("indexBatch must be positive");
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must not be negative");
        }
        if (checkpointKey != null && checkpointKey.length < 32) {
            throw new IllegalArgumentException("a checkpoint key must have at least 32 bytes (256 bits), this one has "
                    + checkpointKey.length);
        }
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("segmentBytes must be positive");
        }
        if (segmentAge != null && (segmentAge.isNegative() || segmentAge.isZero())) {
            throw new IllegalArgumentException("segmentAge must be positive");
        }
        if (metrics == null) {
            throw new IllegalArgumentException("metrics must not be null (LogMetrics.NONE measures nothing)");
        }
        if (syncInterval.isNegative()) {
            throw new IllegalArgumentException("syncInterval must not be negative");
        }
        NodeId.valid(node);
    }

    public static LogConfig defaults(Path directory) {
        return new LogConfig(directory, DEFAULT_FILE_NAME, Durability.NONE, DEFAULT_INDEX_BATCH, Clock.systemUTC(), null,
                DEFAULT_SYNC_INTERVAL, Thread::new, 0, null, DEFAULT_SEGMENT_BYTES, null, null, LogMetrics.NONE,
                DEFAULT_NODE);
    }

    public LogConfig withDurability(Durability value) {
        return with(b -> b.durability = value);
    }

    public LogConfig withIndexBatch(int value) {
        return with(b -> b.indexBatch = value);
    }

    public LogConfig withClock(Clock value) {
        return with(b -> b.clock = value);
    }

    public LogConfig withEmbeddedIndex(Path h2File) {
        return with(b -> b.embeddedIndex = h2File);
    }

    public LogConfig withThreads(ThreadFactory value) {
        return with(b -> b.threads = value);
    }

    /** Checkpoints every {@code every} entries (0: none), authenticated with {@code key} when it is not null. */
    public LogConfig withCheckpoints(int every, byte[] key) {
        return with(b -> {
            b.checkpointEvery = every;
            b.checkpointKey = key;
        });
    }

    /** Rolls to a new segment at {@code bytes}, or at {@code age} (null: no age limit). */
    public LogConfig withSegments(long bytes, Duration age) {
        return with(b -> {
            b.segmentBytes = bytes;
            b.segmentAge = age;
        });
    }

    public LogConfig withRetention(RetentionPolicy value) {
        return with(b -> b.retention = value);
    }

    public LogConfig withMetrics(LogMetrics value) {
        return with(b -> b.metrics = value);
    }

    public LogConfig withNode(String value) {
        return with(b -> b.node = value);
    }

    /** A copy with some fields changed: the fields are listed once, here, not in every {@code with} method. */
    private LogConfig with(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy();
        change.accept(c);
        return new LogConfig(directory, fileName, c.durability, c.indexBatch, c.clock, c.embeddedIndex, syncInterval,
                c.threads, c.checkpointEvery, c.checkpointKey, c.segmentBytes, c.segmentAge, c.retention, c.metrics,
                c.node);
    }

    /** The fields a {@code with} method may change, starting as this configuration's. */
    private final class Copy {
        Durability durability = LogConfig.this.durability;
        int indexBatch = LogConfig.this.indexBatch;
        Clock clock = LogConfig.this.clock;
        Path embeddedIndex = LogConfig.this.embeddedIndex;
        ThreadFactory threads = LogConfig.this.threads;
        int checkpointEvery = LogConfig.this.checkpointEvery;
        byte[] checkpointKey = LogConfig.this.checkpointKey;
        long segmentBytes = LogConfig.this.segmentBytes;
        Duration segmentAge = LogConfig.this.segmentAge;
        RetentionPolicy retention = LogConfig.this.retention;
        LogMetrics metrics = LogConfig.this.metrics;
        String node = LogConfig.this.node;
    }

    /** Where the module's own H2 index lives in a log directory (without H2's {@code .mv.db} suffix). */
    public static Path embeddedIndexFile(Path logDirectory) {
        return logDirectory.resolve("index").resolve("activity-index");
    }

    /**
     * The JDBC URL of the embedded index. {@code retry:} is H2's FilePathRetryOnInterrupt: without it one interrupted
     * caller thread closes the database file for every thread. {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to the
     * engine (SHUTDOWN on close) instead of a JVM shutdown hook racing it. No {@code DB_CLOSE_DELAY=-1}: the
     * database must close with its pool, or a redeployment in the same JVM would find it still open (and a crash
     * simulated in one JVM would leave it open). Users of this URL keep a connection pool, so H2 does not close and
     * compact the database between index batches.
     */
    public static String embeddedIndexUrl(Path logDirectory) {
        String file = embeddedIndexFile(logDirectory).toAbsolutePath().toString();
        if (file.contains(";")) {
            throw new IllegalArgumentException("the log directory must not contain ';' when the embedded index is used"
                    + " (H2 reads it as a URL option separator): " + logDirectory);
        }
        return "jdbc:h2:retry:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** The log's first segment (its one file before segments existed). */
    public Path file() {
        return directory.resolve(fileName);
    }

    Path lockFile() {
        return directory.resolve(fileName + ".lock");
    }
}
