package dev.activitylog.log.control;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Limits;
import dev.activitylog.log.entity.NewEntry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's check of an entry and the Bean Validation constraints of {@link NewEntry} give one answer: the EJB
 * lets the first decide whether an entry is stored and asks the second only to report a refusal, so an entry one
 * accepts and the other refuses would be stored past the contract (or refused as the wrong type). Each value of
 * each field, good and bad, is checked by both: the same problems, or none from either.
 */
class EntryRulesAgreementTest {
    private static final NewEntry OK = NewEntry.of("alice", "order.cancel", "order/7", "");
    private static final ActivityLog LOG = (ActivityLog) Proxy.newProxyInstance(ActivityLog.class.getClassLoader(),
            new Class<?>[]{ActivityLog.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException("only validated");
            });
    private static Method APPEND;
    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() throws NoSuchMethodException {
        APPEND = ActivityLog.class.getMethod("append", NewEntry.class);
        // Parameter interpolation ({max}) is all the messages use; no expression language is needed.
        factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    /** Texts at and around what the rules look at: blanks of every kind, bounds, non-ASCII, surrogate pairs. */
    private static List<String> texts(int max) {
        List<String> t = new ArrayList<>(List.of("", " ", "   ", "\t", "\n", "\r\n", "\u0000", "\u0001\u001f", "\u007f",
                "\u00a0", "\u2007", "\u202f", "\u2028", "\u2029", "\u2003 \u205f", "\u3000", "\u200b", "\ufeff",
                " x ", "x", "\u00e9", "\uD83D\uDE00", "\uD83D", "order.cancel", "has space", "tab\there", "ü",
                "SUCCESS", "FAILURE", "FAILURE:", "FAILURE:java.io.IOException", "FAILURE:not a type", "failure",
                "SUCCESS ", "FAILURE:a..b", "FAILURE:$x.y_1", "!~", "a=b"));
        t.add("a".repeat(max));
        t.add("a".repeat(max + 1));
        t.add("\uD83D\uDE00".repeat(max / 2));
        t.add("\uD83D\uDE00".repeat(max / 2 + 1));
        t.add(" ".repeat(max + 1));
        return t;
    }

    /** Bean Validation as the EJB asks it: the parameter of {@link ActivityLog#append}, the entry cascaded. */
    private static void agree(NewEntry e) {
        Set<String> byRules = new TreeSet<>(EntryRules.problems(e));
        Set<String> byValidation = validator.forExecutables().validateParameters(LOG, APPEND, new Object[]{e})
                .stream().map(ConstraintViolation::getMessage).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(byValidation, byRules, () -> "the same problems for " + e);
    }

    private static void eachText(int max, Function<String, NewEntry> entry) {
        List<String> values = texts(max);
        values.add(null);
        for (String v : values) {
            agree(entry.apply(v));
        }
    }

    @Test
    void eachTextFieldIsJudgedAlike() {
        eachText(Limits.ACTOR, v -> new NewEntry(v, OK.action(), OK.subject(), OK.detail()));
        eachText(Limits.ACTION, v -> new NewEntry(OK.actor(), v, OK.subject(), OK.detail()));
        eachText(Limits.SUBJECT, v -> new NewEntry(OK.actor(), OK.action(), v, OK.detail()));
        eachText(Limits.DETAIL, v -> new NewEntry(OK.actor(), OK.action(), OK.subject(), v));
        eachText(Limits.OUTCOME, OK::withOutcome);
        eachText(Limits.OUTCOME - "FAILURE:".length(), v -> OK.withOutcome(v == null ? null : "FAILURE:" + v));
        eachText(Limits.ORIGIN, OK::withOrigin);
        eachText(Limits.CORRELATION, OK::withCorrelation);
    }

    @Test
    void attributesAreJudgedAlike() {
        for (String key : texts(Limits.ATTRIBUTE_KEY)) {
            agree(OK.withAttribute(key, "v"));
        }
        for (String value : texts(Limits.ATTRIBUTE_VALUE)) {
            agree(OK.withAttribute("k", value));
        }
        agree(OK.withAttribute("k", null));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        agree(OK.withAttributes(nullKey));
        for (int n : new int[]{0, 1, Limits.ATTRIBUTES, Limits.ATTRIBUTES + 1}) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                m.put("k" + i, "v");
            }
            agree(OK.withAttributes(m));
        }
    }

    @Test
    void severalBadFieldsAreEachNamedByBoth() {
        NewEntry e = new NewEntry(" ", null, "s".repeat(Limits.SUBJECT + 1), null, "OK", null, "a b",
                Map.of("1st", "v".repeat(Limits.ATTRIBUTE_VALUE + 1)));
        agree(e);
        assertTrue(EntryRules.problems(e).size() >= 6, () -> "each problem named: " + EntryRules.problems(e));
    }

    @Test
    void noEntryIsRefusedByBoth() {
        agree(null);
        assertEquals(List.of("entry is required"), EntryRules.problems(null));
    }
}
