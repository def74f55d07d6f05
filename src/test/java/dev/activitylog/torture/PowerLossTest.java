package dev.activitylog.torture;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.RetentionPolicy;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.testing.crash.Explorer;
import dev.activitylog.testing.crash.RecordedLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Power loss after every operation of short workloads, in every state the disk then allows (docs/reliability.md):
 * unsynced writes kept, dropped or torn at sector boundaries, directory entries lost without a directory fsync, for
 * the log, its side files and the H2 index; long random workloads sampled. {@code -Dpower.limit=N} states per crash
 * point before they are sampled, {@code -Dpower.long.appends}, {@code -Dpower.long.runs} (the soak profile raises
 * them), {@code -Dpower.seed=S} replays the sampling and the long workloads.
 */
@Tag("torture")
class PowerLossTest {
    private static final int LIMIT = Integer.getInteger("power.limit", 200);
    private static final int LONG_APPENDS = Integer.getInteger("power.long.appends", 16);
    private static final int LONG_RUNS = Integer.getInteger("power.long.runs", 2);
    private static final int LONG_LIMIT = Integer.getInteger("power.long.limit", 2);
    private static final int RETENTION_LIMIT = Integer.getInteger("power.retention.limit", 4);
    private static final long SEED = Long.getLong("power.seed", System.nanoTime());

