package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.EntryFilter;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.CorruptEntryException;
import dev.activitylog.log.entity.Entry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Backs one entry's page (/admin/entry.xhtml?seq=N): every field in full, links to its neighbours and to the list
 * around it. Missing, corrupt or unreadable entries are explained (404 / 500 / 503 status, page still rendered).
 */
@Named
@RequestScoped
public class EntryView {
    @Inject
    ActivityLog log;

    private String seq;
    private boolean loaded;
    private Long number;
    private Entry entry;
    private String problem;
    private long newest;

    public String getSeq() {
        return seq;
    }

    public void setSeq(String seq) {
        this.seq = seq;
    }

    public Entry getEntry() {
        load();
        return entry;
    }

    public Long getNumber() {
        load();
        return number;
    }

    /** Why no entry is shown, null when one is. */
    public String getProblem() {
        load();
        return problem;
    }

    public String getNewerUrl() {
        load();
        return number != null && number < newest ? entryUrl(number + 1) : null;
    }

    public String getOlderUrl() {
        load();
        return number != null && number > 1 && number <= newest + 1 ? entryUrl(number - 1) : null;
    }

    /** The list, jumped to this entry. */
    public String getListUrl() {
        load();
        return contextPath() + "/admin/" + (number == null ? "" : "?seq=" + number);
    }

    public String getActorUrl() {
        load();
        return entry == null ? null : contextPath() + "/admin/" + EntryFilter.queryString(java.util.Map.of("actor", entry.actor()));
    }

    public String getActionUrl() {
        load();
        return entry == null ? null : contextPath() + "/admin/" + EntryFilter.queryString(java.util.Map.of("action", entry.action()));
    }

    public String getApiUrl() {
        load();
        return number == null ? null : contextPath() + "/api/entries/" + number;
    }

    private String entryUrl(long n) {
        return contextPath() + "/admin/entry.xhtml?seq=" + n;
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
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
            newest = log.health().entries();
            entry = log.read(number).orElse(null);
            if (entry == null) {
                fail(404, "There is no entry " + number + " (the log holds entries 1 to " + newest + ").");
            }
        } catch (CorruptEntryException e) {
            fail(500, "Entry " + number + " is corrupt: its stored bytes fail their checksum. It stays in the file"
                    + " as found; recovery and verification report it. (" + e.getMessage() + ")");
        } catch (ActivityLogException e) {
            fail(503, "The entry cannot be read: " + e.getMessage());
        }
    }

    private void fail(int status, String why) {
        problem = why;
        FacesContext.getCurrentInstance().getExternalContext().setResponseStatus(status);
    }

    private static String contextPath() {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath();
    }
}
