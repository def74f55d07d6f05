package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.VisibleText;
import dev.activitylog.log.boundary.ActivityLog;
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

import java.util.Map;

/**
 * Backs one entry's page (/admin/entry.xhtml?seq=N): every field in full, links to its neighbours and to the list
 * around it. Its view action {@link #load()} reads the entry; a missing, corrupt or unreadable one is explained (404 /
 * 500 / 503 status, page still rendered).
 */
@Named
@RequestScoped
public class EntryView {
    @Inject
    ActivityLog log;

    private ConsoleUrls urls;
    private String seq;
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
    public java.util.List<java.util.Map.Entry<String, String>> getAttributes() {
        return entry == null ? java.util.List.of() : java.util.List.copyOf(entry.attributes().entrySet());
    }

    /** Why no entry is shown, null when one is. */
    public String getProblem() {
        return problem;
    }

    public String getNewerUrl() {
        return number != null && number < newest ? urls.entry(number + 1) : null;
    }

    public String getOlderUrl() {
        return number != null && number > 1 && number <= newest + 1 ? urls.entry(number - 1) : null;
    }

    /** The list, jumped to this entry. */
    public String getListUrl() {
        return urls.list(number == null ? Map.of() : Map.of("seq", String.valueOf(number)));
    }

    public String getActorUrl() {
        return entry == null ? null : urls.list(Map.of("actor", entry.actor()));
    }

    public String getActionUrl() {
        return entry == null ? null : urls.list(Map.of("action", entry.action()));
    }

    public String getApiUrl() {
        return number == null ? null : urls.apiEntry(number);
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
            Health health = log.health();
            if (health.state() == LogState.STARTING) {
                // A read would wait for the start and then fail: say so at once.
                fail(503, "The log is starting (" + health.progress().step() + "); entries can be read once it is open.");
                return;
            }
            newest = health.entries();
            entry = log.read(number).orElse(null);
            if (entry == null) {
                fail(404, "There is no entry " + number + " (the log holds entries 1 to " + newest + ").");
            }
        } catch (CorruptEntryException e) {
            fail(500, "Entry " + number + " is corrupt: its stored bytes fail their checksum. It stays in the file"
                    + " as found; recovery and verification report it. (" + e.getMessage() + ")");
        } catch (EntryRemovedException e) {
            fail(410, "Entry " + number + " was removed from this log by retention, as configured, and the log recorded"
                    + " it (action retention.archive or retention.delete). " + (e.archive() == null
                    ? "Its segment was deleted." : "Its segment is archived at " + e.archive() + "."));
        } catch (ActivityLogException e) {
            fail(503, "The entry cannot be read: " + e.getMessage());
        }
    }

    private void fail(int status, String why) {
        problem = why;
        FacesContext.getCurrentInstance().getExternalContext().setResponseStatus(status);
    }
}
