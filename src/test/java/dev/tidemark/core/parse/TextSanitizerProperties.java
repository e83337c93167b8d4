package dev.tidemark.core.parse;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

import java.text.Normalizer;

import static org.assertj.core.api.Assertions.assertThat;

/** Clean text is NFC whichever path it took: the shortcut for text below U+0300 or the normalizer. */
class TextSanitizerProperties {

    /** Latin letters, Latin-1, and the combining marks right above the shortcut's bound (U+0300..U+036F). */
    @Property(tries = 2000)
    void cleanTextIsNfc(@ForAll @StringLength(max = 12) @CharRange(from = 'a', to = 'f') @CharRange(from = 'À', to = 'ÿ')
                        @CharRange(from = '\u02f0', to = '\u036f') String raw) {
        String clean = TextSanitizer.clean(raw);
        if (clean != null) {
            assertThat(Normalizer.isNormalized(clean, Normalizer.Form.NFC)).as("%s", clean).isTrue();
        }
    }
}
