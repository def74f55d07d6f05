package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.EntryFilter;
import dev.activitylog.admin.control.ExportFormat;
import dev.activitylog.admin.control.MergedExport;
import dev.activitylog.admin.control.MergedParams;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.ExportSink;
import dev.activitylog.log.entity.Page;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Every entry of the console's current filter, oldest first, as NDJSON or CSV (RFC 4180), streamed with constant
 * memory whatever the log's size. Without a filter on an indexed field (actor, action, outcome, correlation) the
 * log is read sequentially, each segment once, by {@link ActivityLog#export}, which applies the time and text
 * filters as it reads: the bulk path to a SIEM or an auditor. With one, the index finds the entries, one keyset page
 * of {@value #PAGE} at a time, so a rare actor's entries are not looked for in the whole file. The filter
 * parameters are the list's ({@link EntryFilter}); {@code format} is {@code ndjson} (default) or {@code csv}
 * ({@link ExportFormat}).
 * <p>
 * Entries appended while an export runs are not in it. Entries that cannot be read are listed by number, flagged,
 * not skipped. If the log fails midway, the export writes a last line saying so and aborts the response, so a
 * truncated file never passes for a complete one.
 * <p>
 * {@code scope=cluster} exports the merged view of every node instead (only node {@code node}'s entries with that
 * parameter), newest first, each record with its node ({@link MergedExport}); with the embedded index, this node's.
 */
@WebServlet(name = "ExportServlet", urlPatterns = ConsoleUrls.EXPORT)
public class ExportServlet extends HttpServlet {
    static final int PAGE = 250;
    /** The {@code scope} of the merged export. */
    static final String CLUSTER = "cluster";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Inject
    ActivityLog log;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ExportFormat format = ExportFormat.named(request.getParameter("format"));
        EntryFilter filter = EntryFilter.from(request::getParameter);
        List<String> errors = new ArrayList<>(filter.errors());
        String scope = request.getParameter("scope");
        boolean merged = CLUSTER.equals(scope);
        String node = MergedParams.node(request.getParameter("node"), errors);
        if (scope != null && !scope.isBlank() && !merged) {
            errors.add("scope: '" + scope + "' is unknown: " + CLUSTER + " exports the merged view of every node;"
                    + " leave it out for this node's log");
        } else if (!merged && node != null) {
            errors.add("node: only with scope=" + CLUSTER + " (the merged view); this node's log is its own");
        }
        if (!errors.isEmpty()) {
            plain(response, 400, "Cannot export: " + String.join("; ", errors));
            return;
        }
        if (merged) {
            merged(response, format, filter.query(PAGE), node);
            return;
        }
        EntryQuery query = filter.query(PAGE);
        // The index's pages, oldest first (after entry 0); null: the log is read sequentially.
        EntryQuery pages = query.indexedFieldFiltered() ? query.after(0L) : null;
        Page first;
        try {
            // Also what tells an unavailable log (503) before the response has begun.
            first = log.query(pages != null ? pages : EntryQuery.newest(1));
        } catch (ActivityLogException e) {
            plain(response, 503, "Cannot export: " + e.getMessage());
            return;
        }
        Writer out = download(response, format, "activity-log-", format.header());
        ExportSink sink = format.to(out);
        try {
            if (pages != null) {
                byIndex(pages, first, sink);
            } else {
                log.export(query, sink);
            }
        } catch (ActivityLogException e) {
            incomplete(out, format, e);
        } catch (UncheckedIOException clientGone) {
            throw clientGone.getCause();
        }
        out.flush();
    }

    /** The merged view of every node (or of {@code node}), newest first, each record with its node. */
    private void merged(HttpServletResponse response, ExportFormat format, EntryQuery query, String node)
            throws IOException {
        ClusterPage first;
        try {
            first = log.clusterQuery(query, node, null);  // as above: an unavailable log is a 503 before the body
        } catch (ActivityLogException e) {
            plain(response, 503, "Cannot export: " + e.getMessage());
            return;
        }
        Writer out = download(response, format, "activity-log-cluster-", format.nodeHeader());
        try {
            MergedExport.write(first, before -> log.clusterQuery(query, node, before), format, out);
        } catch (ActivityLogException e) {
            incomplete(out, format, e);
        }
        out.flush();
    }

    /** Starts the download: its headers, then the file's first line. */
    private static Writer download(HttpServletResponse response, ExportFormat format, String prefix, String header)
            throws IOException {
        String name = prefix + STAMP.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)) + "." + format.extension();
        response.setContentType(format.contentType());
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                64 * 1024);
        out.write(header);
        return out;
    }

    /** The log failed midway: a last line says so, and the response is aborted, so the file cannot pass for whole. */
    private static void incomplete(Writer out, ExportFormat format, ActivityLogException e) throws IOException {
        String why = "export incomplete: " + e.getMessage();
        out.write(format.incomplete(why));
        out.flush();
        throw new IOException(why, e);
    }

    /** Keyset pages towards newer entries, each page's entries (newest first in a page) written oldest first. */
    private void byIndex(EntryQuery query, Page first, ExportSink sink) {
        for (Page page = first; ; page = log.query(query.after(page.newerAfter()))) {
            List<Entry> entries = page.entries();
            for (int i = entries.size() - 1; i >= 0; i--) {
                sink.entry(entries.get(i));
            }
            page.corrupt().stream().sorted().forEach(sink::unreadable);
            if (page.newerAfter() == null) {
                return;
            }
        }
    }

    private static void plain(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        if (status == 503) {
            response.setHeader("Retry-After", "10");
        }
        response.getWriter().write(message + "\n");
    }
}
