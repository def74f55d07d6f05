/**
 * What callers of {@code @Audited} methods see: the exception of a call that was not run, or was rolled back,
 * because the log could not record it ({@code required = true}). Part of the API jar.
 */
package dev.activitylog.audit.entity;
