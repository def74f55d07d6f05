package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The outcome and correlation filters, answered the same from the rows in memory and from the index database. */
class OutcomeFilterTest {
    @TempDir
    Path dir;

    private static List<Long> seqs(TestLog log, EntryQuery q) {
        return log.engine.query(q).entries().stream().map(Entry::seq).toList();
    }

    private static void check(TestLog log) {
        EntryQuery all = EntryQuery.newest(50);
        assertEquals(List.of(5L, 3L), seqs(log, all.outcome("FAILURE")), "FAILURE: every failure, whatever its type");
        assertEquals(List.of(3L), seqs(log, all.outcome("FAILURE:java.io.IOException")));
        assertEquals(List.of(4L, 2L, 1L), seqs(log, all.outcome("SUCCESS")));
        assertEquals(List.of(3L, 2L), seqs(log, all.correlation("trace-a")));
        assertEquals(List.of(3L), seqs(log, all.correlation("trace-a").outcome("FAILURE")));
        assertEquals(List.of(), seqs(log, all.correlation("trace-")), "a correlation matches exactly");
        assertEquals(List.of(5L), seqs(log, all.actor("bob").outcome("FAILURE")));
    }

    @Test
    void outcomeAndCorrelationFiltersMatchFromMemoryAndFromTheIndex() throws Exception {
        try (TestLog log = new TestLog(dir)) {
            log.engine.append(NewEntry.of("alice", "a", "", ""));
            log.engine.append(NewEntry.of("alice", "a", "", "").withCorrelation("trace-a"));
            log.engine.append(NewEntry.of("alice", "a", "", "").withCorrelation("trace-a")
                    .withOutcome("FAILURE:java.io.IOException"));
            log.engine.append(NewEntry.of("bob", "a", "", "").withCorrelation("trace-b").withOutcome("SUCCESS"));
            log.engine.append(NewEntry.of("bob", "a", "", "").withOutcome("FAILURE"));
            check(log);
            log.restart();
            check(log);
            log.stop();
            log.deleteIndexFiles();
            log.open();  // rows rebuilt from the file by recovery
            check(log);
        }
    }

    @Test
    void aFilterNoEntryCouldMatchIsRefused() {
        EntryQuery q = EntryQuery.newest(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.outcome("failed"));
        assertEquals("outcome must be SUCCESS, FAILURE or FAILURE:<type>, was 'failed'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> q.correlation("c".repeat(129)));
    }
}
