package dev.activitylog.log.control;

import dev.activitylog.log.entity.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

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

    /** What someone who can write the file but not forge the chain does: edit a field and fix the CRC. */
    static String editWithValidCrc(String line, String from, String to) {
        String payload = line.substring(0, line.lastIndexOf('\t')).replace(from, to);
        CRC32C crc = new CRC32C();
        crc.update(payload.getBytes(StandardCharsets.UTF_8));
        return payload + "\t" + String.format("%08x", crc.getValue());
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
            lines.set(4, editWithValidCrc(lines.get(4), "detail 3", "detail 9"));
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
            VerifyReport r = LogEngine.verifyFile(log.file());
            assertEquals(6L, r.firstProblem().seq());
            assertTrue(r.firstProblem().what().contains("where 5 was expected"), r.firstProblem().what());

            List<String> swapped = new ArrayList<>(original);
            swapped.set(3, original.get(4));
            swapped.set(4, original.get(3));
            write(log.file(), swapped);
            r = LogEngine.verifyFile(log.file());
            assertEquals(4L, r.firstProblem().seq());
            assertTrue(r.problems().stream().allMatch(p -> p.seq() == 3 || p.seq() == 4 || p.seq() == 5), r.problems().toString());
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
    void anIndexRowPointingElsewhereIsReported() {
        try (TestLog log = logWith(10)) {
            log.restart();
            log.sql("UPDATE entry_index SET file_offset = file_offset + 1 WHERE seq = 8");
            VerifyReport r = log.engine.verify();
            assertEquals(8L, r.firstProblem().seq());
            assertTrue(r.firstProblem().what().contains("index row points at"), r.firstProblem().what());
        }
    }
}
