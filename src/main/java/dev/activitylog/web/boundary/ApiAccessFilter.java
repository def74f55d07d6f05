package dev.activitylog.web.boundary;

import dev.activitylog.web.control.CrossOrigin;
import dev.activitylog.web.control.LoginThrottle;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Guards the JSON API under /api with the admin role. API clients send HTTP Basic credentials (checked against the
 * server's users with the standard {@link HttpServletRequest#login}); a browser already signed in to the console is
 * let through on its session. Missing or wrong credentials get 401 with {@code WWW-Authenticate}, a user without the
 * role 403, both as JSON like the API's other errors. {@code /api/health} is open for monitors (credentials, when
 * sent, are checked: the admin sees the health in full).
 * <p>
 * Two things a browser does on its own are turned away: a POST (or any other unsafe method) from a page of another
 * origin, which would carry the console's session ({@link CrossOrigin}); and the sixth failed Basic attempt of a
 * client for a user, which would help lock that user out of the server ({@link LoginThrottle}): 429 without asking
 * the realm.
 * <p>
 * A web.xml constraint cannot do this: the application has one login method, FORM for the console, and it would
 * answer an API client with an HTML login page. Mapped in web.xml, after {@link SecurityHeadersFilter}, so its
 * refusals carry the same headers as every other response.
 */
public class ApiAccessFilter extends HttpFilter {
    public static final String OPEN_PATH = "/api/health";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private final LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean open = OPEN_PATH.equals(request.getRequestURI().substring(request.getContextPath().length()));
        if (!SAFE_METHODS.contains(request.getMethod()) && CrossOrigin.isCrossOrigin(
                request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"), request.getHeader("Host"))) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "CrossOrigin", request.getMethod()
                    + " requests from a page of another origin are refused; call the API from a client of your own");
            return;
        }
        boolean loggedInHere = false;
        if (request.getUserPrincipal() == null) {
            Optional<BasicCredentials> basic = BasicCredentials.parse(request.getHeader("Authorization"));
            if (basic.isEmpty()) {
                if (open) {
                    chain.doFilter(request, response);
                } else {
                    refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                            "authentication required (HTTP Basic)");
                }
                return;
            }
            if (!login(request, response, basic.get())) {
                return;
            }
            loggedInHere = true;
        }
        try {
            if (!open && !request.isUserInRole(Roles.ADMIN)) {
                refuse(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
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

    /** Signs the request in with its Basic credentials, or answers 401 (wrong) or 429 (too many failures). */
    private boolean login(HttpServletRequest request, HttpServletResponse response, BasicCredentials basic)
            throws IOException {
        String client = request.getRemoteAddr();
        Duration wait = throttle.retryAfter(client, basic.user());
        if (!wait.isZero() && !wait.isNegative()) {
            long seconds = Math.max(1, wait.toSeconds());
            response.setHeader("Retry-After", String.valueOf(seconds));
            refuse(response, 429, "TooManyRequests", LoginThrottle.MAX_FAILURES + " failed sign-ins as '"
                    + basic.user() + "' from this client: try again in " + seconds + " s");
            return false;
        }
        try {
            request.login(basic.user(), basic.password());
            throttle.succeeded(client, basic.user());
            return true;
        } catch (ServletException e) {
            throttle.failed(client, basic.user());
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", "wrong user name or password");
            return false;
        }
    }

    private static void refuse(HttpServletResponse response, int status, String type, String message)
            throws IOException {
        response.setStatus(status);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"activity-log\", charset=\"UTF-8\"");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.createObjectBuilder().add("error", message).add("type", type).build().toString());
    }
}
