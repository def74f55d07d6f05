package dev.activitylog.it;

import jakarta.json.JsonObject;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.activitylog.testing.TestFiles;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash torture through the container: HTTP clients on 127.0.0.1 append through the EJB on a real WildFly (the
 * test-only endpoint returns the stored entry, so a 200 is an acknowledgement), and the server's JVM is killed with
 * SIGKILL, mostly while appends are in flight, sometimes while the application deploys (startup recovery, index
 * rebuild). After every kill the server is started again and the redeployed application recovers the log; then
 * every acknowledged entry must be there and intact, numbered without gaps, no partial or unknown entry may be
 * visible, and {@code POST /api/verify} must find the file and the index in agreement.
 * <p>
 * The server is started by the test (standalone.sh, its own base directory and port offset): Arquillian's managed
 * container cannot survive a SIGKILL of its server. {@code -Dtorture.server.kills=N} (default 10; the soak profile
 * runs more), {@code -Dtorture.seed=S} to replay the choice of kill moments.
 */
class ServerCrashIT {
    private static final int KILLS = Integer.getInteger("torture.server.kills", 10);
    private static final int CLIENTS = 4;
    private static final int MAX_ACKS_BEFORE_KILL = 300;
    /** Every {@value}th kill lands while the application deploys (recovery, index rebuild), the others mid-append. */
    private static final int DEPLOY_KILL_EVERY = 4;
    private static final String[] DURABILITIES = {"GROUP", "FSYNC", "GROUP", "INTERVAL", "GROUP", "NONE"};
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration APPEND_PHASE_TIMEOUT = Duration.ofMinutes(3);

    /** A new one for every boot: no pooled connection to a killed server is ever reused. */
    private ServerApi api;
    private final CrashLedger ledger = new CrashLedger();
    private final AtomicReference<String> clientFailure = new AtomicReference<>();

    private URI base;
    private Path logDir;
    private int segments;
    private long logBytes;
    private long tornTailsCut;
    private long bytesCut;
    private long verifications;

    @Test
    @Timeout(value = 90, unit = TimeUnit.MINUTES)  // a hang must fail the build; the soak profile runs many kills
    void everyAcknowledgedAppendSurvivesSigkillOfTheServer() throws Exception {
        long t0 = System.nanoTime();
        long seed = Long.getLong("torture.seed", System.nanoTime());
        Random random = new Random(seed);
        Path work = Path.of(System.getProperty("torture.server.dir", "target/torture-server")).toAbsolutePath();
        logDir = work.resolve("log");
        TestFiles.deleteTree(logDir);
        Files.createDirectories(work);
        Path war = work.resolve(Deployments.WAR_NAME);
        Deployments.packagedWar(TestAppendResource.class).as(ZipExporter.class).exportTo(war.toFile(), true);

        int kills = 0;
        int killsDuringDeployment = 0;
        int boots = 0;
        long lastDeployNanos = 0;
        long bootNanos = 0;
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try (WildFlyServer server = WildFlyServer.prepare(Path.of(System.getProperty("jboss.home")),
                Path.of(System.getProperty("wildfly.it.base")), work, war,
                Integer.getInteger("torture.server.portOffset", 500))) {
            base = server.baseUri();
            while (true) {
                // Every setting survives a SIGKILL of the JVM (what is written is in the page cache); they differ in
                // when the fsync runs, so the kills land in different places: the default GROUP most often.
                String durability = DURABILITIES[boots % DURABILITIES.length];
                long bootStart = System.nanoTime();
                // The least segment size the settings allow: the log rolls every few hundred entries, so kills land
                // inside rolls through the EJB too.
                server.start(Map.of("activitylog.dir", logDir.toString(), "activitylog.durability", durability,
                        "activitylog.segmentBytes", "64k"));
                boots++;
                server.awaitLine(l -> l.contains(WildFlyServer.DEPLOYING) && l.contains(Deployments.WAR_NAME),
                        BOOT_TIMEOUT);
                long deployStart = System.nanoTime();
                if (kills < KILLS && kills % DEPLOY_KILL_EVERY == 1 && lastDeployNanos > 0) {
                    // A random moment of the deployment: the bean's @PostConstruct recovers the file and rebuilds the
                    // index in there. The delay only picks the moment; nothing waits for anything to happen.
                    long delay = (long) (random.nextDouble() * lastDeployNanos);
                    killer.schedule(() -> {
                        server.kill();
                        return null;
                    }, delay, TimeUnit.NANOSECONDS).get();
                    kills++;
                    killsDuringDeployment++;
                    continue;
                }
                server.awaitStarted(BOOT_TIMEOUT);
                api = new ServerApi(base);
                lastDeployNanos = System.nanoTime() - deployStart;
                bootNanos += System.nanoTime() - bootStart;
                checkAfterBoot(durability);
                if (kills == KILLS) {
                    break;
                }
                appendUntilKilled(server, boots, 1 + random.nextInt(MAX_ACKS_BEFORE_KILL));
                kills++;
            }
            ledger.checkWholeLog(api);
            server.stop();
            assertTrue(Files.exists(logDir.resolve("index/activity-index.clean")),
                    "an orderly WildFly shutdown closes the index cleanly (@PreDestroy ran)");
        } finally {
            killer.shutdownNow();
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000;
        System.out.printf("crash torture (WildFly, SIGKILL of the server JVM): kills=%d (during deployment %d, while"
                        + " appending %d), boots=%d (mean %.1f s to deployed), entries acknowledged=%d, lost=%d,"
                        + " in flight at a kill=%d (stored %d, not stored %d), torn tails cut=%d (%d bytes),"
                        + " verify ok after %d boots,"
                        + " log %d entries / %d bytes in %d segments, %d s, seed=%d%n",
                kills, killsDuringDeployment, kills - killsDuringDeployment, boots,
                bootNanos / 1e9 / Math.max(1, boots - killsDuringDeployment), ledger.acknowledgedCount(), ledger.lost(),
                ledger.storedInDoubt() + ledger.notStoredInDoubt(), ledger.storedInDoubt(), ledger.notStoredInDoubt(),
                tornTailsCut, bytesCut, verifications, ledger.checkedUpTo(), logBytes, segments, seconds, seed);
        assertTrue(ledger.conflicts().isEmpty(), () -> "one sequence number acknowledged for two entries: "
                + ledger.conflicts());
        assertEquals(0, ledger.lost(), "acknowledged entries lost (seed " + seed + ")");
        assertTrue(ledger.acknowledgedCount() >= KILLS - killsDuringDeployment, "the clients did append");
        assertTrue(segments > 1, "the log rolled: " + segments + " segments");
    }

    /**
     * {@link #CLIENTS} threads append until {@code acks} acknowledgements arrived; then the server's JVM is killed
     * with appends in flight.
     */
    private void appendUntilKilled(WildFlyServer server, int boot, int acks) throws Exception {
        CountDownLatch enough = new CountDownLatch(acks);
        AtomicBoolean killing = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread t = new Thread(() -> appendLoop("b" + boot + "-c" + client, enough, killing), "client " + c);
            t.start();
            clients.add(t);
        }
        long deadline = System.nanoTime() + APPEND_PHASE_TIMEOUT.toNanos();
        try {
            while (!enough.await(1, TimeUnit.SECONDS)) {
                if (clientFailure.get() != null || System.nanoTime() > deadline) {
                    break;
                }
            }
        } finally {
            killing.set(true);
            server.kill();
            for (Thread t : clients) {
                t.join(TimeUnit.MINUTES.toMillis(2));
                assertTrue(!t.isAlive(), t.getName() + " did not stop");
            }
        }
        if (clientFailure.get() != null) {
            fail(clientFailure.get());
        }
        assertEquals(0, enough.getCount(), "the clients got too few acknowledgements in " + APPEND_PHASE_TIMEOUT);
    }

