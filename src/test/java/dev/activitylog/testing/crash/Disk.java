package dev.activitylog.testing.crash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the disk holds for sure after a prefix of a {@link Trace}, and the states power loss at that moment allows.
 * The rules (POSIX's minimum, as ALICE and CrashMonkey assume it, with ext4's ordered metadata):
 * <ul>
 * <li>a file's data is durable up to its last fsync; each write after it is kept, dropped or torn
 * ({@link Content}), independently, so unsynced writes may also land out of order; a truncate after it is kept or
 * dropped;</li>
 * <li>a directory's entries (create, mkdir, rename, delete) are durable up to its last fsync; of the changes after
 * it, a prefix in their order survives (the metadata journal commits in order); a file whose name did not survive
 * is gone, whatever was fsynced to it;</li>
 * <li>the embedded index's files (H2's) are varied as a whole, four ways (all kept, none, the first half, a random
 * mix): only when a clean marker can be on disk, since the engine reads no other database; else kept as written.</li>
 * </ul>
 */
public final class Disk {
    private static final long DIR = 0;
    private static final int H2_VARIANTS = 4;

    /** One state power loss allows: files by name, the directories, and how it came about. */
    public record State(Map<String, byte[]> files, Set<String> dirs, String how) {
    }

    private final Map<Long, byte[]> durable = new HashMap<>();
    private final Map<Long, List<Trace.Op>> pending = new LinkedHashMap<>();
    private final Set<Long> h2 = new HashSet<>();
    private final Map<String, Long> names = new TreeMap<>();
    private final Map<String, List<Trace.Op>> pendingNames = new TreeMap<>();
    /** The names as the running program saw them (the page cache). */
    private final Map<String, Long> now = new TreeMap<>();
    private int applied;

    public Disk(Trace trace) {
        durable.putAll(trace.initialContent());
        names.putAll(trace.initialNames());
        trace.initialDirs().forEach(d -> names.put(d, DIR));
        now.putAll(names);
    }

    /** Whether the inode is the one the running program knew by that name. */
    public boolean isLog(long inode, String name) {
        Long i = now.get(name);
        return i != null && i == inode;
    }

    /** How many bytes of the file of that name an fsync has made durable. */
    public long synced(String name) {
        Long i = now.get(name);
        return i == null || i == DIR ? 0 : durable.getOrDefault(i, new byte[0]).length;
    }

    /** How many operations of the trace are applied. */
    public int applied() {
        return applied;
    }

    /** Applies the next operation of the trace. */
    public void apply(Trace.Op op) {
        applied++;
        change(now, op);
        if (op instanceof Trace.Write w) {
            pending.computeIfAbsent(w.inode(), i -> new ArrayList<>()).add(w);
        } else if (op instanceof Trace.Truncate t) {
            pending.computeIfAbsent(t.inode(), i -> new ArrayList<>()).add(t);
        } else if (op instanceof Trace.Sync s) {
            durable.put(s.inode(), Content.applyAll(durable.getOrDefault(s.inode(), new byte[0]),
                    pending.getOrDefault(s.inode(), List.of())));
            pending.remove(s.inode());
        } else if (op instanceof Trace.Create c) {
            if (c.h2()) {
                h2.add(c.inode());
            }
            durable.putIfAbsent(c.inode(), new byte[0]);
            pendingNames.computeIfAbsent(parent(c.name()), d -> new ArrayList<>()).add(op);
        } else if (op instanceof Trace.Mkdir m) {
            pendingNames.computeIfAbsent(parent(m.name()), d -> new ArrayList<>()).add(op);
        } else if (op instanceof Trace.Delete d) {
            pendingNames.computeIfAbsent(parent(d.name()), x -> new ArrayList<>()).add(op);
        } else if (op instanceof Trace.Rename r) {
            if (!parent(r.from()).equals(parent(r.to()))) {
                throw new UnsupportedOperationException("a rename across directories: " + r);
            }
            pendingNames.computeIfAbsent(parent(r.to()), x -> new ArrayList<>()).add(op);
        } else if (op instanceof Trace.DirSync d) {
            for (Trace.Op change : pendingNames.getOrDefault(d.name(), List.of())) {
                change(names, change);
            }
            pendingNames.remove(d.name());
        }
    }

    /** The choices power loss has now: one dimension per directory, per unsynced write and per H2 file. */
    private List<int[]> dimensions() {
        List<int[]> dims = new ArrayList<>();  // {kind, key index, size}
        int i = 0;
        for (List<Trace.Op> ops : pendingNames.values()) {
            dims.add(new int[]{0, i++, ops.size() + 1});
        }
        boolean markerPossible = names.keySet().stream().anyMatch(n -> n.endsWith(".clean"))
                || pendingNames.values().stream().flatMap(List::stream)
                .anyMatch(o -> o instanceof Trace.Create c && c.name().endsWith(".clean"));
        for (Map.Entry<Long, List<Trace.Op>> e : pending.entrySet()) {
            if (h2.contains(e.getKey())) {
                dims.add(new int[]{2, Math.toIntExact(e.getKey()), markerPossible ? H2_VARIANTS : 1});
                continue;
            }
            for (int k = 0; k < e.getValue().size(); k++) {
                Trace.Op op = e.getValue().get(k);
                dims.add(new int[]{1, Math.toIntExact(e.getKey()), op instanceof Trace.Write w ? Content.variants(w) : 2, k});
            }
        }
        return dims;
    }

