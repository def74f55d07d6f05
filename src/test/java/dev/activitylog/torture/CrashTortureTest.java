package dev.activitylog.torture;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.testing.ProcessOutput;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.control.RetentionPolicy;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.RecoveryReport;
import dev.activitylog.log.entity.VerifyReport;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM appends through the engine and is killed with SIGKILL at random moments: during startup and recovery,
 * mid-write, mid index batch. After each kill the log is recovered and every entry the child acknowledged must be
 * there, intact, numbered without gaps, and the index must match the file.
 * <p>
 * {@code -Dtorture.kills=N} (default 100; the soak profile runs 1,000), {@code -Dtorture.seed=S} to replay.
 */
@Tag("torture")
class CrashTortureTest {
    private static final int KILLS = Integer.getInteger("torture.kills", 100);
    private static final int MAX_ACKS_BEFORE_KILL = 300;
    private static final int RETENTION_KILLS = Integer.getInteger("torture.retention.kills", 10);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)  // a hang (H2 spun forever once) must fail the build, not stall it
    void everyAcknowledgedEntrySurvivesSigkillAtAnyMoment() throws Exception {
        long seed = Long.getLong("torture.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<Long, String> acknowledged = new HashMap<>();
        long tornTailsCut = 0;
        long duringStartup = 0;
        long lost = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Durability durability = kill % 4 == 3 ? Durability.FSYNC : Durability.NONE;
            Map<Long, String> round = new HashMap<>();
            Process child = Children.start(List.of(), AppendingChild.class, dir.toString(), durability.name(), "k" + kill);
            // One kill in ten lands while the child opens the log (H2 start, recovery); the rest after a random
            // number of acknowledged appends, i.e. anywhere in a write, an fsync or an index batch.
            boolean atStartup = random.nextInt(10) == 0;
            int acksBeforeKill = 1 + random.nextInt(MAX_ACKS_BEFORE_KILL);
            BlockingQueue<String> out = ProcessOutput.lines(child, null, "stdout of " + child.pid());
            if (atStartup) {
                duringStartup++;
                while (!out.take().startsWith("OPENING")) {
                    // the kill follows the child's word that it is opening the log
                }
            } else {
                while (round.size() < acksBeforeKill && record(out.take(), round)) {
                    // reading acknowledgements until the kill point
                }
            }
            child.destroyForcibly();
            child.waitFor();
            while (record(out.take(), round)) {
                // acknowledgements printed before the kill landed are promises too
            }
            acknowledged.putAll(round);

            JdbcConnectionPool pool = TestIndex.pool(dir);
            try (LogEngine engine = TestIndex.start(AppendingChild.config(dir).withDurability(Durability.NONE), pool)) {
                Health h = engine.health();
                assertEquals(LogState.AVAILABLE, h.state(), () -> "seed " + seed + ": " + h.cause());
                RecoveryReport r = h.lastRecovery();
                if (r.bytesCut() > 0) {
                    tornTailsCut++;
                }
                assertTrue(r.corruptSeq().isEmpty(), () -> "seed " + seed + ": a crash never corrupts a complete entry: " + r.summary());
                for (Map.Entry<Long, String> a : round.entrySet()) {
                    if (!intact(engine.read(a.getKey()), a.getValue())) {
                        lost++;
                    }
                }
                VerifyReport v = engine.verify();
                assertTrue(v.ok(), () -> "seed " + seed + " kill: " + v.summary());
                assertEquals(h.entries(), v.entries(), "no partial or extra entry");
                assertEquals(h.entries(), v.indexRowsChecked(), "index == file");
            } finally {
                pool.dispose();
            }
            assertEquals(0, lost, "seed " + seed + ": acknowledged entries lost");
        }
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try (LogEngine engine = TestIndex.start(AppendingChild.config(dir).withDurability(Durability.NONE), pool)) {
            for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
                if (!intact(engine.read(a.getKey()), a.getValue())) {
                    lost++;
                }
            }
        } finally {
            pool.dispose();
        }
        System.out.printf("crash torture (engine, SIGKILL): kills=%d (during startup %d), entries acknowledged=%d, lost=%d, torn tails cut=%d, seed=%d%n",
                KILLS, duringStartup, acknowledged.size(), lost, tornTailsCut, seed);
        assertEquals(0, lost, "acknowledged entries lost");
        assertTrue(acknowledged.size() > KILLS, "the children did append");
    }

    /**
     * The same kills while retention removes segments as the server's timer does (concurrently with the appends,
     * after nearly every roll), archiving and deleting: half of the kills follow the child's word that a retention
     * run starts, after a random number of further lines, so they land in its archive, record, removal or row batches.
     * After each, {@link RetentionHistory} checks every entry acknowledged so far, and that each removal is recorded
     * once. {@code -Dtorture.retention.kills=N} per action (default 10; the soak profile runs 100).
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void retentionKilledAtAnyStepLosesNothingAndRecordsEachRemovalOnce() throws Exception {
        long seed = Long.getLong("torture.seed", System.nanoTime());
        Random random = new Random(seed);
        for (RetentionPolicy.Action action : RetentionPolicy.Action.values()) {
            Path logDir = Files.createDirectories(dir.resolve(action.name()).resolve("log"));
            RetentionHistory history = new RetentionHistory(logDir, action, seed);
            long duringRetention = 0;
            for (int kill = 0; kill < RETENTION_KILLS; kill++) {
                Durability durability = kill % 4 == 3 ? Durability.FSYNC : Durability.NONE;
                Process child = Children.start(List.of(), AppendingChild.class, logDir.toString(), durability.name(),
                        "k" + kill, action.name());
                BlockingQueue<String> out = ProcessOutput.lines(child, null, "stdout of " + child.pid());
                Map<Long, String> round = new HashMap<>();
                int mode = random.nextInt(4);
                boolean eof = false;
                if (mode < 2) {
                    // Into a retention run: the first or second after the start, and some lines (appends go on
                    // meanwhile, a few hundred a run) into it.
                    duringRetention++;
                    for (int runs = 1 + random.nextInt(2); runs > 0 && !eof; ) {
                        String line = out.take();
                        eof = !record(line, round);
                        runs -= line.equals("RETAINING") ? 1 : 0;
                    }
                    for (int lines = random.nextInt(300); lines > 0 && !eof; lines--) {
                        eof = !record(out.take(), round);
                    }
                } else if (mode == 2 && random.nextInt(2) == 0) {
                    while (!out.take().startsWith("OPENING")) {
                        // the kill follows the child's word that it is opening the log
                    }
                } else {
                    for (int acks = 1 + random.nextInt(MAX_ACKS_BEFORE_KILL); round.size() < acks && !eof; ) {
                        eof = !record(out.take(), round);
                    }
                }
                child.destroyForcibly();
                child.waitFor();
                while (!eof && record(out.take(), round)) {
                    // acknowledgements printed before the kill landed are promises too
                }
                history.acknowledged.putAll(round);
                history.check(false);
            }
            history.check(true);  // and once more after a run that finishes what the last kill cut short
            System.out.printf("crash torture (engine, SIGKILL, retention %s): kills=%d (into a retention run %d),"
                            + " entries acknowledged=%d, of them removed=%d, lost=0, kills that left a removal cut"
                            + " short after its record=%d, a partial archive=%d, seed=%d%n", action, RETENTION_KILLS,
                    duringRetention, history.acknowledged.size(), history.removed.size(), history.cutShortAfterRecord,
                    history.partialArchives, seed);
            assertTrue(history.removed.size() > 0, "retention removed acknowledged entries");
        }
    }

    private static boolean record(String line, Map<Long, String> acks) {
        if (line.equals(ProcessOutput.EOF)) {
            return false;
        }
        if (line.startsWith("ACK ")) {
            String[] f = line.split(" ");
            acks.put(Long.parseLong(f[1]), f[2]);
        }
        return true;
    }

    private static boolean intact(Optional<Entry> e, String subject) {
        return e.isPresent() && e.get().subject().equals(subject) && e.get().detail().equals(AppendingChild.detail(subject));
    }
}
