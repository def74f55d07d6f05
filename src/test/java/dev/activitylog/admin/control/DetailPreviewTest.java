package dev.activitylog.admin.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DetailPreviewTest {

    @Test
    void aShortDetailIsShownWhole() {
        assertEquals("customer asked by phone", DetailPreview.of("customer asked by phone"));
        assertEquals("", DetailPreview.of(""));
        assertNull(DetailPreview.of(null));
        String exactly = "x".repeat(DetailPreview.LENGTH);
        assertEquals(exactly, DetailPreview.of(exactly));
    }

    @Test
    void aLongDetailIsCutWithAnEllipsis() {
        String detail = "a".repeat(DetailPreview.LENGTH) + "the rest";
        assertEquals("a".repeat(DetailPreview.LENGTH) + "…", DetailPreview.of(detail));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsNeverSplit() {
        String smile = "\uD83D\uDE00";
        String detail = smile.repeat(DetailPreview.LENGTH + 1);
        String preview = DetailPreview.of(detail);
        assertEquals(smile.repeat(DetailPreview.LENGTH) + "…", preview);
        assertEquals(DetailPreview.LENGTH + 1, preview.codePointCount(0, preview.length()), "160 characters and the ellipsis");
    }

    @Test
    void aDetailOfAtMostTheLengthInCharactersIsShownWholeHoweverManyCharsItTakes() {
        String smiles = "\uD83D\uDE00".repeat(DetailPreview.LENGTH);  // 160 characters, 320 UTF-16 chars
        assertEquals(smiles, DetailPreview.of(smiles), "nothing is cut, so no ellipsis");
        String hundred = "\uD83D\uDE00".repeat(100);
        assertEquals(hundred, DetailPreview.of(hundred));
    }
}
