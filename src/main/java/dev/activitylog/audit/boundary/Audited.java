package dev.activitylog.audit.boundary;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Each call of an annotated method (or of every business method of an annotated class) appends one entry to the
 * activity log: the caller, the action, the subject, SUCCESS or the failure's type, the call's duration, and the
 * request's origin and correlation id. The rules: docs/audited.md.
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Audited {
    /** The entry's action; empty: the declaring class's simple name, a dot and the method's name. */
    @Nonbinding String action() default "";

    /**
     * The name of the parameter whose value is the entry's subject (the module must be compiled with
     * {@code -parameters}); empty: the parameter marked {@link AuditSubject}, or no subject.
     */
    @Nonbinding String subject() default "";

    /**
     * Fail closed: the call does not run when the log cannot take an entry, and when its entry is refused after it
     * ran, it fails with {@link dev.activitylog.audit.entity.AuditFailedException}, which rolls its transaction back.
     * False (the default): a failing log is reported in the server log and never breaks the call.
     */
    @Nonbinding boolean required() default false;
}
