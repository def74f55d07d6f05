package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;

import java.nio.file.Path;
import java.time.Clock;

/**
 * @param directory        where the log file, its lock file and cut-aside tails live
 * @param indexBatch       index rows kept in memory before they are written to the index in one transaction
 * @param shutdownEmbeddedIndex run H2's SHUTDOWN on close (only for the embedded default database)
 */
public record LogConfig(Path directory, String fileName, Durability durability, int indexBatch, Clock clock,
                        boolean shutdownEmbeddedIndex) {
    public static final String DEFAULT_FILE_NAME = "activity.log";
    public static final int DEFAULT_INDEX_BATCH = 256;

    public LogConfig {
        if (indexBatch < 1) {
            throw new IllegalArgumentException("indexBatch must be positive");
        }
    }

    public static LogConfig defaults(Path directory) {
        return new LogConfig(directory, DEFAULT_FILE_NAME, Durability.NONE, DEFAULT_INDEX_BATCH, Clock.systemUTC(), false);
    }

    public LogConfig withDurability(Durability value) {
        return new LogConfig(directory, fileName, value, indexBatch, clock, shutdownEmbeddedIndex);
    }

    public LogConfig withIndexBatch(int value) {
        return new LogConfig(directory, fileName, durability, value, clock, shutdownEmbeddedIndex);
    }

    public LogConfig withClock(Clock value) {
        return new LogConfig(directory, fileName, durability, indexBatch, value, shutdownEmbeddedIndex);
    }

    public LogConfig withShutdownEmbeddedIndex(boolean value) {
        return new LogConfig(directory, fileName, durability, indexBatch, clock, value);
    }

    public Path file() {
        return directory.resolve(fileName);
    }

    Path lockFile() {
        return directory.resolve(fileName + ".lock");
    }
}
