package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.VerifyReport;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrentAccessTimeoutException;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load through the container's locks, in-container on WildFly: 64 threads of mixed appends (WRITE lock, fsync) and
 * reads, queries and health checks (READ lock) for 30 s ({@code -Dtorture.load.seconds}; the soak profile runs
 * longer), with the maintenance timer (WRITE) firing in between. No call may time out waiting for the lock at the
 * configured {@code @AccessTimeout} (10 s), nothing may fail, and every append must read back.
 * <p>
 * Prints one line: calls and throughput per kind, worst and 99th-percentile latency (through the container, i.e.
 * lock wait included).
 */
@ExtendWith(ArquillianExtension.class)
class LoadIT {
    private static final int THREADS = 64;
    private static final String SETTINGS = "load-it.properties";

    /** Runs on the client, so the failsafe property reaches the in-container test through the archive. */
    @Deployment
    static WebArchive deployment() {
        String seconds = System.getProperty("torture.load.seconds", "30");
        return Deployments.packagedWar(LoadIT.class, Kind.class, Latencies.class, DeployedSettings.class)
                .addAsResource(new StringAsset("seconds=" + seconds + "\n"), SETTINGS);
    }

    @EJB
    ActivityLog log;

    @Resource
    ManagedThreadFactory threadFactory;

    enum Kind { APPEND, READ, QUERY, HEALTH }

