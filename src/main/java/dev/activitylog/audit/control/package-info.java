/**
 * The rules of {@code @Audited}, plain Java and tested without a container: what an annotated method's call becomes
 * as an entry ({@link dev.activitylog.audit.control.AuditSpec}, {@link dev.activitylog.audit.control.AuditedCall}),
 * who the caller is ({@link dev.activitylog.audit.control.Callers}), where it came from ({@link
 * dev.activitylog.audit.control.TraceParent}). Part of the API jar.
 */
package dev.activitylog.audit.control;
