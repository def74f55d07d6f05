package dev.activitylog.it;

import dev.activitylog.testing.PostgresServer;
import dev.activitylog.testing.TestFiles;
import jakarta.json.JsonObject;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two WildFly nodes, each with its own log directory and node id, deploying the same WAR against one real PostgreSQL
 * index, configured as an operator would (docs/deployment.md, "A cluster"): the driver as a module, a non-JTA
 * datasource, {@code activitylog.datasource} and {@code activitylog.node}. Clients append on both nodes at once;
 * one node is killed with SIGKILL mid-load, and while it is down the other serves its entries from the index's copy
 * of its lines; then it is started again. Each node's entries are all in the index, numbered without gaps, every
 * acknowledged one reads back, verify finds file and index in agreement, and after a clean stop each node's last
 * entry is anchored and every line copied. The servers are the test's own (standalone.sh, port offsets from 600 up).
 */
class ClusterIT {
    private static final String JNDI = "java:jboss/datasources/ActivityLogIndex";
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final int CLIENTS_PER_NODE = 2;
    private static final int ACKS_BEFORE_KILL = 60;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicReference<String> failure = new AtomicReference<>();

    /** One node: its server, log directory and what its clients were promised (seq to subject). */
    private record Node(String id, WildFlyServer server, Path logDir, Map<Long, String> acked) {
        URI base() {
            return server.baseUri();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void twoNodesAppendIntoOneIndexAndAKilledNodeComesBackWithNothingLost() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = pg.createDatabase();
        PGSimpleDataSource index = pg.dataSource(database);
        Path jbossHome = Path.of(System.getProperty("jboss.home"));
        installDriverModule(jbossHome);
        Path work = Path.of(System.getProperty("cluster.dir", "target/cluster")).toAbsolutePath();
        Files.createDirectories(work);
        Path war = work.resolve(Deployments.WAR_NAME);
        Deployments.packagedWar(TestAppendResource.class).as(ZipExporter.class).exportTo(war.toFile(), true);
        Path pristine = Path.of(System.getProperty("wildfly.it.base"));

        try (WildFlyServer serverA = WildFlyServer.prepare(jbossHome, pristine, work.resolve("a"), war, 600);
             WildFlyServer serverB = WildFlyServer.prepare(jbossHome, pristine, work.resolve("b"), war, 700)) {
            Node a = node("node-a", serverA, work.resolve("a"));
            Node b = node("node-b", serverB, work.resolve("b"));
            for (Node n : List.of(a, b)) {
                n.server().configure(datasource(pg.url(database)));
                start(n);
            }
            for (Node n : List.of(a, b)) {
                n.server().awaitStarted(BOOT);
            }

            // Both nodes take appends at once; node a is killed once it has acknowledged enough.
            CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
            AtomicBoolean killing = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (Node n : List.of(a, b)) {
                for (int c = 0; c < CLIENTS_PER_NODE; c++) {
                    String prefix = n.id() + "-c" + c;
                    CountDownLatch counted = n == a ? enough : new CountDownLatch(0);
                    Thread t = new Thread(() -> appendLoop(n, prefix, counted, killing), prefix);
                    t.start();
                    clients.add(t);
                }
            }
            assertTrue(enough.await(3, TimeUnit.MINUTES), "node a acknowledged too few appends: " + failure.get());
            killing.set(true);
            a.server().kill();
            for (Thread t : clients) {
                t.join(TimeUnit.MINUTES.toMillis(2));
                assertTrue(!t.isAlive(), t.getName() + " did not stop");
            }
            if (failure.get() != null) {
                fail(failure.get());
            }

            // Node a is down: its entries whose lines reached PostgreSQL are served by node b, checked there.
            List<Long> copied = seqs(index, "SELECT l.seq FROM index_line l JOIN index_node n ON n.node_no = l.node_no"
                    + " WHERE n.node = ? ORDER BY l.seq", a.id());
            assertTrue(!copied.isEmpty(), "node a's lines were copied while it ran");
            for (long seq : copied) {
                if (a.acked().containsKey(seq)) {
                    assertEquals(a.acked().get(seq), getJson(b, "api/entries/" + seq + "?node=node-a")
                            .getString("subject"), "node a's entry " + seq + " read on node b");
                }
            }

            start(a);
            a.server().awaitStarted(BOOT);
            for (Node n : List.of(a, b)) {
                appendOne(n, n.id() + "-after");
                checkNode(n, index);
            }
            // One merged view on either node: every entry of both, each node's numbered 1..n without a gap.
            Map<String, Long> last = Map.of(a.id(), entriesOf(a), b.id(), entriesOf(b));
            for (Node n : List.of(a, b)) {
                awaitInMergedView(b, n.id(), last.get(n.id()));
            }
            List<String> seenOnA = mergedView(a);
            assertEquals(seenOnA, mergedView(b), "the same merged view on both nodes");
            for (Node n : List.of(a, b)) {
                List<Long> seqs = seenOnA.stream().filter(s -> s.startsWith(n.id() + ":"))
                        .map(s -> Long.parseLong(s.substring(n.id().length() + 1))).sorted().toList();
                assertEquals(java.util.stream.LongStream.rangeClosed(1, last.get(n.id())).boxed().toList(), seqs,
                        n.id() + "'s entries in the merged view");
            }
            Map<Node, Long> entries = Map.of(a, entriesOf(a), b, entriesOf(b));
            a.server().stop();
            b.server().stop();
            for (Node n : List.of(a, b)) {
                // The clean stop's checkpoint names the last entry, and reaches PostgreSQL only if the datasource
                // outlives the deployment's close (jboss-web.xml's reference to it).
                assertEquals(entries.get(n), count(index, "SELECT MAX(seq) FROM index_anchor x JOIN index_node n"
                        + " ON n.node_no = x.node_no WHERE n.node = ?", n.id()), n.id() + ": last entry anchored");
                assertEquals(entries.get(n), count(index, "SELECT COUNT(DISTINCT l.seq) FROM index_line l JOIN"
                        + " index_node n ON n.node_no = l.node_no WHERE n.node = ?", n.id()), n.id() + ": every line copied");
            }
        }
    }

