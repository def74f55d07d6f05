package dev.activitylog.torture;

import dev.activitylog.log.control.LogConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM under a real open-files limit ({@code prlimit --nofile}) far below the number of concurrent readers:
 * reads share one handle, so they all work; a log opened with no descriptor left says TOO_MANY_OPEN_FILES and
 * recovers once descriptors are free again.
 */
class HandleExhaustionTest {
    private static final int NOFILE = 64;

    @TempDir
    Path dir;

    @Test
    void twoHundredConcurrentReadersFitInALowHandleLimitAndExhaustionIsTypedAndRecoverable() throws Exception {
        Process child = Children.start(List.of("prlimit", "--nofile=" + NOFILE + ":" + NOFILE), HandleChild.class,
                dir.resolve("log").toString(), dir.resolve("second").toString());
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), out);
        Map<String, String> lines = new HashMap<>();
        for (String line : out.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                lines.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        String readers = lines.get("READERS");
        assertTrue(readers.startsWith("ok=" + HandleChild.READERS * HandleChild.READS_EACH + " failed=0"), out);
        int openMax = Integer.parseInt(readers.substring(readers.indexOf("openMax=") + 8));
        assertTrue(openMax < NOFILE, "stayed under the limit: " + readers);
        assertTrue(lines.get("EXHAUSTED").contains("Too many open files"), out);
        int segments = Integer.parseInt(lines.get("SEGMENTS"));
        assertTrue(segments > 5 * LogConfig.SEALED_HANDLES, "readers spread over many segments: " + segments);
        assertEquals("subject=s1000", lines.get("READ-WHILE-EXHAUSTED"), "the active segment needs no new handle to read");
        assertTrue(lines.get("SECOND").startsWith("state=UNAVAILABLE") && lines.get("SECOND").contains("too many open files"), out);
        assertEquals("reason=TOO_MANY_OPEN_FILES", lines.get("SECOND-APPEND"));
        assertEquals("seq=1 state=AVAILABLE", lines.get("SECOND-RECOVERED"), "recovers when handles free up");
        System.out.printf("handle exhaustion (prlimit --nofile=%d): %d readers x %d reads over %d segments (the active"
                        + " handle and at most %d sealed), %s; exhausted: %s; recovered: %s%n",
                NOFILE, HandleChild.READERS, HandleChild.READS_EACH, segments, LogConfig.SEALED_HANDLES, readers, lines.get("SECOND-APPEND"), lines.get("SECOND-RECOVERED"));
    }
}
