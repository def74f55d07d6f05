/**
 * What guards every request of the web module, the console's and the REST API's alike: the security headers filter,
 * the API's access filter (HTTP Basic, the admin role) and the role's name. Servlet API only; both filters are mapped
 * in web.xml, which fixes their order. Uses nothing of the log or the console.
 */
package dev.activitylog.web.boundary;
