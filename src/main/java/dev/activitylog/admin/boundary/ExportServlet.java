package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.EntryFilter;
import dev.activitylog.admin.control.ExportFormat;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Page;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Every entry of the console's current filter, newest first, as NDJSON or CSV (RFC 4180), streamed: the log is read
 * one keyset page of {@value #PAGE} entries at a time and each page is written out before the next is read, so memory
 * stays constant whatever the log's size, and the log's lock is only held for one page at a time. The filter
 * parameters are the list's ({@link EntryFilter}); {@code format} is {@code ndjson} (default) or {@code csv}
 * ({@link ExportFormat}).
 * <p>
 * Entries appended while an export runs are not in it (it starts below the newest entry at its start). Corrupt
 * entries are listed by number, flagged, not skipped. If the log fails midway, the export writes a last line saying
 * so and aborts the response, so a truncated file never passes for a complete one.
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
        Page page;
        try {
            page = log.query(query);
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
        out.write(format.header());
        while (true) {
            for (Entry e : page.entries()) {
                out.write(format.line(e));
            }
            for (Long bad : page.corrupt()) {
                out.write(format.corrupt(bad));
            }
            out.flush();
            if (page.nextBefore() == null) {
                break;
            }
            try {
                page = log.query(query.before(page.nextBefore()));
            } catch (ActivityLogException e) {
                String why = "export incomplete: " + e.getMessage();
                out.write(format.incomplete(why));
                out.flush();
                throw new IOException(why, e);
            }
        }
        out.flush();
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
