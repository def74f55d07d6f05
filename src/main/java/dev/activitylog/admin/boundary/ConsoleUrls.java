package dev.activitylog.admin.boundary;

import jakarta.faces.context.FacesContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's addresses, in one place: the paths its pages and servlets answer on (the servlets are mapped with
 * these constants) and the links between them, context-relative, parameters URL-encoded (Facelets then escapes a link
 * for the attribute it goes into).
 *
 * @param contextPath the application's, e.g. {@code /activity-log}
 */
public record ConsoleUrls(String contextPath) {
    public static final String LIST = "/admin/";
    public static final String ENTRY = "/admin/entry.xhtml";
    public static final String MERGED = "/admin/cluster.xhtml";
    public static final String TAIL = "/admin/tail";
    public static final String EXPORT = "/admin/export";
    static final String API_ENTRIES = "/api/entries/";

    /** For the application of the current Faces request. */
    static ConsoleUrls current() {
        return new ConsoleUrls(FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath());
    }

    /** The entry list with these parameters (filter, page size, position), in their order. */
    public String list(Map<String, String> params) {
        return contextPath + LIST + query(params);
    }

    public String entry(long seq) {
        return contextPath + ENTRY + "?seq=" + seq;
    }

    /** Entry {@code seq} of node {@code node} (read from the shared index when it is another node's). */
    public String entry(String node, long seq) {
        return entry(seq) + "&node=" + URLEncoder.encode(node, StandardCharsets.UTF_8);
    }

    /** The merged view of the cluster's nodes with these parameters (filter, node, page size, position). */
    public String merged(Map<String, String> params) {
        return contextPath + MERGED + query(params);
    }

    /** The live tail's poll with a filter's parameters (the script adds {@code after}). */
    public String tail(Map<String, String> filter) {
        return contextPath + TAIL + query(filter);
    }

    /** The export of a filter's entries as {@code format} ({@code ndjson} or {@code csv}). */
    public String export(String format, Map<String, String> filter) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("format", format);
        p.putAll(filter);
        return contextPath + EXPORT + query(p);
    }

    /** The merged export of every node's entries of a selection (filter and node), as {@code format}. */
    public String mergedExport(String format, Map<String, String> selection) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", ExportServlet.CLUSTER);
        p.putAll(selection);
        return export(format, p);
    }

    /** One entry as the REST API's JSON. */
    public String apiEntry(long seq) {
        return contextPath + API_ENTRIES + seq;
    }

    /** One entry of node {@code node} as the REST API's JSON. */
    public String apiEntry(String node, long seq) {
        return apiEntry(seq) + "?node=" + URLEncoder.encode(node, StandardCharsets.UTF_8);
    }

    /** {@code ?a=1&b=2} of the given parameters, URL-encoded; empty when there are none. */
    static String query(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? '?' : '&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }
}
