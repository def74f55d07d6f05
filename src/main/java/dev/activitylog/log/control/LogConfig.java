package dev.activitylog.log.control;

import dev.activitylog.log.entity.Durability;

import java.nio.file.Path;
import java.time.Clock;

/**
 * @param directory        where the log file, its lock file and cut-aside tails live
 * @param indexBatch       index rows kept in memory before they are written to the index in one transaction
 * @param embeddedIndex    the embedded H2 database file (without {@code .mv.db}) when the index is the module's own:
 *                         the engine then shuts it down on close and rebuilds it after an unclean shutdown; null
 *                         for an operator's database, which is left alone
 */
public record LogConfig(Path directory, String fileName, Durability durability, int indexBatch, Clock clock,
                        Path embeddedIndex) {
    public static final String DEFAULT_FILE_NAME = "activity.log";
    public static final int DEFAULT_INDEX_BATCH = 256;

    public LogConfig {
        if (indexBatch < 1) {
            throw new IllegalArgumentException("indexBatch must be positive");
        }
    }

    public static LogConfig defaults(Path directory) {
        return new LogConfig(directory, DEFAULT_FILE_NAME, Durability.NONE, DEFAULT_INDEX_BATCH, Clock.systemUTC(), null);
    }

    public LogConfig withDurability(Durability value) {
        return new LogConfig(directory, fileName, value, indexBatch, clock, embeddedIndex);
    }

    public LogConfig withIndexBatch(int value) {
        return new LogConfig(directory, fileName, durability, value, clock, embeddedIndex);
    }

    public LogConfig withClock(Clock value) {
        return new LogConfig(directory, fileName, durability, indexBatch, value, embeddedIndex);
    }

    public LogConfig withEmbeddedIndex(Path h2File) {
        return new LogConfig(directory, fileName, durability, indexBatch, clock, h2File);
    }

    public Path file() {
        return directory.resolve(fileName);
    }

    Path lockFile() {
        return directory.resolve(fileName + ".lock");
    }
}
