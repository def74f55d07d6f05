package dev.activitylog.admin.boundary;

import jakarta.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Guards the JSON API under /api with the admin role. API clients send HTTP Basic credentials (checked against the
 * server's users with the standard {@link HttpServletRequest#login}); a browser already signed in to the console is
 * let through on its session. Missing or wrong credentials get 401 with {@code WWW-Authenticate}, a user without the
 * role 403, both as JSON like the API's other errors. {@code /api/health} stays open for monitors.
 * <p>
 * A web.xml constraint cannot do this: the application has one login method, FORM for the console, and it would
 * answer an API client with an HTML login page.
 */
@WebFilter(filterName = "ApiAccessFilter", urlPatterns = "/api/*")
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
            String[] basic = basicCredentials(request.getHeader("Authorization"));
            if (basic == null) {
                refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "authentication required (HTTP Basic)");
                return;
            }
            try {
                request.login(basic[0], basic[1]);
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
            response.setHeader("Cache-Control", "no-store");
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

    /** {user, password} from an {@code Authorization: Basic} header, null when there is none or it is malformed. */
    static String[] basicCredentials(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 1 ? null : new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"activity-log\", charset=\"UTF-8\"");
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder()
                .add("error", message)
                .add("type", status == HttpServletResponse.SC_UNAUTHORIZED ? "Unauthorized" : "Forbidden")
                .build().toString());
    }
}
