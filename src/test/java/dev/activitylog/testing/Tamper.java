package dev.activitylog.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** What someone who can write the log file, but cannot forge the hash chain, does to it. For tests. */
public final class Tamper {
    private Tamper() {
    }

    /** The entry line with {@code from} replaced by {@code to} and its CRC recomputed, so that only the chain tells. */
    public static String editWithValidCrc(String line, String from, String to) {
        return withCrc(line.substring(0, line.lastIndexOf('\t')).replace(from, to));
    }

    /** The line for this payload: the payload, a tab and its CRC32C, as the log writes it. */
    public static String withCrc(String payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload.getBytes(StandardCharsets.UTF_8));
        return payload + "\t" + String.format("%08x", crc.getValue());
    }

    /**
     * Edits entry {@code seq} in place, as above, while the log may be open: {@code from} and {@code to} must have the
     * same length in UTF-8, so that no other entry moves.
     */
    public static void editInPlace(Path file, long seq, String from, String to) throws IOException {
        if (from.getBytes(StandardCharsets.UTF_8).length != to.getBytes(StandardCharsets.UTF_8).length) {
            throw new IllegalArgumentException("an in-place edit keeps the length");
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        String prefix = "\n" + seq + "\t";
        int start = content.indexOf(prefix) + 1;
        if (start == 0) {
            throw new IllegalArgumentException("no entry " + seq + " in " + file);
        }
        String line = content.substring(start, content.indexOf('\n', start));
        if (!line.contains(from)) {
            throw new IllegalArgumentException("entry " + seq + " does not contain " + from + ": " + line);
        }
        long offset = content.substring(0, start).getBytes(StandardCharsets.UTF_8).length;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(editWithValidCrc(line, from, to).getBytes(StandardCharsets.UTF_8)), offset);
            ch.force(false);
        }
    }
}
