package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NewEntry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test deployments only (never in the main WAR, whose API is read-only): lets client-side tests append. */
@Path("it/entries")
@RequestScoped
public class TestAppendResource {
    @Inject
    ActivityLog log;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Entry append(@FormParam("actor") String actor, @FormParam("action") String action,
                        @FormParam("subject") String subject, @FormParam("detail") String detail,
                        @FormParam("outcome") String outcome, @FormParam("origin") String origin,
                        @FormParam("correlation") String correlation, @FormParam("attribute") List<String> attributes) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String a : attributes) {  // key=value, split at the first '='
            int eq = a.indexOf('=');
            map.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return log.append(new NewEntry(actor, action, subject, detail, outcome, origin, correlation,
                map.isEmpty() ? null : map));
    }
}
