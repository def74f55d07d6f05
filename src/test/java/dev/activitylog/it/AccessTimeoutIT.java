package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.NewEntry;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrentAccessTimeoutException;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a caller sees when it waits for the container's lock ({@code ContainerLock}) longer than the access timeout, in-container.
 * The test deployment's ejb-jar.xml lowers the timeout of {@code append} and {@code read} to {@value #TIMEOUT_MS} ms
 * (the override the README documents; the shipped value is 10 s) and binds {@link LockHolder}, which makes one call
 * hold its lock for as long as the test wants.
 * <p>
 * Before that, the maintenance timer is stopped: a tick during a held READ waits for the WRITE lock for up to its
 * 10 s access timeout, and the READ calls after it (the query that shows readers share the lock) would queue behind
 * it for as long as their own timeout ({@link LockHolder}). Health never takes the lock: it answers while a writer
 * holds it (MaintenanceLockIT: while maintenance does).
 */
@ExtendWith(ArquillianExtension.class)
class AccessTimeoutIT {
    private static final long TIMEOUT_MS = 500;
    private static final Logger LOG = Logger.getLogger(AccessTimeoutIT.class.getName());

    @Deployment
    static WebArchive deployment() {
        // With method-params: Payara's deployment fails on a concurrent-method without them (NPE in AccessTimeoutHandler).
        String timeout = "<access-timeout><timeout>" + TIMEOUT_MS + "</timeout><unit>Milliseconds</unit></access-timeout>";
        String engine = LogEngine.class.getName();
        String methods = """
                <concurrent-method>
                    <method><method-name>append</method-name><method-params>
                        <method-param>%s</method-param><method-param>%s</method-param></method-params></method>%s
                </concurrent-method>
                <concurrent-method>
                    <method><method-name>read</method-name><method-params>
                        <method-param>%s</method-param><method-param>long</method-param></method-params></method>%s
                </concurrent-method>
                """.formatted(engine, NewEntry.class.getName(), timeout, engine, timeout);
        WebArchive war = Deployments.packagedWar(AccessTimeoutIT.class, LockHolder.class, TimeoutCaller.class);
        return ServerHttp.addTo(LockHolder.bind(war, methods));
    }

    @EJB
    ActivityLog log;

    @EJB
    TimeoutCaller caller;

    @Resource
    ManagedThreadFactory threadFactory;

    @BeforeEach
    void noTimerTakesTheLockDuringTheTest() throws InterruptedException {
        LockHolder.stopMaintenance();
    }

    @Test
    void anAppendPastTheTimeoutGetsConcurrentAccessTimeoutExceptionAndStoresNothing() throws Exception {
        Health before = log.health();
        // A copy on disk, not in memory: the suite's log grows with every run (past 150 MB), the server's heap does not.
        Path fileBefore = Files.createTempFile("access-timeout-it", ".log");
        try {
            Files.copy(Path.of(before.path()), fileBefore, StandardCopyOption.REPLACE_EXISTING);
            ExecutorService pool = Executors.newSingleThreadExecutor(threadFactory);
            try {
                LockHolder.arm("read");
                Future<?> reader = pool.submit(() -> log.read(1));  // holds a READ lock
                LockHolder.awaitHeld();

                long t0 = System.nanoTime();
                ConcurrentAccessTimeoutException e = assertThrows(ConcurrentAccessTimeoutException.class,
                        () -> log.append(NewEntry.of("timeout-it", "test.timeout", "never stored", "x")));
                long waited = (System.nanoTime() - t0) / 1_000_000;
                LOG.info(() -> "append past the access timeout after " + waited + " ms: " + e);
                assertTrue(waited >= TIMEOUT_MS, "waited " + waited + " ms");
                assertEquals(ConcurrentAccessTimeoutException.class, e.getClass(), "thrown as is, not wrapped");

                // An application EJB in a container transaction sees the same, and its transaction is not doomed.
                String seen = caller.append(NewEntry.of("timeout-it", "test.timeout", "never stored either", "x"));
                LOG.info(() -> "an application EJB's append past the access timeout: " + seen);
                assertEquals(ConcurrentAccessTimeoutException.class.getName() + ", caller's transaction rollback-only: false", seen);

                // Readers share the lock: they go on while a reader holds it (and only a writer waits).
                assertTrue(log.query(EntryQuery.newest(1)) != null);

                LockHolder.release();
                reader.get(1, TimeUnit.MINUTES);
            } finally {
                LockHolder.release();
                pool.shutdownNow();
            }
            Health after = log.health();
            assertEquals(before.entries(), after.entries(), "nothing was stored");
            assertEquals(before.fileSize(), after.fileSize());
            assertEquals(-1L, Files.mismatch(fileBefore, Path.of(after.path())), "the file is byte for byte the same");
            Entry next = log.append(NewEntry.of("timeout-it", "test.timeout", "after", ""));
            assertEquals(before.entries() + 1, next.seq(), "the timed-out call used no sequence number");
        } finally {
            Files.deleteIfExists(fileBefore);
        }
    }

    @Test
    void aReadPastTheTimeoutGetsConcurrentAccessTimeoutExceptionAndTheRestApiAnswers503() throws Exception {
        String subject = "held-" + UUID.randomUUID();
        long last = log.health().entries();
        ExecutorService pool = Executors.newSingleThreadExecutor(threadFactory);
        try {
            LockHolder.arm("append");
            Future<Entry> writer = pool.submit(() -> log.append(NewEntry.of("timeout-it", "test.timeout", subject, "")));
            LockHolder.awaitHeld();  // holds the WRITE lock, before the engine ran

            assertThrows(ConcurrentAccessTimeoutException.class, () -> log.read(Math.max(1, last)));
            // Health never waits for the lock: a monitor must not get a 503 because a writer holds it.
            assertEquals(LogState.AVAILABLE, log.health().state());
            HttpResponse<String> health = ServerHttp.get("api/health");
            assertEquals(200, health.statusCode(), health::body);

            HttpResponse<String> r = ServerHttp.get("api/entries/" + Math.max(1, last));
            LOG.info(() -> "GET api/entries/{seq} past the access timeout: " + r.statusCode() + " "
                    + r.headers().firstValue("Content-Type").orElse("(no content type)") + " " + r.body());
            assertEquals(503, r.statusCode(), r::body);
            assertTrue(r.headers().firstValue("Retry-After").isPresent(), "tells clients to come back");
            assertTrue(r.body().startsWith("{") && r.body().contains("\"type\":\"ConcurrentAccessTimeoutException\""),
                    r::body);
            assertFalse(r.body().contains("\tat "), "no stack trace is served");

            LockHolder.release();
            Entry e = writer.get(1, TimeUnit.MINUTES);
            assertEquals(last + 1, e.seq(), "the call that held the lock went on normally");
            assertEquals(subject, log.read(e.seq()).orElseThrow().subject());
        } finally {
            LockHolder.release();
            pool.shutdownNow();
        }
    }
}
