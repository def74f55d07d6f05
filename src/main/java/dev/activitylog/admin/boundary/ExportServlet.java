package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.EntryFilter;
import dev.activitylog.admin.control.ExportFormat;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
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
 */
@WebServlet(name = "ExportServlet", urlPatterns = ConsoleUrls.EXPORT)
public class ExportServlet extends HttpServlet {
    static final int PAGE = 250;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Inject
    ActivityLog log;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ExportFormat format = ExportFormat.named(request.getParameter("format"));
        EntryFilter filter = EntryFilter.from(request::getParameter);
        if (!filter.errors().isEmpty()) {
            plain(response, 400, "Cannot export: " + String.join("; ", filter.errors()));
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
        String name = "activity-log-" + STAMP.format(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                + "." + format.extension();
        response.setContentType(format.contentType());
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                64 * 1024);
        ExportSink sink = format.to(out);
        out.write(format.header());
        try {
            if (pages != null) {
                byIndex(pages, first, sink);
            } else {
                log.export(query, sink);
            }
        } catch (ActivityLogException e) {
            String why = "export incomplete: " + e.getMessage();
            out.write(format.incomplete(why));
            out.flush();
            throw new IOException(why, e);
        } catch (UncheckedIOException clientGone) {
            throw clientGone.getCause();
        }
        out.flush();
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
