package dev.activitylog.testing.crash;

import dev.activitylog.log.control.Verification;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.EntryRemovedException;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.VerifyReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link StateCheck}'s rules for a state retention worked in (docs/file-format.md, "Retention"): an entry before the
 * oldest segment left reads as removed, the log's records name each segment once, the files alone verify (the gap
 * excused by a record), and with an archive, archive and log together hold every entry from the first.
 */
final class Retained {
    private Retained() {
    }

    static long firstLeft(LogEngine engine) {
        return engine.segments().stream().filter(s -> s.state() != SegmentInfo.State.ARCHIVED).findFirst()
                .orElseThrow().firstSeq();
    }

    /** Entry {@code s}, before the oldest segment left, must read as removed; returns 1 when it does not. */
    static int removed(LogEngine engine, long s, List<String> failures) {
        try {
            Optional<Entry> e = engine.read(s);
            failures.add("entry " + s + ", before the oldest segment, read as " + e);
        } catch (EntryRemovedException expected) {
            return 0;
        } catch (RuntimeException e) {
            failures.add("entry " + s + ", before the oldest segment: " + e);
        }
        return 1;
    }

    /** @param undamaged whether the state damaged no line (else verify names the damage, checked by the caller) */
    static void check(LogEngine engine, Path dir, StateCheck.Expected exp, long last, boolean undamaged,
                      List<String> failures) throws IOException {
        Set<String> named = new HashSet<>();
        for (String action : List.of("retention.archive", "retention.delete")) {
            for (Entry r : engine.query(EntryQuery.newest(EntryQuery.MAX_LIMIT).action(action)).entries()) {
                if (!named.add(r.subject())) {
                    failures.add("two records of the removal of " + r.subject());
                }
            }
        }
        if (!undamaged) {
            return;
        }
        Path first = dir.resolve(exp.logName());
        VerifyReport files = Verification.files(first, null, null);
        if (!files.ok()) {
            failures.add("the log's files alone: " + files.summary());
        }
        if (exp.archive() != null) {
            VerifyReport all = Verification.files(first, dir.resolve(exp.archive()), null);
            if (!all.ok() || all.entries() != last) {
                failures.add("archive and log: " + all.entries() + " of " + last + " entries, " + all.summary());
            }
        }
    }
}
