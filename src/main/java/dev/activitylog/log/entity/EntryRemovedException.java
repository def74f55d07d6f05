package dev.activitylog.log.entity;

/**
 * The entry was in the log, and retention removed the sealed segment that held it: archived (where says where it is
 * now) or deleted by the operator's choice. Not a corruption and not a missing entry: the log recorded the removal.
 */
public class EntryRemovedException extends ActivityLogException {
    private final long seq;
    private final String archive;

    /** @param archive the archived segment file, or null when retention deleted it */
    public EntryRemovedException(long seq, String archive) {
        super("entry " + seq + " was removed from the log by retention: " + (archive == null
                ? "its segment was deleted (activitylog.retentionAction=delete)"
                : "its segment is archived at " + archive), null);
        this.seq = seq;
        this.archive = archive;
    }

    public long seq() {
        return seq;
    }

    /** The archived segment file, or null when it was deleted. */
    public String archive() {
        return archive;
    }
}
