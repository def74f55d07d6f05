package dev.activitylog.bench;

import dev.activitylog.admin.control.ExportFormat;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.control.Verification;
import dev.activitylog.log.entity.Durability;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.ExportSink;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.testing.Bench;
import dev.activitylog.testing.TestFiles;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The whole log exported as NDJSON, against a pass that only parses and checks the file (every CRC and the hash
 * chain, no index, no output): the sequential export ({@code LogEngine.export}, what the console's unfiltered export
 * uses) and the index's keyset pages it replaced. {@code -Dbench.export.entries=N} (default 1,000,000).
 */
class ExportBenchmark {
    private static final int ENTRIES = Integer.getInteger("bench.export.entries", 1_000_000);

    @Test
    void exportReadsTheLogAtParseSpeed() throws Exception {
        Path dir = Bench.tempDir("export");
        LogConfig config = LogConfig.defaults(dir).withDurability(Durability.NONE);
        JdbcConnectionPool pool = TestIndex.pool(dir);
        try {
            try (LogEngine engine = TestIndex.start(config, pool)) {
                for (int i = 0; i < ENTRIES; i++) {
                    engine.append(NewEntry.of("user-" + (i % 1000), "order.update", "order/" + i, "x".repeat(116)));
                }
            }
            pool.dispose();
            pool = TestIndex.pool(dir);
            try (LogEngine engine = TestIndex.start(config, pool)) {
                Path file = config.file();  // the first segment: verify lists the others beside it
                double parse = ENTRIES * Bench.opsPerSecond(1, 1, (t, i) -> {
                    if (!Verification.files(file, null, null).ok()) {
                        throw new AssertionError("the log does not verify: " + Verification.files(file, null, null).summary());
                    }
                });
                double sequential = ENTRIES * Bench.opsPerSecond(1, 1, (t, i) -> sequential(engine));
                double pages = ENTRIES * Bench.opsPerSecond(1, 1, (t, i) -> pages(engine));
                Bench.Table table = new Bench.Table(String.format("Export of %,d entries (%d MB) as NDJSON, entries/s ("
                        + "%s)", ENTRIES, engine.segments().stream().mapToLong(s -> s.bytes()).sum() >> 20, Bench.machine()), "pass", "entries/s",
                        "vs parse and check only");
                table.row("parse and check only (CRC, chain; no index, no output)", parse, Bench.ratio(parse, parse));
                table.row("export, sequential read (LogEngine.export)", sequential, Bench.ratio(sequential, parse));
                table.row("export, index pages of 250 (before)", pages, Bench.ratio(pages, parse));
                table.print();
            }
        } finally {
            pool.dispose();
            TestFiles.deleteTree(dir);
        }
    }

    private static void sequential(LogEngine engine) throws IOException {
        try (Writer out = ndjson()) {
            ExportSink lines = ExportFormat.NDJSON.to(out);
            engine.export(EntryQuery.newest(1), new ExportSink() {
                @Override
                public void entry(Entry e) {
                    lines.entry(e);
                }

                @Override
                public void unreadable(long seq) {
                    throw new AssertionError("entry " + seq + " unreadable");
                }
            });
        }
    }

    private static void pages(LogEngine engine) throws IOException {
        try (Writer out = ndjson()) {
            EntryQuery q = EntryQuery.newest(250);
            for (Page p = engine.query(q); ; p = engine.query(q.before(p.nextBefore()))) {
                for (Entry e : p.entries()) {
                    out.write(ExportFormat.NDJSON.line(e));
                }
                if (p.nextBefore() == null) {
                    return;
                }
            }
        }
    }

    /** What the servlet writes through, minus the network. */
    private static Writer ndjson() {
        return new BufferedWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8),
                64 * 1024);
    }
}
