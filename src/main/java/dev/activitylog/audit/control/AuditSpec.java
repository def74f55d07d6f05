package dev.activitylog.audit.control;

import dev.activitylog.log.entity.Limits;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

/**
 * What the annotation of one method says, resolved once per method: the action, which argument is the subject, and
 * whether the call must not run unrecorded.
 *
 * @param action       the entry's action
 * @param subjectIndex the index of the argument that is the subject, or -1: none
 * @param required     fail closed
 */
public record AuditSpec(String action, int subjectIndex, boolean required) {

    /**
     * @param action      the annotation's action, empty for the default {@code SimpleClassName.method}
     * @param subjectName the annotation's parameter name, empty for the parameter carrying {@code marker}
     * @throws IllegalArgumentException when {@code subjectName} names no parameter of the method: a mistake in the
     *                                  code, reported at the first call rather than recorded as an empty subject
     */
    public static AuditSpec of(Method method, String action, String subjectName, boolean required,
                               Class<? extends Annotation> marker) {
        String resolved = action.isBlank() ? method.getDeclaringClass().getSimpleName() + "." + method.getName() : action;
        Parameter[] parameters = method.getParameters();
        int subject = -1;
        for (int i = 0; i < parameters.length && subject < 0; i++) {
            boolean named = !subjectName.isBlank() && parameters[i].isNamePresent()
                    && parameters[i].getName().equals(subjectName);
            if (named || (subjectName.isBlank() && parameters[i].isAnnotationPresent(marker))) {
                subject = i;
            }
        }
        if (subject < 0 && !subjectName.isBlank()) {
            throw new IllegalArgumentException("@Audited(subject = \"" + subjectName + "\") on "
                    + method.getDeclaringClass().getName() + "." + method.getName() + " names no parameter of it"
                    + " (parameter names are known only to classes compiled with -parameters; @AuditSubject on the"
                    + " parameter needs no names)");
        }
        return new AuditSpec(resolved, subject, required);
    }

    /** The subject of a call with these arguments: the marked argument's text, empty when none or null. */
    public String subject(Object[] arguments) {
        if (subjectIndex < 0 || arguments == null || subjectIndex >= arguments.length
                || arguments[subjectIndex] == null) {
            return "";
        }
        return Fit.text(String.valueOf(arguments[subjectIndex]), Limits.SUBJECT);
    }
}
