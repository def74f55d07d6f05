package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.EntryFilter;
import dev.activitylog.admin.control.ListParams;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.Page;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backs the console's entry list (/admin/): newest first, keyset paging both ways (first, previous, next, last), jumps
 * to a sequence number or a time, filters, and the live tail's starting point. Every parameter is a string so a bad
 * one is reported and ignored instead of failing the page; the log's failures are caught so an UNAVAILABLE log shows
 * why. Each page costs one keyset query (plus one for a jump to a time), whatever the log's size.
 */
@Named
@RequestScoped
public class AdminView {
    /** Characters of the detail shown in the list; the entry's own page shows all of it. */
    static final int DETAIL_PREVIEW = 160;

    @Inject
    ActivityLog log;

    /** The request's parameters by name, as sent (the page's f:viewParam put them here). */
    private final Map<String, String> params = new HashMap<>();

    private boolean loaded;
    private ListParams list;
    private final List<String> notes = new ArrayList<>();
    private Health health;
    private Page page;
    private String problem;
    private Long highlight;

    // --- view parameters -----------------------------------------------------------------------------------------

    public Map<String, String> getParams() {
        return params;
    }

    // --- what the page shows -------------------------------------------------------------------------------------

    public Health getHealth() {
        load();
        return health;
    }

    public List<Entry> getEntries() {
        load();
        return page == null ? List.of() : page.entries();
    }

    public List<Long> getCorrupt() {
        load();
        return page == null ? List.of() : page.corrupt();
    }

    /** Why the entries could not be shown, null when they could. */
    public String getProblem() {
        load();
        return problem;
    }

    /** Parameters that could not be used (each says why; the page is shown without them). */
    public List<String> getErrors() {
        load();
        return list.errors();
    }

    /** Remarks about what is shown (e.g. a jump that found nothing). */
    public List<String> getNotes() {
        load();
        return notes;
    }

    public EntryFilter getFilter() {
        load();
        return list.filter();
    }

    public boolean isFiltered() {
        load();
        return !list.filter().isEmpty();
    }

    /** The filter's parameters and page size, for hidden fields of the jump forms (a jump keeps them). */
    public List<Map.Entry<String, String>> getFilterParams() {
        load();
        return new ArrayList<>(list.kept().entrySet());
    }

    public int getPageSize() {
        load();
        return list.limit();
    }

    /** The entry a jump landed on, marked in the list. */
    public Long getHighlight() {
        load();
        return highlight;
    }

    /** A text search stopped at its bound before filling the page: the "continue" link goes on from there. */
    public boolean isScanLimited() {
        load();
        return page != null && page.scanLimited();
    }

    public String getTextScanBound() {
        return String.format(java.util.Locale.ROOT, "%,d", EntryQuery.MAX_TEXT_SCAN);
    }

    /** The first (newest) page with no keyset bound: the live tail runs here. */
    public boolean isNewestPage() {
        load();
        return page != null && !list.positioned() && !page.hasNewer();
    }

    /** Where the live tail starts: above everything that existed when the page was built. */
    public long getTailAfter() {
        load();
        long newestShown = page == null || page.entries().isEmpty() ? 0 : page.entries().get(0).seq();
        return Math.max(newestShown, health.entries());
    }

    public boolean isLogDown() {
        load();
        return health.state() == LogState.UNAVAILABLE || health.state() == LogState.CLOSED;
    }

    // --- links (context-relative, URL-encoded; Facelets escapes them for the attribute) --------------------------

    public String getFirstUrl() {
        return hasNewer() ? url(Map.of()) : null;
    }

    public String getPreviousUrl() {
        return hasNewer() ? url(Map.of("after", String.valueOf(page.newerAfter()))) : null;
    }

    public String getNextUrl() {
        return hasOlder() ? url(Map.of("before", String.valueOf(page.nextBefore()))) : null;
    }

    public String getLastUrl() {
        return hasOlder() ? url(Map.of("after", "0")) : null;
    }

    /** The same filters without paging: the link "clear filters" is {@link #getClearUrl()}. */
    public String getExportNdjsonUrl() {
        return exportUrl("ndjson");
    }

    public String getExportCsvUrl() {
        return exportUrl("csv");
    }

    public String getClearUrl() {
        return contextPath() + "/admin/";
    }

    /** The live tail's endpoint with this page's filters (the script adds {@code after}). */
    public String getTailUrl() {
        load();
        return contextPath() + "/admin/tail" + EntryFilter.queryString(list.filter().params());
    }

    public String entryUrl(long entrySeq) {
        return contextPath() + "/admin/entry.xhtml?seq=" + entrySeq;
    }

    /** The first {@value #DETAIL_PREVIEW} characters of a detail, whole code points, with an ellipsis if cut. */
    public String preview(String detail) {
        if (detail == null || detail.length() <= DETAIL_PREVIEW) {
            return detail;
        }
        int end = detail.offsetByCodePoints(0, Math.min(DETAIL_PREVIEW, detail.codePointCount(0, detail.length())));
        return detail.substring(0, end) + "…";
    }

    private boolean hasNewer() {
        load();
        return page != null && page.hasNewer();
    }

    private boolean hasOlder() {
        load();
        return page != null && page.hasOlder();
    }

    private String exportUrl(String format) {
        load();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("format", format);
        p.putAll(list.filter().params());
        return contextPath() + "/admin/export" + EntryFilter.queryString(p);
    }

    private String url(Map<String, String> paging) {
        Map<String, String> p = new LinkedHashMap<>(list.kept());
        p.putAll(paging);
        return contextPath() + "/admin/" + EntryFilter.queryString(p);
    }

    private static String contextPath() {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath();
    }

    // --- loading -------------------------------------------------------------------------------------------------

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        list = ListParams.parse(params::get);
        // Health first: the tail starts above what existed then, so nothing is shown twice or missed.
        health = log.health();
        try {
            EntryQuery base = list.filter().query(list.limit());
            EntryQuery query;
            if (list.seq() != null) {
                long seq = list.seq();
                highlight = seq;
                query = base.before(seq == Long.MAX_VALUE ? seq : seq + 1);
                if (seq > health.entries()) {
                    notes.add("There is no entry " + seq + " yet (the newest is " + health.entries()
                            + "): showing the newest entries.");
                }
            } else if (list.at() != null) {
                query = jumpToTime(base, list.at());
            } else if (list.after() != null) {
                query = base.after(list.after());
            } else if (list.before() != null) {
                query = base.before(list.before());
            } else {
                query = base;
            }
            page = log.query(query);
        } catch (ActivityLogException e) {
            problem = e.getMessage();
        }
    }

    /**
     * The page whose top is the newest entry at or before {@code t} (within the filters): one index lookup finds its
     * sequence number, then the page is an ordinary keyset page below it.
     */
    private EntryQuery jumpToTime(EntryQuery base, Instant t) {
        Instant end = t.plus(1, ChronoUnit.MICROS);
        Instant to = list.filter().toInstant();
        if (to != null && to.isBefore(end)) {
            end = to;
        }
        EntryQuery probe = EntryQuery.newest(1).actor(base.actor()).action(base.action()).between(base.from(), end);
        List<Entry> found = log.query(probe).entries();
        if (found.isEmpty()) {
            notes.add("No entry at or before " + t + " matches: showing the oldest entries.");
            return base.after(0L);
        }
        highlight = found.get(0).seq();
        return base.before(found.get(0).seq() + 1);
    }
}
