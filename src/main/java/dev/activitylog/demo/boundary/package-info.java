/**
 * The startup bean that appends the demo entries through the log's EJB when {@code activitylog.demo} is on.
 */
package dev.activitylog.demo.boundary;
