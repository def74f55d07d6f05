package dev.activitylog.bench;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.control.Verification;
import dev.activitylog.log.control.RetentionPolicy;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.VerifyReport;
import dev.activitylog.testing.Bench;
import dev.activitylog.testing.TestFiles;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What segments cost (docs/benchmarks.md): appends across rolls against appends into one segment, a clean start of a
 * log of 1 and of 1,000 segments, and verify of a log whose older half is archived (read compressed) against the
 * same log unarchived. {@code -Dbench.segment.entries} (default 300,000).
 */
class SegmentBenchmark {
    private static final long ENTRIES = Long.getLong("bench.segment.entries", 300_000);

    @Test
    void whatSegmentsCost() throws Exception {
        long perSegment = ENTRIES * 256 / 1_000;  // 1,000 segments of 256-byte entries
        Bench.Table table = new Bench.Table(String.format("Segments: %,d entries of 256 bytes (%s)", ENTRIES,
                Bench.machine()), "case", "result", "ratio", "note");

        double one = appendRate(LogConfig.DEFAULT_SEGMENT_BYTES, "one");
        double rolled = appendRate(perSegment, "rolled");
        table.row("append, no fsync, 1 thread, one segment", String.format("%,.0f entries/s", one), "1.00×", "baseline");
        table.row("append, the same, rolling into 1,000 segments", String.format("%,.0f entries/s", rolled),
                Bench.ratio(rolled, one), "a seal (checkpoint + fsync) and a new segment file every " + ENTRIES / 1_000 + " entries");

        double startOne = cleanStart(LogConfig.DEFAULT_SEGMENT_BYTES, "start-one");
        double startMany = cleanStart(perSegment, "start-many");
        table.row("clean start, 1 segment", String.format("%.0f ms", startOne), "1.00×", "baseline");
        table.row("clean start, 1,000 segments", String.format("%.0f ms", startMany), Bench.ratio(startOne, startMany),
                "lists the directory, reads the active segment's tail only");

        double[] verify = verifyArchived(perSegment);
        table.row("verify of the files, 1,000 segments", String.format("%.0f ms", verify[0]), "1.00×", "baseline");
        table.row("verify with the older segments archived (gzip, read compressed)", String.format("%.0f ms", verify[1]),
                Bench.ratio(verify[0], verify[1]), String.format("%.0f of %.0f segments archived", verify[2], verify[3]));
        table.print();
    }

    private static LogConfig config(Path dir, long segmentBytes) {
        return LogConfig.defaults(dir).withDurability(Durability.NONE).withSegments(segmentBytes, null);
    }

    private static double appendRate(long segmentBytes, String name) throws Exception {
        Path dir = Bench.tempDir("segments-" + name);
        try {
            JdbcConnectionPool pool = TestIndex.pool(dir);
            try (LogEngine engine = TestIndex.start(config(dir, segmentBytes), pool)) {
                return Bench.opsPerSecond(1, ENTRIES, (t, i) -> engine.append(Bench.ENTRY_256));
            } finally {
                pool.dispose();
            }
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    /** Fills a log, stops it cleanly, and times the next start. */
    private static double cleanStart(long segmentBytes, String name) throws Exception {
        Path dir = Bench.tempDir("segments-" + name);
        try {
            fill(dir, config(dir, segmentBytes));
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                JdbcConnectionPool pool = TestIndex.pool(dir);
                long t0 = System.nanoTime();
                try (LogEngine engine = TestIndex.start(config(dir, segmentBytes), pool)) {
                    best = Math.min(best, (System.nanoTime() - t0) / 1e6);
                    assertTrue(engine.health().lastRecovery().clean());
                } finally {
                    pool.dispose();
                }
            }
            return best;
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    /** {verify ms unarchived, verify ms with the older half archived, archived segments, all segments}. */
    private static double[] verifyArchived(long segmentBytes) throws Exception {
        Path dir = Bench.tempDir("segments-verify");
        Path archive = dir.resolve("archive");
        try {
            fill(dir, config(dir, segmentBytes));
            Path first = dir.resolve(LogConfig.DEFAULT_FILE_NAME);
            long t0 = System.nanoTime();
            VerifyReport plain = Verification.files(first, null, null);
            double plainMs = (System.nanoTime() - t0) / 1e6;
            long total;
            try (var files = Files.list(dir)) {
                total = files.filter(p -> p.getFileName().toString().endsWith(".log")).count();
            }
            JdbcConnectionPool pool = TestIndex.pool(dir);
            LogConfig retain = config(dir, segmentBytes).withRetention(new RetentionPolicy(null,
                    Files.size(first) * total / 2, RetentionPolicy.Action.ARCHIVE, archive));
            int archived;
            try (LogEngine engine = TestIndex.start(retain, pool)) {
                archived = engine.applyRetention().size();
            } finally {
                pool.dispose();
            }
            t0 = System.nanoTime();
            VerifyReport withArchive = Verification.files(first, archive, null);
            double archivedMs = (System.nanoTime() - t0) / 1e6;
            assertTrue(plain.ok() && withArchive.ok(), plain.summary() + " / " + withArchive.summary());
            return new double[]{plainMs, archivedMs, archived, total};
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    private static void fill(Path dir, LogConfig config) {
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine engine = TestIndex.start(config, pool)) {
            for (long i = 0; i < ENTRIES; i++) {
                engine.append(Bench.ENTRY_256);
            }
        } finally {
            pool.dispose();
        }
    }
}
