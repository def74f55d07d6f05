package dev.activitylog.log.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the one reader of the format reports for each kind of line, in file order. */
class LogReaderTest {
    private static final Instant T = Instant.parse("2026-11-26T19:40:00.123456Z");
    private static final byte[] SEED = new byte[LineCodec.HASH_BYTES];

    @TempDir
    Path dir;

    /** Records what it is told, one string per call. */
    private static final class Recorder implements LogReader.Reporter {
        final List<String> seen = new ArrayList<>();

        @Override
        public void entry(LogReader.Line line, LineCodec.Decoded entry) {
            seen.add("entry " + entry.entry().seq() + " at " + line.offset());
        }

        @Override
        public void checkpoint(LogReader.Line line, CheckpointLine checkpoint) {
            seen.add("checkpoint " + checkpoint.seq() + " at " + line.offset());
        }

        @Override
        public void damaged(LogReader.Damage damage) {
            seen.add("damaged " + damage.start() + ".." + damage.end() + " lines=" + damage.lines().size());
        }

        @Override
        public void torn(long offset, long length) {
            seen.add("torn " + offset + " length=" + length);
        }
    }

    @Test
    void eachLineIsReportedAsWhatItIsAndDamageIsGroupedIntoRegions() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        byte[] header = new HeaderLine(T, SEED).encode();
        file.writeBytes(header);
        LineCodec.Encoded one = Lines.v2(1, T, "a", "b", "", "", SEED);
        file.writeBytes(one.line());
        long checkpointAt = file.size();
        file.writeBytes(new CheckpointLine(1, one.hash(), T, null).encode());
        long damageAt = file.size();
        byte[] longGarbage = new byte[(1 << 20) * 2 + 17];  // longer than the reader's buffer: walked, not loaded
        Arrays.fill(longGarbage, (byte) 'x');
        longGarbage[longGarbage.length - 1] = '\n';
        file.writeBytes(longGarbage);
        file.writeBytes("#checkpoint\tnot valid\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long twoAt = file.size();
        LineCodec.Encoded two = Lines.v2(2, T, "a", "b", "", "", one.hash());
        file.writeBytes(two.line());
        long tornAt = file.size();
        file.writeBytes(Arrays.copyOf(Lines.v2(3, T, "a", "b", "", "", two.hash()).line(), 20));
        Path log = dir.resolve("activity.log");
        Files.write(log, file.toByteArray());

        try (SharedChannel channel = SharedChannel.openReadOnly(log)) {
            LogReader.HeaderRead h = LogReader.header(channel, channel.size());
            LogReader.ValidHeader valid = assertInstanceOf(LogReader.ValidHeader.class, h);
            assertEquals(header.length, valid.end());
            Recorder r = new Recorder();
            LogReader.walk(channel, valid.end(), channel.size(), valid.header().version(), r);
            assertEquals(List.of(
                    "entry 1 at " + header.length,
                    "checkpoint 1 at " + checkpointAt,
                    "damaged " + damageAt + ".." + twoAt + " lines=4",  // three buffer-sized pieces and a bad checkpoint
                    "entry 2 at " + twoAt,
                    "torn " + tornAt + " length=20"), r.seen);
        }
    }

    @Test
    void aFileThatIsNotALogAndAHeaderCutShortAreToldApart() throws Exception {
        Path log = dir.resolve("activity.log");
        Files.writeString(log, "hello\n");
        try (SharedChannel channel = SharedChannel.openReadOnly(log)) {
            assertInstanceOf(LogReader.NotAHeader.class, LogReader.header(channel, channel.size()));
        }
        Files.writeString(log, "#activity-lo");
        try (SharedChannel channel = SharedChannel.openReadOnly(log)) {
            assertInstanceOf(LogReader.TornHeader.class, LogReader.header(channel, channel.size()));
        }
        Files.write(log, new byte[0]);
        try (SharedChannel channel = SharedChannel.openReadOnly(log)) {
            assertTrue(LogReader.header(channel, channel.size()) instanceof LogReader.Empty);
        }
    }
}
