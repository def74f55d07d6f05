package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A log written by a version 1 build, opened and appended to by this one (docs/file-format.md, "Where version 2 begins"). */
class MixedVersionsTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.000006Z");
    private static final byte[] SEED = new byte[LineCodec.HASH_BYTES];

    @TempDir
    Path dir;

    static {
        Arrays.fill(SEED, (byte) 7);
    }

    /** activity.log as a version 1 build leaves it: a v1 header and {@code n} v1 entries. */
    private Path v1Log(int n) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new HeaderLine(T, SEED).withVersion(1).encode());
        byte[] hash = SEED;
        for (int seq = 1; seq <= n; seq++) {
            LineCodec.Encoded e = Lines.v1(seq, T, "old", "v1.act", "s" + seq, "written by version 1", hash);
            file.writeBytes(e.line());
            hash = e.hash();
        }
        Path log = dir.resolve("activity.log");
        Files.write(log, file.toByteArray());
        return log;
    }

    private static int version(Path segment) throws IOException, FormatException {
        byte[] b = Files.readAllBytes(segment);
        int lf = 0;
        while (b[lf] != '\n') {
            lf++;
        }
        return HeaderLine.decode(b, 0, lf).version();
    }

    @Test
    void aVersion1LogIsReadRolledAtTheFirstAppendAndVerifiedAcrossBothVersions() throws Exception {
        Path first = v1Log(3);
        byte[] v1Bytes = Files.readAllBytes(first);
        try (TestLog log = new TestLog(dir)) {
            Entry old = log.engine.read(2).orElseThrow();
            assertEquals("s2", old.subject());
            assertNull(old.outcome(), "a version 1 entry's outcome is unknown");
            assertEquals("", old.correlation());

            Entry appended = log.engine.append(NewEntry.of("new", "v2.act", "x", "y").withCorrelation("trace-1")
                    .withAttribute("k", "a=b,c"));
            assertEquals(4, appended.seq());
            Path second = dir.resolve(Segments.name(4));
            assertTrue(Files.exists(second), "the first version 2 entry starts a new segment");
            assertEquals(1, version(first));
            assertEquals(2, version(second));
            byte[] sealed = Files.readAllBytes(first);
            assertArrayEquals(v1Bytes, Arrays.copyOf(sealed, v1Bytes.length), "the v1 entries are left as they were");
            assertTrue(new String(sealed, v1Bytes.length, sealed.length - v1Bytes.length, StandardCharsets.UTF_8)
                    .startsWith("#checkpoint\tseq=3\t"), "only the sealing checkpoint follows them");

            log.engine.append(NewEntry.of("new", "v2.act", "", "").withOutcome("FAILURE:java.io.IOException"));
            assertEquals("FAILURE:java.io.IOException", log.engine.read(5).orElseThrow().outcome());
            assertEquals(Map.of("k", "a=b,c"), log.engine.read(4).orElseThrow().attributes());
            assertEquals("v1.act", log.engine.read(1).orElseThrow().action(), "old entries still read after the roll");

            VerifyReport live = log.engine.verify();
            assertTrue(live.ok(), live.problems().toString());
            assertEquals(5, live.entries());
            log.stop();
            VerifyReport files = Verification.files(first, null, null);
            assertTrue(files.ok(), files.problems().toString());
            assertEquals(5, files.entries());
            log.open();
        }
    }

    @Test
    void aTornVersion2TailAfterVersion1SegmentsIsCutAndNothingAcknowledgedIsLost() throws Exception {
        v1Log(2);
        try (TestLog log = new TestLog(dir)) {
            log.engine.append(NewEntry.of("new", "a", "", "").withOrigin("203.0.113.7 node-1"));
            log.crash();
            Path active = dir.resolve(Segments.name(3));
            byte[] torn = Arrays.copyOf(Lines.v2(4, T, "lost", "a", "", "", SEED).line(), 30);
            Files.write(active, torn, StandardOpenOption.APPEND);
            log.deleteIndexFiles();  // rebuilt from both versions' segments
            log.open();
            assertEquals(1, countCut(active), "the torn tail is kept aside");
            assertEquals(3, log.engine.health().entries());
            assertEquals("203.0.113.7 node-1", log.engine.read(3).orElseThrow().origin());
            assertNull(log.engine.read(2).orElseThrow().outcome());
            VerifyReport r = log.engine.verify();
            assertTrue(r.ok(), r.problems().toString());
            assertEquals(4, log.engine.append(NewEntry.of("next", "a", "", "")).seq());
        }
    }

    private long countCut(Path segment) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(segment.getFileName() + ".cut-")).count();
        }
    }

    @Test
    void aVersion1SegmentHoldingOnlyItsHeaderIsReplacedKeepingTheChainSeed() throws Exception {
        Path first = v1Log(0);
        try (TestLog log = new TestLog(dir)) {
            assertEquals(2, version(first), "replaced at the open, before any append");
            byte[] b = Files.readAllBytes(first);
            HeaderLine h = HeaderLine.decode(b, 0, b.length - 1);
            assertArrayEquals(SEED, h.chainSeed());
            assertEquals(T, h.created());
            log.engine.append(NewEntry.of("new", "a", "", ""));
            assertFalse(Files.exists(dir.resolve(Segments.name(2))), "nothing to roll: it is one segment");
            assertFalse(Files.exists(dir.resolve("activity.log.new")));
            assertTrue(log.engine.verify().ok());
        }
    }

    @Test
    void aVersion1SegmentWithOnlyATornTailAfterItsHeaderIsCutThenReplaced() throws Exception {
        Path first = v1Log(0);
        Files.write(first, Arrays.copyOf(Lines.v1(1, T, "a", "b", "", "", SEED).line(), 25), StandardOpenOption.APPEND);
        try (TestLog log = new TestLog(dir)) {
            assertEquals(1, countCut(first));
            assertEquals(2, version(first));
            assertEquals(1, log.engine.append(NewEntry.of("new", "a", "", "")).seq());
        }
    }

    @Test
    void aLeftoverOfAnInterruptedReplacementIsRemoved() throws Exception {
        v1Log(1);
        Files.write(dir.resolve("activity.log.new"), new HeaderLine(T, SEED).encode());
        try (TestLog log = new TestLog(dir)) {
            assertFalse(Files.exists(dir.resolve("activity.log.new")));
            assertEquals(1, log.engine.health().entries());
        }
    }
}
