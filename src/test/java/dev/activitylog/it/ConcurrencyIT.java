package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrentAccessTimeoutException;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 16 threads append and read at once through the container's locks, in-container. */
@ExtendWith(ArquillianExtension.class)
class ConcurrencyIT {
    private static final int THREADS = 16;
    private static final int APPENDS_PER_THREAD = 50;
    private static final Logger LOG = Logger.getLogger(ConcurrencyIT.class.getName());

    @Deployment
    static WebArchive deployment() {
        return Deployments.packagedWar(ConcurrencyIT.class);
    }

    @EJB
    ActivityLog log;

    /** Container-managed threads, so each call carries the application's context like a request thread would. */
    @Resource
    ManagedThreadFactory threadFactory;

    @Test
    void concurrentAppendsAndReadsLoseNothingAndNeverTimeOut() throws Exception {
        String run = UUID.randomUUID().toString();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, threadFactory);
        List<Entry> appended = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<List<Entry>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> work(run, thread, start)));
            }
            for (Future<List<Entry>> f : results) {
                try {
                    appended.addAll(f.get(3, TimeUnit.MINUTES));
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES), "worker threads did not stop");
        }

        assertTrue(failures.stream().noneMatch(ConcurrencyIT::isAccessTimeout),
                () -> "a caller timed out waiting for the singleton's lock: " + failures);
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " worker(s) failed; first: " + failures.get(0));
            failures.forEach(e::addSuppressed);
            throw e;
        }
        assertEquals(THREADS * APPENDS_PER_THREAD, appended.size());
        LOG.info(() -> String.format("%d threads appended %d entries (each read back, every 5th with a query) in %d ms",
                THREADS, appended.size(), (System.nanoTime() - t0) / 1_000_000));

        // Every appended entry reads back exactly as it was acknowledged.
        for (Entry e : appended) {
            assertEquals(Optional.of(e), log.read(e.seq()));
        }

        // Our sequence numbers: no duplicates, no gaps (nothing else appends while this test runs).
        List<Long> seqs = new ArrayList<>(appended.stream().map(Entry::seq).toList());
        Collections.sort(seqs);
        assertEquals(seqs.size(), new TreeSet<>(seqs).size(), "duplicate sequence numbers");
        assertEquals(seqs.get(0) + seqs.size() - 1, seqs.get(seqs.size() - 1), "gaps in the sequence numbers");

        // The whole log, paged newest first: every number from the last down to 1, once.
        long last = log.health().entries();
        long expected = last;
        Long before = null;
        do {
            Page page = log.query(EntryQuery.newest(EntryQuery.MAX_LIMIT).before(before));
            TreeSet<Long> inPage = new TreeSet<>(Collections.reverseOrder());
            page.entries().forEach(e -> inPage.add(e.seq()));
            inPage.addAll(page.corrupt());
            assertEquals(page.entries().size() + page.corrupt().size(), inPage.size(), "duplicates in a page");
            for (long seq : inPage) {
                assertEquals(expected, seq, "the log's sequence numbers have a gap");
                expected--;
            }
            before = page.nextBefore();
        } while (before != null);
        assertEquals(0, expected, "entries missing at the start of the log");
    }

    private List<Entry> work(String run, int thread, CyclicBarrier start) throws Exception {
        start.await(1, TimeUnit.MINUTES);
        List<Entry> mine = new ArrayList<>(APPENDS_PER_THREAD);
        String actor = "worker-" + thread + "-" + run;
        for (int i = 0; i < APPENDS_PER_THREAD; i++) {
            NewEntry wanted = NewEntry.of(actor, "test.concurrent", run + "/" + thread + "/" + i,
                    "détail " + i + " of thread " + thread + " \t\"quoted\"\n" + "x".repeat(i * 7));
            Entry e = log.append(wanted);
            assertEquals(wanted.actor(), e.actor());
            assertEquals(wanted.subject(), e.subject());
            assertEquals(wanted.detail(), e.detail());
            mine.add(e);
            // Reads interleave with other threads' appends: the newest entries, and one of our own.
            assertEquals(Optional.of(e), log.read(e.seq()));
            if (i % 5 == 0) {
                Page page = log.query(EntryQuery.newest(20).actor(actor));
                assertEquals(e, page.entries().get(0), "our newest entry heads our own page");
                log.health();
            }
        }
        return mine;
    }

    private static boolean isAccessTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConcurrentAccessTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
