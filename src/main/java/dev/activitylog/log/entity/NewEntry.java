package dev.activitylog.log.entity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * What a caller asks to record. The log assigns the sequence number and the time.
 *
 * @param actor   who did it (user, service); required
 * @param action  what was done, e.g. {@code order.cancel}; required
 * @param subject what it was done to (optional, empty when absent)
 * @param detail  free text (optional, empty when absent)
 */
public record NewEntry(
        @NotBlank(message = "actor is required") @Size(max = Limits.ACTOR, message = "actor is longer than {max} characters") String actor,
        @NotBlank(message = "action is required") @Size(max = Limits.ACTION, message = "action is longer than {max} characters") String action,
        @Size(max = Limits.SUBJECT, message = "subject is longer than {max} characters") String subject,
        @Size(max = Limits.DETAIL, message = "detail is longer than {max} characters") String detail) {

    public static NewEntry of(String actor, String action, String subject, String detail) {
        return new NewEntry(actor, action, subject, detail);
    }
}
