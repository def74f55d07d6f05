package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.Limits;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.VerifyReport;
import jakarta.ejb.EJB;
import jakarta.json.JsonObject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path.Node;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad and hostile input through the EJB on WildFly: every value is either refused with a message that names the
 * field (Bean Validation's {@link ConstraintViolationException}) with the file and the entry count unchanged, or
 * stored escaped on one line and read back exactly. Limits are those of {@link Limits}.
 */
@ExtendWith(ArquillianExtension.class)
class BadInputIT {
    private static final Logger LOG = Logger.getLogger(BadInputIT.class.getName());

    @Deployment
    static WebArchive deployment() {
        return Deployments.packagedWar(BadInputIT.class, TestAppendResource.class, Http.class);
    }

    @EJB
    ActivityLog log;

    private static NewEntry entry(String actor, String action, String subject, String detail) {
        return new NewEntry(actor, action, subject, detail);
    }

    private static final String OK_ACTOR = "bad-input-it";
    private static final String OK_ACTION = "test.input";

    @Test
    void invalidInputIsRefusedNamingTheFieldAndNothingIsStored() {
        // The IT log is shared and RecoveryIT rots an entry on purpose: what verify finds must not change.
        List<VerifyReport.Problem> problemsBefore = log.verify().problems();
        String blanks = " \t\n\r\u000b\f";
        refusedByValidation(null, Map.of("", "entry is required"));
        refusedByValidation(entry(null, OK_ACTION, "s", "d"), Map.of("actor", "actor is required"));
        refusedByValidation(entry("", OK_ACTION, "s", "d"), Map.of("actor", "actor is required"));
        refusedByValidation(entry(blanks, OK_ACTION, "s", "d"), Map.of("actor", "actor is required"));
        // A NUL or another C0 control alone is blank (as String.trim sees it).
        refusedByValidation(entry("\u0000", OK_ACTION, "s", "d"), Map.of("actor", "actor is required"));
        refusedByValidation(entry("\u0001\u001f", OK_ACTION, "s", "d"), Map.of("actor", "actor is required"));
        refusedByValidation(entry(OK_ACTOR, null, "s", "d"), Map.of("action", "action is required"));
        refusedByValidation(entry(OK_ACTOR, "  ", "s", "d"), Map.of("action", "action is required"));
        refusedByValidation(entry(null, null, null, null),
                Map.of("actor", "actor is required", "action", "action is required"));

        refusedByValidation(entry("a".repeat(Limits.ACTOR + 1), OK_ACTION, "s", "d"),
                Map.of("actor", "actor is longer than " + Limits.ACTOR + " characters"));
        refusedByValidation(entry(OK_ACTOR, "a".repeat(Limits.ACTION + 1), "s", "d"),
                Map.of("action", "action is longer than " + Limits.ACTION + " characters"));
        refusedByValidation(entry(OK_ACTOR, OK_ACTION, "s".repeat(Limits.SUBJECT + 1), "d"),
                Map.of("subject", "subject is longer than " + Limits.SUBJECT + " characters"));
        refusedByValidation(entry(OK_ACTOR, OK_ACTION, "s", "d".repeat(Limits.DETAIL + 1)),
                Map.of("detail", "detail is longer than " + Limits.DETAIL + " characters"));
        // Limits count UTF-16 chars: an emoji is two.
        refusedByValidation(entry(OK_ACTOR, OK_ACTION, "s", "\uD83D\uDE00".repeat(Limits.DETAIL / 2) + "x"),
                Map.of("detail", "detail is longer than " + Limits.DETAIL + " characters"));
        refusedByValidation(entry(" ", OK_ACTION, "\u2028".repeat(Limits.SUBJECT + 1), "\u0000".repeat(Limits.DETAIL + 1)),
                Map.of("actor", "actor is required",
                        "subject", "subject is longer than " + Limits.SUBJECT + " characters",
                        "detail", "detail is longer than " + Limits.DETAIL + " characters"));

        // A detail of several MB: refused as fast as a small one, nothing of it written.
        String huge = "\u00e9\u2603\n".repeat(2_000_000);  // 6 M chars, 14 MB of UTF-8
        long t0 = System.nanoTime();
        refusedByValidation(entry(OK_ACTOR, OK_ACTION, "huge", huge),
                Map.of("detail", "detail is longer than " + Limits.DETAIL + " characters"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        LOG.info(() -> "a 6 M char detail was refused in " + millis + " ms");

        // Blank in Unicode's sense too (String.isBlank): the same refusal.
        refusedByValidation(entry("\u2028", OK_ACTION, "s", "d"), Map.of("actor", "actor is required"));
        refusedByValidation(entry("\u3000\u2029", OK_ACTION, "s", "d"), Map.of("actor", "actor is required"));
        refusedByValidation(entry(OK_ACTOR, "\u2003 \u205f", "s", "d"), Map.of("action", "action is required"));

        VerifyReport v = log.verify();
        assertEquals(problemsBefore, v.problems(), v::summary);
        assertEquals(log.health().entries(), v.indexRowsChecked(), "index == file");
    }

    @Test
    void hostileButValidTextIsStoredEscapedOnOneLineAndReadsBackExactly() throws IOException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder everyCodeUnit = new StringBuilder(65_536);
        for (int c = 0; c <= 0xFFFF; c++) {
            everyCodeUnit.append((char) c);
        }
        StringBuilder c0 = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            c0.append(c);
        }
        List<NewEntry> cases = List.of(
                // Every UTF-16 code unit once, in order: exactly the detail limit; lone surrogates included.
                entry(OK_ACTOR, OK_ACTION, "every code unit " + id, everyCodeUnit.toString()),
                entry(OK_ACTOR, OK_ACTION, "C0 " + id + c0, "DEL \u007f C1 \u0080\u0085\u009f " + c0),
                entry("line\nbreaks", "act\r\nion", "line separators " + id + "\u2028\u2029",
                        "LF\nCRLF\r\nCR\rNEL\u0085LS\u2028PS\u2029VT\u000bFF\u000c"),
                entry("lone\uD800", OK_ACTION, "surrogates " + id + "\uDFFF",
                        "\uD800 high alone, \uDC00 low alone, \uDC00\uD800 reversed, \uD83D\uD83D\uDE00\uDE00 pair between lone halves, high at the end \uDBFF"),
                entry("back\\slash", OK_ACTION, "escape lookalikes " + id,
                        "\\n \\t \\r \\u0000 \\u12 \\x \\\\ \\uD800 trailing\\"),
                entry(OK_ACTOR, OK_ACTION, "#activity-log\tv1\t" + id,
                        "1\t2026-01-01T00:00:00.000000Z\tforged\tline\t\t\t" + "0".repeat(64) + "\tdeadbeef\n#activity-log\tv1\n"),
                entry("admin\u202e\u2066nimda", OK_ACTION, "bidi and invisible " + id,
                        "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"),
                entry("\u00a0", OK_ACTION, "no-break space actor " + id, null),
                entry("\u0001x", OK_ACTION, null, null),
                entry(OK_ACTOR, OK_ACTION, "non-BMP " + id, "e\u0301 \uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD835\uDD18\uD835\uDD2B"),
                // Every field at its limit, every char needing the longest escape: the longest line there can be.
                // (NEL for the action: it is a C1 control, not whitespace; an action of only U+2028 would be blank.)
                entry("\u0000a".repeat(Limits.ACTOR / 2), "\u0085".repeat(Limits.ACTION),
                        "\uD800".repeat(Limits.SUBJECT), "\u0001".repeat(Limits.DETAIL)),
                entry(OK_ACTOR, OK_ACTION, "emoji at the limit " + id, "\uD83D\uDE00".repeat(Limits.DETAIL / 2)));

        List<Entry> stored = new ArrayList<>();
        for (NewEntry in : cases) {
            Entry e = log.append(in);
            String what = "case " + stored.size();
            assertEquals(in.actor(), e.actor(), what);
            assertEquals(in.action(), e.action(), what);
            assertEquals(in.subject() == null ? "" : in.subject(), e.subject(), what + ": null is stored as empty");
            assertEquals(in.detail() == null ? "" : in.detail(), e.detail(), what);
            stored.add(e);
        }
        for (Entry e : stored) {
            // Decoded from the file's bytes on every read (the engine keeps no copy of entries).
            assertEquals(e, log.read(e.seq()).orElseThrow(), "entry " + e.seq() + " reads back exactly");
            assertEquals(List.of(e), log.query(EntryQuery.newest(1).before(e.seq() + 1)).entries());
        }

        // On disk: one line each, no raw control, separator, bidi or invisible character, valid UTF-8.
        Health h = log.health();
        Map<Long, byte[]> lines = lines(Path.of(h.path()), stored.stream().map(Entry::seq).collect(Collectors.toSet()));
        long longest = 0;
        for (Entry e : stored) {
            byte[] line = lines.get(e.seq());
            assertTrue(line != null, "entry " + e.seq() + " starts a line of its own");
            assertSafe(e.seq(), line);
            longest = Math.max(longest, line.length + 1);
        }
        assertTrue(longest <= Limits.MAX_LINE_BYTES, longest + " > " + Limits.MAX_LINE_BYTES);
        VerifyReport v = log.verify();
        long first = stored.get(0).seq();
        assertTrue(v.problems().stream().noneMatch(p -> p.seq() == null || p.seq() >= first), v::summary);
        assertEquals(h.entries(), v.indexRowsChecked(), "index == file");
        long longestLine = longest;
        LOG.info(() -> stored.size() + " hostile entries stored and read back exactly; longest line " + longestLine
                + " bytes (limit " + Limits.MAX_LINE_BYTES + ")");
    }

    /** Over HTTP, through the test endpoint's form: a detail of several MB is a 400 naming the field, nothing stored. */
    @Test
    @RunAsClient
    void aSeveralMegabyteDetailOverHttpIsA400AndNothingIsStored() {
        JsonObject before = Http.getJson("api/health");
        String body = "actor=" + OK_ACTOR + "&action=" + OK_ACTION + "&subject=huge&detail="
                + URLEncoder.encode("x\n".repeat(1_500_000), StandardCharsets.UTF_8);  // 3 M chars, 6 MB on the wire
        HttpResponse<String> r = Http.post("api/it/entries", body);
        assertEquals(400, r.statusCode(), r::body);
        JsonObject error = Http.json(r.body());
        assertEquals("ConstraintViolationException", error.getString("type"));
        assertTrue(error.getString("error").contains("detail is longer than " + Limits.DETAIL + " characters"), error::toString);
        JsonObject after = Http.getJson("api/health");
        assertEquals(before.getJsonNumber("entries"), after.getJsonNumber("entries"), "nothing was stored");
        assertEquals(before.getJsonNumber("fileSize"), after.getJsonNumber("fileSize"));

        String tricky = "tab\there\nLS\u2028PS\u2029 back\\slash \u202e\u0000 end";
        JsonObject stored = Http.append(OK_ACTOR, OK_ACTION, "over http", tricky);
        assertEquals(tricky, stored.getString("detail"));
        assertEquals(stored, Http.getJson("api/entries/" + stored.getJsonNumber("seq").longValue()));
    }

    private void refusedByValidation(NewEntry in, Map<String, String> expected) {
        Health before = log.health();
        ConstraintViolationException e = assertThrows(ConstraintViolationException.class, () -> log.append(in),
                () -> "refused: " + describe(in));
        Map<String, String> got = new HashMap<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            got.put(field(v), v.getMessage());
        }
        assertEquals(expected, got, "one violation per bad field, named, with its message");
        unchanged(before, in);
    }

    private void unchanged(Health before, NewEntry in) {
        Health after = log.health();
        assertEquals(before.entries(), after.entries(), () -> "nothing stored for " + describe(in));
        assertEquals(before.fileSize(), after.fileSize(), () -> "file unchanged for " + describe(in));
    }

    /** The bad field: the last node of the path (append.entry.actor); "" for the entry itself. */
    private static String field(ConstraintViolation<?> v) {
        String last = "";
        int depth = 0;
        for (Node n : v.getPropertyPath()) {
            last = n.getName();
            depth++;
        }
        return depth <= 2 ? "" : last;  // method, parameter[, property]
    }

    private static String describe(NewEntry in) {
        if (in == null) {
            return "null";
        }
        return Arrays.stream(new String[]{in.actor(), in.action(), in.subject(), in.detail()})
                .map(s -> s == null ? "null" : s.length() > 40 ? s.length() + " chars" : s.codePoints()
                        .mapToObj(c -> c < 0x20 || c > 0x7e ? String.format("U+%04X", c) : Character.toString(c))
                        .collect(Collectors.joining()))
                .collect(Collectors.joining(" | "));
    }

    /** The raw lines of these entries, by sequence number. */
    private static Map<Long, byte[]> lines(Path file, Set<Long> wanted) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Map<Long, byte[]> found = new HashMap<>();
        TreeSet<Long> left = new TreeSet<>(wanted);
        int start = 0;
        for (int i = 0; i < all.length && !left.isEmpty(); i++) {
            if (all[i] == '\n') {
                int tab = start;
                while (tab < i && all[tab] != '\t') {
                    tab++;
                }
                String first = new String(all, start, tab - start, StandardCharsets.US_ASCII);
                if (!first.isEmpty() && first.chars().allMatch(Character::isDigit) && left.remove(Long.parseLong(first))) {
                    found.put(Long.parseLong(first), Arrays.copyOfRange(all, start, i));
                }
                start = i + 1;
            }
        }
        return found;
    }

    private static void assertSafe(long seq, byte[] line) {
        int tabs = 0;
        for (byte b : line) {
            assertTrue(b == '\t' || (b & 0xff) >= 0x20 && b != 0x7f, "entry " + seq + ": raw control byte " + b);
            if (b == '\t') {
                tabs++;
            }
        }
        assertEquals(11, tabs, "entry " + seq + ": the twelve fields of a version 2 line, so no TAB of the text is raw");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("entry " + seq + " is not valid UTF-8", e);
        }
        // (Strict UTF-8 holds no lone surrogate: those are escaped too.)
        text.chars().forEach(c -> assertTrue(!(c >= 0x80 && c <= 0x9f) && c != 0x2028 && c != 0x2029
                        && !(c >= 0x200b && c <= 0x200f) && !(c >= 0x202a && c <= 0x202e)
                        && !(c >= 0x2060 && c <= 0x2069) && c != 0xfeff,
                () -> "entry " + seq + ": raw U+" + Integer.toHexString(c)));
    }
}
