package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.DetailPreview;
import dev.activitylog.admin.control.EntryFilter;
import dev.activitylog.admin.control.MergedParams;
import dev.activitylog.admin.control.NodeSeq;
import dev.activitylog.admin.control.VisibleText;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.NodeEntry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backs the merged view of the cluster (/admin/cluster.xhtml): every node's entries, newest first by time, then node,
 * then number, through {@link ActivityLog#clusterQuery}; the list's filters and one node; keyset paging towards older
 * entries by the page's cursor. With the embedded index the view is this node's log, and the page says so. As on the
 * list, a bad parameter is reported and ignored ({@link MergedParams}), and the view action {@link #load()} reads
 * once, catching the log's failures so the page says why it shows nothing.
 */
@Named
@RequestScoped
public class MergedView {
    @Inject
    ActivityLog log;

    /** The request's parameters by name, as sent: the page's f:viewParam put them here. */
    private final Map<String, String> params = new HashMap<>();

    private ConsoleUrls urls;
    private MergedParams view = MergedParams.parse(name -> null);
    private Health health;
    private ClusterPage page;
    private String problem;

    @PostConstruct
    void init() {
        urls = ConsoleUrls.current();
    }

    public Map<String, String> getParams() {
        return params;
    }

    // --- what the page shows -------------------------------------------------------------------------------------

    public Health getHealth() {
        return health;
    }

    /** This server's node id. */
    public String getThisNode() {
        return log.node();
    }

    /** Whether the index is one that several nodes share: else the view is this node's log alone. */
    public boolean isSharedIndex() {
        return log.sharedIndex();
    }

    public List<NodeEntry> getEntries() {
        return page == null ? List.of() : page.entries();
    }

    /** Entries of the page's range that fail their checks, as {@code node:seq}. */
    public List<String> getCorrupt() {
        return page == null ? List.of() : page.corrupt();
    }

    /** Why the entries could not be shown, null when they could. */
    public String getProblem() {
        return problem;
    }

    /** Remarks about what is shown: filter values with characters that do not show. */
    public List<String> getNotes() {
        return view.filter().hiddenCharacterNotes();
    }

    /** Parameters that could not be used (each says why; the page is shown without them). */
    public List<String> getErrors() {
        return view.errors();
    }

    public EntryFilter getFilter() {
        return view.filter();
    }

    /** The node asked for, or null for every node. */
    public String getNode() {
        return view.node();
    }

    public boolean isNarrowed() {
        return view.narrowed();
    }

    /** Whether the page starts at a cursor (it is not the newest). */
    public boolean isPositioned() {
        return view.before() != null;
    }

    public int getPageSize() {
        return view.limit();
    }

    public boolean isLogDown() {
        return AdminView.down(health);
    }

    /** A detail's preview as the list shows it. */
    public String preview(String detail) {
        return VisibleText.of(DetailPreview.of(detail));
    }

    public String shown(String field) {
        return VisibleText.of(field);
    }

    // --- links ---------------------------------------------------------------------------------------------------

    /** The newest page of the same selection, when this one is not it. */
    public String getFirstUrl() {
        return isPositioned() ? urls.merged(view.kept()) : null;
    }

    public String getNextUrl() {
        if (page == null || page.nextBefore() == null) {
            return null;
        }
        Map<String, String> p = new LinkedHashMap<>(view.kept());
        p.put("before", page.nextBefore());
        return urls.merged(p);
    }

    public String getClearUrl() {
        return urls.merged(Map.of());
    }

    public String getExportNdjsonUrl() {
        return urls.mergedExport("ndjson", view.selection());
    }

    public String getExportCsvUrl() {
        return urls.mergedExport("csv", view.selection());
    }

    public String entryUrl(NodeEntry e) {
        return urls.entry(e.node(), e.entry().seq());
    }

    /** The page of an entry listed as {@code node:seq}. */
    public String corruptUrl(String nodeSeq) {
        NodeSeq n = NodeSeq.parse(nodeSeq);
        return urls.entry(n.node(), n.seq());
    }

    /** The view of one node's entries, with the same filter. */
    public String nodeUrl(String node) {
        Map<String, String> p = new LinkedHashMap<>(view.filter().params());
        p.put("node", node);
        return urls.merged(p);
    }

    // --- loading -------------------------------------------------------------------------------------------------

    /** The page's view action: reads the parameters, the log's health and one page of the merged view. */
    public void load() {
        view = MergedParams.parse(params::get);
        health = log.health();
        problem = AdminView.starting(health);
        if (problem != null) {
            return;
        }
        try {
            page = log.clusterQuery(view.filter().query(view.limit()), view.node(), view.before());
        } catch (ActivityLogException e) {
            problem = e.getMessage();
        }
    }
}
