package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.config.Settings;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.Verification;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.Bench;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import jakarta.ejb.EJB;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's export of a whole log, streamed through the server over loopback HTTP, against a pass in the server
 * JVM that only parses and checks the same files (every CRC and the hash chain; no index, no output). On demand, with
 * ContainerBenchmarkIT: {@code mvn verify -Pbench-container}; {@code -Dbench.export.entries=N} (default 200,000).
 * The log is this deployment's own (MicroProfile Config, as SegmentsIT's), appended with durability NONE.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportContainerBenchmarkIT {
    private static final String SETTINGS = "export-benchmark.properties";

    @Deployment
    static WebArchive deployment() throws Exception {
        Files.deleteIfExists(resultsFile());
        String dir = Path.of(System.getProperty("it.data.dir"), "export-bench-" + System.nanoTime()).toString();
        return Deployments.packagedWar(ExportContainerBenchmarkIT.class, Bench.class, DeployedSettings.class, Http.class)
                .addAsResource(new StringAsset(String.join("\n", "config_ordinal=500", "activitylog.dir=" + dir,
                        "activitylog.durability=NONE")), "META-INF/microprofile-config.properties")
                .addAsResource(new StringAsset("entries=" + entries() + "\nresults=" + resultsFile()
                        + "\nrounds=" + Bench.ROUNDS + "\n"), SETTINGS);
    }

    @EJB
    ActivityLog log;

    @Test
    @Order(1)
    void theLogAndItsParseOnlyPassInTheServer() throws Exception {
        Properties settings = DeployedSettings.read(SETTINGS);
        long n = Long.parseLong(settings.getProperty("entries"));
        for (long i = 0; i < n; i++) {
            log.append(NewEntry.of("user-" + (i % 1000), "order.update", "order/" + i, "x".repeat(116)));
        }
        // The first segment: verify lists the others beside it.
        Path file = LogConfig.defaults(Settings.current().directory()).file();
        double parse = n * Bench.opsPerSecond(1, 1, (t, i) -> assertTrue(Verification.files(file, null, null).ok()));
        Properties results = new Properties();
        results.setProperty("parse", Double.toString(parse));
        results.setProperty("machine", Bench.machine());
        results.setProperty("bytes", Long.toString(log.segments().stream().mapToLong(s -> s.bytes()).sum()));
        try (OutputStream out = Files.newOutputStream(Path.of(settings.getProperty("results")))) {
            results.store(out, "ExportContainerBenchmarkIT, server side");
        }
    }

    @Test
    @Order(2)
    @RunAsClient
    void theExportThroughTheServerAndTheTable() throws Exception {
        Properties server = new Properties();
        try (InputStream in = Files.newInputStream(resultsFile())) {
            server.load(in);
        }
        long n = entries();
        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        double export = n * Bench.opsPerSecond(1, 1, (t, i) -> {
            HttpResponse<String> r = admin.get("admin/export?format=ndjson");
            assertEquals(200, r.statusCode());
            assertEquals(n, r.body().lines().count(), "every entry, once");
        });
        double parse = Double.parseDouble(server.getProperty("parse"));
        Bench.Table table = new Bench.Table(String.format("Export of %,d entries (%d MB) through the server, NDJSON"
                + " over loopback HTTP (entries/s; server: %s)", n, Long.parseLong(server.getProperty("bytes")) >> 20,
                server.getProperty("machine")), "pass", "entries/s", "vs parse and check only");
        table.row("parse and check only, in the server JVM (Verification.files)", parse, Bench.ratio(parse, parse));
        table.row("GET /admin/export?format=ndjson, the whole log", export, Bench.ratio(export, parse));
        table.print();
    }

    private static long entries() {
        return Long.getLong("bench.export.entries", 200_000);
    }

    private static Path resultsFile() {
        return Path.of(System.getProperty("it.data.dir", "target/it-data")).resolve("export-benchmark.properties")
                .toAbsolutePath();
    }
}
