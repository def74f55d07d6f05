package dev.activitylog.log.entity;

/** The stored bytes of an entry fail their checksum or do not parse. */
public class CorruptEntryException extends ActivityLogException {
    private final long seq;

    public CorruptEntryException(long seq, String why) {
        super("entry " + seq + " is corrupt: " + why, null);
        this.seq = seq;
    }

    public long seq() {
        return seq;
    }
}
