package dev.activitylog.web.boundary;

import jakarta.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.Optional;

/**
 * Guards the JSON API under /api with the admin role. API clients send HTTP Basic credentials (checked against the
 * server's users with the standard {@link HttpServletRequest#login}); a browser already signed in to the console is
 * let through on its session. Missing or wrong credentials get 401 with {@code WWW-Authenticate}, a user without the
 * role 403, both as JSON like the API's other errors. {@code /api/health} stays open for monitors.
 * <p>
 * A web.xml constraint cannot do this: the application has one login method, FORM for the console, and it would
 * answer an API client with an HTML login page. Mapped in web.xml, after {@link SecurityHeadersFilter}, so its
 * refusals carry the same headers as every other response.
 */
public class ApiAccessFilter extends HttpFilter {
    static final String OPEN_PATH = "/api/health";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (OPEN_PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
            chain.doFilter(request, response);
            return;
        }
        boolean loggedInHere = false;
        if (request.getUserPrincipal() == null) {
            Optional<BasicCredentials> basic = BasicCredentials.parse(request.getHeader("Authorization"));
            if (basic.isEmpty()) {
                refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "authentication required (HTTP Basic)");
                return;
            }
            try {
                request.login(basic.get().user(), basic.get().password());
                loggedInHere = true;
            } catch (ServletException e) {
                refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "wrong user name or password");
                return;
            }
        }
        try {
            if (!request.isUserInRole(Roles.ADMIN)) {
                refuse(response, HttpServletResponse.SC_FORBIDDEN,
                        "user '" + request.getUserPrincipal().getName() + "' lacks the role " + Roles.ADMIN);
                return;
            }
            chain.doFilter(request, response);
        } finally {
            if (loggedInHere) {
                // Basic is per request: nothing of it may outlive the request. WildFly caches a programmatic login in
                // a new session; drop both, or every API call would leave a session behind until it times out.
                request.logout();
                HttpSession session = request.getSession(false);
                if (session != null && session.isNew()) {
                    session.invalidate();
                }
            }
        }
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"activity-log\", charset=\"UTF-8\"");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder()
                .add("error", message)
                .add("type", status == HttpServletResponse.SC_UNAUTHORIZED ? "Unauthorized" : "Forbidden")
                .build().toString());
    }
}
