package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.DetailPreview;
import dev.activitylog.admin.control.EntryFilter;
import dev.activitylog.admin.control.ListParams;
import dev.activitylog.admin.control.VisibleText;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.Page;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Backs the console's entry list (/admin/): newest first, keyset paging both ways (first, previous, next, last), jumps
 * to a sequence number or a time, filters, and the live tail's starting point. The page's view parameters arrive as
 * strings, so a bad one is reported and ignored instead of failing the page ({@link ListParams}); its view action
 * {@link #load()} then reads the log once, catching its failures so an UNAVAILABLE log shows why. Each page costs one
 * keyset query (plus one for a jump to a time), whatever the log's size.
 * <p>
 * Until the view action has run (it does not on a post from this page, e.g. signing out, which leaves it), the getters
 * describe an empty page of an unfiltered list.
 */
@Named
@RequestScoped
public class AdminView {
    @Inject
    ActivityLog log;

    /** The request's parameters by name, as sent: the page's f:viewParam put them here. */
    private final Map<String, String> params = new HashMap<>();

    private ConsoleUrls urls;
    private ListParams list = ListParams.parse(name -> null);
    private final List<String> notes = new ArrayList<>();
    private Health health;
    private Page page;
    private String problem;
    private Long highlight;

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

    public List<Entry> getEntries() {
        return page == null ? List.of() : page.entries();
    }

    public List<Long> getCorrupt() {
        return page == null ? List.of() : page.corrupt();
    }

    /** Why the entries could not be shown, null when they could. */
    public String getProblem() {
        return problem;
    }

    /** Parameters that could not be used (each says why; the page is shown without them). */
    public List<String> getErrors() {
        return list.errors();
    }

    /** Remarks about what is shown (e.g. a jump that found nothing). */
    public List<String> getNotes() {
        return notes;
    }

    public EntryFilter getFilter() {
        return list.filter();
    }

    public boolean isFiltered() {
        return !list.filter().isEmpty();
    }

    /** The filter's parameters and page size, for hidden fields of the jump forms (a jump keeps them). */
    public List<Map.Entry<String, String>> getFilterParams() {
        return new ArrayList<>(list.kept().entrySet());
    }

    public int getPageSize() {
        return list.limit();
    }

    /** The entry a jump landed on, marked in the list. */
    public Long getHighlight() {
        return highlight;
    }

    /** A text search stopped at its bound before filling the page: the "continue" link goes on from there. */
    public boolean isScanLimited() {
        return page != null && page.scanLimited();
    }

    public String getTextScanBound() {
        return String.format(Locale.ROOT, "%,d", EntryQuery.MAX_TEXT_SCAN);
    }

    /** The first (newest) page with no keyset bound: the live tail runs here. */
    public boolean isNewestPage() {
        return page != null && !list.positioned() && !page.hasNewer();
    }

    /** Where the live tail starts: above everything that existed when the page was built. */
    public long getTailAfter() {
        long newestShown = page == null || page.entries().isEmpty() ? 0 : page.entries().get(0).seq();
        return Math.max(newestShown, health.entries());
    }

    public boolean isLogDown() {
        return down(health);
    }

    /** Why a list shows no entries while the log starts (a query would wait for the start and then fail), else null. */
    static String starting(Health health) {
        return health.state() != LogState.STARTING ? null
                : "the log is starting (" + health.progress().step() + "); entries are shown once it is open";
    }

    /** Whether nothing can be read: the pages say why instead of what they would show. */
    static boolean down(Health health) {
        return health != null && (health.state() == LogState.UNAVAILABLE || health.state() == LogState.CLOSED);
    }

    /** The first {@value DetailPreview#LENGTH} characters of a detail, hidden characters made visible. */
    public String preview(String detail) {
        return VisibleText.of(DetailPreview.of(detail));
    }

    /** A field as the list shows it: hidden characters made visible ({@link VisibleText}). */
    public String shown(String field) {
        return VisibleText.of(field);
    }

    // --- links ---------------------------------------------------------------------------------------------------

    public String getFirstUrl() {
        return hasNewer() ? urls.list(list.kept()) : null;
    }

    public String getPreviousUrl() {
        return hasNewer() ? pageUrl("after", page.newerAfter()) : null;
    }

    public String getNextUrl() {
        return hasOlder() ? pageUrl("before", page.nextBefore()) : null;
    }

    public String getLastUrl() {
        return hasOlder() ? pageUrl("after", 0) : null;
    }

    /** The same filters without paging: the link "clear filters" is {@link #getClearUrl()}. */
    public String getExportNdjsonUrl() {
        return urls.export("ndjson", list.filter().params());
    }

    public String getExportCsvUrl() {
        return urls.export("csv", list.filter().params());
    }

    public String getClearUrl() {
        return urls.list(Map.of());
    }

    /** The live tail's endpoint with this page's filters (the script adds {@code after}). */
    public String getTailUrl() {
        return urls.tail(list.filter().params());
    }

    public String entryUrl(long entrySeq) {
        return urls.entry(entrySeq);
    }

    private boolean hasNewer() {
        return page != null && page.hasNewer();
    }

    private boolean hasOlder() {
        return page != null && page.hasOlder();
    }

    private String pageUrl(String position, long seq) {
        Map<String, String> p = new LinkedHashMap<>(list.kept());
        p.put(position, String.valueOf(seq));
        return urls.list(p);
    }

    // --- loading -------------------------------------------------------------------------------------------------

    /** The page's view action: reads the parameters, the log's health and one page of entries. */
    public void load() {
        list = ListParams.parse(params::get);
        notes.addAll(list.filter().hiddenCharacterNotes());
        // Health first: the tail starts above what existed then, so nothing is shown twice or missed.
        health = log.health();
        problem = starting(health);
        if (problem != null) {
            return;
        }
        try {
            page = log.query(query(list.filter().query(list.limit())));
        } catch (ActivityLogException e) {
            problem = e.getMessage();
        }
    }

    /** The page asked for: a jump to an entry or a time, else a keyset bound, else the newest page. */
    private EntryQuery query(EntryQuery base) {
        if (list.seq() != null) {
            long seq = list.seq();
            highlight = seq;
            if (seq > health.entries()) {
                notes.add("There is no entry " + seq + " yet (the newest is " + health.entries()
                        + "): showing the newest entries.");
            }
            return base.before(seq == Long.MAX_VALUE ? seq : seq + 1);
        }
        if (list.at() != null) {
            return jumpToTime(base, list.at());
        }
        if (list.after() != null) {
            return base.after(list.after());
        }
        return list.before() != null ? base.before(list.before()) : base;
    }

    /**
     * The page whose top is the newest entry at or before {@code t} (within the filters): one index lookup finds its
     * sequence number, then the page is an ordinary keyset page below it.
     */
    private EntryQuery jumpToTime(EntryQuery base, Instant t) {
        Instant end = t.plus(1, ChronoUnit.MICROS);
        Instant to = list.filter().toInstant() == null ? EntryQuery.MAX_TIME : list.filter().toInstant();
        if (to.isBefore(end)) {
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
