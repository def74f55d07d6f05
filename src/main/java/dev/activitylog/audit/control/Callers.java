package dev.activitylog.audit.control;

import dev.activitylog.log.entity.Limits;

import java.security.Principal;
import java.util.Locale;

/**
 * Who called: the first of the candidates (Jakarta Security's caller, the EJB's caller, the HTTP request's user) that
 * names somebody. The servers' stand-ins for nobody, WildFly's {@code anonymous} and Payara's {@code ANONYMOUS},
 * name nobody, so an unauthenticated call is recorded as {@link #ANONYMOUS} on both.
 */
public final class Callers {
    public static final String ANONYMOUS = "anonymous";

    private Callers() {
    }

    public static String actor(Principal... candidates) {
        for (Principal p : candidates) {
            String name = p == null ? null : p.getName();
            if (name != null && !name.isBlank() && !name.strip().toLowerCase(Locale.ROOT).equals(ANONYMOUS)) {
                return Fit.text(name.strip(), Limits.ACTOR);
            }
        }
        return ANONYMOUS;
    }
}
