package dev.activitylog.log.entity;

/** The spellings of an entry's outcome (docs/file-format.md, "Version 2"). */
public final class Outcome {
    public static final String SUCCESS = "SUCCESS";
    public static final String FAILURE = "FAILURE";

    private Outcome() {
    }

    /** {@code FAILURE:} and the failure's class name, or plain {@code FAILURE} when the name is not one the rules allow. */
    public static String failure(Throwable t) {
        String spelled = FAILURE + ":" + t.getClass().getName();
        return spelled.length() <= Limits.OUTCOME && spelled.matches(Limits.OUTCOME_PATTERN) ? spelled : FAILURE;
    }

    /** Whether {@code outcome} (as stored, not null) says the action failed. */
    public static boolean isFailure(String outcome) {
        return outcome != null && outcome.startsWith(FAILURE);
    }
}
