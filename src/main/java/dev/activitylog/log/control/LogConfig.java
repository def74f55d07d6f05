package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * @param directory        where the log file, its lock file and cut-aside tails live
 * @param indexBatch       index rows kept in memory before they are written to the index in one transaction
 * @param embeddedIndex    the embedded H2 database file (without {@code .mv.db}) when the index is the module's own:
 *                         the engine then shuts it down on close and rebuilds it after an unclean shutdown; null
 *                         for an operator's database, which is left alone
 * @param syncInterval     with {@link Durability#INTERVAL}: the longest time written entries wait for an fsync
 */
public record LogConfig(Path directory, String fileName, Durability durability, int indexBatch, Clock clock,
                        Path embeddedIndex, Duration syncInterval) {
    public static final String DEFAULT_FILE_NAME = "activity.log";
    public static final int DEFAULT_INDEX_BATCH = 256;

    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);

    public LogConfig {
        if (indexBatch < 1) {
            throw new IllegalArgumentException("indexBatch must be positive");
        }
        if (syncInterval.isNegative()) {
            throw new IllegalArgumentException("syncInterval must not be negative");
        }
    }

    public static LogConfig defaults(Path directory) {
        return new LogConfig(directory, DEFAULT_FILE_NAME, Durability.NONE, DEFAULT_INDEX_BATCH, Clock.systemUTC(), null,
                DEFAULT_SYNC_INTERVAL);
    }

    public LogConfig withDurability(Durability value) {
        return new LogConfig(directory, fileName, value, indexBatch, clock, embeddedIndex, syncInterval);
    }

    public LogConfig withIndexBatch(int value) {
        return new LogConfig(directory, fileName, durability, value, clock, embeddedIndex, syncInterval);
    }

    public LogConfig withClock(Clock value) {
        return new LogConfig(directory, fileName, durability, indexBatch, value, embeddedIndex, syncInterval);
    }

    public LogConfig withEmbeddedIndex(Path h2File) {
        return new LogConfig(directory, fileName, durability, indexBatch, clock, h2File, syncInterval);
    }

    public LogConfig withSyncInterval(Duration value) {
        return new LogConfig(directory, fileName, durability, indexBatch, clock, embeddedIndex, value);
    }

    public Path file() {
        return directory.resolve(fileName);
    }

    Path lockFile() {
        return directory.resolve(fileName + ".lock");
    }
}