    @TempDir
    Path dir;
    @TempDir
    Path work;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)  // a hang must fail the build, not stall it
    void fsyncAppendsACloseAndAReopen() throws Exception {
        // 5000 characters cross a 4 KiB boundary
        RecordedLog log = appendsCloseReopen(c -> c.withDurability(Durability.FSYNC), "short", "x".repeat(1200),
                "y".repeat(5000));
        check(explore("FSYNC: 3 appends, close, reopen, 1 append", log, Durability.FSYNC, List.of()));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void groupCommitWithCheckpointLines() throws Exception {
        RecordedLog log = appendsCloseReopen(c -> c.withDurability(Durability.GROUP).withCheckpoints(2, null),
                "z".repeat(700), "checkpoint after me", "w".repeat(3000));
        check(explore("GROUP: 3 appends, a checkpoint line, close, reopen, 1 append", log, Durability.GROUP, List.of()));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void intervalLosesOnlyWhatNoFsyncCovered() throws Exception {
        RecordedLog log = new RecordedLog(dir, c -> interval(c).withCheckpoints(3, null)).open();
        log.append("alice", "one");
        log.append("bob", "v".repeat(900));
        log.engine().maintain();  // the idle fsync
        log.append("carol", "three");
        log.append("dave", "u".repeat(2000));
        log.close();
        check(explore("INTERVAL: 2 appends, fsync, 2 appends, close", log, Durability.INTERVAL, List.of()));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void noneStillRecoversToAConsistentLog() throws Exception {
        RecordedLog log = appendsCloseReopen(c -> c.withDurability(Durability.NONE).withCheckpoints(2, null), "one",
                "t".repeat(600));
        check(explore("NONE: 2 appends, a checkpoint line, close, reopen, 1 append", log, Durability.NONE, List.of()));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void segmentRollsUnderFsyncAndGroup() throws Exception {
        // 600 bytes a segment: every other append or so seals the active segment and creates the next one.
        for (Durability durability : List.of(Durability.FSYNC, Durability.GROUP)) {
            Path runDir = Files.createDirectories(dir.resolve(durability.name()));
            RecordedLog log = new RecordedLog(runDir, c -> c.withDurability(durability).withSegments(600, null)).open();
            for (int i = 0; i < 5; i++) {
                log.append("user" + i, "s".repeat(250));
            }
            log.close();
            log.open();
            log.append("after", "the reopen");
            log.close();
            try (Stream<Path> files = Files.list(runDir)) {
                long rolls = files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.log")).count();
                assertTrue(rolls >= 2, rolls + " rolls");
            }
            check(explore(durability + ": 5 appends over 600-byte segments (rolls), close, reopen, 1 append", log,
                    durability, List.of()));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aTornTailCutIntoASideFileAfterACrash() throws Exception {
        UnaryOperator<LogConfig> fsync = c -> c.withDurability(Durability.FSYNC);
        RecordedLog before = new RecordedLog(dir, fsync).open();
        before.append("alice", "one");
        before.append("bob", "two");
        before.close();
        // What a crash while writing entry 3 leaves (durably): part of its line, and an index not marked clean.
        byte[] torn = ("3\t2026-12-01T10:00:00.000000Z\tcarol\tact.2\tsubject-3\t" + "s".repeat(700))
                .getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("activity.log"), torn, StandardOpenOption.APPEND);
        Files.delete(dir.resolve("index").resolve("activity-index.clean"));
        RecordedLog log = new RecordedLog(before, fsync).open();
        log.append("carol", "three, again");
        log.close();
        check(explore("FSYNC: recovery cuts a torn tail into a side file and sets the index aside, 1 append", log,
                Durability.FSYNC, List.of(torn)));
    }

    /**
     * Power loss at every operation of a retention run (and the append after it) over 600-byte segments, archiving
     * and deleting, {@code power.retention.limit} states a point (the run's H2 writes make many); each state also
     * checked by {@link dev.activitylog.testing.crash.StateCheck}'s retention rules.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void retentionArchivesAndDeletesUnderPowerLoss() throws Exception {
        for (RetentionPolicy.Action action : RetentionPolicy.Action.values()) {
            // Deleting under NONE: only the rolls' seals, retention's own fsync of its records and the close make
            // anything durable, so a removal whose record could still be lost shows as an unexcused gap. (NONE
            // promises no entry; INTERVAL's promise the check tells only within the first segment.)
            Durability durability = action == RetentionPolicy.Action.ARCHIVE ? Durability.GROUP : Durability.NONE;
            Path runDir = Files.createDirectories(dir.resolve(action.name()));
            RecordedLog log = new RecordedLog(runDir, c -> c.withDurability(durability).withSegments(600, null)
                    .withRetention(new RetentionPolicy(null, 1_300, action,
                            action == RetentionPolicy.Action.ARCHIVE ? c.directory().resolve("archive") : null))).open();
            for (int i = 0; i < 6; i++) {
                log.append("user" + i, "s".repeat(250));
            }
            int from = log.trace.ops().size();
            List<String> removed = log.retain();
            assertTrue(removed.size() >= 2, removed::toString);
            log.append("after", "the retention run");
            log.close();
            check(Explorer.explore(action + ", " + durability + ": a retention run removing " + removed.size()
                    + " of 600-byte segments, 1 append, close", log, durability, RETENTION_LIMIT, new Random(SEED), List.of(),
                    work, from, Integer.MAX_VALUE));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void longRandomWorkloadsSampled() throws Exception {
        Random random = new Random(SEED);
        for (int run = 0; run < LONG_RUNS; run++) {
            Durability durability = List.of(Durability.GROUP, Durability.FSYNC, Durability.INTERVAL).get(run % 3);
            Path runDir = Files.createDirectories(dir.resolve("run" + run));
            RecordedLog log = new RecordedLog(runDir, c -> (durability == Durability.INTERVAL ? interval(c)
                    : c.withDurability(durability)).withCheckpoints(1 + random.nextInt(5), null)).open();
            int reopenAt = random.nextInt(LONG_APPENDS);
            for (int i = 0; i < LONG_APPENDS; i++) {
                if (i == reopenAt) {
                    log.close();
                    log.open();
                }
                log.append("user" + random.nextInt(5), "r".repeat(random.nextInt(random.nextInt(10) == 0 ? 9000 : 600)));
                if (random.nextInt(5) == 0) {
                    log.engine().maintain();
                }
            }
            log.close();
            check(Explorer.explore(durability + ": " + LONG_APPENDS + " random appends, a reopen, maintenance (sampled, seed "
                    + SEED + ")", log, durability, LONG_LIMIT, random, List.of(), work));
        }
    }

    /** Appends with these details, closes, reopens, appends one more and closes. */
    private RecordedLog appendsCloseReopen(UnaryOperator<LogConfig> settings, String... details) throws Exception {
        RecordedLog log = new RecordedLog(dir, settings).open();
        for (int i = 0; i < details.length; i++) {
            log.append("user" + i, details[i]);
        }
        log.close();
        log.open();
        log.append("after", "the reopen");
        log.close();
        return log;
    }

    /** INTERVAL with a long interval: only maintenance and the close fsync, so appends wait in the page cache. */
    private static LogConfig interval(LogConfig c) {
        return new LogConfig(c.directory(), c.fileName(), Durability.INTERVAL, c.indexBatch(), c.clock(),
                c.embeddedIndex(), Duration.ofHours(1), c.threads(), c.checkpointEvery(), c.checkpointKey(),
                c.segmentBytes(), c.segmentAge(), c.retention(), c.metrics(), c.node());
    }

    private Explorer.Figures explore(String workload, RecordedLog log, Durability durability, List<byte[]> kept)
            throws Exception {
        return Explorer.explore(workload, log, durability, LIMIT, new Random(SEED), kept, work);
    }

    private static void check(Explorer.Figures f) {
        System.out.println(f + ", seed=" + SEED);
        f.failures().forEach(x -> System.out.println("  " + x));
        assertEquals(0, f.lost(), "states that lost an acknowledged entry");
        assertEquals(0, f.failedStates(), "states that failed a check");
    }
}
