package dev.activitylog.testing.crash;

import dev.activitylog.log.control.RetentionPolicy;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.testing.TestFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Power loss after every operation of a recorded workload: at each point, every state {@link Disk} allows (or a
 * random sample when there are more than {@code limit}), each distinct one checked by {@link StateCheck}.
 */
public final class Explorer {
    /** What one workload's exploration found, in the style of the kill torture's figures. */
    public record Figures(String workload, int operations, long states, long exhaustivePoints, long sampledPoints,
                          long lost, long failedStates, long tornTailsCut, List<String> failures) {
        @Override
        public String toString() {
            return String.format("power loss (%s): operations=%d, crash states explored=%d (points enumerated"
                            + " exhaustively %d, sampled %d), states that lost an acknowledged entry=%d, failed"
                            + " checks=%d, torn tails cut=%d", workload, operations, states, exhaustivePoints,
                    sampledPoints, lost, failedStates, tornTailsCut);
        }
    }

    private Explorer() {
    }

    /**
     * @param limit  states per crash point before sampling instead
     * @param kept   bytes that must survive every state (a torn tail cut into a side file)
     * @param work   a directory for the states, one at a time
     */
    public static Figures explore(String workload, RecordedLog log, Durability durability, int limit, Random random,
                                  List<byte[]> kept, Path work) throws IOException {
        return explore(workload, log, durability, limit, random, kept, work, 0, Integer.MAX_VALUE);
    }

    /** Only power loss after operations {@code from..to} (a regression test's crash point). */
    public static Figures explore(String workload, RecordedLog log, Durability durability, int limit, Random random,
                                  List<byte[]> kept, Path work, int from, int to) throws IOException {
        // Every state's recovery logs what it found (a warning, for most): thousands of them would drown the figures.
        Logger engine = Logger.getLogger("dev.activitylog.log.control");
        Logger flyway = Logger.getLogger("org.flywaydb");
        Level engineLevel = engine.getLevel();
        Level flywayLevel = flyway.getLevel();
        engine.setLevel(Level.SEVERE);
        flyway.setLevel(Level.WARNING);
        try {
            return run(workload, log, durability, limit, random, kept, work, from, to);
        } finally {
            engine.setLevel(engineLevel);
            flyway.setLevel(flywayLevel);
        }
    }

    private static Figures run(String workload, RecordedLog log, Durability durability, int limit, Random random,
                               List<byte[]> kept, Path work, int from, int to) throws IOException {
        List<Trace.Op> ops = log.trace.ops();
        String logName = log.config().fileName();
        Disk disk = new Disk(log.trace);
        Set<String> seen = new HashSet<>();
        Map<Long, Entry> acked = new HashMap<>();
        Map<Long, StateCheck.Line> lines = new HashMap<>();
        Map<Long, StateCheck.Line> checkpoints = new HashMap<>();
        RetentionPolicy retention = log.config().retention();
        String archive = retention == null || retention.archiveDir() == null ? null
                : retention.archiveDir().getFileName().toString();  // a directory in the log's
        long states = 0, exhaustive = 0, sampled = 0, lost = 0, failed = 0, cut = 0;
        List<String> failures = new ArrayList<>();
        for (int k = 0; k <= ops.size(); k++) {
            if (k > 0) {
                Trace.Op op = ops.get(k - 1);
                disk.apply(op);
                if (op instanceof Trace.Ack a) {
                    acked.put(a.seq(), (Entry) a.entry());
                } else if (op instanceof Trace.Write w && disk.isLog(w.inode(), logName)) {
                    if (seqOf(w) > 0) {
                        lines.put(seqOf(w), new StateCheck.Line(w.position(), w.bytes()));
                    } else if (new String(w.bytes(), 0, Math.min(11, w.bytes().length), StandardCharsets.UTF_8)
                            .equals("#checkpoint")) {
                        checkpoints.put(w.position(), new StateCheck.Line(w.position(), w.bytes()));
                    }
                }
            }
            if (k < from || k > to) {
                continue;
            }
            Map<Long, Entry> required = new HashMap<>(log.earlier());
            long synced = disk.synced(logName);
            ops.subList(0, k).stream().filter(o -> o instanceof Trace.Ack).map(o -> (Trace.Ack) o)
                    .filter(a -> promised(durability, a, synced))
                    .forEach(a -> required.put(a.seq(), acked.get(a.seq())));
            if (disk.count() <= limit) {
                exhaustive++;
            } else {
                sampled++;
            }
            StateCheck.Expected exp = new StateCheck.Expected(durability, logName, required, log.attempted(),
                    Map.copyOf(lines), List.copyOf(checkpoints.values()), kept, archive);
            for (Disk.State state : disk.states(limit, random)) {
                if (!seen.add(key(state, required.keySet()))) {
                    continue;
                }
                states++;
                Path dir = work.resolve("state");
                TestFiles.deleteTree(dir);
                Files.createDirectories(dir);
                StateCheck.Outcome o = StateCheck.run(state, dir, exp);
                cut += o.tornTailCut() ? 1 : 0;
                if (o.lost() > 0) {
                    lost++;
                }
                if (!o.ok()) {
                    failed++;
                    if (failures.size() < 10) {
                        failures.add(state.how() + ": " + o.failures());
                    }
                }
            }
        }
        return new Figures(workload, ops.size(), states, exhaustive, sampled, lost, failed, cut, failures);
    }

    /** GROUP and FSYNC promise every acknowledged entry, INTERVAL those a completed fsync covered, NONE nothing. */
    private static boolean promised(Durability durability, Trace.Ack a, long syncedBytes) {
        return switch (durability) {
            case GROUP, FSYNC -> true;
            case INTERVAL -> a.logBytes() <= syncedBytes;
            case NONE -> false;
        };
    }

    /** The first field of an entry's line (its number), or 0 for anything else (the header, a checkpoint, H2). */
    private static long seqOf(Trace.Write w) {
        byte[] b = w.bytes();
        long seq = 0;
        int i = 0;
        for (; i < b.length && i < 19 && b[i] >= '0' && b[i] <= '9'; i++) {
            seq = seq * 10 + (b[i] - '0');
        }
        return i > 0 && i < b.length && b[i] == '\t' && b[b.length - 1] == '\n' ? seq : 0;
    }

    /**
     * Two states are the same check when their files and the entries they must give back are the same. An index
     * database without a clean marker is set aside unread, so its bytes do not make a state different.
     */
    private static String key(Disk.State state, Set<Long> required) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            boolean marker = state.files().keySet().stream().anyMatch(n -> n.endsWith(".clean"));
            state.files().forEach((name, bytes) -> {
                md.update(name.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                if (marker || !name.contains(".mv.db")) {
                    md.update(bytes);
                }
                md.update((byte) 0);
            });
            md.update(String.valueOf(new java.util.TreeSet<>(state.dirs())).getBytes(StandardCharsets.UTF_8));
            md.update(String.valueOf(new java.util.TreeSet<>(required)).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
