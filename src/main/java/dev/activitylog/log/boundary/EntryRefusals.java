package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.NewEntry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * The refusal {@link ActivityLog#append} promises, a {@link ConstraintViolationException} of the interface's own
 * constraints, built only once the engine has refused the entry. The engine checks every entry anyway (its
 * EntryRules, which refuse exactly what these constraints refuse, with the same messages); the validation
 * interceptor on every append cost about a fifth of the EJB call's CPU (docs/benchmarks.md, "Through the container,
 * isolated"), so append is left out of method validation and Bean Validation runs on the refused entry alone.
 */
final class EntryRefusals {
    private static final Method APPEND = append();

    private EntryRefusals() {
    }

    /** What to throw for {@code entry}: its violations, as the validation interceptor would throw them. */
    static RuntimeException of(Validator validator, ActivityLog log, NewEntry entry, InvalidEntryException refused) {
        Set<ConstraintViolation<ActivityLog>> violations = validator.forExecutables()
                .validateParameters(log, APPEND, new Object[]{entry});
        // Only if the two checks ever disagreed: the engine's typed refusal, which names the same problems.
        return violations.isEmpty() ? refused : new ConstraintViolationException(violations);
    }

    private static Method append() {
        try {
            return ActivityLog.class.getMethod("append", NewEntry.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
