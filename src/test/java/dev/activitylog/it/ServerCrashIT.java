package dev.activitylog.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.activitylog.testing.TestFiles;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

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

    /** A new client for every boot: no pooled connection to a killed server is ever reused. */
    private HttpClient http;

    /** What the clients were promised: seq → subject (a 200 carried it), and requests whose fate is unknown. */
    private final Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> inDoubt = ConcurrentHashMap.newKeySet();
    private final Set<String> storedInDoubt = new HashSet<>();
    private final List<String> ackConflicts = new ArrayList<>();
    private final AtomicReference<String> clientFailure = new AtomicReference<>();

    private URI base;
    private Path logDir;
    private int segments;
    private long logBytes;
    private long checkedUpTo;
    private long lost;
    private long tornTailsCut;
    private long bytesCut;
    private long notStoredInDoubt;
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
                server.awaitLine(l -> l.contains(WildFlyServer.DEPLOYING) && l.contains(Deployments.WAR_NAME), BOOT_TIMEOUT);
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
                http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
                lastDeployNanos = System.nanoTime() - deployStart;
                bootNanos += System.nanoTime() - bootStart;
                checkAfterBoot(durability);
                if (kills == KILLS) {
                    break;
                }
                appendUntilKilled(server, boots, 1 + random.nextInt(MAX_ACKS_BEFORE_KILL));
                kills++;
            }
            checkWholeLog();
            server.stop();
            assertTrue(Files.exists(logDir.resolve("index/activity-index.clean")),
                    "an orderly WildFly shutdown closes the index cleanly (@PreDestroy ran)");
        } finally {
            killer.shutdownNow();
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000;
        System.out.printf("crash torture (WildFly, SIGKILL of the server JVM): kills=%d (during deployment %d, while"
                        + " appending %d), boots=%d (mean %.1f s to deployed), entries acknowledged=%d, lost=%d, in flight at"
                        + " a kill=%d (stored %d, not stored %d), torn tails cut=%d (%d bytes), verify ok after %d boots,"
                        + " log %d entries / %d bytes in %d segments, %d s, seed=%d%n",
                kills, killsDuringDeployment, kills - killsDuringDeployment, boots,
                bootNanos / 1e9 / Math.max(1, boots - killsDuringDeployment), acknowledged.size(), lost,
                storedInDoubt.size() + notStoredInDoubt, storedInDoubt.size(), notStoredInDoubt, tornTailsCut, bytesCut,
                verifications, checkedUpTo, logBytes, segments, seconds, seed);
        assertTrue(ackConflicts.isEmpty(), () -> "one sequence number acknowledged for two entries: " + ackConflicts);
        assertEquals(0, lost, "acknowledged entries lost (seed " + seed + ")");
        assertTrue(acknowledged.size() >= KILLS - killsDuringDeployment, "the clients did append");
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
                r = http.send(Http.asAdmin(HttpRequest.newBuilder(base.resolve("api/it/entries")))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(form(subject))).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // Cut off by the kill: the entry may or may not have reached the file. Never retried.
                inDoubt.add(subject);
                if (!killing.get()) {
                    clientFailure.compareAndSet(null, "append " + subject + " failed while the server was up: " + e);
                }
                return;
            } catch (InterruptedException e) {
                inDoubt.add(subject);
                return;
            }
            if (r.statusCode() != 200) {
                inDoubt.add(subject);
                clientFailure.compareAndSet(null, "append " + subject + " -> " + r.statusCode() + ": " + r.body());
                return;
            }
            // A 200 is a promise, even one that arrives after the kill was decided.
            long seq = Http.json(r.body()).getJsonNumber("seq").longValue();
            String before = acknowledged.putIfAbsent(seq, subject);
            if (before != null) {
                synchronized (ackConflicts) {
                    ackConflicts.add(seq + ": " + before + " and " + subject);
                }
            }
            enough.countDown();
        }
    }

    /** After a boot: the log is available, nothing acknowledged is missing, file and index agree. */
    private void checkAfterBoot(String durability) throws IOException {
        JsonObject health = getJson("api/health");
        assertEquals("AVAILABLE", health.getString("state"), health::toString);
        Path active = Path.of(health.getString("path"));
        assertEquals(logDir, active.getParent(), "the test talks to its own server");
        assertEquals(durability, health.getString("durability"));
        JsonObject recovery = health.getJsonObject("lastRecovery");
        assertTrue(recovery.getJsonArray("corruptSeq").isEmpty(), () -> "a crash never corrupts a complete entry: " + recovery);
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

        JsonObject verify = postJson("api/verify");
        assertTrue(verify.getJsonArray("problems").isEmpty(), verify::toString);
        assertEquals(entries, verify.getJsonNumber("entries").longValue(), "no partial or extra entry");
        assertEquals(entries, verify.getJsonNumber("indexRowsChecked").longValue(), "index == file");
        verifications++;

        long maxAcked = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        if (maxAcked > entries) {
            lost += acknowledged.keySet().stream().filter(s -> s > entries).count();
        }
        walk(checkedUpTo, entries);
        checkedUpTo = entries;
        // Whatever was in flight at the kill and is not in the file now never will be: the client did not retry.
        notStoredInDoubt += inDoubt.size();
        inDoubt.clear();
    }

    /** The whole log once more at the end: later recoveries must not have taken anything acknowledged away. */
    private void checkWholeLog() {
        Set<String> seen = new HashSet<>();
        long entries = getJson("api/health").getJsonNumber("entries").longValue();
        long missing = 0;
        Map<Long, String> found = pages(0, entries, seen);
        for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
            if (!a.getValue().equals(found.get(a.getKey()))) {
                missing++;
            }
        }
        Set<String> promised = new HashSet<>(acknowledged.values());
        for (String s : seen) {
            assertTrue(promised.contains(s) || storedInDoubt.contains(s), "an entry nobody appended: " + s);
        }
        assertEquals(0, missing, "acknowledged entries missing in the final walk over the log");
        assertEquals(checkedUpTo, entries, "the log did not change after the last check");
    }

    /** Reads entries {@code (after, upTo]}: each is acknowledged (and intact) or was in flight at a kill. */
    private void walk(long after, long upTo) {
        Map<Long, String> found = pages(after, upTo, new HashSet<>());
        for (Map.Entry<Long, String> e : found.entrySet()) {
            String subject = e.getValue();
            String promised = acknowledged.get(e.getKey());
            if (promised != null) {
                if (!promised.equals(subject)) {
                    lost++;
                }
            } else if (inDoubt.remove(subject)) {
                storedInDoubt.add(subject);
            } else {
                fail("entry " + e.getKey() + " (" + subject + ") was neither acknowledged nor in flight at a kill");
            }
        }
        for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
            if (a.getKey() > after && a.getKey() <= upTo && !found.containsKey(a.getKey())) {
                lost++;
            }
        }
    }

    /**
     * Entries {@code (after, upTo]} oldest first through the paging API: seq → subject, after checking that they are
     * numbered without gaps and that each reads back exactly as it was sent.
     */
    private Map<Long, String> pages(long after, long upTo, Set<String> subjects) {
        Map<Long, String> found = new LinkedHashMap<>();
        long expected = after + 1;
        Long cursor = after;
        while (cursor != null && expected <= upTo) {
            JsonObject page = getJson("api/entries?limit=1000&after=" + cursor);
            assertTrue(page.getJsonArray("corrupt").isEmpty(), page.getJsonArray("corrupt")::toString);
            JsonArray list = page.getJsonArray("entries");
            // A page towards newer entries lists them newest first, like every page.
            for (int i = list.size() - 1; i >= 0; i--) {
                JsonObject e = list.getJsonObject(i);
                long seq = e.getJsonNumber("seq").longValue();
                if (seq > upTo) {
                    break;
                }
                assertEquals(expected, seq, "sequence numbers are contiguous");
                expected++;
                String subject = e.getString("subject");
                assertEquals("torture", e.getString("actor"));
                assertEquals("server.crash", e.getString("action"));
                assertEquals(detail(subject), e.getString("detail"), () -> "entry " + seq + " reads back intact");
                found.put(seq, subject);
                assertTrue(subjects.add(subject), "one entry stored twice: " + subject);
            }
            JsonValue next = page.get("newerAfter");
            cursor = next == null || next.getValueType() == JsonValue.ValueType.NULL ? null : page.getJsonNumber("newerAfter").longValue();
        }
        assertEquals(upTo + 1, expected, "entries up to " + upTo + " are all readable");
        return found;
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
        return f.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private JsonObject getJson(String path) {
        return json(Http.asAdmin(HttpRequest.newBuilder(base.resolve(path))).GET(), path);
    }

    private JsonObject postJson(String path) {
        return json(Http.asAdmin(HttpRequest.newBuilder(base.resolve(path))).POST(HttpRequest.BodyPublishers.noBody()),
                path);
    }

    private JsonObject json(HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
            return Http.json(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int lastByte(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(f.length() - 1);
            return f.read();
        }
    }
}
