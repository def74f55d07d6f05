package dev.activitylog.web.control;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a request was sent by a browser from a page of another origin. A browser attaches the console's session
 * cookie (and Basic credentials it has cached) to a request from any page of the same site, and SameSite=Lax stops
 * only other sites, not another port of the same host: so a request that changes something or costs something is
 * accepted only from this origin. Browsers say where a request comes from in {@code Sec-Fetch-Site} (current ones)
 * and {@code Origin} (on every cross-origin POST); a client that sends neither, such as curl, is not a browser page.
 */
public final class CrossOrigin {
    private CrossOrigin() {
    }

    /**
     * @param secFetchSite the {@code Sec-Fetch-Site} header, null when absent
     * @param origin       the {@code Origin} header, null when absent
     * @param host         the {@code Host} header: the origin the browser addressed
     */
    public static boolean isCrossOrigin(String secFetchSite, String origin, String host) {
        if (secFetchSite != null) {
            String site = secFetchSite.strip().toLowerCase(Locale.ROOT);
            return !site.equals("same-origin") && !site.equals("none");  // none: typed by the user, a bookmark
        }
        if (origin == null) {
            return false;
        }
        try {
            String authority = URI.create(origin.strip()).getRawAuthority();
            return authority == null || host == null || !authority.equalsIgnoreCase(host.strip());
        } catch (IllegalArgumentException e) {
            return true;  // "null" (a sandboxed page, a file) and anything unreadable is not this origin
        }
    }
}
