package dev.activitylog.admin.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class VisibleTextTest {
    @Test
    void plainTextIsShownAsItIs() {
        String s = "refund approved for Zoë, 10 € (Ärger) 日本 😀 \\u202e";
        assertSame(s, VisibleText.of(s));
        assertNull(VisibleText.of(null));
    }

    @Test
    void aRightToLeftOverrideIsShownInsteadOfReorderingTheText() {
        assertEquals("refund approved \\u202e000,01$ txe.exe\\u202c end",
                VisibleText.of("refund approved \u202E000,01$ txe.exe\u202C end"));
        assertEquals("mallory\\u202enimda", VisibleText.of("mallory\u202Enimda"));
    }

    @Test
    void everyBidiControlIsShown() {
        assertEquals("\\u200e\\u200f\\u061c\\u202a\\u202b\\u202d\\u2066\\u2067\\u2068\\u2069",
                VisibleText.of("\u200E\u200F\u061C\u202A\u202B\u202D\u2066\u2067\u2068\u2069"));
    }

    @Test
    void zeroWidthAndOtherInvisibleCharactersAreShown() {
        assertEquals("ad\\u200bmin", VisibleText.of("ad\u200Bmin"));
        assertEquals("\\u200c\\u200d\\u2060\\ufeff\\u00ad", VisibleText.of("\u200C\u200D\u2060\uFEFF\u00AD"));
        assertEquals("a\\u2028b\\u2029c", VisibleText.of("a\u2028b\u2029c"));
        // A tag character (invisible, used to smuggle text) is shown as its surrogate pair.
        assertEquals("x\\udb40\\udc41", VisibleText.of("x" + new String(Character.toChars(0xE0041))));
    }

    @Test
    void controlsAreShownButLineBreaksAndTabsStay() {
        assertEquals("a\\u0000b\\u001bc\\u007fd\\u0085", VisibleText.of("a\u0000b\u001Bc\u007Fd\u0085"));
        assertEquals("line one\nline two\r\n\tindented", VisibleText.of("line one\nline two\r\n\tindented"));
    }

    @Test
    void aLoneSurrogateIsShown() {
        assertEquals("a\\ud800b", VisibleText.of("a\uD800b"));
        assertEquals("\\udc00", VisibleText.of("\uDC00"));
    }
}
