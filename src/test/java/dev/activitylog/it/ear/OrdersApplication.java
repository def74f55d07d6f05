package dev.activitylog.it.ear;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** orders-web.war's JAX-RS application. */
@ApplicationPath("api")
public class OrdersApplication extends Application {
}
