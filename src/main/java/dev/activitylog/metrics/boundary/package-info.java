/**
 * The adapters from the log's meters to the metrics library each server offers: Micrometer on WildFly, MicroProfile
 * Metrics on Payara. Each class needs its library's types, so CDI skips it where they are missing (WELD-000119) and
 * the application deploys without it; {@code ActivityLogBean} takes the first adapter whose registry it can reach.
 */
package dev.activitylog.metrics.boundary;
