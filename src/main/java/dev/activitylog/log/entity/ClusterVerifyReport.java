package dev.activitylog.log.entity;

import java.time.Instant;
import java.util.List;

/**
 * Every node's chain in a shared index, checked against the anchors no node can rewrite: each node's copy of its
 * lines walked in order (CRC, number, hash chain) and compared with every anchor of that node.
 *
 * @param nodes one report per node the index knows, by node id
 */
public record ClusterVerifyReport(Instant at, long millis, List<NodeReport> nodes) {
    public ClusterVerifyReport {
        nodes = List.copyOf(nodes);
    }

    /** Whether no node has a problem. */
    public boolean ok() {
        return nodes.stream().allMatch(n -> n.problems().isEmpty());
    }

    /**
     * @param lines          lines of the node's copy checked
     * @param firstSeq       its first entry (later than 1 once retention removed older segments), 0 when empty
     * @param lastSeq        its last entry, 0 when empty
     * @param anchorsChecked anchors compared with the copy
     * @param problems       what is wrong, by entry; at most {@link #MAX_PROBLEMS}
     */
    public record NodeReport(String node, long lines, long firstSeq, long lastSeq, int anchorsChecked,
                             List<Problem> problems) {
        public static final int MAX_PROBLEMS = 100;

        public NodeReport {
            problems = List.copyOf(problems);
        }
    }

    public record Problem(long seq, String what) {
    }
}
