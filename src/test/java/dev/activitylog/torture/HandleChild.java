package dev.activitylog.torture;

import dev.activitylog.testing.TestIndex;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.NewEntry;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs under {@code prlimit --nofile=N}. Prints one line per finding for the parent to check: 200 concurrent readers
 * through one handle, then what opening a log looks like with no descriptor left, and the recovery once they free.
 */
public final class HandleChild {
    static final int READERS = 200;
    static final int READS_EACH = 200;
    static final long SEGMENT_BYTES = 2_000;

    private HandleChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path second = Path.of(args[1]);
        JdbcConnectionPool pool = TestIndex.pool(dir);
        // Small segments: the readers' entries lie in some 50 of them, far more than the handle cache holds.
        LogEngine engine = LogEngine.start(LogConfig.defaults(dir).withDurability(dev.activitylog.log.entity.Durability.NONE)
                .withSegments(SEGMENT_BYTES, null), pool);
        for (int i = 1; i <= 1000; i++) {
            engine.append(NewEntry.of("alice", "view", "s" + i, "detail " + i));
        }
        int before = openFiles();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger maxOpen = new AtomicInteger(before);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < READS_EACH; i++) {
                        long seq = ThreadLocalRandom.current().nextLong(1, 1001);
                        Entry e = engine.read(seq).orElseThrow();
                        if (e.subject().equals("s" + seq) && e.detail().equals("detail " + seq)) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                } catch (Exception | Error e) {
                    failed.incrementAndGet();
                    e.printStackTrace();
                }
            });
            t.start();
            readers.add(t);
        }
        // One sampler, not the readers themselves: each count holds a descriptor of its own while it lists
        // /proc/self/fd, and 200 readers counting at once measured the measurement.
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                maxOpen.accumulateAndGet(openFiles(), Math::max);
            }
        });
        sampler.start();
        start.countDown();
        for (Thread t : readers) {
            t.join();
        }
        done.set(true);
        sampler.join();
        System.out.println("READERS ok=" + ok + " failed=" + failed + " openBefore=" + before + " openMax=" + maxOpen);
        System.out.println("SEGMENTS " + engine.health().segments());

        List<FileInputStream> hog = new ArrayList<>();
        try {
            while (true) {
                hog.add(new FileInputStream("/dev/null"));
            }
        } catch (IOException e) {
            System.out.println("EXHAUSTED held=" + hog.size() + " error=" + e.getMessage());
        }
        // The active segment's handle is always open; a sealed one not in the cache would need a descriptor.
        Entry stillReadable = engine.read(1000).orElseThrow();
        System.out.println("READ-WHILE-EXHAUSTED subject=" + stillReadable.subject());

        JdbcConnectionPool pool2 = TestIndex.pool(second);
        LogEngine other = LogEngine.start(LogConfig.defaults(second), pool2);
        Health h = other.health();
        System.out.println("SECOND state=" + h.state() + " cause=" + h.cause());
        try {
            other.append(NewEntry.of("bob", "x", null, null));
            System.out.println("SECOND-APPEND unexpectedly succeeded");
        } catch (LogUnavailableException e) {
            System.out.println("SECOND-APPEND reason=" + e.reason());
        }

        for (FileInputStream f : hog) {
            f.close();
        }
        Entry first = other.append(NewEntry.of("bob", "x", null, null));
        System.out.println("SECOND-RECOVERED seq=" + first.seq() + " state=" + other.health().state());
        other.close();
        engine.close();
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static int openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
