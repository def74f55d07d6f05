package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A test-only application EJB that audits what it does, the way a real consumer would (container transactions). */
@Stateless
public class AuditedService {
    @EJB
    ActivityLog log;

    @Resource
    SessionContext context;

    public Entry record(String actor, String action, String subject, String detail) {
        return log.append(new NewEntry(actor, action, subject, detail));
    }

    /**
     * Audits {@code count} times, then its own transaction rolls back, as a failed business operation's would. More
     * entries than the engine's index batch (256) make an index commit happen inside this transaction's scope.
     */
    public List<Entry> recordThenRollBack(String actor, String action, int count) {
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(log.append(NewEntry.of(actor, action, "attempt/" + i, null)));
        }
        context.setRollbackOnly();
        return entries;
    }

    public Optional<Entry> read(long seq) {
        return log.read(seq);
    }

    public Page byActor(String actor, int limit) {
        return log.query(EntryQuery.newest(limit).actor(actor));
    }

    public long entries() {
        return log.health().entries();
    }
}
