package dev.activitylog.admin.boundary;

import dev.activitylog.admin.control.EntryFilter;
import dev.activitylog.admin.control.EntryJson;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.ActivityLogException;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Page;
import jakarta.inject.Inject;
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
 * per poll, whatever the log's size. JSON, which the script turns into table rows through text nodes only; fields
 * as the list shows them ({@link EntryJson#shown}). A filter the list would ignore is refused (400).
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
            refuse(response, "after must be 0 or a sequence number");
            return;
        }
        EntryFilter filter = EntryFilter.from(request::getParameter);
        if (!filter.errors().isEmpty()) {
            // The list showed these as ignored; a tail that quietly dropped them would show entries it never listed.
            refuse(response, String.join("; ", filter.errors()));
            return;
        }
        JsonObjectBuilder body = EntryJson.BUILDERS.createObjectBuilder();
        try {
            Page page = log.query(filter.query(LIMIT).after(after));
            JsonArrayBuilder entries = EntryJson.BUILDERS.createArrayBuilder();
            for (Entry e : page.entries()) {
                entries.add(EntryJson.shown(e));
            }
            body.add("entries", entries);
            if (page.newerAfter() != null) {
                body.add("newerAfter", page.newerAfter());
            }
            JsonArrayBuilder corrupt = EntryJson.BUILDERS.createArrayBuilder();
            page.corrupt().forEach(corrupt::add);
            body.add("corrupt", corrupt);
        } catch (ActivityLogException e) {
            response.setStatus(503);
            body.add("error", e.getMessage());
        }
        body.add("state", log.health().state().name());
        response.getWriter().write(body.build().toString());
    }

    private static void refuse(HttpServletResponse response, String why) throws IOException {
        response.setStatus(400);
        response.getWriter().write(EntryJson.BUILDERS.createObjectBuilder().add("error", why).build().toString());
    }
}
