package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.VisibleText;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.control.NodeId;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.EntryRemovedException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.Map;

/**
 * Backs one entry's page (/admin/entry.xhtml?seq=N, of another node of a cluster {@code &node=X}): every field in
 * full, the node it is of, links to its neighbours and to the list around it. Another node's entry is read from the
 * shared index's copy of its lines and checked there as a line of the file is ({@link ActivityLog#read(String, long)}).
 * Its view action {@link #load()} reads the entry; a missing, corrupt or unreadable one is explained (400 / 404 / 500 /
 * 503 status, page still rendered).
 */
@Named
@RequestScoped
public class EntryView {
    @Inject
    ActivityLog log;

    private ConsoleUrls urls;
    private String seq;
    private String node;
    /** The node whose entry is shown: the one asked for, else this one. */
    private String of;
    private Long number;
    private Entry entry;
    private String problem;
    private long newest;

    @PostConstruct
    void init() {
        urls = ConsoleUrls.current();
    }

    public String getSeq() {
        return seq;
    }

    public void setSeq(String seq) {
        this.seq = seq;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node == null || node.isBlank() ? null : node.strip();
    }

    /** The node whose entry this is (this node's id when none was asked for). */
    public String getEntryNode() {
        return of;
    }

    /** Whether the entry is this node's, from its own file. */
    public boolean isThisNode() {
        return of == null || of.equals(log.node());
    }

    public Entry getEntry() {
        return entry;
    }

    public Long getNumber() {
        return number;
    }

    /** A field as the page shows it: hidden characters made visible ({@link VisibleText}). */
    public String shown(String field) {
        return VisibleText.of(field);
    }

    /** The entry's attributes as a list, sorted by key, for the page's table (ui:repeat does not iterate a map). */
    public List<Map.Entry<String, String>> getAttributes() {
        return entry == null ? List.of() : List.copyOf(entry.attributes().entrySet());
    }

    /** Why no entry is shown, null when one is. */
    public String getProblem() {
        return problem;
    }

    public String getNewerUrl() {
        return number != null && number < newest ? neighbour(number + 1) : null;
    }

    public String getOlderUrl() {
        return number != null && number > 1 && number <= newest + 1 ? neighbour(number - 1) : null;
    }

    /** A neighbour's page, of the same node as asked for. */
    private String neighbour(long n) {
        return node == null ? urls.entry(n) : urls.entry(node, n);
    }

    /** This node's list, jumped to this entry; for another node's, the merged view of that node. */
    public String getListUrl() {
        if (!isThisNode()) {
            return urls.merged(Map.of("node", of));
        }
        return urls.list(number == null ? Map.of() : Map.of("seq", String.valueOf(number)));
    }

    public String getActorUrl() {
        return entry == null ? null : listOf("actor", entry.actor());
    }

    public String getActionUrl() {
        return entry == null ? null : listOf("action", entry.action());
    }

    /** This node's entries with this value, or for another node's entry the merged view's. */
    private String listOf(String field, String value) {
        return isThisNode() ? urls.list(Map.of(field, value)) : urls.merged(Map.of(field, value));
    }

    public String getApiUrl() {
        return number == null ? null : node == null ? urls.apiEntry(number) : urls.apiEntry(node, number);
    }

    /** The page's view action: reads the entry asked for, or says why there is none. */
    public void load() {
        if (seq == null || seq.isBlank()) {
            fail(400, "No entry asked for: open an entry from the list, or add ?seq=N to this page's address.");
            return;
        }
        try {
            number = Long.parseLong(seq.strip());
        } catch (NumberFormatException e) {
            fail(400, "'" + seq + "' is not a sequence number (a whole number from 1).");
            return;
        }
        try {
            of = node == null ? log.node() : NodeId.valid(node);
        } catch (IllegalArgumentException e) {
            fail(400, "node: " + e.getMessage() + ".");
            return;
        }
        try {
            Health health = log.health();
            if (health.state() == LogState.STARTING) {
                // A read would wait for the start and then fail: say so at once.
                fail(503, "The log is starting (" + health.progress().step() + "); entries can be read once it is open.");
                return;
            }
            if (isThisNode()) {
                newest = health.entries();
                entry = log.read(number).orElse(null);
            } else {
                entry = log.read(of, number).orElse(null);
                newest = entry == null ? 0 : otherNewest();
            }
            if (entry == null) {
                fail(404, isThisNode() ? "There is no entry " + number + " (the log holds entries 1 to " + newest + ")."
                        : log.sharedIndex() ? "Node " + of + " has no entry " + number + " in the index the nodes"
                        + " share (or there is no node " + of + "; an entry is there once its line is copied, shortly"
                        + " after it is written)."
                        : "There is no node " + of + " here: this server's index is its own (embedded), with this"
                        + " node's entries only (node " + log.node() + ").");
            }
        } catch (CorruptEntryException e) {
            fail(500, isThisNode() ? "Entry " + number + " is corrupt: its stored bytes fail their checksum. It stays"
                    + " in the file as found; recovery and verification report it. (" + e.getMessage() + ")"
                    : "Entry " + number + " of node " + of + " is corrupt: its line in the shared index fails its"
                    + " checks (checksum, number or the link to the entry before it); verification of the cluster"
                    + " reports it. (" + e.getMessage() + ")");
        } catch (EntryRemovedException e) {
            fail(410, "Entry " + number + " was removed from this log by retention, as configured, and the log recorded"
                    + " it (action retention.archive or retention.delete). " + (e.archive() == null
                    ? "Its segment was deleted." : "Its segment is archived at " + e.archive() + "."));
        } catch (ActivityLogException e) {
            fail(503, "The entry cannot be read: " + e.getMessage());
        }
    }

    /**
     * Another node's newest entry is not known here: the next one's existence is, with one read (a corrupt one still
     * gets its link: its page says what is wrong).
     */
    private long otherNewest() {
        try {
            return log.read(of, number + 1).isPresent() ? number + 1 : number;
        } catch (ActivityLogException e) {
            return number + 1;
        }
    }

    private void fail(int status, String why) {
        problem = why;
        FacesContext.getCurrentInstance().getExternalContext().setResponseStatus(status);
    }
}