    /** How many states power loss allows now (saturating at Long.MAX_VALUE). */
    public long count() {
        long n = 1;
        try {
            for (int[] d : dimensions()) {
                n = Math.multiplyExact(n, d[2]);
            }
            return n;
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /** Every state, when there are at most {@code limit}; else {@code limit} drawn at random. */
    public List<State> states(int limit, Random random) {
        List<int[]> dims = dimensions();
        List<State> out = new ArrayList<>();
        long total = count();
        for (long s = 0; s < Math.min(total, limit); s++) {
            int[] choice = new int[dims.size()];
            long rest = s;
            for (int d = 0; d < dims.size(); d++) {
                int size = dims.get(d)[2];
                choice[d] = total <= limit ? (int) (rest % size) : random.nextInt(size);
                rest /= size;
            }
            out.add(state(dims, choice));
        }
        return out;
    }

    private State state(List<int[]> dims, int[] choice) {
        StringBuilder how = new StringBuilder("power lost after operation " + applied);
        Map<String, Long> visible = new TreeMap<>(names);
        List<String> dirs = new ArrayList<>(pendingNames.keySet());
        Map<Long, Content> contents = new HashMap<>();
        for (int d = 0; d < dims.size(); d++) {
            int[] dim = dims.get(d);
            int c = choice[d];
            if (dim[0] == 0) {
                List<Trace.Op> changes = pendingNames.get(dirs.get(dim[1]));
                changes.subList(0, c).forEach(op -> change(visible, op));
                how.append("; dir '").append(dirs.get(dim[1])).append("' kept ").append(c).append(" of ")
                        .append(changes.size()).append(" changes");
            } else if (dim[0] == 1) {
                long inode = dim[1];
                Content content = contents.computeIfAbsent(inode, x -> new Content(durable.get(inode)));
                Trace.Op op = pending.get(inode).get(dim[3]);
                if (op instanceof Trace.Write w) {
                    content.apply(w, c);
                    how.append("; write of ").append(w.bytes().length).append(" at ").append(w.position())
                            .append(" to inode ").append(inode).append(' ').append(Content.describe(w, c));
                } else if (c == Content.KEEP) {
                    content.truncate(((Trace.Truncate) op).size());
                } else {
                    how.append("; truncate of inode ").append(inode).append(" dropped");
                }
            } else {
                contents.put((long) dim[1], h2Variant(dim[1], c));
                how.append(c == 0 ? "" : "; index file inode " + dim[1] + " variant " + c);
            }
        }
        Map<String, byte[]> files = new TreeMap<>();
        Set<String> present = new HashSet<>();
        visible.forEach((n, inode) -> {
            if (inode == DIR) {
                present.add(n);
            }
        });
        visible.forEach((n, inode) -> {
            if (inode != DIR && reachable(n, present)) {
                Content c = contents.get(inode);
                files.put(n, c != null ? c.bytes() : durable.get(inode));
            }
        });
        present.removeIf(n -> !reachable(n, present));
        return new State(files, present, how.toString());
    }

    /** An H2 file's unsynced writes as a whole: all kept, none, the first half, a random mix of kept/dropped/torn. */
    private Content h2Variant(long inode, int variant) {
        Content c = new Content(durable.get(inode));
        List<Trace.Op> ops = pending.get(inode);
        Random r = new Random(inode * 1_000_003L + applied);
        for (int k = 0; k < ops.size(); k++) {
            boolean keep = variant == 0 || variant == 2 && k < ops.size() / 2;
            Trace.Op op = ops.get(k);
            if (op instanceof Trace.Write w) {
                c.apply(w, variant == 3 ? r.nextInt(Content.variants(w)) : keep ? Content.KEEP : Content.DROP);
            } else if (keep || variant == 3 && r.nextBoolean()) {
                c.truncate(((Trace.Truncate) op).size());
            }
        }
        return c;
    }

    private static boolean reachable(String name, Set<String> dirs) {
        String p = parent(name);
        return p.isEmpty() || dirs.contains(p) && reachable(p, dirs);
    }

    private static void change(Map<String, Long> names, Trace.Op change) {
        if (change instanceof Trace.Create c) {
            names.put(c.name(), c.inode());
        } else if (change instanceof Trace.Mkdir m) {
            names.put(m.name(), DIR);
        } else if (change instanceof Trace.Delete d) {
            names.remove(d.name());
        } else if (change instanceof Trace.Rename r) {
            Long inode = names.remove(r.from());
            if (inode != null) {
                names.put(r.to(), inode);
            }
        }
    }

    private static String parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }
}
