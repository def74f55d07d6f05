package dev.activitylog.admin.boundary;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.Page;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/**
 * Backs /admin/: the newest entries with keyset paging ({@code before}, {@code limit} view parameters) and the log's
 * health. Loads lazily on first use, so the page renders even when a view parameter failed conversion, and catches
 * the log's failures so an UNAVAILABLE log shows why instead of an error page.
 */
@Named
@RequestScoped
public class AdminView {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 200;

    @Inject
    ActivityLog log;

    private Long before;
    private Integer limit;
    private Health health;
    private Page page;
    private String problem;

    public Long getBefore() {
        return before;
    }

    public void setBefore(Long before) {
        this.before = before;
    }

    public Integer getLimit() {
        return limit;
    }

    public void setLimit(Integer limit) {
        this.limit = limit;
    }

    /** The page size actually used: the {@code limit} parameter kept within 1..{@value #MAX_LIMIT}. */
    public int getPageSize() {
        return limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(MAX_LIMIT, limit));
    }

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

    /** {@code before} of the next older page, null on the last one. */
    public Long getNextBefore() {
        load();
        return page == null ? null : page.nextBefore();
    }

    /** Why the entries could not be shown, null when they could. */
    public String getProblem() {
        load();
        return problem;
    }

    public boolean isPaged() {
        return before != null;
    }

    private void load() {
        if (health != null) {
            return;
        }
        health = log.health();
        try {
            EntryQuery query = EntryQuery.newest(getPageSize()).before(before != null && before < 1 ? null : before);
            page = log.query(query);
        } catch (ActivityLogException e) {
            problem = e.getMessage();
        }
    }
}
