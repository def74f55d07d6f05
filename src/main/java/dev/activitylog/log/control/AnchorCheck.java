package dev.activitylog.log.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Verify's comparison of the file's chain with the chain heads recorded outside it: the index database's copy of the
 * last checkpoint, and the anchors of a shared index ({@code index_anchor}, which the application may insert into
 * but never change). A file rewritten with a recomputed chain and recomputed MACs still differs from an anchor at
 * the same entry (a fork, or a rollback followed by new appends); a file cut short ends before an anchor (truncation).
 * Anchors before the oldest segment are not compared: retention removed those entries, and says so in its records.
 */
final class AnchorCheck {
    /** A chain head recorded at entry {@code seq} by {@code source}. */
    record Anchor(long seq, byte[] hash, String source) {
    }

    static final String INDEX_COPY = "the index database";
    static final String ANCHORS = "the anchor table (index_anchor)";

    private final TreeMap<Long, List<Anchor>> bySeq = new TreeMap<>();
    private final IndexCheck.Problems problems;

    AnchorCheck(List<Anchor> anchors, IndexCheck.Problems problems) {
        for (Anchor a : anchors) {
            bySeq.computeIfAbsent(a.seq(), s -> new ArrayList<>()).add(a);
        }
        this.problems = problems;
    }

    /** Entry {@code seq} of the file, at {@code offset}, has chain hash {@code hash}. */
    void entry(long seq, byte[] hash, long offset) {
        List<Anchor> here = bySeq.get(seq);
        if (here == null) {
            return;
        }
        for (Anchor a : here) {
            if (!Arrays.equals(hash, a.hash())) {
                problems.report(seq, offset, "the chain differs from the checkpoint " + a.source()
                        + " recorded at this entry: the file was rewritten up to here");
            }
        }
    }

    /** The walk ended at entry {@code last}, at {@code offset} of the last segment: anchors past it, by source. */
    void finish(long last, long offset) {
        Set<String> told = new HashSet<>();
        for (Map.Entry<Long, List<Anchor>> e : bySeq.tailMap(last, false).entrySet()) {
            for (Anchor a : e.getValue()) {
                if (told.add(a.source())) {
                    problems.report(a.seq(), offset, a.source() + " recorded a checkpoint at entry " + a.seq()
                            + " but the file ends at entry " + last + ": the log was truncated");
                }
            }
        }
    }
}
