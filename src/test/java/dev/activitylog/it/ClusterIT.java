package dev.activitylog.it;

import dev.activitylog.testing.PostgresServer;
import jakarta.json.JsonObject;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.URLEncoder;
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
 * acknowledged one reads back, verify finds file and index in agreement, both nodes show the same merged view (the
 * REST API, and node b's console and merged export: {@link ClusterConsole}), and after a clean stop each node's last
 * entry is anchored and every line copied. The servers are the test's own (standalone.sh, port offsets from 600 up;
 * {@link ClusterNode}).
 */
class ClusterIT {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final int CLIENTS_PER_NODE = 2;
    private static final int ACKS_BEFORE_KILL = 60;

    private final AtomicReference<String> failure = new AtomicReference<>();

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
            ClusterNode a = ClusterNode.fresh("node-a", serverA, work.resolve("a"));
            ClusterNode b = ClusterNode.fresh("node-b", serverB, work.resolve("b"));
            for (ClusterNode n : List.of(a, b)) {
                n.server().configure(datasource(pg.url(database)));
                n.start();
            }
            for (ClusterNode n : List.of(a, b)) {
                n.server().awaitStarted(BOOT);
            }

            // Both nodes take appends at once; node a is killed once it has acknowledged enough.
            CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
            AtomicBoolean killing = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (ClusterNode n : List.of(a, b)) {
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
                    assertEquals(a.acked().get(seq), b.getJson("api/entries/" + seq + "?node=node-a")
                            .getString("subject"), "node a's entry " + seq + " read on node b");
                }
            }

            a.start();
            a.server().awaitStarted(BOOT);
            for (ClusterNode n : List.of(a, b)) {
                n.appendOne(n.id() + "-after");
                checkNode(n, index);
            }
            // One merged view on either node: every entry of both, each node's numbered 1..n without a gap.
            Map<String, Long> last = Map.of(a.id(), a.entries(), b.id(), b.entries());
            for (ClusterNode n : List.of(a, b)) {
                awaitInMergedView(b, n.id(), last.get(n.id()));
            }
            List<String> seenOnA = mergedView(a);
            assertEquals(seenOnA, mergedView(b), "the same merged view on both nodes");
            for (ClusterNode n : List.of(a, b)) {
                List<Long> seqs = seenOnA.stream().filter(s -> s.startsWith(n.id() + ":"))
                        .map(s -> Long.parseLong(s.substring(n.id().length() + 1))).sorted().toList();
                assertEquals(java.util.stream.LongStream.rangeClosed(1, last.get(n.id())).boxed().toList(), seqs,
                        n.id() + "'s entries in the merged view");
            }
            ClusterConsole.check(b, a, last);
            Map<ClusterNode, Long> entries = Map.of(a, a.entries(), b, b.entries());
            a.server().stop();
            b.server().stop();
            for (ClusterNode n : List.of(a, b)) {
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
    private List<String> mergedView(ClusterNode reader) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        String before = null;
        java.time.Instant previous = null;
        do {
            JsonObject page = reader.getJson("api/entries/cluster?limit=100" + (before == null ? ""
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
    private void awaitInMergedView(ClusterNode reader, String node, long seq) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var entries = reader.getJson("api/entries/cluster?limit=1&node=" + node).getJsonArray("entries");
            if (!entries.isEmpty() && entries.getJsonObject(0).getJsonObject("entry").getJsonNumber("seq")
                    .longValue() >= seq) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, node + "'s entry " + seq + " did not reach the merged view");
        }
    }

    /** Every acknowledged entry reads back; the index holds the node's entries 1..n without a gap; verify agrees. */
    private void checkNode(ClusterNode n, PGSimpleDataSource index) throws Exception {
        JsonObject health = n.getJson("api/health");
        assertEquals("AVAILABLE", health.getString("state"), health::toString);
        long entries = health.getJsonNumber("entries").longValue();
        for (Map.Entry<Long, String> e : n.acked().entrySet()) {
            JsonObject entry = n.getJson("api/entries/" + e.getKey());
            assertEquals(e.getValue(), entry.getString("subject"), n.id() + " entry " + e.getKey());
        }
        String rows = "FROM index_entry e JOIN index_node n ON n.node_no = e.node_no WHERE n.node = ?";
        assertEquals(entries, count(index, "SELECT COUNT(*) " + rows, n.id()), n.id() + ": a row per entry");
        assertEquals(entries, count(index, "SELECT MAX(seq) " + rows, n.id()), n.id() + ": numbered 1..n");
        JsonObject verify = n.postJson("api/verify");
        assertTrue(verify.getJsonArray("problems").isEmpty(), verify::toString);
        assertEquals(entries, verify.getJsonNumber("indexRowsChecked").longValue(), n.id() + ": index == file");
    }

    private void appendLoop(ClusterNode n, String prefix, CountDownLatch enough, AtomicBoolean killing) {
        for (int i = 0; !killing.get(); i++) {
            try {
                n.appendOne(prefix + "-" + i);
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
                "data-source add --name=ActivityLogIndex --jndi-name=" + ClusterNode.JNDI + " --driver-name=postgresql"
                        + " --connection-url=" + url + " --user-name=" + PostgresServer.USER + " --jta=false"
                        + " --min-pool-size=2 --max-pool-size=20");
    }

    /** The PostgreSQL JDBC driver as a WildFly module (the jar the tests use themselves). */
    private static void installDriverModule(Path jbossHome) throws IOException {
        Path module = jbossHome.resolve("modules/org/postgresql/main");
        Files.createDirectories(module);
        Files.copy(PostgresServer.driverJar(), module.resolve("postgresql.jar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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
