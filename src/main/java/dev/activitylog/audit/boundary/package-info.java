/**
 * {@code @Audited} and {@code @AuditSubject}, the interceptor that records each call of an annotated method, and the
 * request-scoped context that tells it the client's address and correlation id. Part of the API jar, so that the
 * other modules of an EAR use the same binding (docs/audited.md).
 */
package dev.activitylog.audit.boundary;
