package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.DetailPreview;
import dev.activitylog.admin.control.EntryFilter;
import dev.activitylog.admin.control.EntryJson;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Page;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The live tail's poll (admin.js): entries of the list's filter just above {@code after}, newest first, at most
 * {@value #LIMIT}; {@code newerAfter} is set when more are waiting (the script asks again at once). One keyset query
 * per poll, whatever the log's size. JSON, which the script turns into table rows through text nodes only.
 */
@WebServlet(name = "TailServlet", urlPatterns = ConsoleUrls.TAIL)
public class TailServlet extends HttpServlet {
    static final int LIMIT = 50;

    @Inject
    ActivityLog log;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        long after;
        try {
            after = Long.parseLong(request.getParameter("after"));
            if (after < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            response.setStatus(400);
            response.getWriter().write(Json.createObjectBuilder()
                    .add("error", "after must be 0 or a sequence number").build().toString());
            return;
        }
        EntryFilter filter = EntryFilter.from(request::getParameter);
        JsonObjectBuilder body = Json.createObjectBuilder();
        try {
            Page page = log.query(filter.query(LIMIT).after(after));
            JsonArrayBuilder entries = Json.createArrayBuilder();
            for (Entry e : page.entries()) {
                entries.add(EntryJson.of(e, DetailPreview.of(e.detail())));
            }
            body.add("entries", entries);
            if (page.newerAfter() != null) {
                body.add("newerAfter", page.newerAfter());
            }
            JsonArrayBuilder corrupt = Json.createArrayBuilder();
            page.corrupt().forEach(corrupt::add);
            body.add("corrupt", corrupt);
        } catch (ActivityLogException e) {
            response.setStatus(503);
            body.add("error", e.getMessage());
        }
        body.add("state", log.health().state().name());
        response.getWriter().write(body.build().toString());
    }
}
