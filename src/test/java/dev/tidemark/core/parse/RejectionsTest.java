package dev.tidemark.core.parse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Abbreviating keys, drift names and details for quarantine rows and notes. */
class RejectionsTest {

    @Test
    void anAbbreviationNeverEndsInHalfASurrogatePair() {
        // 77 chars kept before "...": the 77th and 78th are the two halves of an emoji.
        String key = "k".repeat(76) + "😀" + "tail".repeat(10);
        String cut = Rejections.abbreviate(key, 80);
        assertThat(cut).isEqualTo("k".repeat(76) + "...");
        assertThat(TextSanitizer.isStorableAsIs(cut)).isTrue();

        String whole = "k".repeat(75) + "😀" + "tail".repeat(10);
        assertThat(Rejections.abbreviate(whole, 80)).isEqualTo("k".repeat(75) + "😀" + "...").hasSize(80);
        assertThat(Rejections.abbreviate("short 😀", 80)).isEqualTo("short 😀");
    }
}
