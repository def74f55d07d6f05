package dev.activitylog.torture;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.testing.ProcessOutput;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogEngine;
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
 * {@code -Dtorture.kills=N} (default 200; the soak profile runs 1,000), {@code -Dtorture.seed=S} to replay.
 */
@Tag("torture")
class CrashTortureTest {
    private static final int KILLS = Integer.getInteger("torture.kills", 200);
    private static final int MAX_ACKS_BEFORE_KILL = 300;

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
