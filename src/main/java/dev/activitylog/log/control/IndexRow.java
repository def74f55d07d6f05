package dev.activitylog.log.control;

/**
 * Where an entry's line lies in the file, plus the fields the index filters on. {@code tsMicros}, {@code actor} and
 * {@code action} are null for an entry whose bytes are corrupt: its row only says where the damage is.
 */
record IndexRow(long seq, long offset, int length, Long tsMicros, String actor, String action) {
    long end() {
        return offset + length;
    }

    boolean corrupt() {
        return actor == null;
    }

    /** What recovery found where a corrupt entry's row points: a length of 0 marks an entry missing from the file. */
    String damage() {
        return length == 0 ? "recovery found it missing from the file (removed before offset " + offset + ")"
                : "recovery found its bytes unreadable at offset " + offset;
    }
}
