package dev.activitylog.log.control;

import dev.activitylog.testing.Tamper;
import dev.activitylog.log.entity.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyTest {
    @TempDir
    Path dir;

    /** The file as lines (LF dropped), header first. */
    private static List<String> lines(Path file) throws Exception {
        return new ArrayList<>(Arrays.asList(Files.readString(file, StandardCharsets.UTF_8).split("\n")));
    }

    private static void write(Path file, List<String> lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private TestLog logWith(int entries) {
        TestLog log = new TestLog(dir);
        log.appendMany(entries, "alice");
        return log;
    }

    @Test
    void anIntactLogVerifiesWithEveryIndexRow() {
        try (TestLog log = logWith(700)) {
            VerifyReport r = log.engine.verify();
            assertTrue(r.ok(), r.summary());
            assertEquals(700, r.entries());
            assertEquals(700, r.indexRowsChecked(), "rows in the index and rows still in memory");
        }
    }

    @Test
    void anEditWithARecomputedChecksumBreaksTheChainAtThatEntry() throws Exception {
        try (TestLog log = logWith(10)) {
            log.stop();
            List<String> lines = lines(log.file());
            lines.set(4, Tamper.editWithValidCrc(lines.get(4), "detail 3", "detail 9"));
            write(log.file(), lines);
            log.open();
            VerifyReport r = log.engine.verify();
            assertEquals(1, r.problems().size(), r.problems().toString());
            assertEquals(4L, r.firstProblem().seq());
            assertTrue(r.firstProblem().what().contains("hash chain broken"), r.firstProblem().what());
            assertEquals("detail 9", log.engine.read(4).orElseThrow().detail(), "the CRC alone cannot tell");
        }
    }

    @Test
    void aDeletedEntryAndSwappedEntriesAreNamed() throws Exception {
        try (TestLog log = logWith(10)) {
            log.stop();
            List<String> original = lines(log.file());

            List<String> deleted = new ArrayList<>(original);
            deleted.remove(5);
            write(log.file(), deleted);
            VerifyReport r = Verification.files(log.file(), null, null);
            assertEquals(6L, r.firstProblem().seq());
            assertTrue(r.firstProblem().what().contains("where 5 was expected"), r.firstProblem().what());

            List<String> swapped = new ArrayList<>(original);
            swapped.set(3, original.get(4));
            swapped.set(4, original.get(3));
            write(log.file(), swapped);
            r = Verification.files(log.file(), null, null);
            assertEquals(4L, r.firstProblem().seq());
            assertTrue(r.problems().stream().allMatch(p -> p.seq() == 3 || p.seq() == 4 || p.seq() == 5), r.problems().toString());
        }
    }

    @Test
    void aForgedEntryInsertedWithAValidChecksumIsNamed() throws Exception {
        try (TestLog log = logWith(10)) {
            log.stop();
            List<String> lines = lines(log.file());
            // A plausible entry 6 (right format, right CRC) slipped in before the real one.
            String forged = Tamper.editWithValidCrc(lines.get(6), "detail 5", "detail 5 (approved by mallory)");
            lines.add(6, forged);
            write(log.file(), lines);
            VerifyReport r = Verification.files(log.file(), null, null);
            assertEquals(6L, r.firstProblem().seq(), r.problems().toString());
            assertTrue(r.firstProblem().what().contains("hash chain broken"), r.firstProblem().what());
            assertTrue(r.problems().stream().anyMatch(p -> p.what().contains("sequence number 6 where 7 was expected")),
                    r.problems().toString());
        }
    }

    @Test
    void aFlippedBitIsReportedAndTheEntryMarkedCorrupt() throws Exception {
        try (TestLog log = logWith(10)) {
            log.stop();
            byte[] b = log.bytes();
            int line7 = 0;
            for (int i = 0, n = 0; n < 7; i++) {
                if (b[i] == '\n') {
                    n++;
                    line7 = i + 1;
                }
            }
            b[line7 + 25] ^= 0x10;
            Files.write(log.file(), b);
            log.open();
            VerifyReport r = log.engine.verify();
            assertEquals(7L, r.firstProblem().seq());
            assertTrue(r.firstProblem().what().startsWith("unreadable"), r.firstProblem().what());
            assertEquals(List.of(7L), log.engine.health().corruptSeq());
        }
    }

    @Test
    void aDamagedRegionAcrossTwoEntriesNamesBothAndBlamesNoIntactEntry() throws Exception {
        try (TestLog log = logWith(20)) {
            log.stop();
            byte[] b = log.bytes();
            long[] starts = TestLog.lineStarts(b);  // starts[k]: where entry k begins (line 0 is the header)
            // From the middle of entry 10 to the middle of entry 11: the line feed between them is gone.
            int from = (int) (starts[10] + starts[11]) / 2;
            int to = (int) (starts[11] + starts[12]) / 2;
            Arrays.fill(b, from, to, (byte) 'x');
            Files.write(log.file(), b);
            log.open();
            assertEquals(List.of(10L, 11L), log.engine.query(dev.activitylog.log.entity.EntryQuery.newest(50)).corrupt()
                    .stream().sorted().toList(), "pages say 10..11");

            VerifyReport r = log.engine.verify();
            assertEquals(List.of(10L, 11L), r.problems().stream().map(VerifyReport.Problem::seq).toList(),
                    r.problems().toString());
            assertTrue(r.problems().stream().allMatch(p -> p.what().contains("damaged region")), r.problems().toString());
            assertTrue(r.problems().stream().noneMatch(p -> p.what().contains("removed, inserted or reordered")),
                    r.problems().toString());
        }
    }

    @Test
    void anIndexRowPointingElsewhereIsReported() {
        try (TestLog log = logWith(10)) {
            log.restart();
            log.editRows(r -> r.seq() == 8 ? new IndexRow(r.seq(), r.offset() + 1, r.length(), r.tsMicros(), r.actor(), r.action(), r.outcome(), r.correlation()) : r);
            VerifyReport r = log.engine.verify();
            assertEquals(8L, r.firstProblem().seq());
            assertTrue(r.firstProblem().what().contains("index row points at"), r.firstProblem().what());
        }
    }

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private TestLog checkpointed(int entries) {
        TestLog log = new TestLog(dir, LogConfig.defaults(dir).withCheckpoints(100, KEY), java.nio.channels.FileChannel::open);
        log.appendMany(entries, "alice");
        return log;
    }

    @Test
    void checkpointsAreWrittenEveryNEntriesAndAtCloseAndVerifyWithTheKey() throws Exception {
        try (TestLog log = checkpointed(250)) {
            log.stop();
            List<String> lines = lines(log.file());
            assertEquals(List.of(100L, 200L, 250L), lines.stream().filter(l -> l.startsWith("#checkpoint\t"))
                    .map(l -> Long.parseLong(l.split("\t")[1].substring(4))).toList(), "every 100 entries and at close");
            VerifyReport r = Verification.files(log.file(), null, KEY);
            assertTrue(r.ok() && r.authenticated() && r.lastCheckpoint() == 250 && r.checkpoints() == 3, r.summary());
            log.open();
            VerifyReport live = log.engine.verify();
            assertTrue(live.ok() && live.lastCheckpoint() == 250, live.summary());
            assertEquals(250, live.entries(), "checkpoint lines are not entries");
        }
    }

    @Test
    void aReChainedForgeryIsCaughtByTheAuthenticatedCheckpoint() throws Exception {
        try (TestLog log = checkpointed(250)) {
            log.stop();
            // The forger rewrites entry 150 and everything after it, recomputing every CRC and every chain hash,
            // and the checkpoints' hashes; without the key the MACs stay as they were.
            List<String> lines = lines(log.file());
            byte[] head = null;
            List<String> forged = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("#activity-log")) {
                    head = java.util.HexFormat.of().parseHex(line.split("\t")[3].substring("chain-seed=".length()));
                    forged.add(line);
                } else if (line.startsWith("#checkpoint")) {
                    String[] f = line.split("\t");
                    forged.add(Tamper.withCrc(f[0] + "\t" + f[1] + "\thash=" + java.util.HexFormat.of().formatHex(head) + "\t" + f[3] + "\t" + f[4]));
                } else {
                    String[] f = line.split("\t");
                    String body = String.join("\t", java.util.Arrays.copyOf(f, f.length - 2));  // up to the hash
                    if (Long.parseLong(f[0]) >= 150) {
                        body = body.replace("detail", "forged");
                    }
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    head = LineCodec.chain(head, b, 0, b.length);
                    forged.add(Tamper.withCrc(body + "\t" + java.util.HexFormat.of().formatHex(head)));
                }
            }
            write(log.file(), forged);
            VerifyReport unkeyed = Verification.files(log.file(), null, null);
            assertTrue(unkeyed.ok(), "without the key a consistent re-chained file cannot be told apart: " + unkeyed.summary());
            VerifyReport keyed = Verification.files(log.file(), null, KEY);
            assertEquals(200L, keyed.firstProblem().seq(), keyed.problems().toString());
            assertTrue(keyed.firstProblem().what().contains("MAC is wrong"), keyed.firstProblem().what());
            assertEquals(100, keyed.lastCheckpoint(), "entries up to the last good checkpoint are proven");
        }
    }

    @Test
    void aTruncatedLogIsCaughtByTheCheckpointTheIndexKept() throws Exception {
        try (TestLog log = checkpointed(250)) {
            log.engine.maintain();  // the index records the last checkpoint
            log.stop();
            List<String> lines = lines(log.file());
            int cut = lines.indexOf(lines.stream().filter(l -> l.startsWith("201\t")).findFirst().orElseThrow());
            write(log.file(), lines.subList(0, cut));  // entries 201..250 and the closing checkpoint are gone
            assertTrue(Verification.files(log.file(), null, KEY).ok(), "the file alone cannot show what is missing at its end");
            log.open();
            VerifyReport r = log.engine.verify();
            assertEquals(250L, r.firstProblem().seq(), r.problems().toString());
            assertTrue(r.firstProblem().what().contains("truncated"), r.firstProblem().what());
        }
    }
}
