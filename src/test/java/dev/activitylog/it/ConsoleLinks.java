package dev.activitylog.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A console page's links, as a client without JavaScript follows them. */
final class ConsoleLinks {
    private static final Pattern LINK = Pattern.compile("<a id=\"([\\w-]+)\" href=\"([^\"]*)\"");
    private static final String CONTEXT = "/activity-log/";

    private ConsoleLinks() {
    }

    /** The target of the link with this id, relative to the application (as {@link Http} resolves paths). */
    static String href(String html, String id) {
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            if (m.group(1).equals(id)) {
                String href = m.group(2).replace("&amp;", "&");
                if (!href.startsWith(CONTEXT)) {
                    throw new AssertionError("link " + id + " leaves the application: " + href);
                }
                return href.substring(CONTEXT.length());
            }
        }
        throw new AssertionError("no link " + id + " in " + html);
    }
}
