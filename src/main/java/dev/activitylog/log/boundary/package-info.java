/**
 * The log's boundary in the container: the {@code @Local} business interface {@link
 * dev.activitylog.log.boundary.ActivityLog} that other EJBs inject, its bean (owns the engine; waits for durability,
 * answers health and verifies outside every container lock), the {@code @Singleton} whose container-managed locks
 * serialise appends and maintenance and share reads ({@code ContainerLock}), the REST resources with their
 * exception mappers and their OpenAPI description ({@code OpenApiCommon}), and the MicroProfile Health checks
 * ({@code ProbeCheck} and its three subclasses). Thin: each call is one call of the engine in {@code log.control}.
 * May use {@code log.control}, {@code log.entity} and {@code log.config}, and the role's name and the open path from
 * {@code web.boundary}.
 */
package dev.activitylog.log.boundary;
