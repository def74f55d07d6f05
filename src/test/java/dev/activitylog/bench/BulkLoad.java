package dev.activitylog.bench;

import dev.activitylog.log.config.Settings;
import dev.activitylog.log.control.HeaderLine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Outcome;
import dev.activitylog.log.control.LineCodec;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Durability;
import org.h2.jdbcx.JdbcDataSource;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;

/**
 * Test-only bulk loader for benchmarks (docs/benchmarks.md): writes N synthetic entries, spread over the last 30 days,
 * with the engine's line codec (checksums and hash chain as the engine writes them) into an empty log directory, then
 * lets the engine's recovery build the embedded index, so a server started with {@code -Dactivitylog.dir=DIR} opens
 * it as is. Not part of the WAR.
 * <p>
 * Data: 1,000 actors (user-0000..), 20 actions, subjects like {@code order/123}, details of 40-200 characters.
 * Every 100,000th entry has actor {@code rare-actor} and a detail containing {@code needle}, for the filter figures.
 * <p>
 * Usage: {@code java -cp target/test-classes:target/classes:H2_JAR dev.activitylog.bench.BulkLoad DIR [COUNT]}
 */
public final class BulkLoad {
    private static final String[] ACTIONS = {"order.create", "order.cancel", "order.ship", "invoice.send",
            "invoice.pay", "user.login", "user.logout", "user.update", "user.role.grant", "user.role.revoke",
            "doc.create", "doc.edit", "doc.delete", "doc.share", "report.run", "report.export", "payment.refund",
            "settings.change", "api.key.create", "api.key.revoke"};
    private static final String[] WORDS = {"customer", "asked", "by", "phone", "ticket", "approved", "batch", "retry",
            "manual", "change", "requested", "via", "portal", "audit", "review", "quarterly", "invoice", "address",
            "updated", "for", "team", "north", "south", "priority", "normal"};

    private BulkLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        long count = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        Files.createDirectories(dir);
        Path file = dir.resolve(LogConfig.DEFAULT_FILE_NAME);
        Random random = new Random(42);
        long start = System.nanoTime();
        if (Files.exists(file)) {
            System.out.println(file + " exists: indexing it only");
        } else {
            write(file, count, random);
        }
        System.out.printf("file: %,d bytes, %.1f s%n", Files.size(file), (System.nanoTime() - start) / 1e9);
        // The index: the engine's startup recovery indexes what the file holds and the index lacks.
        // DB_CLOSE_DELAY=-1: without a pool, H2 would close the database whenever the engine closes its last
        // connection (after each index batch) and compact the store on every close: hours for 1M rows. The engine's
        // SHUTDOWN on close still closes it cleanly.
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(Settings.embeddedIndexUrl(dir) + ";DB_CLOSE_DELAY=-1");
        LogConfig config = LogConfig.defaults(dir).withDurability(Durability.NONE)
                .withEmbeddedIndex(Settings.embeddedIndexFile(dir));
        long recovery = System.nanoTime();
        try (LogEngine engine = LogEngine.start(config, ds)) {
            System.out.printf("recovered and indexed in %.1f s: %s%n", (System.nanoTime() - recovery) / 1e9,
                    engine.health());
        }
    }

    private static void write(Path file, long count, Random random) throws java.io.IOException {
        // The file directly, through the engine's own codec (appending one by one through the engine commits the
        // index every 256 entries, which took hours for a million on a busy 2-core machine).
        Instant first = LineCodec.truncate(Instant.now().minus(Duration.ofDays(30)));
        long stepMicros = Duration.ofDays(30).toNanos() / 1000 / count;
        byte[] seed = new byte[LineCodec.HASH_BYTES];
        random.nextBytes(seed);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 20)) {
            out.write(new HeaderLine(first, seed).encode());
            byte[] previous = seed;
            for (long i = 1; i <= count; i++) {
                boolean rare = i % 100_000 == 0;
                String actor = rare ? "rare-actor" : String.format("user-%04d", random.nextInt(1000));
                String action = ACTIONS[random.nextInt(ACTIONS.length)];
                String subject = action.substring(0, action.indexOf('.')) + "/" + random.nextInt(1_000_000);
                StringBuilder detail = new StringBuilder();
                int words = 6 + random.nextInt(24);
                for (int w = 0; w < words; w++) {
                    detail.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                if (rare) {
                    detail.append(" needle ").append(i);
                }
                Instant time = first.plus(i * stepMicros, ChronoUnit.MICROS);
                LineCodec.Encoded enc = LineCodec.encodeEntry(LineCodec.CURRENT, new Entry(i, time, actor, action, subject,
                        detail.toString(), Outcome.SUCCESS, "", "", null), previous);
                out.write(enc.line());
                previous = enc.hash();
            }
        }
    }
}
