package dev.activitylog.admin.control;

/** The start of an entry's detail, as the list and the live tail show it; the entry's own page shows all of it. */
public final class DetailPreview {
    /** Characters (code points) shown. */
    public static final int LENGTH = 160;

    private DetailPreview() {
    }

    /** The first {@value #LENGTH} characters of a detail, whole code points, with an ellipsis if cut. */
    public static String of(String detail) {
        // Counted in code points: a detail of 100 emoji is 200 UTF-16 chars and nothing to cut.
        if (detail == null || detail.codePointCount(0, detail.length()) <= LENGTH) {
            return detail;
        }
        return detail.substring(0, detail.offsetByCodePoints(0, LENGTH)) + "…";
    }
}
