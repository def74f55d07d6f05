package dev.activitylog.testing.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a workload did to the files below one root directory, in the order it happened: the input of {@link Disk}.
 * Files are named by their path relative to the root and identified by an inode number, so that data written
 * through a handle follows the file across a rename (as on a real file system). Thread-safe: the engine, its index
 * writer thread and H2 record into one trace.
 */
public final class Trace {
    /** One operation; {@code inode} is the file's, -1 for operations on names only. */
    public sealed interface Op permits Write, Truncate, Sync, Create, Mkdir, Rename, Delete, DirSync, Ack {
    }

    public record Write(long inode, long position, byte[] bytes) implements Op {
    }

    public record Truncate(long inode, long size) implements Op {
    }

    /** A completed fsync of a file's data: everything written to the inode before it is durable. */
    public record Sync(long inode) implements Op {
    }

    public record Create(String name, long inode, boolean h2) implements Op {
    }

    public record Mkdir(String name) implements Op {
    }

    public record Rename(String from, String to) implements Op {
    }

    public record Delete(String name) implements Op {
    }

    /** A completed fsync of a directory: its entries as they are now are durable. */
    public record DirSync(String name) implements Op {
    }

    /** Not a file operation: the workload's append of {@code seq} returned (acknowledged) here. */
    public record Ack(long seq, Object entry, long logBytes) implements Op {
    }

    private final Path root;
    private final List<Op> ops = new ArrayList<>();
    /** The names as they are now (the page cache's view), to give each handle its inode. */
    private final Map<String, Long> names = new HashMap<>();
    private final Map<Long, byte[]> initial = new HashMap<>();
    private final Map<String, Long> initialNames = new HashMap<>();
    private final java.util.Set<String> initialDirs = new java.util.HashSet<>();
    private final Map<Long, Long> sizes = new HashMap<>();
    private long nextInode = 1;

    /** Starts a trace over what {@code root} holds now: the files there count as durable. */
    public Trace(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        try (Stream<Path> s = Files.walk(this.root)) {
            s.filter(p -> Files.isDirectory(p) && !p.equals(this.root)).forEach(p -> initialDirs.add(name(p)));
        }
        try (Stream<Path> s = Files.walk(this.root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                long inode = nextInode++;
                names.put(name(p), inode);
                initialNames.put(name(p), inode);
                initial.put(inode, Files.readAllBytes(p));
                sizes.put(inode, (long) initial.get(inode).length);
            }
        }
    }

    public Path root() {
        return root;
    }

    /** The name of a real path below the root, e.g. {@code index/activity-index.mv.db}. */
    public String name(Path real) {
        return root.relativize(real.toAbsolutePath().normalize()).toString();
    }

    /** The inode a handle opened now on {@code name} writes to; records its creation when it is new. */
    synchronized long open(String name, boolean h2) {
        Long inode = names.get(name);
        if (inode == null) {
            inode = nextInode++;
            names.put(name, inode);
            sizes.put(inode, 0L);
            ops.add(new Create(name, inode, h2));
        }
        return inode;
    }

    synchronized void write(long inode, long position, byte[] bytes) {
        ops.add(new Write(inode, position, bytes));
        sizes.merge(inode, position + bytes.length, Math::max);
    }

    synchronized void truncate(long inode, long size) {
        ops.add(new Truncate(inode, size));
        sizes.merge(inode, size, Math::min);
    }

    synchronized void sync(long inode) {
        ops.add(new Sync(inode));
    }

    synchronized void mkdir(String name) {
        ops.add(new Mkdir(name));
    }

    synchronized void rename(String from, String to) {
        Long inode = names.remove(from);
        if (inode != null) {
            names.put(to, inode);
        }
        ops.add(new Rename(from, to));
    }

    synchronized void delete(String name) {
        names.remove(name);
        ops.add(new Delete(name));
    }

    synchronized void dirSync(String name) {
        ops.add(new DirSync(name));
    }

    /** Marks that the append of {@code seq} was acknowledged now, when the named file had this many bytes. */
    public synchronized void ack(long seq, Object entry, String logName) {
        ops.add(new Ack(seq, entry, sizes.getOrDefault(names.get(logName), 0L)));
    }

    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    /** The files that were there when the trace started, by inode, with the names they had. */
    synchronized Map<Long, byte[]> initialContent() {
        return Map.copyOf(initial);
    }

    synchronized java.util.Set<String> initialDirs() {
        return java.util.Set.copyOf(initialDirs);
    }

    synchronized Map<String, Long> initialNames() {
        return Map.copyOf(initialNames);
    }
}
