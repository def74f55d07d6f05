package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.ExportSink;
import dev.activitylog.log.entity.NewEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export's sequential read: every entry once, oldest first, across segments, filtered, damage told by number. */
class SequentialExportTest {
    @TempDir
    Path dir;

    private static final class Collected implements ExportSink {
        final List<Entry> entries = new ArrayList<>();
        final List<Long> unreadable = new ArrayList<>();

        @Override
        public void entry(Entry e) {
            entries.add(e);
        }

        @Override
        public void unreadable(long seq) {
            unreadable.add(seq);
        }
    }

    private TestLog log() {
        return new TestLog(dir, LogConfig.defaults(dir).withSegments(8 << 10, null), java.nio.channels.FileChannel::open);
    }

    @Test
    void everyEntryOnceOldestFirstAcrossSegmentsAsTheReadsSeeThem() {
        try (TestLog log = log()) {
            List<Entry> appended = log.appendMany(300, "alice");
            assertTrue(log.engine.segments().size() > 3, "several segments: " + log.engine.segments().size());
            Collected c = new Collected();
            log.engine.export(EntryQuery.newest(1), c);
            assertEquals(appended, c.entries);
            assertEquals(List.of(), c.unreadable);
            for (Entry e : List.of(c.entries.get(0), c.entries.get(150), c.entries.get(299))) {
                assertEquals(log.engine.read(e.seq()).orElseThrow(), e);
            }
        }
    }

    @Test
    void theQuerysFiltersApplyItsPagingDoesNot() {
        try (TestLog log = log()) {
            for (int i = 0; i < 40; i++) {
                log.engine.append(NewEntry.of(i % 2 == 0 ? "alice" : "bob", "doc.edit", "doc/" + i,
                        i % 10 == 0 ? "needle " + i : "hay"));
            }
            Collected c = new Collected();
            log.engine.export(EntryQuery.newest(1).before(5L).actor("alice").text("needle"), c);
            assertEquals(List.of("doc/0", "doc/10", "doc/20", "doc/30"), c.entries.stream().map(Entry::subject).toList());
        }
    }

    @Test
    void aDamagedEntryIsToldByNumberAndTheRestIsExported() throws Exception {
        List<Entry> appended;
        try (TestLog log = new TestLog(dir)) {
            appended = log.appendMany(20, "alice");
        }
        Entry hit = appended.get(9);
        // One byte of its subject changed, the CRC left as it was: what bit rot does.
        Path file = dir.resolve(LogConfig.DEFAULT_FILE_NAME);
        String content = Files.readString(file, StandardCharsets.UTF_8);
        int at = content.indexOf("\t" + hit.subject() + "\t") + 1;
        Files.writeString(file, content.substring(0, at) + "S" + content.substring(at + 1), StandardCharsets.UTF_8);
        try (TestLog log = new TestLog(dir)) {
            Collected c = new Collected();
            log.engine.export(EntryQuery.newest(1), c);
            assertEquals(List.of(hit.seq()), c.unreadable);
            List<Entry> intact = new ArrayList<>(appended);
            intact.remove(9);
            assertEquals(intact, c.entries);
        }
    }
}
