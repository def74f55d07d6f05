package dev.activitylog.log.control;

/** A line that is not a valid entry or header; the message says what is wrong with it. */
class FormatException extends Exception {
    FormatException(String message) {
        super(message, null, false, false);
    }
}
