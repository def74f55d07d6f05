package dev.activitylog.testing.crash;

import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.control.RetentionPolicy;
import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.VerifyReport;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Opens the log on one crash state as a restart would (the normal engine on the default file system) and checks
 * what a user relies on: every entry that had to survive reads back exactly; nothing else is returned as an entry
 * unless it is exactly what was appended under its number; numbers are contiguous; the entries recovery reports
 * corrupt and verify names are exactly the ones whose bytes the state damaged; the index agrees with the file; bytes
 * recovery once cut are still somewhere; the next append works.
 */
public final class StateCheck {
    /**
     * What the state must give back. {@code archive}: the directory (in the log's) retention archives into, or null;
     * with retention at work, entries before the oldest segment left may be removed, as recorded.
     */
    public record Expected(Durability durability, String logName, Map<Long, Entry> required,
                           Map<Long, NewEntry> attempted, Map<Long, Line> lines, List<Line> checkpoints,
                           List<byte[]> kept, String archive) {
    }

    /** Where an entry's line was last written, and its bytes. */
    public record Line(long position, byte[] bytes) {
    }

    /** {@code lost}: entries that had to survive and did not (or did not read back exactly). */
    public record Outcome(int lost, boolean tornTailCut, List<String> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private StateCheck() {
    }

    /** @param dir an empty directory the state is written to */
    public static Outcome run(Disk.State state, Path dir, Expected exp) throws IOException {
        for (String d : state.dirs()) {
            Files.createDirectories(dir.resolve(d));
        }
        for (Map.Entry<String, byte[]> f : state.files().entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        Set<Long> damaged = damaged(state.files().get(exp.logName()), exp.lines());
        List<String> failures = new ArrayList<>();
        // Production's URL; only the close after the checks skips H2's compaction (up to 200 ms a state).
        JdbcConnectionPool pool = JdbcConnectionPool.create(LogConfig.embeddedIndexUrl(dir) + ";MAX_COMPACT_TIME=0",
                "sa", "");
        LogConfig config = LogConfig.defaults(dir).withDurability(exp.durability());
        LogEngine engine = TestIndex.start(exp.archive() == null ? config : config.withRetention(new RetentionPolicy(
                null, Long.MAX_VALUE, RetentionPolicy.Action.ARCHIVE, dir.resolve(exp.archive()))), pool);
        int lost = 0;
        boolean cut = false;
        try {
            Health h = engine.health();
            if (h.state() == LogState.UNAVAILABLE) {
                failures.add("UNAVAILABLE after recovery: " + h.cause());
                return new Outcome(exp.required().size(), false, failures);
            }
            long last = h.entries();
            cut = h.lastRecovery().bytesCut() > 0;
            Set<Long> corrupt = new TreeSet<>();
            long firstLeft = Retained.firstLeft(engine);
            for (long s = 1; s <= last; s++) {
                lost += s < firstLeft ? Retained.removed(engine, s, failures)
                        : readBack(engine, s, exp, corrupt, failures);
            }
            for (long s : exp.required().keySet()) {
                if (s > last) {
                    lost++;
                    failures.add("acknowledged entry " + s + " is gone (the log ends at " + last + ")");
                }
            }
            Set<Long> expectedDamage = new TreeSet<>(damaged);
            expectedDamage.removeIf(s -> s > last || s < firstLeft);
            if (!corrupt.equals(expectedDamage)) {
                failures.add("entries read as corrupt " + corrupt + ", damaged by the state " + expectedDamage);
            }
            // A damaged checkpoint line is damage too: alone between two entries it held none, and verify names no
            // number for it; joined to a damaged entry's line it is named by that entry.
            long size = engine.health().fileSize();
            boolean checkpointDamaged = exp.checkpoints().stream().anyMatch(c -> c.position() + c.bytes().length <= size
                    && !intact(state.files().get(exp.logName()), c));
            VerifyReport v = engine.verify();
            Set<Long> named = new HashSet<>();
            v.problems().forEach(p -> named.add(p.seq()));
            if (named.remove(null) && !checkpointDamaged || !named.equals(expectedDamage)) {
                failures.add("verify named " + named + " (" + v.summary() + "), damaged by the state " + expectedDamage);
            }
            if (firstLeft > 1 || exp.archive() != null) {
                Retained.check(engine, dir, exp, last, expectedDamage.isEmpty() && !checkpointDamaged, failures);
            }
            for (byte[] k : exp.kept()) {
                if (!keptSomewhere(dir, exp.logName(), k)) {
                    failures.add("bytes recovery cut (" + k.length + ") are neither in the log nor in a side file");
                }
            }
            Entry next = engine.append(NewEntry.of("check", "after.power.loss", "", "next"));
            if (next.seq() != last + 1 || !engine.read(next.seq()).equals(Optional.of(next))) {
                failures.add("the next append got " + next.seq() + " after " + last + " or did not read back");
            }
        } catch (RuntimeException e) {
            failures.add("failed: " + e);
        } finally {
            engine.close();
            pool.dispose();
        }
        return new Outcome(lost, cut, failures);
    }

    /** Reads entry {@code s}; returns 1 when it had to survive and did not read back exactly. */
    private static int readBack(LogEngine engine, long s, Expected exp, Set<Long> corrupt, List<String> failures) {
        Entry required = exp.required().get(s);
        Optional<Entry> e;
        try {
            e = engine.read(s);
        } catch (CorruptEntryException c) {
            corrupt.add(s);
            if (required != null) {
                failures.add("acknowledged entry " + s + " is corrupt: " + c.getMessage());
                return 1;
            }
            return 0;
        }
        if (e.isEmpty()) {
            failures.add("entry " + s + " is missing below the last number");
            return required != null ? 1 : 0;
        }
        NewEntry asked = exp.attempted().get(s);
        Entry got = e.get();
        if (required != null ? !required.equals(got) : asked == null || !asked.actor().equals(got.actor())
                || !asked.action().equals(got.action()) || !asked.subject().equals(got.subject())
                || !asked.detail().equals(got.detail())) {
            failures.add("entry " + s + " read back as " + got + ", appended as " + (required != null ? required : asked));
            return required != null ? 1 : 0;
        }
        return 0;
    }

    /**
     * The entries whose last written line is not intact, in place, right after a line feed, in the state's log file
     * (a lost line feed before it joins it to the damage: file-format.md).
     */
    private static Set<Long> damaged(byte[] log, Map<Long, Line> lines) {
        Set<Long> out = new TreeSet<>();
        lines.forEach((seq, line) -> {
            if (!intact(log, line)) {
                out.add(seq);
            }
        });
        return out;
    }

    private static boolean intact(byte[] log, Line line) {
        int from = Math.toIntExact(line.position());
        return log != null && log.length >= from + line.bytes().length && log[from - 1] == '\n'
                && Arrays.equals(log, from, from + line.bytes().length, line.bytes(), 0, line.bytes().length);
    }

    private static boolean keptSomewhere(Path dir, String logName, byte[] bytes) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(logName)).toList()) {
                byte[] content = Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0];
                if (indexOf(content, bytes) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
