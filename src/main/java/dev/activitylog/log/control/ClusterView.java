package dev.activitylog.log.control;

import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.ClusterVerifyReport;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What a node sees of the whole cluster through a shared index: another node's entry ({@link IndexLines}), the
 * merged pages ({@link ClusterPages}), verify of every node's chain against the anchors ({@link ClusterVerify}). With
 * the embedded index, whose log is one node's, the pages are this node's and there is no cluster to verify.
 */
public final class ClusterView {
    private final LogEngine engine;
    private final EntryIndex index;
    private final LogConfig config;

    ClusterView(LogEngine engine, EntryIndex index, LogConfig config) {
        this.engine = engine;
        this.index = index;
        this.config = config;
    }

    /** Entry {@code seq} of {@code node}, from the index's copy of its lines, checked; empty if it has none. */
    public Optional<Entry> read(String node, long seq) {
        try {
            return IndexLines.entry(index, NodeId.valid(node), seq);
        } catch (SQLException e) {
            throw Failures.indexUnavailable(config.file(), e);
        }
    }

    /**
     * @param node   only this node's entries, or null for every node's
     * @param before where the page starts (a page's {@code nextBefore}), or null for the newest
     */
    public ClusterPage page(EntryQuery q, String node, ClusterCursor before) {
        if (!index.storesLines()) {
            boolean mine = node == null || node.equals(config.node());
            return mine ? ClusterPages.local(engine.query(before == null ? q : q.before(before.seq())), config.node())
                    : new ClusterPage(List.of(), List.of(), null);
        }
        try {
            return ClusterPages.page(index, q, node, before);
        } catch (SQLException e) {
            throw Failures.indexUnavailable(config.file(), e);
        }
    }

    /** Every node's chain checked against its anchors; empty when the index is not shared (the embedded H2). */
    public Optional<ClusterVerifyReport> verify() {
        if (!index.storesLines()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClusterVerify.run(index, config.clock()));
        } catch (SQLException e) {
            throw Failures.indexUnavailable(config.file(), e);
        }
    }
}
