package dev.activitylog.it;

import dev.activitylog.testing.TestFiles;
import dev.activitylog.testing.TestIndex;
import dev.activitylog.testing.Bench;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.boundary.ContainerLock;
import dev.activitylog.log.config.Settings;
import dev.activitylog.log.control.Appended;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.NewEntry;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.json.JsonObject;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the container adds, on WildFly, in one run: appends (1 and 8 threads) and reads by sequence number (1 and 8
 * threads) through (a) a {@link LogEngine} opened inside the server JVM in a new directory next to the deployed log
 * (same file system), configured as the deployed bean configures its own (same durability, from {@link Settings}:
 * {@code -Dactivitylog.durability} of the server, GROUP by default; same checkpoints; the container's thread
 * factory), (b) the {@code @Local} EJB
 * {@link ActivityLog} (container locks, interceptors, validation, transaction suspension), between them (a') the
 * engine of (a) through {@link ContainerLock} alone, and (c) the REST API over
 * HTTP on loopback from the test JVM (HTTP Basic, JAX-RS, JSON; appends through the test-only endpoint
 * {@link TestAppendResource}, as the main WAR's API is read-only). Entries are {@link Bench#ENTRY_256}.
 * <p>
 * Not part of {@code mvn verify}: failsafe excludes it; {@code mvn verify -Pbench-container} runs it alone (see
 * pom.xml and docs/benchmarks.md). Prints one Markdown table, entries/s with the ratio to (a). Sizes:
 * {@code -Dbench.rounds} (9 rounds after a warm-up), {@code -Dbench.container.appends} (appends per round, 6,000)
 * and {@code -Dbench.container.reads} (reads per round in the server JVM, 20,000); over HTTP a tenth of each.
 * <p>
 * (a), (a') and (b) are measured column by column, a round of each in turns; (c) after them, from the client. The
 * server-side figures reach the client through a file in failsafe's it.data.dir (the in-container test cannot return
 * values); the client-side test runs after it, measures HTTP and prints the table.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerBenchmarkIT {
    private static final String SETTINGS = "container-benchmark.properties";
    private static final int MANY = 8;
    static final String[] COLUMNS = {"append1", "append8", "read1", "read8"};

    /** Runs on the client: the failsafe and command-line properties reach the server through the archive. */
    @Deployment
    static WebArchive deployment() throws IOException {
        // A failed server side must not leave the figures of an earlier run for the client side to print.
        Files.deleteIfExists(resultsFile());
        Properties p = sizes();
        p.setProperty("results", resultsFile().toString());
        StringBuilder text = new StringBuilder();
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return Deployments.packagedWar(ContainerBenchmarkIT.class, ContainerTarget.class, TestAppendResource.class,
                        Http.class, Bench.class, DeployedSettings.class, TestIndex.class, TestFiles.class)
                .addAsResource(new StringAsset(text.toString()), SETTINGS);
    }

    @EJB
    ActivityLog log;

    /** The container's lock alone: the engine of (a) called through it, as ActivityLog calls the deployed one. */
    @EJB
    ContainerLock containerLock;

    @Resource
    ManagedThreadFactory threadFactory;

    /** (a) and (b), in the server JVM; saves their figures and the range of sequence numbers (b) appended. */
    @Test
    @Order(1)
    void engineAndEjbInTheServer() throws Exception {
        Properties settings = DeployedSettings.read(SETTINGS);
        int rounds = Integer.parseInt(settings.getProperty("rounds"));
        long appends = Long.parseLong(settings.getProperty("appends"));
        long reads = Long.parseLong(settings.getProperty("reads"));
        Settings deployed = Settings.current();
        Properties results = new Properties();
        results.setProperty("durability", deployed.durability().name());
        results.setProperty("machine", Bench.machine());
        // "wildfly-39.0.1.Final": the server's own directory names its version.
        Path home = Path.of(System.getProperty("jboss.home.dir", "WildFly"));
        results.setProperty("server", String.valueOf(home.getFileName()));

        // Next to the deployed log, so both sides fsync on the same file system (/tmp may be a tmpfs).
        Path dir = Files.createTempDirectory(deployed.directory().toAbsolutePath().getParent(), "bench-engine-");
        JdbcConnectionPool pool = TestIndex.pool(dir);
        LogConfig config = LogConfig.defaults(dir)
                .withDurability(deployed.durability())
                .withThreads(threadFactory)
                .withCheckpoints(Settings.CHECKPOINT_EVERY, deployed.checkpointKey());
        try (LogEngine engine = TestIndex.start(config, pool)) {
            // The deployed engine's index rows below a batch wait for its maintenance timer (every 10 s); this one's
            // for a call to maintain(), which the deployed bean makes under its WRITE lock.
            ContainerTarget direct = new ContainerTarget(e -> engine.append(e).seq(),
                    seq -> engine.read(seq).isPresent(),
                    () -> {
                        engine.maintain();
                        return engine.health().indexLag();
                    });
            ContainerTarget locked = new ContainerTarget(e -> {
                Appended a = containerLock.append(engine, e);
                a.awaitDurable();
                return a.entry().seq();
            }, seq -> containerLock.read(engine, seq).isPresent(), direct.indexLag);
            ContainerTarget ejb = new ContainerTarget(e -> log.append(e).seq(), seq -> log.read(seq).isPresent(),
                    () -> log.health().indexLag());
            measure(rounds, threadFactory, appends, reads, direct, locked, ejb);
            put(results, "engine", direct.opsPerSecond);
            put(results, "lock", locked.opsPerSecond);
            put(results, "ejb", ejb.opsPerSecond);
            results.setProperty("ejb.firstSeq", Long.toString(ejb.first.get()));
            results.setProperty("ejb.lastSeq", Long.toString(ejb.last.get()));
        } finally {
            pool.dispose();
            TestFiles.deleteTree(dir);
        }

        Path file = Path.of(settings.getProperty("results"));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            results.store(out, "ContainerBenchmarkIT, server side");
        }
    }

    /** (c) over HTTP from this JVM, then the table of all three. */
    @Test
    @Order(2)
    @RunAsClient
    void restApiOverHttpAndTheTable() throws Exception {
        Properties server = new Properties();
        try (InputStream in = Files.newInputStream(resultsFile())) {
            server.load(in);
        }
        Properties sizes = sizes();
        int rounds = Integer.parseInt(sizes.getProperty("rounds"));
        long appends = Long.parseLong(sizes.getProperty("appends")) / 10;
        long reads = Long.parseLong(sizes.getProperty("reads")) / 10;
        Map<String, String> form = new LinkedHashMap<>();
        NewEntry e256 = Bench.ENTRY_256;
        form.put("actor", e256.actor());
        form.put("action", e256.action());
        form.put("subject", e256.subject());
        form.put("detail", e256.detail());
        String body = Http.form(form);
        long firstSeq = Long.parseLong(server.getProperty("ejb.firstSeq"));
        long lastSeq = Long.parseLong(server.getProperty("ejb.lastSeq"));
        ContainerTarget rest = new ContainerTarget(e -> {
            HttpResponse<String> r = Http.post("api/it/entries", body);
            assertEquals(200, r.statusCode(), r::body);
            return Http.json(r.body()).getJsonNumber("seq").longValue();
        }, seq -> Http.get("api/entries/" + seq).statusCode() == 200, () -> {
            JsonObject health = Http.getJson("api/health");
            return health.getJsonNumber("entries").longValue() - health.getJsonNumber("indexed").longValue();
        });
        // Reads spread over what (b) appended, as (b) read them: the same entries of the same log.
        rest.readRange = new long[]{firstSeq, lastSeq};
        measure(rounds, Executors.defaultThreadFactory(), appends, reads, rest);

        double[] engine = get(server, "engine");
        double[] ejb = get(server, "ejb");
        Bench.Table table = new Bench.Table("Through the container, " + server.getProperty("server").strip()
                + ", durability " + server.getProperty("durability") + ", 256-byte entries (operations/s and ratio to"
                + " the engine; server: " + server.getProperty("machine") + ")",
                "path", "append, 1 thread", "append, 8 threads", "read by seq, 1 thread", "read by seq, 8 threads");
        table.row(cells("(a) LogEngine in the server JVM", engine, engine));
        table.row(cells("(a') the same engine through ContainerLock (the container's lock alone)", get(server, "lock"),
                engine));
        table.row(cells("(b) @EJB ActivityLog (@Local)", ejb, engine));
        table.row(cells("(c) REST over HTTP, loopback (POST api/it/entries, GET api/entries/{seq})",
                rest.opsPerSecond, engine));
        table.print();
    }

    /**
     * Each column for every target in turns ({@link Bench#inTurns}), so a machine whose load or fsync cost changes
     * shifts them together: appends with 1 and 8 threads, then, once every target's index has caught up, reads by
     * sequence number with 1 and 8 threads.
     */
    private static void measure(int rounds, ThreadFactory threads, long appends, long reads, ContainerTarget... targets)
            throws Exception {
        for (int c = 0; c < COLUMNS.length; c++) {
            if (c == 2) {
                for (ContainerTarget target : targets) {
                    target.awaitIndexed();
                }
            }
            int callers = c % 2 == 0 ? 1 : MANY;
            long total = c < 2 ? appends : reads;
            Bench.Op[] ops = new Bench.Op[targets.length];
            for (int k = 0; k < targets.length; k++) {
                ops[k] = targets[k].op(c);
            }
            double[] medians = Bench.inTurns(rounds, threads, callers, total / callers, ops);
            for (int k = 0; k < targets.length; k++) {
                targets[k].opsPerSecond[c] = medians[k];
            }
        }
    }

    private static Object[] cells(String name, double[] values, double[] engine) {
        Object[] row = new Object[values.length + 1];
        row[0] = name;
        for (int c = 0; c < values.length; c++) {
            row[c + 1] = Bench.cell(values[c]) + " (" + Bench.ratio(values[c], engine[c]) + ")";
        }
        return row;
    }

    private static void put(Properties p, String prefix, double[] values) {
        for (int c = 0; c < COLUMNS.length; c++) {
            p.setProperty(prefix + "." + COLUMNS[c], Double.toString(values[c]));
        }
    }

    private static double[] get(Properties p, String prefix) {
        double[] values = new double[COLUMNS.length];
        for (int c = 0; c < COLUMNS.length; c++) {
            values[c] = Double.parseDouble(p.getProperty(prefix + "." + COLUMNS[c]));
        }
        return values;
    }

    /** The sizes of a run, from the command line (client side). */
    private static Properties sizes() {
        Properties p = new Properties();
        p.setProperty("rounds", System.getProperty("bench.rounds", "9"));
        p.setProperty("appends", System.getProperty("bench.container.appends", "6000"));
        p.setProperty("reads", System.getProperty("bench.container.reads", "20000"));
        return p;
    }

    /** Next to the IT log (failsafe's it.data.dir), which the server and this JVM both reach. */
    private static Path resultsFile() {
        return Path.of(System.getProperty("it.data.dir", "target/it-data")).resolve("container-benchmark.properties")
                .toAbsolutePath();
    }

}
