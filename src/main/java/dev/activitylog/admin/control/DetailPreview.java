package dev.activitylog.admin.control;

/** The start of an entry's detail, as the list and the live tail show it; the entry's own page shows all of it. */
public final class DetailPreview {
    /** Characters (code points) shown. */
    public static final int LENGTH = 160;

    private DetailPreview() {
    }

    /** The first {@value #LENGTH} characters of a detail, whole code points, with an ellipsis if cut. */
    public static String of(String detail) {
        if (detail == null || detail.length() <= LENGTH) {
            return detail;
        }
        int end = detail.offsetByCodePoints(0, Math.min(LENGTH, detail.codePointCount(0, detail.length())));
        return detail.substring(0, end) + "…";
    }
}
