/**
 * What guards every request of the web module, the console's and the REST API's alike: the security headers filter,
 * the API's access filter (HTTP Basic, the admin role, cross-origin posts, throttled failed sign-ins) and the role's
 * name. Servlet API and JSON-P; the decisions themselves are in {@code web.control}. Both filters are mapped in
 * web.xml, which fixes their order. Uses nothing of the log or the console.
 */
package dev.activitylog.web.boundary;
