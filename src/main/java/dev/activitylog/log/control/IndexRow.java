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
}