    @Test
    void sixtyFourThreadsOfMixedCallsNeverTimeOutAndLoseNothing() throws Exception {
        int seconds = Integer.parseInt(DeployedSettings.read(SETTINGS).getProperty("seconds"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        long firstSeq = log.health().entries() + 1;
        AtomicLong lastSeq = new AtomicLong(firstSeq - 1);
        ConcurrentLinkedQueue<Entry> appended = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Latencies> perThread = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, threadFactory);
        long t0;
        long elapsed;
        try {
            List<Future<?>> done = new ArrayList<>();
            long[] end = new long[1];
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Latencies lat = new Latencies();
                    perThread.add(lat);
                    start.await(1, TimeUnit.MINUTES);
                    work(run, thread, end[0], firstSeq, lastSeq, appended, failures, lat);
                    return null;
                }));
            }
            t0 = System.nanoTime();
            end[0] = t0 + TimeUnit.SECONDS.toNanos(seconds);
            start.await(1, TimeUnit.MINUTES);
            for (Future<?> f : done) {
                try {
                    f.get(seconds + 300L, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            elapsed = System.nanoTime() - t0;
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES), "worker threads did not stop");
        }

        Latencies all = new Latencies();
        perThread.forEach(all::add);
        long timeouts = failures.stream().filter(LoadIT::isAccessTimeout).count();
        double secs = elapsed / 1e9;
        StringBuilder line = new StringBuilder(String.format(
                "load (%s, %d threads, %d s, @AccessTimeout 10 s): %d calls = %.0f/s",
                System.getProperty("jboss.home.dir") != null ? "WildFly" : "Payara", THREADS, seconds,
                all.total(), all.total() / secs));
        for (Kind k : Kind.values()) {
            line.append(String.format("; %s %d = %.0f/s, worst %.0f ms, p99 %s ms", k.name().toLowerCase(), all.count(k),
                    all.count(k) / secs, all.max(k) / 1e6, all.p99Millis(k)));
        }
        line.append(String.format("; ConcurrentAccessTimeoutException %d, other failures %d", timeouts,
                failures.size() - timeouts));
        if (!failures.isEmpty()) {
            System.out.println(line);
        }
        assertEquals(0, timeouts, () -> "a caller timed out waiting for the singleton's lock: " + failures.peek());
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " call(s) failed; first: " + failures.peek());
            failures.forEach(e::addSuppressed);
            throw e;
        }

        // Every acknowledged append reads back; our numbers are unique and contiguous (nothing else appends now).
        List<Long> seqs = new ArrayList<>();
        for (Entry e : appended) {
            assertEquals(Optional.of(e), log.read(e.seq()));
            seqs.add(e.seq());
        }
        Collections.sort(seqs);
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(firstSeq + i, seqs.get(i), "sequence numbers are unique and contiguous");
        }
        // The whole log is checked; the IT log is shared, and RecoveryIT rots an older entry on purpose.
        VerifyReport v = log.verify();
        line.append(String.format("; verify: %d entries in %d ms, %s", v.entries(), v.millis(),
                v.problems().stream().noneMatch(p -> p.seq() == null || p.seq() >= firstSeq) ? "ours intact" : v.summary()));
        System.out.println(line);
        assertTrue(v.problems().stream().noneMatch(p -> p.seq() == null || p.seq() >= firstSeq), v::summary);
        assertEquals(log.health().entries(), v.indexRowsChecked(), "index == file");
    }

    private void work(String run, int thread, long end, long firstSeq, AtomicLong lastSeq,
                      ConcurrentLinkedQueue<Entry> appended, ConcurrentLinkedQueue<Throwable> failures,
                      Latencies lat) {
        SplittableRandom random = new SplittableRandom(thread * 31L + run.hashCode());
        String actor = "load-" + run + "-" + thread;
        for (int i = 0; System.nanoTime() < end; i++) {
            int dice = random.nextInt(100);
            Kind kind = dice < 25 ? Kind.APPEND : dice < 70 ? Kind.READ : dice < 95 ? Kind.QUERY : Kind.HEALTH;
            long t = System.nanoTime();
            try {
                switch (kind) {
                    case APPEND -> {
                        Entry e = log.append(NewEntry.of(actor, "load.append", run + "/" + thread + "/" + i,
                                "load détail " + i + "\t" + "x".repeat(random.nextInt(2000))));
                        appended.add(e);
                        lastSeq.accumulateAndGet(e.seq(), Math::max);
                    }
                    case READ -> {
                        long top = lastSeq.get();
                        if (top >= firstSeq) {
                            long seq = firstSeq + random.nextLong(top - firstSeq + 1);
                            if (log.read(seq).isEmpty()) {
                                throw new AssertionError("entry " + seq + " was appended but reads as absent");
                            }
                        }
                    }
                    case QUERY -> log.query(i % 2 == 0 ? EntryQuery.newest(20).actor(actor) : EntryQuery.newest(20));
                    case HEALTH -> log.health();
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
            lat.record(kind, System.nanoTime() - t);
        }
    }


    private static boolean isAccessTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConcurrentAccessTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Per-thread latency histogram: quarter-octave buckets of nanoseconds (about 19% wide), exact maximum. */
    static final class Latencies {
        private static final int BUCKETS = 4 * 40;
        private final long[][] buckets = new long[Kind.values().length][BUCKETS];
        private final long[] max = new long[Kind.values().length];

        void record(Kind k, long nanos) {
            long n = Math.max(1, nanos);
            int b = (int) Math.min(BUCKETS - 1, Math.floor(4 * Math.log(n) / Math.log(2)));
            buckets[k.ordinal()][b]++;
            max[k.ordinal()] = Math.max(max[k.ordinal()], nanos);
        }

        void add(Latencies other) {
            for (int k = 0; k < max.length; k++) {
                for (int b = 0; b < BUCKETS; b++) {
                    buckets[k][b] += other.buckets[k][b];
                }
                max[k] = Math.max(max[k], other.max[k]);
            }
        }

        long count(Kind k) {
            long c = 0;
            for (long n : buckets[k.ordinal()]) {
                c += n;
            }
            return c;
        }

        long total() {
            long c = 0;
            for (Kind k : Kind.values()) {
                c += count(k);
            }
            return c;
        }

        long max(Kind k) {
            return max[k.ordinal()];
        }

        /** The upper bound of the bucket holding the 99th percentile. */
        String p99Millis(Kind k) {
            long n = count(k);
            long seen = 0;
            for (int b = 0; b < BUCKETS; b++) {
                seen += buckets[k.ordinal()][b];
                if (n > 0 && seen >= Math.ceil(n * 0.99)) {
                    return String.format("%.1f", Math.min(max(k), Math.pow(2, (b + 1) / 4.0)) / 1e6);
                }
            }
            return "-";
        }
    }
}
