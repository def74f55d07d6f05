package dev.activitylog.log.boundary;

import dev.activitylog.log.control.Appended;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import jakarta.ejb.Local;

import java.util.Optional;

/**
 * The singleton's view, behind the container's locks: what must be serialised (append: WRITE) or may run in parallel
 * (reads: READ). Internal to the module: applications use {@link ActivityLog}, whose facade waits for durability and
 * verifies outside these locks.
 */
@Local
public interface LogStore {
    /** Writes the entry; not yet acknowledged under GROUP or INTERVAL durability (see {@link Appended#awaitDurable}). */
    Appended append(NewEntry entry);

    Optional<Entry> read(long seq);

    Page query(EntryQuery query);

    Health health();

    /** The engine, for work that must not hold the singleton's lock: a whole-file verify. */
    LogEngine engine();
}
