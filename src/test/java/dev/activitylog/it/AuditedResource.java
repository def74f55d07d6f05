package dev.activitylog.it;

import dev.activitylog.audit.boundary.AuditSubject;
import dev.activitylog.audit.boundary.Audited;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * Test deployments only: HTTP calls of {@link AuditedOrders}, under /api/ so the caller signs in (HTTP Basic). The
 * lookup is itself an audited CDI bean method, not an EJB.
 */
@Path("it/audited")
@RequestScoped
public class AuditedResource {
    @EJB
    AuditedOrders orders;

    @POST
    @Path("place")
    public String place(@FormParam("order") String order, @FormParam("correlate") String correlate) {
        if (correlate != null) {
            orders.correlate(correlate);
        }
        return orders.place(order);
    }

    @POST
    @Path("refund")
    public Response refund(@FormParam("order") String order) {
        try {
            orders.refund(order);
            return Response.ok().build();
        } catch (EJBException refused) {  // a runtime exception leaves an EJB as a system exception, wrapped
            return Response.status(Response.Status.CONFLICT).entity(refused.getCause().getMessage()).build();
        }
    }

    @POST
    @Path("look")
    @Audited(action = "order.look")
    public String look(@AuditSubject @FormParam("order") String order) {
        return "looked at " + order;
    }
}