    /**
     * The merged view on {@code reader}, every page newest first, as {@code node:seq}; checks that times never
     * increase down the view.
     */
    private List<String> mergedView(Node reader) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        String before = null;
        java.time.Instant previous = null;
        do {
            JsonObject page = getJson(reader, "api/entries/cluster?limit=100" + (before == null ? ""
                    : "&before=" + URLEncoder.encode(before, StandardCharsets.UTF_8)));
            assertTrue(page.getJsonArray("corrupt").isEmpty(), page::toString);
            for (JsonObject e : page.getJsonArray("entries").getValuesAs(JsonObject.class)) {
                JsonObject entry = e.getJsonObject("entry");
                java.time.Instant time = java.time.Instant.parse(entry.getString("time"));
                assertTrue(previous == null || !time.isAfter(previous), "newest first: " + time + " after " + previous);
                previous = time;
                out.add(e.getString("node") + ":" + entry.getJsonNumber("seq").longValue());
            }
            before = page.getString("nextBefore", null);  // absent on the oldest page
        } while (before != null);
        return out;
    }

    /** Until node {@code node}'s entry {@code seq} is in {@code reader}'s merged view: its line is copied shortly after. */
    private void awaitInMergedView(Node reader, String node, long seq) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var entries = getJson(reader, "api/entries/cluster?limit=1&node=" + node).getJsonArray("entries");
            if (!entries.isEmpty() && entries.getJsonObject(0).getJsonObject("entry").getJsonNumber("seq")
                    .longValue() >= seq) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, node + "'s entry " + seq + " did not reach the merged view");
        }
    }

    private long entriesOf(Node n) throws IOException, InterruptedException {
        return getJson(n, "api/health").getJsonNumber("entries").longValue();
    }

    private static Node node(String id, WildFlyServer server, Path work) throws IOException {
        Path logDir = work.resolve("log");
        TestFiles.deleteTree(logDir);
        return new Node(id, server, logDir, new ConcurrentHashMap<>());
    }

    private static void start(Node n) throws Exception {
        n.server().start(Map.of("activitylog.dir", n.logDir().toString(), "activitylog.datasource", JNDI,
                "activitylog.node", n.id()));
    }

    /** Every acknowledged entry reads back; the index holds the node's entries 1..n without a gap; verify agrees. */
    private void checkNode(Node n, PGSimpleDataSource index) throws Exception {
        JsonObject health = getJson(n, "api/health");
        assertEquals("AVAILABLE", health.getString("state"), health::toString);
        long entries = health.getJsonNumber("entries").longValue();
        for (Map.Entry<Long, String> e : n.acked().entrySet()) {
            JsonObject entry = getJson(n, "api/entries/" + e.getKey());
            assertEquals(e.getValue(), entry.getString("subject"), n.id() + " entry " + e.getKey());
        }
        String rows = "FROM index_entry e JOIN index_node n ON n.node_no = e.node_no WHERE n.node = ?";
        assertEquals(entries, count(index, "SELECT COUNT(*) " + rows, n.id()), n.id() + ": a row per entry");
        assertEquals(entries, count(index, "SELECT MAX(seq) " + rows, n.id()), n.id() + ": numbered 1..n");
        JsonObject verify = postJson(n, "api/verify");
        assertTrue(verify.getJsonArray("problems").isEmpty(), verify::toString);
        assertEquals(entries, verify.getJsonNumber("indexRowsChecked").longValue(), n.id() + ": index == file");
    }

    private void appendLoop(Node n, String prefix, CountDownLatch enough, AtomicBoolean killing) {
        for (int i = 0; !killing.get(); i++) {
            try {
                appendOne(n, prefix + "-" + i);
                enough.countDown();
            } catch (IOException | RuntimeException e) {
                if (!killing.get()) {  // cut off by the kill: its fate is unknown, and it is never retried
                    failure.compareAndSet(null, n.id() + ": append failed while the node was up: " + e);
                }
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void appendOne(Node n, String subject) throws IOException, InterruptedException {
        String form = "actor=" + n.id() + "&action=cluster.append&subject=" + URLEncoder.encode(subject,
                StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(Http.asAdmin(HttpRequest.newBuilder(n.base().resolve("api/it/entries")))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("append " + subject + " -> " + r.statusCode() + ": " + r.body());
        }
        n.acked().put(Http.json(r.body()).getJsonNumber("seq").longValue(), subject);
    }

    private JsonObject getJson(Node n, String path) throws IOException, InterruptedException {
        return json(Http.asAdmin(HttpRequest.newBuilder(n.base().resolve(path))).GET(), path);
    }

    private JsonObject postJson(Node n, String path) throws IOException, InterruptedException {
        return json(Http.asAdmin(HttpRequest.newBuilder(n.base().resolve(path)))
                .POST(HttpRequest.BodyPublishers.noBody()), path);
    }

    private JsonObject json(HttpRequest.Builder request, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
        return Http.json(r.body());
    }

    private static List<Long> seqs(PGSimpleDataSource index, String sql, String node) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = index.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static long count(PGSimpleDataSource index, String sql, String node) throws SQLException {
        try (Connection c = index.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The datasource an operator adds (docs/deployment.md, "A cluster"): non-JTA, the driver module below. */
    private static List<String> datasource(String url) {
        return List.of(
                "/subsystem=datasources/jdbc-driver=postgresql:add(driver-name=postgresql,"
                        + " driver-module-name=org.postgresql, driver-class-name=org.postgresql.Driver)",
                "data-source add --name=ActivityLogIndex --jndi-name=" + JNDI + " --driver-name=postgresql"
                        + " --connection-url=" + url + " --user-name=" + PostgresServer.USER + " --jta=false"
                        + " --min-pool-size=2 --max-pool-size=20");
    }

    /** The PostgreSQL JDBC driver as a WildFly module (the jar the tests use themselves). */
    private static void installDriverModule(Path jbossHome) throws IOException, URISyntaxException {
        Path module = jbossHome.resolve("modules/org/postgresql/main");
        Files.createDirectories(module);
        Path jar = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(jar, module.resolve("postgresql.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(module.resolve("module.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <module xmlns="urn:jboss:module:1.9" name="org.postgresql">
                    <resources>
                        <resource-root path="postgresql.jar"/>
                    </resources>
                    <dependencies>
                        <module name="java.sql"/>
                        <module name="java.naming"/>
                        <module name="java.logging"/>
                        <module name="java.management"/>
                        <module name="java.security.jgss"/>
                        <module name="jakarta.transaction.api"/>
                    </dependencies>
                </module>
                """);
    }
}
