package dev.activitylog.admin.control;

import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.NodeEntry;

import java.io.IOException;
import java.io.Writer;
import java.util.function.Function;

/**
 * The merged export of a cluster's nodes: the merged view walked page by page from its newest entry to its oldest,
 * each entry written with its node ({@link ExportFormat#line(NodeEntry)}), each page's unreadable entries flagged after
 * its entries. Newest first, the view's own order: its pages run one way only (keyset, older than a cursor), and
 * reversing a cluster's whole trail would hold it in memory. One page at a time is held, whatever the trail's size.
 */
public final class MergedExport {
    private MergedExport() {
    }

    /**
     * Writes {@code first} and every page after it, asking {@code older} for the page after each page's cursor, until
     * a page has none. A failure of {@code older} propagates (the caller ends the file as incomplete).
     */
    public static void write(ClusterPage first, Function<ClusterCursor, ClusterPage> older, ExportFormat format,
                             Writer out) throws IOException {
        for (ClusterPage page = first; ; page = older.apply(ClusterCursor.parse(page.nextBefore()))) {
            for (NodeEntry e : page.entries()) {
                out.write(format.line(e));
            }
            for (String unreadable : page.corrupt()) {
                out.write(format.corrupt(NodeSeq.parse(unreadable)));
            }
            if (page.nextBefore() == null) {
                return;
            }
        }
    }
}
