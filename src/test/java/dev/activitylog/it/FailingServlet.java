package dev.activitylog.it;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Test deployments only: a request that fails with an exception nothing handles, as a bug would. */
@WebServlet("/it/fail")
public class FailingServlet extends HttpServlet {
    static final String SECRET = "internal detail /srv/secret/path";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        throw new IllegalStateException(SECRET);
    }
}
