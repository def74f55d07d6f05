package dev.activitylog.web.boundary;

/** The one role of this application (declared in web.xml; users get it through a server group of the same name). */
public final class Roles {
    public static final String ADMIN = "activity-log-admin";

    private Roles() {
    }
}