    private void appendLoop(String prefix, CountDownLatch enough, AtomicBoolean killing) {
        for (int i = 0; !killing.get(); i++) {
            String subject = prefix + "-" + i;
            HttpResponse<String> r;
            try {
                r = api.http().send(Http.asAdmin(HttpRequest.newBuilder(api.resolve("api/it/entries")))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(form(subject))).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                ledger.inDoubt(subject);
                if (!killing.get()) {
                    clientFailure.compareAndSet(null, "append " + subject + " failed while the server was up: " + e);
                }
                return;
            } catch (InterruptedException e) {
                ledger.inDoubt(subject);
                return;
            }
            if (r.statusCode() != 200) {
                ledger.inDoubt(subject);
                clientFailure.compareAndSet(null, "append " + subject + " -> " + r.statusCode() + ": " + r.body());
                return;
            }
            ledger.acknowledged(Http.json(r.body()).getJsonNumber("seq").longValue(), subject);
            enough.countDown();
        }
    }

    /** After a boot: the log is available, nothing acknowledged is missing, file and index agree. */
    private void checkAfterBoot(String durability) throws IOException {
        JsonObject health = api.get("api/health");
        assertEquals("AVAILABLE", health.getString("state"), health::toString);
        Path active = Path.of(health.getString("path"));
        assertEquals(logDir, active.getParent(), "the test talks to its own server");
        assertEquals(durability, health.getString("durability"));
        JsonObject recovery = health.getJsonObject("lastRecovery");
        assertTrue(recovery.getJsonArray("corruptSeq").isEmpty(),
                () -> "a crash never corrupts a complete entry: " + recovery);
        long cut = recovery.getJsonNumber("bytesCut").longValue();
        if (cut > 0) {
            tornTailsCut++;
            bytesCut += cut;
        }
        long entries = health.getJsonNumber("entries").longValue();
        long size = health.getJsonNumber("fileSize").longValue();
        assertEquals(size, Files.size(active), "health's size is the active segment's");
        assertEquals('\n', lastByte(active), "the active segment ends with a complete line");
        segments = health.getInt("segments");
        logBytes = health.getJsonNumber("bytes").longValue();

        JsonObject verify = api.post("api/verify");
        assertTrue(verify.getJsonArray("problems").isEmpty(), verify::toString);
        assertEquals(entries, verify.getJsonNumber("entries").longValue(), "no partial or extra entry");
        assertEquals(entries, verify.getJsonNumber("indexRowsChecked").longValue(), "index == file");
        verifications++;
        ledger.checkAfterBoot(api, entries);
    }

    /**
     * What client {@code subject} sends: text that needs escaping (TAB, LF, backslash, U+2028) and non-ASCII. Every
     * 25th is large (~150 KB on disk), so a kill can land inside the kernel's copy of a write and tear it.
     */
    static String detail(String subject) {
        int n = Integer.parseInt(subject.substring(subject.lastIndexOf('-') + 1));
        return "payload of " + subject + "\tline two\nbackslash \\ é ☃ \u2028 😀 "
                + (n % 25 == 24 ? "é☃".repeat(32_000) : "x".repeat(n % 300));
    }

    private static String form(String subject) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("actor", "torture");
        f.put("action", "server.crash");
        f.put("subject", subject);
        f.put("detail", detail(subject));
        return Http.form(f);
    }

    private static int lastByte(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(f.length() - 1);
            return f.read();
        }
    }
}
