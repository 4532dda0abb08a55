package org.smartfhir.keycloak.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The theme's colours, read from the stylesheet as the browser gets it: every text colour is legible (WCAG 2.2 AA,
 * 1.4.3: 4.5:1 against where it is shown), and the style document apps receive as {@code smart_style_url} carries the
 * same palette, so an app launched from these pages looks like them.
 */
class ThemePaletteTest {

    private static final Path RESOURCES = Path.of("src/main/resources/theme/smart/login/resources");
    private static final Pattern VARIABLE = Pattern.compile("--(smart-color-[a-z-]+):\\s*(#[0-9a-fA-F]{6})\\s*;");

    @Test
    void everyTextColourReachesFourAndAHalfToOneOnTheSurfaceAndThePage() throws IOException {
        Map<String, String> palette = palette();
        for (String text : List.of("text", "muted", "highlight", "highlight-strong", "error", "success")) {
            for (String ground : List.of("surface", "background")) {
                double ratio = Contrast.ratio(palette.get("smart-color-" + text), palette.get("smart-color-" + ground));
                assertTrue(ratio >= 4.5, text + " on " + ground + " is " + String.format("%.2f", ratio) + ":1");
            }
        }
    }

    @Test
    void buttonTextOnTheHighlightIsLegibleToo() throws IOException {
        Map<String, String> palette = palette();
        assertTrue(Contrast.ratio("#ffffff", palette.get("smart-color-highlight")) >= 4.5);
        assertTrue(Contrast.ratio("#ffffff", palette.get("smart-color-highlight-strong")) >= 4.5);
    }

    @Test
    void theStyleDocumentForAppsUsesThePagesPalette() throws IOException {
        Map<String, String> palette = palette();
        JsonNode style = new ObjectMapper().readTree(RESOURCES.resolve("smart-style.json").toFile());
        assertEquals(palette.get("smart-color-background"), style.get("color_background").asText());
        assertEquals(palette.get("smart-color-text"), style.get("color_text").asText());
        assertEquals(palette.get("smart-color-highlight"), style.get("color_highlight").asText());
        assertEquals(palette.get("smart-color-error"), style.get("color_error").asText());
        assertEquals(palette.get("smart-color-success"), style.get("color_success").asText());
        for (String key : List.of("color_background", "color_error", "color_highlight", "color_modal_backdrop",
                "color_success", "color_text", "dim_border_radius", "dim_font_size", "dim_spacing_size",
                "font_family_body", "font_family_heading")) {
            assertTrue(style.hasNonNull(key) && !style.get(key).asText().isBlank(), "smart-style.json lacks " + key);
        }
    }

    @Test
    void contrastMatchesTheWcagReferenceValues() {
        assertEquals(21.0, Contrast.ratio("#000000", "#ffffff"), 0.01);
        assertEquals(4.54, Contrast.ratio("#767676", "#ffffff"), 0.01);
        assertEquals(1.0, Contrast.ratio("#0b5cad", "#0b5cad"), 0.001);
    }

    private static Map<String, String> palette() throws IOException {
        Map<String, String> palette = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(Files.readString(RESOURCES.resolve("css/smart.css")));
        while (m.find()) {
            palette.put(m.group(1), m.group(2).toLowerCase());
        }
        assertTrue(palette.size() >= 8, "palette read from smart.css: " + palette);
        return palette;
    }

    /** WCAG 2.x contrast ratio of two sRGB colours given as #rrggbb. */
    static final class Contrast {

        static double ratio(String a, String b) {
            double la = luminance(a);
            double lb = luminance(b);
            return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
        }

        private static double luminance(String hex) {
            int rgb = Integer.parseInt(hex.substring(1), 16);
            return 0.2126 * channel(rgb >> 16 & 0xff) + 0.7152 * channel(rgb >> 8 & 0xff) + 0.0722 * channel(rgb & 0xff);
        }

        private static double channel(int value) {
            double c = value / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
    }
}
