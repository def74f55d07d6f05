package dev.activitylog.it.ear;

import dev.activitylog.log.entity.Entry;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The consumer's own web module (orders-web.war) placing an order: HTTP, then its EJB, then the log. */
@Path("orders")
@RequestScoped
public class OrdersResource {
    @EJB(lookup = "java:app/orders/OrderDesk")
    OrderDesk desk;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Entry place(@FormParam("customer") String customer, @FormParam("order") String order) {
        return desk.place(customer, order, "placed over HTTP");
    }

    @POST
    @Path("pay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public String pay(@FormParam("order") String order) {
        return desk.pay(order);
    }
}
